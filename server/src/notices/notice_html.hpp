// The printable notice board: one A4 HTML page (inline CSS, no external resources) with the title
// 维权信息告示牌, the board items and the QR code as inline SVG. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "notices/notices.hpp"

namespace anxin::notices {

// qr_svg: the output of RenderQrSvg, embedded as is. Every board text is HTML-escaped.
std::string RenderBoardHtml(const NoticeBoard& board, std::string_view qr_svg);

// & < > " ' escaped for text and attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace anxin::notices
