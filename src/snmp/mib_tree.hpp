#pragma once
// A MIB view: scalars and conceptual tables answering Get, GetNext and GetBulk (RFC 3416
// sections 4.2.1-4.2.3, as AgentX hands them over in RFC 2741 section 7.2.3), and the
// validation of a Set (RFC 2741 section 7.2.4.1, TestSet) for the few objects that have a
// writer.
//
// Contract
//  - Objects are added once (any order) and must not overlap: no object's root is a prefix
//    of another's. Lookups are then pure and never throw except std::bad_alloc.
//  - A table cell for which the cell function returns nullopt does not exist: Get answers
//    noSuchInstance and GetNext skips it (keepalived skips unset columns the same way).
//  - test_set() only validates: it returns the error, or the change to make once the master
//    commits (the closure must not refer to the tree or its snapshot, which a rebuild
//    replaces). Objects without a writer, and rows that do not exist, are notWritable (as
//    keepalived's net-snmp answers).
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

// The SNMP error-status values a Set can end with (RFC 3416 section 3), numbered as on the
// wire: AgentX carries them in res.error (RFC 2741 section 6.2.16).
enum class SetError : std::uint16_t {
    no_error = 0,
    no_such_name = 2,
    no_access = 6,
    wrong_type = 7,
    wrong_length = 8,
    wrong_value = 10,
    not_writable = 17,
};

// TestSet's verdict on one varbind: an error, or (no_error) the change to make on commit.
struct SetCheck {
    SetError error = SetError::not_writable;
    std::function<void()> commit;

    static SetCheck refuse(SetError error) { return {error, {}}; }
    static SetCheck accept(std::function<void()> commit) { return {SetError::no_error, std::move(commit)}; }
};

class MibObject {
public:
    virtual ~MibObject() = default;
    // Every instance of this object lies strictly below root().
    virtual const Oid& root() const noexcept = 0;
    // The value of root.suffix, or an exception value (noSuchObject, noSuchInstance).
    virtual Value get(std::span<const std::uint32_t> suffix) const = 0;
    // The first instance root.S with S > `after` in SNMP order (empty: the first of all).
    virtual std::optional<VarBind> next(std::span<const std::uint32_t> after) const = 0;
    // RFC 2741 section 7.2.4.1 for root.suffix: read-only unless the object says otherwise.
    virtual SetCheck test_set(std::span<const std::uint32_t> /*suffix*/, const Value& /*value*/) const {
        return SetCheck::refuse(SetError::not_writable);
    }
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
    // Validates a Set of `column` in row number `row` (an existing row of a listed column).
    using Writer = std::function<SetCheck(std::size_t row, std::uint32_t column, const Value& value)>;

    Table(Oid entry, std::vector<std::uint32_t> columns, Cell cell);
    // Adds a row with the given index sub-identifiers; rows may come in any order. Returns
    // the row number passed to the cell function.
    std::size_t add_row(Oid index);
    // Makes the table writable where `writer` says so (it refuses the other columns).
    void set_writer(Writer writer) { writer_ = std::move(writer); }

    const Oid& root() const noexcept override { return entry_; }
    Value get(std::span<const std::uint32_t> suffix) const override;
    std::optional<VarBind> next(std::span<const std::uint32_t> after) const override;
    SetCheck test_set(std::span<const std::uint32_t> suffix, const Value& value) const override;

private:
    struct Row {
        Oid index;
        std::size_t number;
    };
    void sort_rows() const;
    // The row number of entry.column.index, or nullopt (unknown column or row).
    std::optional<std::size_t> find(std::span<const std::uint32_t> suffix) const;

    Oid entry_;
    std::vector<std::uint32_t> columns_; // ascending
    Cell cell_;
    Writer writer_;
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
    // RFC 2741 section 7.2.4.1 for one varbind.
    SetCheck test_set(const VarBind& varbind) const;

private:
    std::vector<std::unique_ptr<MibObject>> objects_; // ascending by root
};

} // namespace vigil::snmp
