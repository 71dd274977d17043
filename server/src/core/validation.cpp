#include "core/validation.hpp"

#include <boost/json.hpp>

namespace anxin::core {

void FieldErrors::Add(std::string field, std::string reason) { fields_.emplace(std::move(field), std::move(reason)); }

void FieldErrors::AddUnprocessable(std::string field, std::string reason) {
    unprocessable_ = true;
    Add(std::move(field), std::move(reason));
}

void FieldErrors::ThrowIfAny(std::string_view message) const {
    if (fields_.empty()) return;
    std::string text(message);
    text += ": ";
    bool first = true;
    for (const auto& [field, reason] : fields_) {
        if (!first) text += "; ";
        text += field + " " + reason;
        first = false;
    }
    throw Error(unprocessable_ ? ErrorCode::kUnprocessable : ErrorCode::kInvalidArgument, std::move(text), fields_);
}

bool IsValidUtf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        size_t extra = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= text.size()) return false;
        for (size_t k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates, beyond U+10FFFF.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += extra + 1;
    }
    return true;
}

bool HasControlCharacters(std::string_view text, bool allow_line_breaks) {
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20) {
            if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
            return true;
        }
        if (c == 0x7F) return true;
        // C1 controls are U+0080–U+009F: C2 80 … C2 9F in UTF-8.
        if (c == 0xC2 && i + 1 < text.size()) {
            auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;
        }
    }
    return false;
}

std::string EscapeForLog(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        } else {
            out += ch;
        }
    }
    return out;
}

std::optional<std::string> TextProblem(std::string_view text, bool allow_line_breaks) {
    if (!IsValidUtf8(text)) return "不是有效的 UTF-8 文本";
    if (HasControlCharacters(text, allow_line_breaks))
        return allow_line_breaks ? "不能包含控制字符（换行和制表符除外）" : "不能包含换行、制表符等控制字符";
    return std::nullopt;
}

size_t Utf8Length(std::string_view text) {
    size_t count = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

JsonReader::JsonReader(const boost::json::value& body, std::string prefix)
    : JsonReader(body, std::move(prefix), nullptr) {}

JsonReader::JsonReader(const boost::json::value& body, std::string prefix, FieldErrors* shared)
    : prefix_(std::move(prefix)), errors_(shared ? shared : &own_errors_) {
    object_ = body.if_object();
    if (!object_) {
        errors_->Add(prefix_.empty() ? "body" : prefix_.substr(0, prefix_.size() - 1), "必须是 JSON 对象");
        return;
    }
    object_index_ = errors_->objects_.size();
    FieldErrors::ReadObject read{{}, prefix_, {}};
    read.keys.reserve(object_->size());
    for (const auto& entry : *object_) read.keys.emplace_back(entry.key());
    errors_->objects_.push_back(std::move(read));
}

void JsonReader::Accept(std::string_view field) const {
    if (object_) errors_->objects_[object_index_].known.emplace(field);
}

void JsonReader::RecordUnknownFields() const {
    for (const auto& read : errors_->objects_) {
        for (const auto& key : read.keys) {
            if (!read.known.contains(key)) errors_->AddUnprocessable(read.prefix + key, "未知字段");
        }
    }
}

void JsonReader::Finish() const {
    RecordUnknownFields();
    errors_->ThrowIfAny();
}

void RefuseUnknownFields(const boost::json::object& object, std::initializer_list<std::string_view> known,
                         std::string_view prefix) {
    FieldErrors errors;
    for (const auto& entry : object) {
        bool is_known = false;
        for (auto k : known) is_known = is_known || k == std::string_view(entry.key());
        if (!is_known) errors.AddUnprocessable(std::string(prefix) + std::string(entry.key()), "未知字段");
    }
    errors.ThrowIfAny();
}

JsonReader JsonReader::Nested(const boost::json::value& value, std::string_view name) {
    return JsonReader(value, prefix_ + std::string(name) + ".", errors_);
}

const boost::json::value* JsonReader::Find(std::string_view field) const {
    if (!object_) return nullptr;
    Accept(field);
    const auto* v = object_->if_contains(field);
    if (v && v->is_null()) return nullptr;  // null means absent
    return v;
}

bool JsonReader::Has(std::string_view field) const { return Find(field) != nullptr; }

void JsonReader::Fail(std::string_view field, std::string reason) { errors_->Add(Name(field), std::move(reason)); }

std::optional<std::string> JsonReader::ReadText(std::string_view field, size_t max_chars, bool multi_line) {
    const auto* v = Find(field);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        Fail(field, "必须是字符串");
        return std::nullopt;
    }
    std::string s(v->as_string());
    if (auto problem = TextProblem(s, multi_line)) {
        errors_->AddUnprocessable(Name(field), *problem);
        return std::nullopt;
    }
    if (Utf8Length(s) > max_chars) {
        Fail(field, "长度不能超过 " + std::to_string(max_chars) + " 个字符");
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> JsonReader::OptionalString(std::string_view field, size_t max_chars) {
    return ReadText(field, max_chars, false);
}

std::optional<std::string> JsonReader::OptionalText(std::string_view field, size_t max_chars) {
    return ReadText(field, max_chars, true);
}

namespace {

// A required text field: absent, or only whitespace, is "必填" (other problems were recorded by the read).
std::string Required(JsonReader& reader, std::string_view field, bool present, std::optional<std::string> value) {
    if (!present || (value && value->find_first_not_of(" \t\r\n") == std::string::npos)) {
        reader.Fail(field, "必填");
        return {};
    }
    return value.value_or("");
}

}  // namespace

std::string JsonReader::RequiredString(std::string_view field, size_t max_chars) {
    bool present = Has(field);
    return Required(*this, field, present, OptionalString(field, max_chars));
}

std::string JsonReader::RequiredText(std::string_view field, size_t max_chars) {
    bool present = Has(field);
    return Required(*this, field, present, OptionalText(field, max_chars));
}

std::optional<std::int64_t> JsonReader::OptionalInt(std::string_view field, std::int64_t min, std::int64_t max) {
    const auto* v = Find(field);
    if (!v) return std::nullopt;
    std::int64_t n = 0;
    if (v->is_int64()) {
        n = v->as_int64();
    } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        n = static_cast<std::int64_t>(v->as_uint64());
    } else {
        Fail(field, "必须是整数");
        return std::nullopt;
    }
    if (n < min || n > max) {
        Fail(field, "必须在 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间");
        return std::nullopt;
    }
    return n;
}

std::int64_t JsonReader::RequiredInt(std::string_view field, std::int64_t min, std::int64_t max) {
    if (!Has(field)) {
        Fail(field, "必填");
        return min;
    }
    return OptionalInt(field, min, max).value_or(min);
}

std::optional<Fen> JsonReader::OptionalFen(std::string_view field, Fen min) {
    const auto* v = Find(field);
    if (!v) return std::nullopt;
    if (!(v->is_int64() || v->is_uint64())) {
        Fail(field, "金额必须是以分为单位的整数");
        return std::nullopt;
    }
    if (v->is_uint64() || v->as_int64() > kMaxAmountFen) {
        errors_->AddUnprocessable(Name(field), "金额不能超过 100 亿元（" + std::to_string(kMaxAmountFen) + " 分）");
        return std::nullopt;
    }
    return OptionalInt(field, min, kMaxAmountFen);
}

Fen JsonReader::RequiredFen(std::string_view field, Fen min) {
    if (!Has(field)) {
        Fail(field, "必填");
        return 0;
    }
    return OptionalFen(field, min).value_or(0);
}

bool JsonReader::OptionalBool(std::string_view field, bool fallback) {
    const auto* v = Find(field);
    if (!v) return fallback;
    if (!v->is_bool()) {
        Fail(field, "必须是 true 或 false");
        return fallback;
    }
    return v->as_bool();
}

std::optional<Date> JsonReader::OptionalDate(std::string_view field) {
    const auto* v = Find(field);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        Fail(field, "日期必须是 YYYY-MM-DD 字符串");
        return std::nullopt;
    }
    auto d = Date::Parse(std::string_view(v->as_string()));
    if (!d) Fail(field, "不是有效日期（YYYY-MM-DD）");
    return d;
}

Date JsonReader::RequiredDate(std::string_view field) {
    if (!Has(field)) {
        Fail(field, "必填");
        return {};
    }
    return OptionalDate(field).value_or(Date{});
}

std::optional<std::string> JsonReader::OptionalEnum(std::string_view field,
                                                    std::initializer_list<std::string_view> allowed) {
    auto s = OptionalString(field, 64);
    if (!s) return std::nullopt;
    for (auto a : allowed)
        if (a == *s) return s;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    Fail(field, "取值无效，可选：" + list);
    return std::nullopt;
}

std::string JsonReader::RequiredEnum(std::string_view field, std::initializer_list<std::string_view> allowed) {
    if (!Has(field)) {
        Fail(field, "必填");
        return {};
    }
    return OptionalEnum(field, allowed).value_or("");
}

const boost::json::array* JsonReader::OptionalArray(std::string_view field) {
    const auto* v = Find(field);
    if (!v) return nullptr;
    if (!v->is_array()) Fail(field, "必须是数组");
    return v->if_array();
}

const boost::json::object* JsonReader::OptionalObject(std::string_view field) {
    const auto* v = Find(field);
    if (!v) return nullptr;
    if (!v->is_object()) Fail(field, "必须是对象");
    return v->if_object();
}

}  // namespace anxin::core
