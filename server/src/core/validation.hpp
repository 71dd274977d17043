// Input validation that collects every problem before failing, so a form shows all its errors at
// once. JsonReader reads typed fields from a request body; each getter records "field → reason" on
// failure and returns a harmless default, and Finish() throws one kInvalidArgument listing them all.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace anxin::core {

class FieldErrors {
public:
    void Add(std::string field, std::string reason);
    // A field that is well-formed but refused: an unknown field, control characters, an amount
    // beyond the platform's bound. Any such field makes the whole error 422 instead of 400.
    void AddUnprocessable(std::string field, std::string reason);
    bool Has(const std::string& field) const { return fields_.contains(field); }
    bool empty() const { return fields_.empty(); }
    // Throws Error(kInvalidArgument, or kUnprocessable after AddUnprocessable) with all recorded
    // fields when any were recorded.
    void ThrowIfAny(std::string_view message = "输入有误") const;
    const Error::Fields& fields() const { return fields_; }

private:
    friend class JsonReader;
    // Every JSON object a reader (or its nested readers) was given, with the keys it asked for, so
    // Finish() can name the keys nobody read: a typo in a field name is an error, not a no-op.
    struct ReadObject {
        std::vector<std::string> keys;  // copied: a nested reader's object may be a temporary
        std::string prefix;
        std::set<std::string, std::less<>> known;
    };
    std::vector<ReadObject> objects_;
    Error::Fields fields_;  // first reason per field wins
    bool unprocessable_ = false;
};

// Character count of UTF-8 text (code points), for length limits that mean what users see.
size_t Utf8Length(std::string_view text);
bool IsValidUtf8(std::string_view text);
// True when `text` holds a C0 control character, DEL or a C1 control (U+0080–U+009F). Line feed,
// carriage return and tab are allowed only when `allow_line_breaks` (multi-line fields). NUL in
// particular: PostgreSQL cuts text at it while SQLite keeps it, so it never reaches storage.
bool HasControlCharacters(std::string_view text, bool allow_line_breaks = false);
// `text` with every control character written as \xNN, so a log line is always one line and a
// request cannot forge another (CWE-117). Idempotent, so the log formatter may apply it again.
std::string EscapeForLog(std::string_view text);
// The reason to show for text that is not clean single- or multi-line UTF-8; nullopt when it is.
std::optional<std::string> TextProblem(std::string_view text, bool allow_line_breaks = false);

// Throws kInvalidArgument naming every key of `object` not in `known` ("prefix.key": 未知字段), for
// bodies read without a JsonReader (device and bank feeds).
void RefuseUnknownFields(const boost::json::object& object, std::initializer_list<std::string_view> known,
                         std::string_view prefix = "");

class JsonReader {
public:
    // `prefix` names nested objects in messages ("items[2]."). A body that is not a JSON object is
    // recorded as an error on "body".
    explicit JsonReader(const boost::json::value& body, std::string prefix = "");

    // Single-line text: no control characters at all.
    std::string RequiredString(std::string_view field, size_t max_chars = 200);
    std::optional<std::string> OptionalString(std::string_view field, size_t max_chars = 200);
    // Multi-line text (descriptions, notes, reasons): line breaks and tabs allowed, other controls not.
    std::string RequiredText(std::string_view field, size_t max_chars = 500);
    std::optional<std::string> OptionalText(std::string_view field, size_t max_chars = 500);
    std::int64_t RequiredInt(std::string_view field, std::int64_t min, std::int64_t max);
    std::optional<std::int64_t> OptionalInt(std::string_view field, std::int64_t min, std::int64_t max);
    // Money in fen: a JSON integer ≥ min (default 0). Fractions and strings are refused.
    Fen RequiredFen(std::string_view field, Fen min = 0);
    std::optional<Fen> OptionalFen(std::string_view field, Fen min = 0);
    bool OptionalBool(std::string_view field, bool fallback);
    Date RequiredDate(std::string_view field);
    std::optional<Date> OptionalDate(std::string_view field);
    // One of `allowed`; the error lists them.
    std::string RequiredEnum(std::string_view field, std::initializer_list<std::string_view> allowed);
    std::optional<std::string> OptionalEnum(std::string_view field, std::initializer_list<std::string_view> allowed);
    const boost::json::array* OptionalArray(std::string_view field);
    const boost::json::object* OptionalObject(std::string_view field);

    bool Has(std::string_view field) const;
    // Marks a field as read by code that looks at the raw object itself.
    void Accept(std::string_view field) const;
    void Fail(std::string_view field, std::string reason);
    FieldErrors& errors() { return *errors_; }
    // Records every field of this reader's objects (and its nested readers') that nothing asked
    // for as "未知字段", then throws one kInvalidArgument listing every problem, if any.
    void Finish() const;
    // The unknown-field check of Finish() without throwing, for readers that report per record.
    void RecordUnknownFields() const;

    // A reader for a nested object sharing this reader's error list: Nested(v, "items[2]").
    JsonReader Nested(const boost::json::value& value, std::string_view name);

private:
    JsonReader(const boost::json::value& body, std::string prefix, FieldErrors* shared);
    const boost::json::value* Find(std::string_view field) const;
    std::string Name(std::string_view field) const { return prefix_ + std::string(field); }
    std::optional<std::string> ReadText(std::string_view field, size_t max_chars, bool multi_line);

    const boost::json::object* object_ = nullptr;
    std::size_t object_index_ = 0;  // into errors_->objects_ when object_ is set
    std::string prefix_;
    FieldErrors own_errors_;
    FieldErrors* errors_;
};

}  // namespace anxin::core
