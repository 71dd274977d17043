// Input validation that collects every problem before failing, so a form shows all its errors at
// once. JsonReader reads typed fields from a request body; each getter records "field → reason" on
// failure and returns a harmless default, and Finish() throws one kInvalidArgument listing them all.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/time.hpp"

namespace anxin::core {

class FieldErrors {
public:
    void Add(std::string field, std::string reason);
    bool Has(const std::string& field) const { return fields_.contains(field); }
    bool empty() const { return fields_.empty(); }
    // Throws Error(kInvalidArgument) with all recorded fields when any were recorded.
    void ThrowIfAny(std::string_view message = "输入有误") const;
    const Error::Fields& fields() const { return fields_; }

private:
    Error::Fields fields_;  // first reason per field wins
};

// Character count of UTF-8 text (code points), for length limits that mean what users see.
size_t Utf8Length(std::string_view text);
bool IsValidUtf8(std::string_view text);

class JsonReader {
public:
    // `prefix` names nested objects in messages ("items[2]."). A body that is not a JSON object is
    // recorded as an error on "body".
    explicit JsonReader(const boost::json::value& body, std::string prefix = "");

    std::string RequiredString(std::string_view field, size_t max_chars = 200);
    std::optional<std::string> OptionalString(std::string_view field, size_t max_chars = 200);
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
    void Fail(std::string_view field, std::string reason);
    FieldErrors& errors() { return *errors_; }
    void Finish() const { errors_->ThrowIfAny(); }

    // A reader for a nested object sharing this reader's error list: Nested(v, "items[2]").
    JsonReader Nested(const boost::json::value& value, std::string_view name);

private:
    JsonReader(const boost::json::value& body, std::string prefix, FieldErrors* shared);
    const boost::json::value* Find(std::string_view field) const;
    std::string Name(std::string_view field) const { return prefix_ + std::string(field); }

    const boost::json::object* object_ = nullptr;
    std::string prefix_;
    FieldErrors own_errors_;
    FieldErrors* errors_;
};

}  // namespace anxin::core
