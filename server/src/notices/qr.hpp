// QR codes for the notice board (libqrencode, error correction level M) rendered as SVG and PNG.
// Pure functions: no database, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anxin::notices {

// Light modules around the symbol, as the QR standard asks (ISO/IEC 18004: 4 modules).
inline constexpr int kQuietZoneModules = 4;

struct QrMatrix {
    int size = 0;            // modules per side (21 for version 1 … 177 for version 40)
    std::vector<bool> dark;  // row-major, size * size
    bool Dark(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
    int DarkCount() const;
};

// Encodes UTF-8 text in byte mode, smallest version that fits, level M. Throws
// Error(kInvalidArgument) on "text" when it is empty or too long for a QR code.
QrMatrix EncodeQr(std::string_view text);

// An <svg> with viewBox "0 0 W W" (W = size + 2 quiet zones, one unit per module) and no fixed
// width/height, so it scales to its container; a white background rect and the dark modules as
// horizontal runs of <rect>s with shape-rendering="crispEdges".
std::string RenderQrSvg(const QrMatrix& qr);

struct PngOptions {
    int module_pixels = 8;  // 1–64 pixels per module
    int bit_depth = 1;      // 1 (black/white) or 8 (grayscale)
};
// PNG bytes, grayscale, (size + 2 quiet zones) * module_pixels square. Throws Error(kInvalidArgument)
// on "size"/"depth" for options out of range, std::runtime_error when libpng fails.
std::string RenderQrPng(const QrMatrix& qr, const PngOptions& options = {});

}  // namespace anxin::notices
