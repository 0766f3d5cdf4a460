#pragma once
// Helpers for building Tables over lists of row records (internal to the MIB builders).

#include "snmp/mib_tree.hpp"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace vigil::snmp {

template <class Row>
using RowRefs = std::vector<std::pair<Oid, const Row*>>;

// A table at `entry` whose row n is rows[n] and whose cells are cell(row, column); returns
// it (owned by the tree) so that a builder can give it a writer.
template <class Row, class CellFn>
Table& add_table(MibTree& tree, Oid entry, std::vector<std::uint32_t> columns, RowRefs<Row> rows,
               CellFn cell) {
    std::vector<const Row*> refs;
    refs.reserve(rows.size());
    for (const auto& r : rows) {
        refs.push_back(r.second);
    }
    auto table = std::make_unique<Table>(
        std::move(entry), std::move(columns),
        [refs = std::move(refs), cell](std::size_t n, std::uint32_t column) -> std::optional<Value> {
            return cell(*refs[n], column);
        });
    for (auto& r : rows) {
        table->add_row(std::move(r.first));
    }
    Table& out = *table;
    tree.add(std::move(table));
    return out;
}

// Rows indexed by their 1-based position in `list`.
template <class Row>
RowRefs<Row> by_position(const std::vector<Row>& list) {
    RowRefs<Row> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        out.emplace_back(Oid{static_cast<std::uint32_t>(i + 1)}, &list[i]);
    }
    return out;
}

// Rows of inner lists indexed by (outer position, inner position), both 1-based.
template <class Outer, class Row, class Member>
RowRefs<Row> by_nested_position(const std::vector<Outer>& outer, Member member) {
    RowRefs<Row> out;
    for (std::size_t i = 0; i < outer.size(); ++i) {
        const std::vector<Row>& inner = outer[i].*member;
        for (std::size_t j = 0; j < inner.size(); ++j) {
            out.emplace_back(
                Oid{static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(j + 1)},
                &inner[j]);
        }
    }
    return out;
}

// Columns first..last.
inline std::vector<std::uint32_t> range(std::uint32_t first, std::uint32_t last) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t c = first; c <= last; ++c) {
        out.push_back(c);
    }
    return out;
}

inline std::optional<Value> optional_octets(const std::optional<std::string>& s) {
    if (!s) {
        return std::nullopt;
    }
    return Value::octets(*s);
}

} // namespace vigil::snmp
