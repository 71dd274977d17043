#include "core/validation.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace anxin::core {
namespace {

namespace json = boost::json;

Error::Fields FieldsOf(const JsonReader& reader) {
    try {
        reader.Finish();
    } catch (const Error& e) {
        EXPECT_TRUE(e.code() == ErrorCode::kInvalidArgument || e.code() == ErrorCode::kUnprocessable);
        return e.fields();
    }
    return {};
}

TEST(JsonReaderTest, ReadsAValidBody) {
    json::value body = json::parse(R"({"name":"济南市住建局","count":3,"amount":123456,"on":"2026-10-08",
        "kind":"housing","active":false,"note":null,"items":[1,2],"nested":{"x":"y"}})");
    JsonReader r(body);
    EXPECT_EQ(r.RequiredString("name"), "济南市住建局");
    EXPECT_EQ(r.RequiredInt("count", 1, 10), 3);
    EXPECT_EQ(r.RequiredFen("amount"), 123456);
    EXPECT_EQ(r.RequiredDate("on"), Date(2026, 10, 8));
    EXPECT_EQ(r.RequiredEnum("kind", {"hrss", "housing"}), "housing");
    EXPECT_FALSE(r.OptionalBool("active", true));
    EXPECT_TRUE(r.OptionalBool("missing", true));
    EXPECT_EQ(r.OptionalString("note"), std::nullopt);  // null reads as absent
    EXPECT_FALSE(r.Has("note"));
    ASSERT_NE(r.OptionalArray("items"), nullptr);
    EXPECT_EQ(r.OptionalArray("items")->size(), 2u);
    ASSERT_NE(r.OptionalObject("nested"), nullptr);
    EXPECT_EQ(r.OptionalInt("absent", 0, 1), std::nullopt);
    EXPECT_NO_THROW(r.Finish());
}

TEST(JsonReaderTest, CollectsEveryFieldErrorAtOnce) {
    json::value body = json::parse(R"({"name":"  ","count":11,"on":"2026-02-29","kind":"police"})");
    JsonReader r(body);
    r.RequiredString("name");
    r.RequiredInt("count", 1, 10);
    r.RequiredDate("on");
    r.RequiredEnum("kind", {"hrss", "housing"});
    r.RequiredString("phone");
    auto fields = FieldsOf(r);
    ASSERT_EQ(fields.size(), 5u);
    EXPECT_EQ(fields["name"], "必填");
    EXPECT_EQ(fields["phone"], "必填");
    EXPECT_NE(fields["count"].find("1 到 10"), std::string::npos) << fields["count"];
    EXPECT_TRUE(fields.contains("on"));
    EXPECT_NE(fields["kind"].find("hrss, housing"), std::string::npos) << fields["kind"];
    try {
        r.Finish();
        FAIL();
    } catch (const Error& e) {
        // The message names every field too (for logs and non-form clients).
        std::string what = e.what();
        for (const char* f : {"name", "count", "on", "kind", "phone"}) EXPECT_NE(what.find(f), std::string::npos) << f;
    }
}

TEST(JsonReaderTest, WrongTypes) {
    json::value body =
        json::parse(R"({"s":5,"i":"5","f":1.5,"fen":"12.00","frac":12.5,"b":"true","d":20261008,"a":{},"o":[]})");
    JsonReader r(body);
    r.RequiredString("s");
    r.RequiredInt("i", 0, 10);
    r.OptionalInt("f", 0, 10);
    r.RequiredFen("fen");
    r.OptionalFen("frac");
    r.OptionalBool("b", false);
    r.OptionalDate("d");
    r.OptionalArray("a");
    r.OptionalObject("o");
    auto fields = FieldsOf(r);
    for (const char* f : {"s", "i", "f", "fen", "frac", "b", "d", "a", "o"}) EXPECT_TRUE(fields.contains(f)) << f;
    EXPECT_EQ(fields["s"], "必须是字符串");
    EXPECT_EQ(fields["i"], "必须是整数");
}

TEST(JsonReaderTest, NegativeMoneyIsRefusedByDefault) {
    json::value body = json::parse(R"({"a":-1,"b":-1})");
    JsonReader r(body);
    r.RequiredFen("a");
    EXPECT_EQ(r.OptionalFen("b", -100), -1);
    auto fields = FieldsOf(r);
    EXPECT_TRUE(fields.contains("a"));
    EXPECT_FALSE(fields.contains("b"));
}

TEST(JsonReaderTest, LengthIsCountedInCharacters) {
    // 100 Chinese characters are 300 bytes: within a 100-character limit.
    std::string hundred;
    for (int i = 0; i < 100; ++i) hundred += "局";
    json::object o;
    o["ok"] = hundred;
    o["long"] = hundred + "局";
    json::value body = o;
    JsonReader r(body);
    EXPECT_EQ(r.RequiredString("ok", 100), hundred);
    EXPECT_EQ(r.OptionalString("long", 100), std::nullopt);
    auto fields = FieldsOf(r);
    EXPECT_FALSE(fields.contains("ok"));
    EXPECT_NE(fields["long"].find("100"), std::string::npos);
    EXPECT_EQ(Utf8Length(hundred), 100u);
    EXPECT_EQ(Utf8Length("a局😀"), 3u);
}

TEST(JsonReaderTest, InvalidUtf8IsRefused) {
    json::object o;
    o["name"] = std::string("ab\xff");
    json::value body = o;
    JsonReader r(body);
    r.RequiredString("name");
    auto fields = FieldsOf(r);
    EXPECT_EQ(fields["name"], "不是有效的 UTF-8 文本");
}

TEST(JsonReaderTest, NotAnObjectAndNested) {
    json::value array = json::parse("[1]");
    JsonReader r(array);
    EXPECT_TRUE(FieldsOf(r).contains("body"));

    json::value body = json::parse(R"({"items":[{"name":"x"},{"name":7}]})");
    JsonReader top(body);
    const auto* items = top.OptionalArray("items");
    ASSERT_NE(items, nullptr);
    for (size_t i = 0; i < items->size(); ++i) {
        JsonReader item = top.Nested((*items)[i], "items[" + std::to_string(i) + "]");
        item.RequiredString("name");
    }
    auto fields = FieldsOf(top);
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_TRUE(fields.contains("items[1].name"));
}

TEST(Utf8Test, Validity) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("plain ascii"));
    EXPECT_TRUE(IsValidUtf8("济南 😀"));
    EXPECT_FALSE(IsValidUtf8("\xff"));
    EXPECT_FALSE(IsValidUtf8("\xe6\xb5"));          // truncated
    EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
    EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
    EXPECT_FALSE(
        IsValidUtf8("a\x80"
                    "b"));  // stray continuation
}

TEST(FieldErrorsTest, FirstReasonWins) {
    FieldErrors errors;
    EXPECT_TRUE(errors.empty());
    EXPECT_NO_THROW(errors.ThrowIfAny());
    errors.Add("name", "first");
    errors.Add("name", "second");
    EXPECT_TRUE(errors.Has("name"));
    EXPECT_EQ(errors.fields().at("name"), "first");
    EXPECT_THROW(errors.ThrowIfAny(), Error);
}

// Issue 11: unknown fields were silently ignored, so a typo in a field name was a no-op.
TEST(JsonReaderTest, UnknownFieldsAreNamedIncludingNestedOnes) {
    json::value body = json::parse(R"({"name":"甲","nmae":"乙","items":[{"x":1,"y":2}],"fence":{"kind":"none","radius":5}})");
    JsonReader r(body);
    r.RequiredString("name");
    const auto* items = r.OptionalArray("items");
    ASSERT_NE(items, nullptr);
    {
        JsonReader item = r.Nested((*items)[0], "items[0]");
        item.RequiredInt("x", 0, 9);
    }
    r.Accept("fence");
    {
        JsonReader fence = r.Nested(body.as_object().at("fence"), "fence");
        fence.RequiredString("kind");
    }
    auto fields = FieldsOf(r);
    EXPECT_EQ(fields.size(), 3u);
    EXPECT_EQ(fields["nmae"], "未知字段");
    EXPECT_EQ(fields["items[0].y"], "未知字段");
    EXPECT_EQ(fields["fence.radius"], "未知字段");
}

TEST(JsonReaderTest, AcceptedFieldsAndRawReadersAreKnown) {
    json::value body = json::parse(R"({"value":5,"extra":1})");
    JsonReader r(body);
    r.Accept("value");
    EXPECT_EQ(FieldsOf(r), (Error::Fields{{"extra", "未知字段"}}));
    EXPECT_THROW(RefuseUnknownFields(body.as_object(), {"value"}, "rows[3]."), Error);
    try {
        RefuseUnknownFields(body.as_object(), {"value"}, "rows[3].");
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnprocessable);  // 422: well-formed, but refused
        EXPECT_EQ(e.fields().at("rows[3].extra"), "未知字段");
    }
}

// Issue 11: NUL and control characters were stored (SQLite) or silently cut (PostgreSQL).
TEST(JsonReaderTest, ControlCharactersAreRefusedLineBreaksOnlyInMultiLineText) {
    json::object o;
    o["nul"] = std::string("ab\0cd", 5);
    o["tab"] = "a\tb";
    o["newline"] = "a\nb";
    o["esc"] = "a\x1b[31mb";
    o["del"] = "a\x7f";
    o["c1"] = "a\xc2\x85" "b";  // U+0085 NEXT LINE
    o["note"] = "第一行\r\n第二行\t备注";
    o["noteNul"] = std::string("x\0", 2);
    json::value body = o;
    JsonReader r(body);
    for (const char* f : {"nul", "tab", "newline", "esc", "del", "c1"}) EXPECT_EQ(r.OptionalString(f), std::nullopt) << f;
    EXPECT_EQ(r.OptionalText("note"), "第一行\r\n第二行\t备注");
    EXPECT_EQ(r.OptionalText("noteNul"), std::nullopt);
    auto fields = FieldsOf(r);
    for (const char* f : {"nul", "tab", "newline", "esc", "del", "c1", "noteNul"}) EXPECT_TRUE(fields.contains(f)) << f;
    EXPECT_FALSE(fields.contains("note"));
    EXPECT_FALSE(HasControlCharacters("中文 ä é"));
}

// Issue 11: no single amount above ¥10 billion.
TEST(JsonReaderTest, MoneyIsBoundedAtTenBillionYuan) {
    json::value body = json::parse(R"({"ok":1000000000000,"over":1000000000001,"max":9223372036854775807,"u":18446744073709551615})");
    JsonReader r(body);
    EXPECT_EQ(r.RequiredFen("ok"), kMaxAmountFen);
    EXPECT_EQ(r.OptionalFen("over"), std::nullopt);
    EXPECT_EQ(r.OptionalFen("max"), std::nullopt);
    EXPECT_EQ(r.OptionalFen("u"), std::nullopt);
    auto fields = FieldsOf(r);
    EXPECT_EQ(fields.size(), 3u);
    EXPECT_NE(fields["over"].find("100 亿元"), std::string::npos);
}

}  // namespace
}  // namespace anxin::core
