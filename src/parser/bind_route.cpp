// virtual_routes / static_routes lines: keepalived 2.2.7's alloc_route() and
// parse_nexthops() (vrrp_iproute.c), same checks, order and wording. A value keepalived reads
// without checking that it is there aborts (strvec_slot).
#include "parser/bind_route_reader.hpp"
#include "parser/rt_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstdio>

namespace vigil::parser {
namespace route_line {

using net::Family;

// One option word; false when keepalived drops the route.
bool RouteReader::option(std::string_view w) {
    const auto& sys = ctx_.system();
    if (w == "inet6" || w == "inet") {
        const Family f = w == "inet6" ? Family::ipv6 : Family::ipv4;
        if (r_.family_ && *r_.family_ != f) {
            error(f == Family::ipv6 ? "inet6 specified for IPv4 route" : "inet specified for IPv6 route");
            return false;
        }
        r_.family_ = f;
        keep(w);
        // keepalived 2.2.7 steps past inet/inet6 twice (its handler and its loop both
        // increment): the word after it is never read.
        ++i_;
        return true;
    }
    if (w == "src") {
        const auto v = next();
        if (!v) {
            return false;
        }
        const auto a = parse_ipaddress(ctx_, s_.where, *v, SubnetMask::refused);
        if (!a) {
            error(fmt::format("invalid route src address {}", *v));
            return false;
        }
        if (!family(a->family)) {
            return false;
        }
        r_.src_ = a->address;
        keep("src", *v);
        return true;
    }
    if (w == "as") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (*v == "to") {
            ++i_;
        }
        error("\"as to\" for MPLS only - ignoring");
        return true;
    }
    if (w == "via" || w == "gw") {
        if (w == "gw") {
            error("\"gw\" for routes is deprecated. Please use \"via\"");
        }
        auto addr = next();
        if (!addr) {
            return false;
        }
        std::optional<Family> f = r_.family_;
        if (*addr == "inet" || *addr == "inet6") {
            f = *addr == "inet" ? Family::ipv4 : Family::ipv6;
            if (!(addr = next())) {
                return false;
            }
        }
        if (f && !family(*f)) {
            return false;
        }
        const auto a = parse_ipaddress(ctx_, s_.where, *addr, SubnetMask::refused);
        if (!a) {
            error(fmt::format("invalid route via address {}", *addr));
            return false;
        }
        if (!family(a->family)) {
            return false;
        }
        r_.via_ = a->address;
        keep("via", *addr);
        return true;
    }
    if (w == "from") {
        const auto v = next();
        if (!v) {
            return false;
        }
        const auto a = parse_route_address(ctx_, s_.where, *v);
        if (!a) {
            error(fmt::format("invalid route from address {}", *v));
            return false;
        }
        if (a->any || a->family != Family::ipv6) {
            error(fmt::format("route from address only supported with IPv6 ({})", *v));
            return false;
        }
        if (!family(a->family)) {
            return false;
        }
        keep("from", *v);
        return true;
    }
    struct Named {
        std::string_view keyword;
        std::string_view invalid;
        int kind;  // 0 dsfield, 1 table, 2 protocol, 3 scope
    };
    static constexpr Named named[] = {
        {"tos", "TOS value {} is invalid", 0},         {"dsfield", "TOS value {} is invalid", 0},
        {"table", "Routing table {} not found for route", 1},
        {"protocol", "Protocol {} not found or invalid for route", 2},
        {"scope", "Scope {} not found or invalid for route", 3},
    };
    for (const auto& n : named) {
        if (w != n.keyword) {
            continue;
        }
        const auto v = next();
        if (!v) {
            return false;
        }
        bool ok = false;
        switch (n.kind) {
        case 0: ok = rt_names::dsfield(sys, *v).has_value(); break;
        case 1: ok = rt_names::table(sys, *v).has_value(); break;
        case 2:
            if (const auto p = rt_names::protocol(sys, *v)) {
                ok = true;
                have_protocol_ = true;
                protocol_ = *p;
            }
            break;
        default: ok = rt_names::scope(sys, *v).has_value(); break;
        }
        if (!ok) {
            error(fmt::format(fmt::runtime(n.invalid), *v));
            return false;
        }
        if (n.kind == 1) {
            r_.table_ = std::string{*v};
        }
        keep(w, *v);
        return true;
    }
    if (w == "metric" || w == "priority" || w == "preference") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (!get_unsigned(*v, UINT32_MAX, "Invalid metric {} specified for route")) {
            return false;
        }
        r_.metric_ = static_cast<std::uint32_t>(read_unsigned(*v, 0, UINT32_MAX).value);
        keep(w, *v);
        return true;
    }
    if (w == "dev" || w == "oif") {
        const auto v = next_valid(dynamic_interface(), "WARNING - interface {} for VROUTE nexthop doesn't exist");
        if (!v) {
            return false;
        }
        r_.dev_ = std::string{*v};
        have_oif_ = true;
        keep("dev", *v);
        return true;
    }
    if (w == "onlink" || w == "add" || w == "prepend" || w == "append") {
        keep(w);
        return true;
    }
    if (w == "encap") {
        keep(w);
        return encap();
    }
    if (w == "expires") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (r_.family_ == Family::ipv4) {
            error("expires is only valid for IPv6");
            return false;
        }
        r_.family_ = Family::ipv6;
        if (!get_unsigned(*v, UINT32_MAX, "Invalid expires time {} specified for route")) {
            return false;
        }
        keep(w, *v);
        return true;
    }
    // Metrics with an optional "lock": MTU & co as u32, rtt & co as times.
    struct Metric {
        std::string_view keyword;
        bool lock;
        int kind;  // 0 u32, 1 rtt(unit)
        unsigned unit;
        std::string_view invalid;
    };
    static constexpr Metric metrics[] = {
        {"mtu", true, 0, 0, "Invalid MTU {} specified for route"},
        {"advmss", true, 0, 0, "Invalid advmss {} specified for route"},
        {"rtt", true, 1, 8, "Invalid rtt {} for route"},
        {"rttvar", true, 1, 4, "Invalid rttvar {} for route"},
        {"reordering", true, 0, 0, "Invalid reordering value {} specified for route"},
        {"window", false, 0, 0, "Invalid window value {} specified for route"},
        {"cwnd", true, 0, 0, "Invalid cwnd value {} specified for route"},
        {"ssthresh", true, 0, 0, "Invalid ssthresh value {} specified for route"},
        {"rto_min", true, 1, 1, "Invalid rto_min value {} specified for route"},
        {"initcwnd", false, 0, 0, "Invalid initcwnd value {} specified for route"},
        {"initrwnd", false, 0, 0, "Invalid initrwnd value {} specified for route"},
    };
    for (const auto& m : metrics) {
        if (w != m.keyword) {
            continue;
        }
        auto v = next();
        if (!v) {
            return false;
        }
        keep(w);
        if (m.lock && *v == "lock") {
            keep("lock");
            if (!(v = next())) {
                return false;
            }
        }
        if (m.kind == 0) {
            if (!get_unsigned(*v, UINT32_MAX, m.invalid)) {
                return false;
            }
        } else if (!get_rtt(*v, m.unit)) {
            error(fmt::format(fmt::runtime(m.invalid), *v));
            return false;
        }
        keep(*v);
        return true;
    }
    if (w == "hoplimit") {
        const auto v = next();
        if (!v || !get_unsigned(*v, 255, "Invalid hoplimit {} specified for route")) {
            return false;
        }
        keep(w, *v);
        return true;
    }
    if (w == "realms") {
        const auto v = next_valid([&](auto t) { return rt_names::realms(sys, t).has_value(); }, "Invalid realms {} for route");
        if (!v) {
            return false;
        }
        if (r_.family_ == Family::ipv6) {
            error("realms are only valid for IPv4");
            return false;
        }
        r_.family_ = Family::ipv4;
        keep(w, *v);
        return true;
    }
    if (w == "features") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (*v != "ecn") {
            error(fmt::format("feature {} not supported", *v));
        }
        keep(w, *v);
        return true;
    }
    if (w == "quickack" || w == "fastopen_no_cookie") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (!get_unsigned(*v, 1, fmt::format("Invalid {} value {{}} specified for route", w))) {
            return false;
        }
        keep(w, *v);
        return true;
    }
    if (w == "congctl") {
        auto v = next();
        if (!v) {
            return false;
        }
        keep(w);
        if (*v == "lock") {
            keep("lock");
            if (!(v = next())) {
                return false;
            }
        }
        keep(*v);
        return true;
    }
    if (w == "pref") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (r_.family_ == Family::ipv4) {
            error("pref is only valid for IPv6");
            return false;
        }
        r_.family_ = Family::ipv6;
        if (*v != "low" && *v != "medium" && *v != "high" &&
            !get_unsigned(*v, 255, "Invalid pref value {} specified for route")) {
            return false;
        }
        keep(w, *v);
        return true;
    }
    if (w == "ttl-propagate") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (*v != "enabled" && *v != "disabled") {
            error(fmt::format("ttl-propagate value {} not recognised", *v));
        }
        keep(w, *v);
        return true;
    }
    if (w == "or") {
        error("\"or\" for routes is deprecated. Please use \"nexthop\"");
        if (had_or_) {
            error("\"or\" route already specified - ignoring subsequent");
            ++i_;
            return true;
        }
        const auto v = next();
        if (!v) {
            return false;
        }
        if (!parse_ipaddress(ctx_, s_.where, *v, SubnetMask::refused)) {
            error(fmt::format("Invalid \"or\" address {}", *v));
            return false;
        }
        keep("or", *v);
        had_or_ = true;
        return true;
    }
    if (w == "nexthop") {
        if (had_or_) {
            error("Cannot specify nexthops with \"or\" route");
        } else {
            do_nexthop_ = true;
        }
        return true;
    }
    if (w == "no_track") {
        r_.no_track_ = true;
        keep(w);
        return true;
    }
    if (where_ == AddressContext::static_address && w == "track_group") {
        return track_group(AfterDuplicate::read_on);
    }
    if (w == "vrf") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (!ctx_.lookup_interface(*v, BindContext::IfLookup::no_create)) {
            error(fmt::format("VRF {} not found for route", *v));
        } else {
            error(fmt::format("Route specified VRF {} is not a VRF", *v));
        }
        return false;
    }
    // The destination: [to] [TYPE] PREFIX (keepalived tests the type on the word before
    // "to" is skipped, so "to TYPE PREFIX" reads TYPE as the destination).
    if (w == "to") {
        ++i_;
    }
    if (rt_names::route_type(w)) {
        r_.type_ = std::string{w};
        keep(w);
        ++i_;
    }
    if (!ctx_.word(s_, i_)) {
        return false;
    }
    const std::string_view dest = s_.words[i_].text;
    const auto d = parse_route_address(ctx_, s_.where, dest);
    if (!d) {
        error(fmt::format("unknown route keyword {}", dest));
        return false;
    }
    dest_ = std::string{dest};
    if (d->family_given) {
        if (r_.family_ && *r_.family_ != d->family) {
            error(fmt::format("Cannot mix IPv4 and IPv6 addresses for route ({})", dest));
            return false;
        }
        r_.family_ = d->family;
    }
    have_dst_ = true;
    r_.destination_ = d->any ? std::nullopt : std::optional<net::IpPrefix>{net::IpPrefix{d->address, d->prefix}};
    keep(dest);
    return true;
}

std::optional<config::Route> RouteReader::read() {
    r_.location_ = BindContext::location(s_.where);
    while (i_ < s_.words.size()) {
        if (!option(s_.words[i_].text)) {
            return std::nullopt;
        }
        if (do_nexthop_) {
            break;
        }
        ++i_;
    }
    if (ctx_.diagnostics().aborted()) {
        return std::nullopt;
    }
    if (do_nexthop_) {
        nexthops();
    } else if (i_ < s_.words.size()) {
        error(fmt::format("Route has trailing nonsense - {}", s_.words[i_].text));
        return std::nullopt;
    }
    if (!have_dst_) {
        error("Route must have a destination");
        return std::nullopt;
    }
    if (!r_.no_track_) {
        reset_untracked_protocol("Route");
        if (!have_oif_) {
            error(fmt::format("Warning - cannot track route {} with no interface specified, not tracking", dest_));
            r_.no_track_ = true;
            keep("no_track");
        }
    }
    if (r_.track_group_ && !have_oif_) {
        error("Static route cannot have track group if no oif specified");
        r_.track_group_.reset();
    }
    keep_track_group();
    if (!r_.family_) {
        r_.family_ = Family::ipv4;
    }
    return r_;
}

}  // namespace route_line

std::optional<config::Route> bind_route(BindContext& ctx, const Statement& s, AddressContext where) {
    return route_line::RouteReader{ctx, s, where}.read();
}

} // namespace vigil::parser
