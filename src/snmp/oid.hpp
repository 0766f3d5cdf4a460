#pragma once
// Object identifiers (RFC 2578 section 3.5): sequences of sub-identifiers, ordered
// lexicographically as SNMP orders them (a prefix sorts before its extensions), which is the
// order GetNext walks (RFC 3416 section 4.2.2).

#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::snmp {

class Oid {
public:
    Oid() = default;
    Oid(std::initializer_list<std::uint32_t> ids) : ids_(ids) {}
    explicit Oid(std::span<const std::uint32_t> ids) : ids_(ids.begin(), ids.end()) {}

    std::span<const std::uint32_t> ids() const noexcept { return ids_; }
    std::size_t size() const noexcept { return ids_.size(); }
    bool empty() const noexcept { return ids_.empty(); }
    std::uint32_t operator[](std::size_t i) const noexcept { return ids_[i]; }

    Oid& append(std::uint32_t id) {
        ids_.push_back(id);
        return *this;
    }
    Oid& append(std::span<const std::uint32_t> ids) {
        ids_.insert(ids_.end(), ids.begin(), ids.end());
        return *this;
    }
    // A copy with `ids` appended.
    Oid with(std::initializer_list<std::uint32_t> ids) const {
        Oid out = *this;
        out.ids_.insert(out.ids_.end(), ids.begin(), ids.end());
        return out;
    }
    Oid with(std::span<const std::uint32_t> ids) const {
        Oid out = *this;
        out.append(ids);
        return out;
    }

    // Whether this OID lies in the subtree rooted at `prefix` (equal included).
    bool starts_with(const Oid& prefix) const noexcept;
    // The sub-identifiers after `prefix` (which must be a prefix of this OID).
    std::span<const std::uint32_t> suffix_after(const Oid& prefix) const noexcept {
        return ids().subspan(prefix.size());
    }

    // Dotted form with a leading dot, as `snmpwalk -On` prints it: ".1.3.6.1".
    std::string to_string() const;
    // Parses ".1.3.6" or "1.3.6"; nullopt on anything else (empty parts, overflow).
    static std::optional<Oid> parse(std::string_view text);

    friend bool operator==(const Oid&, const Oid&) = default;
    friend std::strong_ordering operator<=>(const Oid& a, const Oid& b) noexcept {
        return a.ids_ <=> b.ids_;
    }

private:
    std::vector<std::uint32_t> ids_;
};

// Three-way comparison of two sub-identifier sequences in SNMP order.
std::strong_ordering compare_ids(std::span<const std::uint32_t> a,
                                 std::span<const std::uint32_t> b) noexcept;

} // namespace vigil::snmp
