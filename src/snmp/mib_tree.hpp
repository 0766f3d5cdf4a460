#pragma once
// A read-only MIB view: scalars and conceptual tables answering Get, GetNext and GetBulk
// (RFC 3416 sections 4.2.1-4.2.3, as AgentX hands them over in RFC 2741 section 7.2.3).
//
// Contract
//  - Objects are added once (any order) and must not overlap: no object's root is a prefix
//    of another's. Lookups are then pure and never throw except std::bad_alloc.
//  - A table cell for which the cell function returns nullopt does not exist: Get answers
//    noSuchInstance and GetNext skips it (keepalived skips unset columns the same way).
//  - Values are computed on demand from whatever the cell functions capture; the view does
//    not copy the data it describes, so it lives no longer than that data.

#include "snmp/oid.hpp"
#include "snmp/value.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace vigil::snmp {

class MibObject {
public:
    virtual ~MibObject() = default;
    // Every instance of this object lies strictly below root().
    virtual const Oid& root() const noexcept = 0;
    // The value of root.suffix, or an exception value (noSuchObject, noSuchInstance).
    virtual Value get(std::span<const std::uint32_t> suffix) const = 0;
    // The first instance root.S with S > `after` in SNMP order (empty: the first of all).
    virtual std::optional<VarBind> next(std::span<const std::uint32_t> after) const = 0;
};

// A scalar: one instance, root.0 (RFC 2578 section 7.7).
class Scalar final : public MibObject {
public:
    using Getter = std::function<std::optional<Value>()>;
    Scalar(Oid root, Getter getter) : root_(std::move(root)), getter_(std::move(getter)) {}
    const Oid& root() const noexcept override { return root_; }
    Value get(std::span<const std::uint32_t> suffix) const override;
    std::optional<VarBind> next(std::span<const std::uint32_t> after) const override;

private:
    Oid root_;
    Getter getter_;
};

// A conceptual table, rooted at its entry OID: instances are entry.column.index.
class Table final : public MibObject {
public:
    // The value of `column` in row number `row` (the position given by add_row), or nullopt
    // when that cell does not exist.
    using Cell = std::function<std::optional<Value>(std::size_t row, std::uint32_t column)>;

    Table(Oid entry, std::vector<std::uint32_t> columns, Cell cell);
    // Adds a row with the given index sub-identifiers; rows may come in any order. Returns
    // the row number passed to the cell function.
    std::size_t add_row(Oid index);

    const Oid& root() const noexcept override { return entry_; }
    Value get(std::span<const std::uint32_t> suffix) const override;
    std::optional<VarBind> next(std::span<const std::uint32_t> after) const override;

private:
    struct Row {
        Oid index;
        std::size_t number;
    };
    void sort_rows() const;

    Oid entry_;
    std::vector<std::uint32_t> columns_; // ascending
    Cell cell_;
    mutable std::vector<Row> rows_;      // ascending by index once sorted
    mutable bool sorted_ = true;
};

class MibTree {
public:
    void add(std::unique_ptr<MibObject> object);

    // RFC 3416 section 4.2.1 for one variable.
    VarBind get(const Oid& name) const;
    // RFC 2741 section 7.2.3.2: the first instance in [start, end) (start itself only when
    // `include`), or endOfMibView named `start`. An empty `end` is unbounded.
    VarBind get_next(const Oid& start, bool include, const Oid& end) const;

private:
    std::vector<std::unique_ptr<MibObject>> objects_; // ascending by root
};

} // namespace vigil::snmp
