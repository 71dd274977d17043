#include "notices/notice_html.hpp"

namespace anxin::notices {

std::string EscapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string RenderBoardHtml(const NoticeBoard& board, std::string_view qr_svg) {
    std::string html = R"(<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>维权信息告示牌 - )" +
                       EscapeHtml(board.project_name) + R"(</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Han Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #000; background: #fff; }
.sheet { width: 186mm; min-height: 270mm; margin: 0 auto; padding: 8mm; border: 1.5mm solid #c00; }
h1 { margin: 0 0 4mm; text-align: center; font-size: 30pt; letter-spacing: 6pt; color: #c00; }
.project { text-align: center; font-size: 14pt; margin: 0 0 6mm; }
table { width: 100%; border-collapse: collapse; font-size: 12.5pt; }
th, td { border: 0.3mm solid #000; padding: 2.2mm 3mm; vertical-align: top; text-align: left; }
th { width: 46mm; background: #f2f2f2; font-weight: bold; }
td.absent { color: #888; }
.footer { display: flex; align-items: center; gap: 8mm; margin-top: 6mm; }
.qr { width: 42mm; height: 42mm; flex: none; }
.qr svg { width: 100%; height: 100%; display: block; }
.hint { font-size: 12pt; line-height: 1.6; }
@media print { .sheet { margin: 0; } th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
</style>
</head>
<body>
<div class="sheet">
<h1>维权信息告示牌</h1>
<p class="project">)" + EscapeHtml(board.project_name);
    if (!board.address.empty()) html += "<br>" + EscapeHtml(board.address);
    html += "</p>\n<table>\n";
    for (const auto& item : board.items) {
        html += "<tr><th>" + EscapeHtml(item.label) + "</th>";
        html += item.present ? "<td>" + EscapeHtml(item.value) + "</td>" : "<td class=\"absent\">（未登记）</td>";
        html += "</tr>\n";
    }
    html += "</table>\n<div class=\"footer\"><div class=\"qr\">";
    html += qr_svg;
    html +=
        "</div><div class=\"hint\">被拖欠工资？请扫码查询工资发放情况或在线投诉。<br>"
        "农民工工资应按月足额支付到本人银行卡，任何人不得扣押工资卡。</div></div>\n</div>\n</body>\n</html>\n";
    return html;
}

}  // namespace anxin::notices
