#include "notices/qr.hpp"

#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <csetjmp>
#include <memory>
#include <stdexcept>

#include "core/error.hpp"

namespace anxin::notices {
namespace {

struct QrCodeDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

void AppendToString(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// libpng reports errors by longjmp; this function holds no objects with destructors between
// setjmp and the calls that may jump, so nothing is skipped. Returns false when libpng failed.
bool WritePng(std::string* out, png_bytep* rows, png_uint_32 side, int bit_depth) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_set_write_fn(png, out, AppendToString, nullptr);
    png_set_IHDR(png, info, side, side, bit_depth, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

}  // namespace

int QrMatrix::DarkCount() const {
    int count = 0;
    for (bool d : dark) count += d ? 1 : 0;
    return count;
}

QrMatrix EncodeQr(std::string_view text) {
    if (text.empty()) ThrowInvalidField("text", "二维码内容不能为空");
    const std::string copy(text);  // QRcode_encodeString needs a NUL-terminated string
    errno = 0;
    std::unique_ptr<QRcode, QrCodeDeleter> code(QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code) {
        if (errno == ERANGE) ThrowInvalidField("text", "内容过长，无法生成二维码");
        throw std::runtime_error("QRcode_encodeString failed");
    }
    QrMatrix qr;
    qr.size = code->width;
    qr.dark.resize(static_cast<size_t>(qr.size) * qr.size);
    for (size_t i = 0; i < qr.dark.size(); ++i) qr.dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark
    return qr;
}

std::string RenderQrSvg(const QrMatrix& qr) {
    const int side = qr.size + 2 * kQuietZoneModules;
    const std::string w = std::to_string(side);
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + w +
                      "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">";
    svg += "<rect width=\"" + w + "\" height=\"" + w + "\" fill=\"#fff\"/><g fill=\"#000\">";
    for (int y = 0; y < qr.size; ++y) {
        for (int x = 0; x < qr.size;) {
            if (!qr.Dark(x, y)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < qr.size && qr.Dark(x + run, y)) ++run;
            svg += "<rect x=\"" + std::to_string(x + kQuietZoneModules) + "\" y=\"" +
                   std::to_string(y + kQuietZoneModules) + "\" width=\"" + std::to_string(run) + "\" height=\"1\"/>";
            x += run;
        }
    }
    svg += "</g></svg>";
    return svg;
}

std::string RenderQrPng(const QrMatrix& qr, const PngOptions& options) {
    if (options.module_pixels < 1 || options.module_pixels > 64) ThrowInvalidField("size", "应在 1 至 64 之间");
    if (options.bit_depth != 1 && options.bit_depth != 8) ThrowInvalidField("depth", "应为 1 或 8");

    const int px = options.module_pixels;
    const auto side = static_cast<size_t>(qr.size + 2 * kQuietZoneModules) * px;
    const size_t row_bytes = options.bit_depth == 8 ? side : (side + 7) / 8;
    // Grayscale: 1 (or 255) is white. Start all white, then paint the dark modules.
    std::vector<png_byte> image(row_bytes * side, 0xFF);
    for (size_t py = 0; py < side; ++py) {
        for (size_t pxl = 0; pxl < side; ++pxl) {
            const int mx = static_cast<int>(pxl / px) - kQuietZoneModules;
            const int my = static_cast<int>(py / px) - kQuietZoneModules;
            if (mx < 0 || my < 0 || mx >= qr.size || my >= qr.size || !qr.Dark(mx, my)) continue;
            if (options.bit_depth == 8) {
                image[py * row_bytes + pxl] = 0;
            } else {
                image[py * row_bytes + pxl / 8] &= static_cast<png_byte>(~(0x80u >> (pxl % 8)));
            }
        }
    }
    std::vector<png_bytep> rows(side);
    for (size_t y = 0; y < side; ++y) rows[y] = image.data() + y * row_bytes;

    std::string out;
    if (!WritePng(&out, rows.data(), static_cast<png_uint_32>(side), options.bit_depth)) {
        throw std::runtime_error("libpng failed to write the QR code");
    }
    return out;
}

}  // namespace anxin::notices
