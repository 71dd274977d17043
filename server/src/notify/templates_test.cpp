#include "notify/templates.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace anxin::notify {
namespace {

namespace json = boost::json;

// Gives every placeholder of a template a harmless value.
json::object SampleParams(std::string_view key) {
    json::object params;
    for (const auto& name : Placeholders(FindTemplate(key).text)) params[name] = "X" + name;
    return params;
}

TEST(TemplatesTest, ClueAcceptedRendersTheAgreedText) {
    auto rendered = RenderTemplate("clue.accepted", {{"trackingCode", "QX7K2M9P"}, {"deadline", "3月3日"}});
    EXPECT_EQ(rendered.body, "您反映的欠薪问题已受理，查询码QX7K2M9P，我们将在3月3日前与您联系。");
}

TEST(TemplatesTest, EveryTemplateRendersWithItsPlaceholders) {
    for (const char* key : {"clue.accepted", "clue.gc_notice", "case.step", "case.closed", "case.assigned",
                            "case.deadline_soon", "case.card", "case.key_clue", "case.leader_assigned", "warning.raised",
                            "warning.escalated", "warning.deadline_soon"}) {
        auto params = SampleParams(key);
        ASSERT_FALSE(params.empty()) << key;
        auto rendered = RenderTemplate(key, params);
        EXPECT_EQ(rendered.body.find('{'), std::string::npos) << key << ": " << rendered.body;
        for (const auto& [name, value] : params) {
            EXPECT_NE(rendered.body.find(std::string(value.as_string())), std::string::npos) << key << " " << name;
        }
    }
    EXPECT_EQ(Templates().size(), 12u);
}

TEST(TemplatesTest, NumbersAreFormatted) {
    auto rendered = RenderTemplate(
        "case.card",
        {{"regionName", "历下区"}, {"caseNumber", "AJ-2026-0001"}, {"projectName", "泉城花园"}, {"overdueDays", 12}});
    EXPECT_NE(rendered.body.find("已逾期12天"), std::string::npos) << rendered.body;
    EXPECT_EQ(rendered.body.rfind("【红牌督办】历下区", 0), 0u) << rendered.body;
}

TEST(TemplatesTest, UnknownTemplateOrMissingParameterIsAProgrammingError) {
    EXPECT_THROW(RenderTemplate("clue.nonexistent", {}), std::logic_error);
    EXPECT_THROW(RenderTemplate("clue.accepted", {{"trackingCode", "QX7K2M9P"}}), std::logic_error);
    EXPECT_THROW(RenderTemplate("clue.accepted", {{"trackingCode", json::array{}}, {"deadline", "3月3日"}}),
                 std::logic_error);
}

TEST(TemplatesTest, ParametersTheTemplateDoesNotUseAreDroppedNotCarried) {
    // A caller passing the whole clue by accident: the complainant's ID number and phone must not
    // reach a handler-bound message, neither in its body nor in the stored parameters.
    json::object params = SampleParams("case.assigned");
    params["idNumber"] = "370102199003071234";
    params["phone"] = "13812345678";
    auto rendered = RenderTemplate("case.assigned", params);
    EXPECT_EQ(rendered.body.find("370102199003071234"), std::string::npos);
    EXPECT_EQ(rendered.body.find("13812345678"), std::string::npos);
    EXPECT_FALSE(rendered.used_params.contains("idNumber"));
    EXPECT_FALSE(rendered.used_params.contains("phone"));
    EXPECT_EQ(rendered.used_params.size(), Placeholders(FindTemplate("case.assigned").text).size());
}

TEST(TemplatesTest, PersonalDataInAReferencedParameterIsRefused) {
    // The ID number slipped into a referenced parameter (e.g. a project name built from a clue).
    for (const char* leaked : {"张三370102199003071234", "37010219900307123X", "联系13812345678"}) {
        json::object params = SampleParams("warning.raised");
        params["projectName"] = leaked;
        EXPECT_THROW(RenderTemplate("warning.raised", params), std::logic_error) << leaked;
    }
    // Ordinary numbers stay allowed: dates, case numbers, amounts.
    json::object params = SampleParams("case.deadline_soon");
    params["caseNumber"] = "（2026）鲁0102劳监字第00012号";
    params["deadline"] = "2026-03-20";
    EXPECT_NO_THROW(RenderTemplate("case.deadline_soon", params));
}

TEST(TemplatesTest, CaseMessagesReadAsAgreed) {
    EXPECT_EQ(RenderTemplate("case.step", {{"trackingCode", "QX7K2M9P3T"},
                                           {"step", "已责令用人单位限期支付"},
                                           {"deadline", "2026-03-20"}})
                  .body,
              "您反映的欠薪问题（查询码QX7K2M9P3T）有新进展：已责令用人单位限期支付。下一步办理期限：2026-03-20。");
    EXPECT_EQ(RenderTemplate("case.deadline_soon", {{"caseNumber", "AX-370102-2026-000001"},
                                                    {"projectName", "泉城花园"},
                                                    {"deadlineLabel", "首次联系期限"},
                                                    {"deadline", "2026-09-30"}})
                  .body,
              "案件AX-370102-2026-000001（泉城花园）的首次联系期限为2026-09-30，即将到期，请及时处理。");
    // The GC headquarters learns the totals, the project and nothing about who complained.
    auto gc = RenderTemplate("clue.gc_notice", {{"projectName", "解放路安置房"},
                                                {"workerCount", 3},
                                                {"amount", "5600.00"},
                                                {"complainantName", "王五"}});
    EXPECT_NE(gc.body.find("涉及3人、5600.00元"), std::string::npos) << gc.body;
    EXPECT_EQ(gc.body.find("王五"), std::string::npos);
    EXPECT_FALSE(gc.used_params.contains("complainantName"));
    EXPECT_EQ(FindTemplate("clue.gc_notice").audience, Audience::kEnterprise);
    EXPECT_EQ(FindTemplate("case.key_clue").audience, Audience::kOfficial);
}

TEST(TemplatesTest, PlaceholdersAreListedOnceInOrder) {
    EXPECT_EQ(Placeholders("{a}x{b}{a}{ }{}"), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace anxin::notify
