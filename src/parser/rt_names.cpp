#include "parser/rt_names.hpp"

#include <cstdlib>
#include <cstring>
#include <span>
#include <string>

namespace vigil::parser::rt_names {

namespace {

struct Name {
    std::string_view name;
    unsigned value;
};

constexpr Name table_defaults[] = {{"default", 253}, {"main", 254}, {"local", 255}};
constexpr Name proto_defaults[] = {{"none", 0},  {"redirect", 1}, {"kernel", 2}, {"boot", 3},     {"static", 4},
                                   {"gated", 8}, {"ra", 9},       {"mrt", 10},   {"zebra", 11},   {"bird", 12},
                                   {"babel", 42}, {"dnrouted", 13}, {"xorp", 14}, {"ntk", 15},    {"dhcp", 16}};
constexpr Name scope_defaults[] = {{"global", 0}, {"nowhere", 255}, {"host", 254}, {"link", 253}, {"site", 200}};
constexpr Name rtn_types[] = {{"local", 2},       {"nat", 10},    {"broadcast", 3}, {"brd", 3},
                              {"anycast", 4},     {"multicast", 5}, {"prohibit", 8}, {"unreachable", 7},
                              {"blackhole", 6},   {"xresolve", 11}, {"unicast", 1},  {"throw", 9}};

// find_entry(): a number (any base strtoul accepts) up to `max`, else FILE's names, else
// the defaults.
std::optional<unsigned long> find(const SystemCatalog& system, std::string_view text, std::string_view file,
                                  std::span<const Name> defaults, unsigned long max) {
    const std::string name{text};
    char* end = nullptr;
    const unsigned long value = std::strtoul(name.c_str(), &end, 0);
    if (end != name.c_str() && *end == '\0') {
        const unsigned id = static_cast<unsigned>(value);
        return id <= max ? std::optional<unsigned long>{id} : std::nullopt;
    }
    if (const auto v = system.iproute2_name(file, text); v && *v <= max) {
        return v;
    }
    for (const auto& d : defaults) {
        if (d.name == text) {
            return d.value;
        }
    }
    return std::nullopt;
}

template <typename T>
std::optional<T> narrow(std::optional<unsigned long> v) {
    return v ? std::optional<T>{static_cast<T>(*v)} : std::nullopt;
}

} // namespace

std::optional<std::uint32_t> table(const SystemCatalog& system, std::string_view name) {
    return narrow<std::uint32_t>(find(system, name, "rt_tables", table_defaults, 0xffffffffUL));
}

std::optional<std::uint8_t> dsfield(const SystemCatalog& system, std::string_view name) {
    return narrow<std::uint8_t>(find(system, name, "rt_dsfield", {}, 255));
}

std::optional<std::uint8_t> protocol(const SystemCatalog& system, std::string_view name) {
    return narrow<std::uint8_t>(find(system, name, "rt_protos", proto_defaults, 255));
}

std::optional<std::uint8_t> scope(const SystemCatalog& system, std::string_view name) {
    return narrow<std::uint8_t>(find(system, name, "rt_scopes", scope_defaults, 255));
}

std::optional<std::uint32_t> realm(const SystemCatalog& system, std::string_view name) {
    return narrow<std::uint32_t>(find(system, name, "rt_realms", {}, 255));
}

std::optional<std::uint32_t> group(const SystemCatalog& system, std::string_view name) {
    return narrow<std::uint32_t>(find(system, name, "group", {}, 0x7fffffffUL));
}

std::optional<std::uint32_t> realms(const SystemCatalog& system, std::string_view text) {
    const auto slash = text.find('/');
    const auto from = realm(system, text.substr(0, slash));
    if (!from) {
        return std::nullopt;
    }
    if (slash == std::string_view::npos) {
        return from;
    }
    const auto to = realm(system, text.substr(slash + 1));
    if (!to) {
        return std::nullopt;
    }
    return (*from << 16) | *to;
}

std::optional<std::uint8_t> route_type(std::string_view name) {
    for (const auto& t : rtn_types) {
        if (t.name == name) {
            return static_cast<std::uint8_t>(t.value);
        }
    }
    const std::string text{name};
    char* end = nullptr;
    const unsigned long value = std::strtoul(text.c_str(), &end, 0);
    if (*end != '\0' || value > 255 || (!text.empty() && text[0] == '-')) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(value);
}

std::optional<int> ip_protocol(const SystemCatalog& system, std::string_view text) {
    const std::string buf{text.substr(std::min(text.find_first_not_of(" \t\f\n\r\v"), text.size()))};
    if (buf.empty() || buf[0] == '-') {
        return std::nullopt;
    }
    char* end = nullptr;
    const unsigned long value = std::strtoul(buf.c_str(), &end, 10);
    if (value > 127) {
        return std::nullopt;
    }
    if (*end == '\0') {
        return static_cast<int>(value);
    }
    const auto p = system.ip_protocol(buf);
    if (p && *p >= 0 && *p <= 255) {
        return p;
    }
    return std::nullopt;
}

} // namespace vigil::parser::rt_names
