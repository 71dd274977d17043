// One column table per entity: the repository names each column once, with the struct member it
// maps to, and the table generates the SELECT list, the INSERT and the UPDATE and reads rows back —
// so a column cannot be added to one statement and forgotten in another, and no row is read by a
// hand-counted position.
//
//   const storage::Columns<Case> kCases("cases_case", "c", {
//       storage::Key("id", &Case::id),
//       storage::Fixed("number", &Case::number),  // written on insert only
//       storage::Field("state", &Case::state),
//       ...});
//   tx.Query("SELECT " + kCases.SelectList() + " FROM cases_case c WHERE …");  kCases.Read(row)
//   tx.Execute(kCases.InsertSql(), kCases.InsertParams(c));
//   tx.Execute(kCases.UpdateSql(), kCases.UpdateParams(c));
//
// Members map by type: std::string → TEXT, std::int64_t / bool → INTEGER, core::Date → "YYYY-MM-DD"
// text, core::Timestamp → BIGINT milliseconds, and std::optional of each → NULL when empty.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "storage/database.hpp"

namespace anxin::storage {

namespace columns_detail {

template <class V>
V Get(const Row& row, size_t i) {
    if constexpr (std::is_same_v<V, std::string>) return row.Text(i);
    else if constexpr (std::is_same_v<V, std::optional<std::string>>) return row.OptText(i);
    else if constexpr (std::is_same_v<V, bool>) return row.Bool(i);
    else if constexpr (std::is_same_v<V, std::int64_t>) return row.Int(i);
    else if constexpr (std::is_same_v<V, std::optional<std::int64_t>>) return row.OptInt(i);
    else if constexpr (std::is_same_v<V, std::optional<double>>) return row.IsNull(i) ? std::nullopt : std::optional(row.Real(i));
    else if constexpr (std::is_same_v<V, core::Date>) return row.Date(i);
    else if constexpr (std::is_same_v<V, std::optional<core::Date>>) return row.OptDate(i);
    else if constexpr (std::is_same_v<V, core::Timestamp>) return row.Time(i);
    else if constexpr (std::is_same_v<V, std::optional<core::Timestamp>>) return row.OptTime(i);
    else static_assert(!sizeof(V), "no column mapping for this member type");
}

}  // namespace columns_detail

enum class ColumnRole {
    kKey,       // identifies the row: first in INSERT, the WHERE of UPDATE
    kFixed,     // written on insert, never updated (number, created_at, …)
    kField,     // written on insert and update
    kReadOnly,  // selected and read, never written by the table (set by other statements)
    kInsertOnly,  // written on insert from the entity, never selected (updated_at = created_at at birth)
};

template <class T>
struct Column {
    std::string_view name;
    ColumnRole role;
    std::function<Param(const T&)> bind;
    std::function<void(T&, const Row&, size_t)> read;
};

template <class T, class M, class V>
Column<T> MakeColumn(std::string_view name, V M::*member, ColumnRole role) {
    static_assert(std::is_base_of_v<M, T>, "the member belongs to another struct");
    return Column<T>{name, role, [member](const T& entity) { return Param(entity.*member); },
                     [member](T& entity, const Row& row, size_t i) {
                         entity.*member = columns_detail::Get<V>(row, i);
                     }};
}
// The entity type is the member's struct; name it (Field<Project>(…)) when the member is inherited.
template <class T = void, class M, class V>
auto Key(std::string_view name, V M::*member) {
    return MakeColumn<std::conditional_t<std::is_void_v<T>, M, T>>(name, member, ColumnRole::kKey);
}
template <class T = void, class M, class V>
auto Fixed(std::string_view name, V M::*member) {
    return MakeColumn<std::conditional_t<std::is_void_v<T>, M, T>>(name, member, ColumnRole::kFixed);
}
template <class T = void, class M, class V>
auto Field(std::string_view name, V M::*member) {
    return MakeColumn<std::conditional_t<std::is_void_v<T>, M, T>>(name, member, ColumnRole::kField);
}
template <class T = void, class M, class V>
auto ReadOnly(std::string_view name, V M::*member) {
    return MakeColumn<std::conditional_t<std::is_void_v<T>, M, T>>(name, member, ColumnRole::kReadOnly);
}
// A column with its own conversion (JSON text, a value written at insert only: `read` may be null).
template <class T>
Column<T> Custom(std::string_view name, ColumnRole role, std::function<Param(const T&)> bind,
                 std::function<void(T&, const Row&, size_t)> read = nullptr) {
    return Column<T>{name, role, std::move(bind), std::move(read)};
}

template <class T>
class Columns {
  public:
    Columns(std::string_view table, std::string_view alias, std::initializer_list<Column<T>> columns)
        : table_(table), alias_(alias), columns_(columns) {}


    // "c.id, c.number, …" in table order (the alias is the one given at construction).
    std::string SelectList() const {
        std::string out;
        for (const auto& c : columns_) {
            if (c.role == ColumnRole::kInsertOnly) continue;
            if (!out.empty()) out += ", ";
            if (!alias_.empty()) out.append(alias_).append(".");
            out += c.name;
        }
        return out;
    }

    // The row's columns from `offset` on, in SelectList() order.
    T Read(const Row& row, size_t offset = 0) const {
        T entity{};
        size_t i = offset;
        for (const auto& c : columns_)
            if (c.role != ColumnRole::kInsertOnly) c.read(entity, row, i++);
        return entity;
    }

    std::string InsertSql() const {
        std::string names, values;
        size_t n = 0;
        ForWritten([&](const Column<T>& c) {
            names += (n ? ", " : "") + std::string(c.name);
            values += (n ? ", $" : "$");
            values += std::to_string(++n);
        });
        return "INSERT INTO " + std::string(table_) + " (" + names + ") VALUES (" + values + ")";
    }
    std::vector<Param> InsertParams(const T& entity) const {
        std::vector<Param> params;
        ForWritten([&](const Column<T>& c) { params.push_back(c.bind(entity)); });
        return params;
    }

    // "UPDATE table SET a = $2, … WHERE key = $1" over the kField columns.
    std::string UpdateSql() const {
        std::string set, where;
        size_t n = 0;
        for (const auto& c : columns_)
            if (c.role == ColumnRole::kKey) where += (where.empty() ? "" : " AND ") + Assign(c, ++n);
        for (const auto& c : columns_)
            if (c.role == ColumnRole::kField) set += (set.empty() ? "" : ", ") + Assign(c, ++n);
        return "UPDATE " + std::string(table_) + " SET " + set + " WHERE " + where;
    }
    std::vector<Param> UpdateParams(const T& entity) const {
        std::vector<Param> params;
        for (const auto& c : columns_)
            if (c.role == ColumnRole::kKey) params.push_back(c.bind(entity));
        for (const auto& c : columns_)
            if (c.role == ColumnRole::kField) params.push_back(c.bind(entity));
        return params;
    }

  private:
    static std::string Assign(const Column<T>& c, size_t n) { return std::string(c.name) + " = $" + std::to_string(n); }

    // Keys first, then the other written columns in table order.
    template <class F>
    void ForWritten(F&& f) const {
        for (const auto& c : columns_)
            if (c.role == ColumnRole::kKey) f(c);
        for (const auto& c : columns_)
            if (c.role == ColumnRole::kFixed || c.role == ColumnRole::kField || c.role == ColumnRole::kInsertOnly) f(c);
    }

    std::string_view table_;
    std::string_view alias_;
    std::vector<Column<T>> columns_;
};

}  // namespace anxin::storage
