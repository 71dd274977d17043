#include "cases/circular.hpp"

#include <map>

#include <boost/json.hpp>

#include "cases/case_repository.hpp"
#include "cases/case_service.hpp"
#include "core/error.hpp"
#include "core/xlsx_writer.hpp"
#include "region/region.hpp"
#include "registry/projects.hpp"

namespace anxin::cases {
namespace {

namespace json = boost::json;

void Count(CircularRow& row, const Case& c, core::Date date, core::Timestamp start, core::Timestamp end) {
    const bool opened_today = c.opened_at >= start && c.opened_at < end;
    const bool closed_today = c.closed_at && *c.closed_at >= start && *c.closed_at < end;
    const bool open_at_end = !c.closed_at || *c.closed_at >= end;
    if (opened_today) {
        ++row.new_cases;
        row.claimed += c.claimed_amount;
    }
    if (closed_today) {
        ++row.closed;
        row.recovered += c.recovered_amount;
    }
    if (open_at_end) {
        if (!c.paused && c.step_deadline_on && date > *c.step_deadline_on) ++row.overdue;
        if (c.card == "yellow") ++row.yellow;
        if (c.card == "red") ++row.red;
    }
}

json::object RowJson(const CircularRow& r) {
    return {{"key", r.key},       {"name", r.name},         {"newCases", r.new_cases}, {"closed", r.closed},
            {"overdue", r.overdue}, {"yellow", r.yellow},   {"red", r.red},            {"claimed", r.claimed},
            {"recovered", r.recovered}};
}

}  // namespace

Circular CaseService::DailyCircular(const core::CallContext& ctx, core::Date date) const {
    Circular out;
    out.date = date;
    out.scope = ctx.principal.region_code;
    out.total.key = "total";
    out.total.name = "合计";
    const auto start = date.StartInShanghai();
    const auto end = date.AddDays(1).StartInShanghai();
    const std::string industry = ctx.principal.role == "industry-officer" ? ctx.principal.industry : "";
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::map<std::string, CircularRow> counties;
    std::map<std::string, CircularRow> industries;
    for (const auto& c : repository::ListCasesForCircular(tx, ctx.principal.region_code, industry, start, end)) {
        Count(out.total, c, date, start, end);
        auto& county = counties[c.county_code];
        county.key = c.county_code;
        Count(county, c, date, start, end);
        const std::string ind = c.industry.value_or("other");
        auto& by_industry = industries[ind];
        by_industry.key = ind;
        by_industry.name = std::string(registry::IndustryLabel(ind));
        Count(by_industry, c, date, start, end);
    }
    for (auto& [code, row] : counties) {
        try {
            row.name = region::RegionService::RequireRegion(tx, code, "countyCode").name;
        } catch (const Error&) {
            row.name = "";  // a code the division table does not know: shown by code only
        }
        out.by_county.push_back(row);
    }
    for (auto& [key, row] : industries) out.by_industry.push_back(row);
    return out;
}

json::value CircularToJson(const Circular& circular) {
    json::array counties;
    for (const auto& r : circular.by_county) counties.push_back(RowJson(r));
    json::array industries;
    for (const auto& r : circular.by_industry) industries.push_back(RowJson(r));
    return json::object{{"date", circular.date.ToString()},
                        {"scope", circular.scope},
                        {"total", RowJson(circular.total)},
                        {"byCounty", std::move(counties)},
                        {"byIndustry", std::move(industries)}};
}

std::string CircularToXlsx(const Circular& circular) {
    core::XlsxWorkbook file;
    lxw_workbook* workbook = file.get();
    lxw_format* money = workbook_add_format(workbook);
    format_set_num_format(money, "0.00");
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    static const char* kHeader[] = {"代码", "名称", "新增", "办结", "逾期", "黄牌", "红牌", "诉求金额(元)", "追回金额(元)"};
    auto write_sheet = [&](const char* name, const std::vector<CircularRow>& rows) {
        lxw_worksheet* sheet = workbook_add_worksheet(workbook, name);
        const std::string title = "欠薪案件日通报 " + circular.date.ToString();
        worksheet_write_string(sheet, 0, 0, title.c_str(), bold);
        for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(sheet, 1, c, kHeader[c], bold);
        lxw_row_t r = 2;
        auto write_row = [&](const CircularRow& row) {
            worksheet_write_string(sheet, r, 0, row.key.c_str(), nullptr);
            worksheet_write_string(sheet, r, 1, row.name.c_str(), nullptr);
            worksheet_write_number(sheet, r, 2, static_cast<double>(row.new_cases), nullptr);
            worksheet_write_number(sheet, r, 3, static_cast<double>(row.closed), nullptr);
            worksheet_write_number(sheet, r, 4, static_cast<double>(row.overdue), nullptr);
            worksheet_write_number(sheet, r, 5, static_cast<double>(row.yellow), nullptr);
            worksheet_write_number(sheet, r, 6, static_cast<double>(row.red), nullptr);
            // Fen → yuan: exact in a double below 2^53 fen.
            worksheet_write_number(sheet, r, 7, static_cast<double>(row.claimed) / 100.0, money);
            worksheet_write_number(sheet, r, 8, static_cast<double>(row.recovered) / 100.0, money);
            ++r;
        };
        for (const auto& row : rows) write_row(row);
        write_row(circular.total);
        worksheet_set_column(sheet, 0, 1, 16, nullptr);
        worksheet_set_column(sheet, 7, 8, 14, nullptr);
    };
    write_sheet("按县区", circular.by_county);
    write_sheet("按行业", circular.by_industry);
    return file.Finish();
}

}  // namespace anxin::cases
