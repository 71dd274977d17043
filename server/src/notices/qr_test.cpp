#include "notices/qr.hpp"

#include <gtest/gtest.h>
#include <png.h>
#include <pugixml.hpp>

#include <string>
#include <vector>

#include "core/error.hpp"

namespace anxin::notices {
namespace {

constexpr std::string_view kUrl = "http://127.0.0.1:8080/h5/p/7QK2M9XB4T1R";

struct DecodedPng {
    int width = 0;
    int height = 0;
    std::vector<png_byte> gray;  // 8-bit, row-major
    png_byte At(int x, int y) const { return gray[static_cast<size_t>(y) * width + x]; }
};

// Decodes with libpng's simplified API; fails the test on a malformed PNG.
DecodedPng DecodePng(const std::string& bytes) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    DecodedPng out;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
        ADD_FAILURE() << "not a PNG: " << image.message;
        return out;
    }
    image.format = PNG_FORMAT_GRAY;
    out.width = static_cast<int>(image.width);
    out.height = static_cast<int>(image.height);
    out.gray.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, out.gray.data(), 0, nullptr)) {
        ADD_FAILURE() << "PNG decode failed: " << image.message;
        out = {};
    }
    return out;
}

// Module (mx, my) of the symbol, sampled at the centre of its pixel square.
bool PngDark(const DecodedPng& png, int mx, int my, int px) {
    int x = (mx + kQuietZoneModules) * px + px / 2;
    int y = (my + kQuietZoneModules) * px + px / 2;
    return png.At(x, y) < 128;
}

// A finder pattern (7×7: dark ring, light ring, dark 3×3 centre) with its top-left at (ox, oy).
template <class DarkAt>
void ExpectFinder(DarkAt dark, int ox, int oy) {
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            EXPECT_EQ(dark(ox + x, oy + y), ring || centre)
                << "finder at " << ox << "," << oy << " module " << x << "," << y;
        }
    }
}

TEST(QrTest, EncodesAtLevelMWithFinderPatterns) {
    QrMatrix qr = EncodeQr(kUrl);
    // 41 bytes at level M need version 3 (29 modules).
    EXPECT_EQ(qr.size, 29);
    ASSERT_EQ(qr.dark.size(), 29u * 29u);
    auto dark = [&](int x, int y) { return qr.Dark(x, y); };
    ExpectFinder(dark, 0, 0);
    ExpectFinder(dark, qr.size - 7, 0);
    ExpectFinder(dark, 0, qr.size - 7);
    EXPECT_GT(qr.DarkCount(), qr.size * qr.size / 4);

    EXPECT_NE(EncodeQr("http://127.0.0.1:8080/h5/p/OTHER").dark, qr.dark);
    EXPECT_EQ(EncodeQr(kUrl).dark, qr.dark);  // deterministic
    EXPECT_THROW(EncodeQr(""), Error);
    EXPECT_THROW(EncodeQr(std::string(3000, 'x')), Error);  // beyond version 40-M in byte mode
}

TEST(QrTest, SvgParsesAndDrawsExactlyTheDarkModules) {
    QrMatrix qr = EncodeQr(kUrl);
    std::string svg = RenderQrSvg(qr);

    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(svg.c_str())) << svg.substr(0, 200);
    pugi::xml_node root = doc.child("svg");
    ASSERT_TRUE(root);
    const int side = qr.size + 2 * kQuietZoneModules;
    EXPECT_EQ(std::string(root.attribute("viewBox").value()),
              "0 0 " + std::to_string(side) + " " + std::to_string(side));
    EXPECT_STREQ(root.attribute("shape-rendering").value(), "crispEdges");
    EXPECT_FALSE(root.attribute("width"));  // scales to its container

    // Repaint the runs onto an empty grid: it must equal the matrix, module for module.
    std::vector<bool> painted(qr.dark.size(), false);
    int dark_modules = 0;
    for (pugi::xml_node rect : root.child("g").children("rect")) {
        int x = rect.attribute("x").as_int() - kQuietZoneModules;
        int y = rect.attribute("y").as_int() - kQuietZoneModules;
        int width = rect.attribute("width").as_int();
        EXPECT_EQ(rect.attribute("height").as_int(), 1);
        ASSERT_GE(x, 0);
        ASSERT_LE(x + width, qr.size);
        ASSERT_GE(y, 0);
        ASSERT_LT(y, qr.size);
        for (int i = 0; i < width; ++i) painted[static_cast<size_t>(y) * qr.size + x + i] = true;
        dark_modules += width;
    }
    EXPECT_EQ(dark_modules, qr.DarkCount());
    EXPECT_EQ(painted, qr.dark);
}

TEST(QrTest, PngDecodesWithQuietZoneAndFinderPatterns) {
    QrMatrix qr = EncodeQr(kUrl);
    for (int depth : {1, 8}) {
        for (int px : {1, 4, 10}) {
            SCOPED_TRACE("depth " + std::to_string(depth) + " px " + std::to_string(px));
            std::string bytes = RenderQrPng(qr, PngOptions{px, depth});
            ASSERT_GT(bytes.size(), 8u);
            EXPECT_EQ(bytes.substr(1, 3), "PNG");
            DecodedPng png = DecodePng(bytes);
            const int side = (qr.size + 2 * kQuietZoneModules) * px;
            ASSERT_EQ(png.width, side);
            ASSERT_EQ(png.height, side);

            // The quiet zone is white all round.
            for (int i = 0; i < side; ++i) {
                for (int q = 0; q < kQuietZoneModules * px; ++q) {
                    ASSERT_EQ(png.At(i, q), 255);
                    ASSERT_EQ(png.At(q, i), 255);
                    ASSERT_EQ(png.At(i, side - 1 - q), 255);
                    ASSERT_EQ(png.At(side - 1 - q, i), 255);
                }
            }
            auto dark = [&](int x, int y) { return PngDark(png, x, y, px); };
            ExpectFinder(dark, 0, 0);
            ExpectFinder(dark, qr.size - 7, 0);
            ExpectFinder(dark, 0, qr.size - 7);
            // And every module agrees with the matrix.
            for (int y = 0; y < qr.size; ++y) {
                for (int x = 0; x < qr.size; ++x) ASSERT_EQ(dark(x, y), qr.Dark(x, y)) << x << "," << y;
            }
        }
    }
    EXPECT_THROW(RenderQrPng(qr, PngOptions{0, 1}), Error);
    EXPECT_THROW(RenderQrPng(qr, PngOptions{8, 4}), Error);
}

}  // namespace
}  // namespace anxin::notices
