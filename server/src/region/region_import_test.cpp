#include "region/region_import.hpp"

#include <chrono>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "region/region.hpp"
#include "region/region_test_support.hpp"
#include "testing/test_database.hpp"

namespace anxin::region {
namespace {

// Data lines of a package CSV file (all but the header; blank lines ignored), counted without the importer.
std::int64_t CountCsvRecords(const std::filesystem::path& file) {
    std::ifstream in(file);
    EXPECT_TRUE(in) << file;
    std::string line;
    std::int64_t n = 0;
    bool header = true;
    while (std::getline(in, line)) {
        if (header) {
            header = false;
            continue;
        }
        if (!line.empty() && line != "\r") ++n;
    }
    return n;
}

std::map<int, std::int64_t> CountStoredByLevel(storage::Database& db) {
    auto tx = db.Begin(storage::TxMode::kRead);
    std::map<int, std::int64_t> counts;
    for (const auto& row : tx.Query("SELECT level, COUNT(*) FROM region_division GROUP BY level")) {
        counts[static_cast<int>(row.Int(0))] = row.Int(1);
    }
    return counts;
}

class RegionImportTest : public ::testing::TestWithParam<std::string> {
  protected:
    anxin::testing::TestDatabase test_db_{GetParam()};
    storage::Database& db() { return test_db_.db(); }
};

TEST_P(RegionImportTest, ImportsThePackageExactlyAndIsIdempotent) {
    const auto dir = test::ChinaDivisionDir();
    const std::int64_t expected[4] = {CountCsvRecords(dir / "provinces.csv"), CountCsvRecords(dir / "cities.csv"),
                                      CountCsvRecords(dir / "areas.csv"), CountCsvRecords(dir / "streets.csv")};
    // The package version pinned in data/package-lock.json.
    EXPECT_EQ(expected[0], 31);
    EXPECT_EQ(expected[1], 342);
    EXPECT_EQ(expected[2], 2978);
    EXPECT_EQ(expected[3], 41352);

    auto started = std::chrono::steady_clock::now();
    ImportSummary first = ImportDivisions(db(), dir);
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "[ INFO     ] first import on " << GetParam() << ": " << first.inserted() << " rows in " << elapsed
              << " s\n";
    for (int level = 0; level < 4; ++level) {
        EXPECT_EQ(first.levels[level].inserted, expected[level]) << "level " << level + 1;
        EXPECT_EQ(first.levels[level].updated, 0);
        EXPECT_EQ(first.levels[level].unchanged, 0);
    }
    auto stored = CountStoredByLevel(db());
    for (int level = 0; level < 4; ++level) EXPECT_EQ(stored[level + 1], expected[level]) << "level " << level + 1;

    started = std::chrono::steady_clock::now();
    ImportSummary second = ImportDivisions(db(), dir);
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "[ INFO     ] second import on " << GetParam() << ": " << elapsed << " s\n";
    for (int level = 0; level < 4; ++level) {
        EXPECT_EQ(second.levels[level].inserted, 0);
        EXPECT_EQ(second.levels[level].updated, 0);
        EXPECT_EQ(second.levels[level].unchanged, expected[level]) << "level " << level + 1;
    }
    EXPECT_EQ(CountStoredByLevel(db()), stored);

    // The real tree: the counties (and development zones) of Jinan, in code order.
    RegionService service(db(), test_db_.clock());
    auto jinan = service.ListChildren("3701");
    std::vector<std::string> codes;
    for (const auto& d : jinan) {
        codes.push_back(d.code);
        EXPECT_EQ(d.level, DivisionLevel::kCounty);
        EXPECT_EQ(d.parent_code, "3701");
    }
    EXPECT_EQ(codes, (std::vector<std::string>{"370102", "370103", "370104", "370105", "370112", "370113", "370114",
                                               "370115", "370116", "370117", "370124", "370126", "370176"}));
    EXPECT_EQ(jinan.front().name, "历下区");
    EXPECT_EQ(service.ListChildren(std::nullopt).size(), 31u);
    EXPECT_EQ(service.Get("1101").name, "市辖区");  // municipalities' cities keep the package's name
    auto town = service.Get("110101001");
    EXPECT_EQ(town.name, "东华门街道");
    EXPECT_EQ(town.level, DivisionLevel::kTown);
    EXPECT_EQ(town.parent_code, "110101");
}

// A production install has no npm tree: the binary carries the same four files.
TEST_P(RegionImportTest, TheBuiltInDivisionsAreThePackagesAndNeedNoFiles) {
    ImportSummary embedded = ImportEmbeddedDivisions(db());
    const auto dir = test::ChinaDivisionDir();
    EXPECT_EQ(embedded.inserted(), CountCsvRecords(dir / "provinces.csv") + CountCsvRecords(dir / "cities.csv") +
                                       CountCsvRecords(dir / "areas.csv") + CountCsvRecords(dir / "streets.csv"));
    ImportSummary from_files = ImportDivisions(db(), dir);  // the package on disk: nothing differs
    EXPECT_EQ(from_files.inserted(), 0);
    EXPECT_EQ(from_files.updated(), 0);
    EXPECT_EQ(from_files.unchanged(), embedded.inserted());
    EXPECT_EQ(RegionService(db(), test_db_.clock()).Get("370102").name, "历下区");
}

TEST_P(RegionImportTest, ReportsChangedRows) {
    test::MiniDivisionFiles files;
    ImportSummary first = ImportDivisions(db(), files.dir());
    EXPECT_EQ(first.inserted(), 9);
    files.Write("areas.csv",
                "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n370102,\"历下区（新）\",3701,37\n"
                "370103,\"市中区\",3701,37\n370104,\"槐荫区\",3701,37\n");
    ImportSummary second = ImportDivisions(db(), files.dir());
    EXPECT_EQ(second.levels[2].inserted, 1);
    EXPECT_EQ(second.levels[2].updated, 1);
    EXPECT_EQ(second.levels[2].unchanged, 2);
    EXPECT_EQ(second.levels[3].unchanged, 2);
    EXPECT_EQ(second.inserted(), 1);
    EXPECT_EQ(second.updated(), 1);
    EXPECT_EQ(second.unchanged(), 8);
    RegionService service(db(), test_db_.clock());
    EXPECT_EQ(service.Get("370102").name, "历下区（新）");
}

void ExpectImportFails(storage::Database& db, const std::filesystem::path& dir, const std::string& file_name) {
    try {
        ImportDivisions(db, dir);
        ADD_FAILURE() << "import succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_NE(std::string(e.what()).find(file_name), std::string::npos) << e.what();
    }
    auto tx = db.Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM region_division").Int(0), 0) << "nothing may be written";
}

TEST_P(RegionImportTest, MissingFileNamesIt) {
    test::MiniDivisionFiles files;
    std::filesystem::remove(files.dir() / "streets.csv");
    ExpectImportFails(db(), files.dir(), "streets.csv");
    ExpectImportFails(db(), files.dir() / "nowhere", "provinces.csv");
}

TEST_P(RegionImportTest, BadHeaderNamesTheFile) {
    test::MiniDivisionFiles files;
    files.Write("cities.csv", "code,label,provinceCode\n1101,\"市辖区\",11\n");
    ExpectImportFails(db(), files.dir(), "cities.csv");
}

TEST_P(RegionImportTest, MalformedRowsNameFileAndLine) {
    test::MiniDivisionFiles files;
    files.Write("areas.csv", "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n37010X,\"历下区\",3701,37\n");
    ExpectImportFails(db(), files.dir(), "areas.csv:3");
    files.Write("areas.csv", "code,name,cityCode,provinceCode\n110101,\"东城区,1101,11\n");
    ExpectImportFails(db(), files.dir(), "areas.csv:2");
    files.Write("areas.csv", "code,name,cityCode,provinceCode\n370102,\"历下区\",1101,11\n");  // parent not a prefix
    ExpectImportFails(db(), files.dir(), "areas.csv:2");
}

TEST_P(RegionImportTest, QuotedFieldsAreUnescaped) {
    test::MiniDivisionFiles files;
    files.Write("provinces.csv", "code,name\r\n11,\"北京市\"\r\n37,\"山东\"\"省\"\", 鲁\"\r\n");
    ImportDivisions(db(), files.dir());
    RegionService service(db(), test_db_.clock());
    EXPECT_EQ(service.Get("37").name, "山东\"省\", 鲁");
    EXPECT_EQ(service.Get("11").name, "北京市");
}

INSTANTIATE_TEST_SUITE_P(Backends, RegionImportTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::region
