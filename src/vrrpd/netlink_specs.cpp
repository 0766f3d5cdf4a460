#include "vrrpd/netlink_specs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace vigil::vrrpd {
namespace {

std::optional<std::uint32_t> number(std::string_view text) {
    std::uint32_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint32_t> table_id(const std::optional<std::string>& table) {
    if (!table) {
        return std::nullopt;
    }
    if (*table == "main") {
        return 254;
    }
    if (*table == "local") {
        return 255;
    }
    if (*table == "default") {
        return 253;
    }
    return number(*table);
}

std::optional<std::uint8_t> scope_of(std::string_view s) {
    if (s == "global" || s == "universe") {
        return 0;
    }
    if (s == "site") {
        return 200;
    }
    if (s == "link") {
        return 253;
    }
    if (s == "host") {
        return 254;
    }
    if (s == "nowhere") {
        return 255;
    }
    if (auto n = number(s); n && *n <= 255) {
        return static_cast<std::uint8_t>(*n);
    }
    return std::nullopt;
}

const char* scope_name(std::uint8_t scope) {
    switch (scope) {
    case 0:
        return "global";
    case 200:
        return "site";
    case 253:
        return "link";
    case 254:
        return "host";
    case 255:
        return "nowhere";
    default:
        return nullptr;
    }
}

// The word after `key` in the token list.
std::optional<std::string_view> after(const std::vector<std::string>& tokens, std::string_view key) {
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i] == key) {
            return tokens[i + 1];
        }
    }
    return std::nullopt;
}

// strtoul with base 0 (0x.. hex as `ip rule` accepts); 0 when malformed. Never throws.
std::uint32_t any_base(std::string_view text) noexcept {
    char buf[32] = {};
    const std::size_t n = std::min(text.size(), sizeof(buf) - 1);
    for (std::size_t i = 0; i < n; ++i) {
        buf[i] = text[i];
    }
    return static_cast<std::uint32_t>(std::strtoul(buf, nullptr, 0));
}

bool has(const std::vector<std::string>& tokens, std::string_view word) {
    for (const std::string& t : tokens) {
        if (t == word) {
            return true;
        }
    }
    return false;
}

} // namespace

std::optional<netlink::AddressSpec> address_spec(const vrrp::VirtualAddress& address,
                                                 const AddressOptions& options,
                                                 const netlink::InterfaceCatalog& catalog) {
    const netlink::Interface* itf = catalog.find(address.interface);
    if (itf == nullptr) {
        return std::nullopt;
    }
    netlink::AddressSpec spec;
    spec.ifindex = itf->index;
    spec.address = address.address;
    spec.prefix = address.prefix_length;
    spec.scope = options.scope;
    spec.broadcast = options.broadcast;
    spec.peer = options.peer;
    spec.peer_prefix = options.peer_prefix;
    spec.label = options.label;
    spec.flags = options.flags;
    netlink::apply_vip_defaults(spec, options.dad ? netlink::Dad::enabled : netlink::Dad::disabled,
                                options.preferred_lft);
    return spec;
}

std::optional<netlink::RouteSpec> route_spec(const config::Route& route,
                                             const netlink::InterfaceCatalog& catalog) {
    netlink::RouteSpec spec;
    if (route.destination_) {
        spec.destination = route.destination_->address_;
        spec.prefix = static_cast<std::uint8_t>(route.destination_->prefix_);
        spec.family = spec.destination->family();
    } else if (route.family_) {
        spec.family = *route.family_ == net::Family::ipv6 ? net::Family::ipv6 : net::Family::ipv4;
    } else if (route.via_) {
        spec.family = route.via_->family() == net::Family::ipv6 ? net::Family::ipv6 : net::Family::ipv4;
    }
    if (route.via_) {
        spec.gateway = *route.via_;
    }
    if (route.src_) {
        spec.preferred_source = *route.src_;
    }
    if (route.dev_) {
        const netlink::Interface* itf = catalog.find(*route.dev_);
        if (itf == nullptr) {
            return std::nullopt;
        }
        spec.ifindex = itf->index;
    }
    if (auto t = table_id(route.table_)) {
        spec.table = *t;
    }
    spec.metric = route.metric_;
    if (route.type_) {
        static constexpr std::pair<std::string_view, netlink::RouteType> types[] = {
            {"unicast", netlink::RouteType::unicast},     {"local", netlink::RouteType::local},
            {"broadcast", netlink::RouteType::broadcast}, {"anycast", netlink::RouteType::anycast},
            {"multicast", netlink::RouteType::multicast}, {"blackhole", netlink::RouteType::blackhole},
            {"unreachable", netlink::RouteType::unreachable}, {"prohibit", netlink::RouteType::prohibit},
            {"throw", netlink::RouteType::throw_},        {"nat", netlink::RouteType::nat}};
        for (auto [name, type] : types) {
            if (*route.type_ == name) {
                spec.type = type;
            }
        }
    }
    if (auto s = after(route.tokens_, "scope")) {
        spec.scope = scope_of(*s);
    }
    if (auto p = after(route.tokens_, "proto")) {
        if (auto n = number(*p); n && *n <= 255) {
            spec.protocol = static_cast<std::uint8_t>(*n);
        } else if (*p == "kernel") {
            spec.protocol = 2;
        } else if (*p == "boot") {
            spec.protocol = 3;
        } else if (*p == "static") {
            spec.protocol = 4;
        }
    }
    if (has(route.tokens_, "onlink")) {
        spec.nexthop_flags |= netlink::nexthop_flag_onlink;
    }
    return spec;
}

std::optional<netlink::RuleSpec> rule_spec(const config::Rule& rule) {
    netlink::RuleSpec spec;
    if (rule.from_) {
        spec.from = rule.from_->address_;
        spec.from_prefix = static_cast<std::uint8_t>(rule.from_->prefix_);
        spec.family = spec.from->family();
    }
    if (rule.to_) {
        spec.to = rule.to_->address_;
        spec.to_prefix = static_cast<std::uint8_t>(rule.to_->prefix_);
        spec.family = spec.to->family();
    }
    if (rule.family_) {
        spec.family = *rule.family_ == net::Family::ipv6 ? net::Family::ipv6 : net::Family::ipv4;
    }
    spec.iif = rule.iif_.value_or("");
    spec.oif = rule.oif_.value_or("");
    if (auto t = table_id(rule.table_)) {
        spec.table = *t;
    }
    spec.priority = rule.preference_;
    if (auto m = after(rule.tokens_, "fwmark")) {
        const std::size_t slash = m->find('/');
        spec.fwmark = any_base(m->substr(0, slash));
        if (slash != std::string_view::npos) {
            spec.fwmask = any_base(m->substr(slash + 1));
        }
    }
    if (auto t = after(rule.tokens_, "tos")) {
        spec.tos = static_cast<std::uint8_t>(any_base(*t));
    }
    if (has(rule.tokens_, "blackhole")) {
        spec.action = netlink::RuleAction::blackhole;
    } else if (has(rule.tokens_, "unreachable")) {
        spec.action = netlink::RuleAction::unreachable;
    } else if (has(rule.tokens_, "prohibit")) {
        spec.action = netlink::RuleAction::prohibit;
    } else if (auto g = after(rule.tokens_, "goto")) {
        spec.action = netlink::RuleAction::goto_rule;
        spec.goto_target = number(*g);
    } else if (has(rule.tokens_, "no_action") || has(rule.tokens_, "nop")) {
        spec.action = netlink::RuleAction::nop;
    }
    return spec;
}

std::string address_text(const vrrp::VirtualAddress& address, const AddressOptions& options) {
    std::string text = fmt::format("{}/{} dev {}", address.address, address.prefix_length, address.interface);
    if (const char* s = scope_name(options.scope)) {
        text += fmt::format(" scope {}", s);
    } else {
        text += fmt::format(" scope {}", options.scope);
    }
    if (options.broadcast) {
        text += fmt::format(" brd {}", *options.broadcast);
    }
    if (!options.label.empty()) {
        text += " label " + options.label;
    }
    return text;
}

} // namespace vigil::vrrpd
