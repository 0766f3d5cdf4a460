#include "snmp/oid.hpp"

#include <algorithm>
#include <charconv>

namespace vigil::snmp {

bool Oid::starts_with(const Oid& prefix) const noexcept {
    return prefix.size() <= size() &&
           std::equal(prefix.ids_.begin(), prefix.ids_.end(), ids_.begin());
}

std::string Oid::to_string() const {
    std::string out;
    out.reserve(ids_.size() * 4);
    for (const std::uint32_t id : ids_) {
        out += '.';
        out += std::to_string(id);
    }
    return out;
}

std::optional<Oid> Oid::parse(std::string_view text) {
    if (!text.empty() && text.front() == '.') {
        text.remove_prefix(1);
    }
    Oid out;
    if (text.empty()) {
        return out;
    }
    while (true) {
        const std::size_t dot = text.find('.');
        const std::string_view part = text.substr(0, dot);
        std::uint32_t id = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), id);
        if (part.empty() || error != std::errc{} || end != part.data() + part.size()) {
            return std::nullopt;
        }
        out.append(id);
        if (dot == std::string_view::npos) {
            return out;
        }
        text.remove_prefix(dot + 1);
    }
}

std::strong_ordering compare_ids(std::span<const std::uint32_t> a,
                                 std::span<const std::uint32_t> b) noexcept {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
}

} // namespace vigil::snmp
