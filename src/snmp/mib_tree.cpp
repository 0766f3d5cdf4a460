#include "snmp/mib_tree.hpp"

#include <algorithm>

namespace vigil::snmp {

Value Scalar::get(std::span<const std::uint32_t> suffix) const {
    if (suffix.size() != 1 || suffix[0] != 0) {
        return Value::exception(Syntax::no_such_instance);
    }
    std::optional<Value> v = getter_();
    return v ? std::move(*v) : Value::exception(Syntax::no_such_instance);
}

std::optional<VarBind> Scalar::next(std::span<const std::uint32_t> after) const {
    // The only instance is root.0; only the empty suffix sorts before it.
    if (!after.empty()) {
        return std::nullopt;
    }
    std::optional<Value> v = getter_();
    if (!v) {
        return std::nullopt;
    }
    return VarBind{root_.with({0}), std::move(*v)};
}

Table::Table(Oid entry, std::vector<std::uint32_t> columns, Cell cell)
    : entry_(std::move(entry)), columns_(std::move(columns)), cell_(std::move(cell)) {
    std::sort(columns_.begin(), columns_.end());
}

std::size_t Table::add_row(Oid index) {
    const std::size_t number = rows_.size();
    if (!rows_.empty() && !(rows_.back().index < index)) {
        sorted_ = false;
    }
    rows_.push_back({std::move(index), number});
    return number;
}

void Table::sort_rows() const {
    if (!sorted_) {
        std::stable_sort(rows_.begin(), rows_.end(),
                         [](const Row& a, const Row& b) { return a.index < b.index; });
        sorted_ = true;
    }
}

std::optional<std::size_t> Table::find(std::span<const std::uint32_t> suffix) const {
    sort_rows();
    const auto index = suffix.subspan(1);
    const auto it = std::lower_bound(rows_.begin(), rows_.end(), index, [](const Row& r, auto key) {
        return compare_ids(r.index.ids(), key) < 0;
    });
    if (it == rows_.end() || compare_ids(it->index.ids(), index) != 0) {
        return std::nullopt;
    }
    return it->number;
}

Value Table::get(std::span<const std::uint32_t> suffix) const {
    if (suffix.empty() || !std::binary_search(columns_.begin(), columns_.end(), suffix[0])) {
        return Value::exception(Syntax::no_such_object);
    }
    const std::optional<std::size_t> row = find(suffix);
    if (!row) {
        return Value::exception(Syntax::no_such_instance);
    }
    std::optional<Value> v = cell_(*row, suffix[0]);
    return v ? std::move(*v) : Value::exception(Syntax::no_such_instance);
}

SetCheck Table::test_set(std::span<const std::uint32_t> suffix, const Value& value) const {
    if (!writer_ || suffix.empty() || !std::binary_search(columns_.begin(), columns_.end(), suffix[0])) {
        return SetCheck::refuse(SetError::not_writable);
    }
    const std::optional<std::size_t> row = find(suffix);
    if (!row || !cell_(*row, suffix[0])) {
        return SetCheck::refuse(SetError::not_writable);
    }
    return writer_(*row, suffix[0], value);
}

std::optional<VarBind> Table::next(std::span<const std::uint32_t> after) const {
    sort_rows();
    auto column = columns_.begin();
    auto first_row = rows_.begin();
    if (!after.empty()) {
        column = std::lower_bound(columns_.begin(), columns_.end(), after[0]);
        if (column != columns_.end() && *column == after[0]) {
            // Same column: rows whose index sorts after the rest of `after` (a partial index
            // such as column.1 sorts before column.1.2).
            const auto index = after.subspan(1);
            if (after.size() > 1) {
                first_row = std::upper_bound(rows_.begin(), rows_.end(), index,
                                             [](auto key, const Row& r) {
                                                 return compare_ids(key, r.index.ids()) < 0;
                                             });
            }
        }
    }
    for (; column != columns_.end(); ++column) {
        for (auto row = first_row; row != rows_.end(); ++row) {
            if (std::optional<Value> v = cell_(row->number, *column)) {
                Oid name = entry_.with({*column});
                name.append(row->index.ids());
                return VarBind{std::move(name), std::move(*v)};
            }
        }
        first_row = rows_.begin();
    }
    return std::nullopt;
}

void MibTree::add(std::unique_ptr<MibObject> object) {
    const auto at = std::upper_bound(objects_.begin(), objects_.end(), object->root(),
                                     [](const Oid& root, const std::unique_ptr<MibObject>& o) {
                                         return root < o->root();
                                     });
    objects_.insert(at, std::move(object));
}

VarBind MibTree::get(const Oid& name) const {
    for (const auto& object : objects_) {
        if (name.size() > object->root().size() && name.starts_with(object->root())) {
            return {name, object->get(name.suffix_after(object->root()))};
        }
    }
    return {name, Value::exception(Syntax::no_such_object)};
}

SetCheck MibTree::test_set(const VarBind& varbind) const {
    for (const auto& object : objects_) {
        if (varbind.name.size() > object->root().size() && varbind.name.starts_with(object->root())) {
            return object->test_set(varbind.name.suffix_after(object->root()), varbind.value);
        }
    }
    return SetCheck::refuse(SetError::not_writable);
}

VarBind MibTree::get_next(const Oid& start, bool include, const Oid& end) const {
    if (include) {
        VarBind exact = get(start);
        if (!is_exception(exact.value.syntax)) {
            return exact;
        }
    }
    for (const auto& object : objects_) {
        const Oid& root = object->root();
        std::optional<VarBind> found;
        if (start.starts_with(root)) {
            found = object->next(start.suffix_after(root));
        } else if (start < root) {
            found = object->next({});
        } else {
            continue; // the whole object sorts before `start`
        }
        if (found) {
            if (!end.empty() && !(found->name < end)) {
                break;
            }
            return std::move(*found);
        }
    }
    return {start, Value::exception(Syntax::end_of_mib_view)};
}

} // namespace vigil::snmp
