// virtual_routes / static_routes lines: keepalived 2.2.7's alloc_route() and
// parse_nexthops() (vrrp_iproute.c), same checks, order and wording. A value keepalived reads
// without checking that it is there aborts (strvec_slot).
#include "parser/bind_address.hpp"
#include "parser/rt_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstdio>

namespace vigil::parser {

namespace {

using net::Family;

constexpr std::uint8_t rtprot_keepalived = 18;

// The state of one route line being read.
class RouteReader {
public:
    RouteReader(BindContext& ctx, const Statement& s, AddressContext where) : ctx_{ctx}, s_{s}, where_{where} {}

    std::optional<config::Route> read();

private:
    // strvec_slot(strvec, ++i_): the next word, or abort.
    std::optional<std::string_view> next() {
        ++i_;
        return ctx_.word(s_, i_);
    }
    void error(std::string message) { ctx_.error(s_.where, std::move(message)); }
    // Sets the route's family; false (after "Cannot mix ...") on a mismatch.
    bool family(Family f, std::string_view mismatch = "Cannot mix IPv4 and IPv6 addresses for route") {
        if (!r_.family_) {
            r_.family_ = f;
            return true;
        }
        if (*r_.family_ != f) {
            error(std::string{mismatch});
            return false;
        }
        return true;
    }
    // get_u32 & co: read_unsigned with "errmsg" on failure.
    bool get_unsigned(std::string_view text, unsigned long max, std::string_view errmsg) {
        const auto r = read_unsigned(text, 0, max);
        for (const auto& m : r.messages) {
            error(m);
        }
        if (!r.ok) {
            error(fmt::format(fmt::runtime(errmsg), text));
        }
        return r.ok;
    }
    bool get_rtt(std::string_view text, unsigned unit_mult);
    bool option(std::string_view w);  // false: the route is dropped
    bool encap();
    bool nexthops();
    void keep(std::string_view w) { r_.tokens_.emplace_back(w); }

    BindContext& ctx_;
    const Statement& s_;
    AddressContext where_;
    std::size_t i_ = 0;
    config::Route r_;
    bool do_nexthop_ = false;
    bool had_or_ = false;
    bool have_dst_ = false;
    bool have_oif_ = false;
    bool have_protocol_ = false;
    std::uint8_t protocol_ = 0;
    std::string dest_;
};

// get_time_rtt(): a time in milliseconds (or with s/ms/sec/secs units), at most 120 s.
bool RouteReader::get_rtt(std::string_view text, unsigned unit_mult) {
    std::string str{text.substr(std::min(text.find_first_not_of(" \t\f\n\r\v"), text.size()))};
    unsigned shift = 0;
    bool raw = true;
    const auto p = str.find_first_of("sS");
    if (p != std::string::npos) {
        std::string unit = str.substr(p);
        std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::tolower(c); });
        if (unit != "s" && unit != "sec" && unit != "secs") {
            return false;
        }
        raw = false;
        std::size_t cut = p;
        if (p > 0 && std::tolower(static_cast<unsigned char>(str[p - 1])) == 'm') {
            shift = 0;
            --cut;
        } else {
            shift = 3;
        }
        if (cut == 0) {
            return false;
        }
        str = str.substr(0, cut);
    }
    if (str.find_first_of("eE") != std::string::npos) {
        return false;  // "exponential form no longer supported" (logged)
    }
    const auto r = read_decimal(str, 0, 120000UL * unit_mult, shift, Lenient::no);
    for (const auto& m : r.messages) {
        error(m);
    }
    (void)raw;
    return r.ok;
}

bool RouteReader::encap() {
    // parse_encap(): its problems are reported; the route is kept.
    if (s_.words.size() <= ++i_) {
        error("Missing encap type");
        return true;
    }
    const auto type = s_.words[i_++].text;
    keep(type);
    auto word = [&](std::size_t k) { return s_.words[k].text; };
    if (type == "mpls") {
        if (i_ >= s_.words.size()) {
            error("missing address for MPLS encapsulation");
        } else {
            const auto label = word(i_++);
            keep(label);
            // parse_mpls_address(): labels 0..2^20-1 separated by '/'.
            bool bad = label.empty() || label.front() == '-';
            std::string_view rest = label;
            for (int n = 0; !bad; ++n) {
                const std::string part{rest.substr(0, rest.find('/'))};
                char* end = nullptr;
                const unsigned long v = std::strtoul(part.c_str(), &end, 0);
                bad = part.empty() || end == part.c_str() || *end != '\0' || v > 0xfffff || n >= 16;
                if (rest.find('/') == std::string_view::npos) {
                    break;
                }
                rest.remove_prefix(rest.find('/') + 1);
            }
            if (bad) {
                error(fmt::format("invalid mpls address {} for encapsulation", label));
            }
        }
    } else if (type == "ip" || type == "ip6") {
        const bool v6 = type == "ip6";
        bool have_dst = false;
        bool have_id = false;
        bool failed = false;
        while (!failed && i_ + 1 < s_.words.size()) {
            const auto key = word(i_);
            const auto value = word(i_ + 1);
            if (key == "id") {
                const auto r = read_unsigned64(value, 0, UINT64_MAX);
                for (const auto& m : r.messages) {
                    error(m);
                }
                if (!r.ok) {
                    error(fmt::format(fmt::runtime(v6 ? "id {} value invalid for IPv6 encapsulation" : "encap id {} value is invalid"),
                                      value));
                    failed = true;
                } else {
                    have_id = true;
                }
            } else if (key == "dst" || key == "src") {
                const auto a = parse_ipaddress(ctx_, s_.where, value, SubnetMask::refused);
                if (!a) {
                    error(fmt::format("Invalid encap {} {} {}", type, key, value));
                    failed = true;
                } else if ((a->family == Family::ipv6) != v6) {
                    error(fmt::format(fmt::runtime(v6 ? "IPv4 address {} not valid for ip6 encapsulation"
                                                      : "IPv6 address {} not valid for ip encapsulation"), value));
                    failed = true;
                } else if (key == "dst") {
                    have_dst = true;
                }
            } else if ((!v6 && key == "tos") || (v6 && key == "tc")) {
                if (!rt_names::dsfield(ctx_.system(), value)) {
                    error(v6 ? fmt::format("tc value {} is invalid for ip6 encapsulation", key)
                             : fmt::format("dsfield {} not valid for ip encapsulation", value));
                    failed = true;
                }
            } else if ((!v6 && key == "ttl") || (v6 && key == "hoplimit")) {
                failed = !get_unsigned(value, 255, v6 ? "Invalid hoplimit {} specified for ip6 encapsulation"
                                                      : "ttl {} is not valid for ip encapsulation");
            } else if (key == "flags") {
                failed = !get_unsigned(value, 65535, v6 ? "flags {} is not valid for ip6 encapsulation"
                                                        : "flags {} is not valid for ip encapsulation");
            } else {
                break;
            }
            if (!failed) {
                keep(key);
                keep(value);
                i_ += 2;
            }
        }
        // On an error keepalived resumes at the failing word.
        if (!failed && !have_dst && !have_id) {
            error(fmt::format("address or id missing for {} encapsulation", v6 ? "ip6" : "ip"));
        }
    } else if (type == "ila") {
        if (i_ >= s_.words.size()) {
            error("missing locator for ILA encapsulation");
        } else {
            const auto loc = word(i_++);
            keep(loc);
            unsigned parts = 0;
            bool bad = false;
            std::string_view rest = loc;
            while (!bad) {
                const auto colon = rest.find(':');
                const auto part = rest.substr(0, colon);
                bad = part.empty() || part.size() > 4 ||
                      !std::all_of(part.begin(), part.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
                ++parts;
                if (colon == std::string_view::npos) {
                    break;
                }
                rest.remove_prefix(colon + 1);
            }
            if (bad || parts != 4) {
                error(fmt::format("invalid locator {} for ila encapsulation", loc));
            }
        }
    } else {
        error(fmt::format("Unknown encap type - {}", type));
        return true;
    }
    --i_;
    return true;
}

// parse_nexthops(): its problems drop the remaining hops, the route stays.
bool RouteReader::nexthops() {
    auto at = [&](std::size_t k) { return s_.words[k].text; };
    while (i_ < s_.words.size() && at(i_) == "nexthop") {
        keep("nexthop");
        ++i_;
        while (i_ < s_.words.size()) {
            const auto w = at(i_);
            if (w == "via") {
                auto addr = next();
                if (!addr) {
                    return false;
                }
                keep("via");
                std::optional<Family> f;
                if (*addr == "inet" || *addr == "inet6") {
                    f = *addr == "inet" ? Family::ipv4 : Family::ipv6;
                    if (!(addr = next())) {
                        return false;
                    }
                }
                if (f && r_.family_ && *r_.family_ != *f) {
                    error("IPv4/6 mismatch for nexthop");
                    return true;
                }
                if (f) {
                    r_.family_ = f;
                }
                const auto a = parse_ipaddress(ctx_, s_.where, *addr, SubnetMask::refused);
                if (!a) {
                    error(fmt::format("invalid nexthop address {}", *addr));
                    return true;
                }
                if (r_.family_ && a->family != *r_.family_) {
                    error("Address family mismatch for next hop");
                    return true;
                }
                r_.family_ = a->family;
                keep(*addr);
            } else if (w == "dev") {
                const auto dev = next();
                if (!dev) {
                    return false;
                }
                if (!ctx_.lookup_interface(*dev, BindContext::IfLookup::create_if_dynamic)) {
                    error(fmt::format("WARNING - interface {} for VROUTE nexthop doesn't exist", *dev));
                    return true;
                }
                keep("dev");
                keep(*dev);
                if (!r_.dev_) {
                    r_.dev_ = std::string{*dev};
                }
            } else if (w == "weight") {
                const auto v = next();
                if (!v) {
                    return false;
                }
                if (!get_unsigned(*v, 256, "Invalid weight {} specified for route")) {
                    return true;
                }
                if (read_unsigned(*v, 0, 256).value == 0) {
                    error("Invalid weight 0 specified for route");
                    return true;
                }
                keep("weight");
                keep(*v);
            } else if (w == "onlink") {
                keep(w);
            } else if (w == "encap") {
                keep(w);
                encap();
            } else if (w == "realms") {
                const auto v = next();
                if (!v) {
                    return false;
                }
                if (!rt_names::realms(ctx_.system(), *v)) {
                    error(fmt::format("Invalid realms {} for route", *v));
                    return true;
                }
                if (r_.family_ && *r_.family_ != Family::ipv4) {
                    error("realms are only supported for IPv4");
                    return true;
                }
                r_.family_ = Family::ipv4;
                keep("realms");
                keep(*v);
            } else if (w == "as") {
                const auto v = next();
                if (!v) {
                    return false;
                }
                if (*v == "to") {
                    ++i_;
                }
                error("'as [to]' (nat) not supported");
                return true;
            } else {
                break;
            }
            ++i_;
        }
    }
    if (i_ < s_.words.size()) {
        error(fmt::format("Route has trailing nonsense after nexthops - {}", at(i_)));
    }
    return true;
}

// One option word; false when keepalived drops the route.
bool RouteReader::option(std::string_view w) {
    const auto& sys = ctx_.system();
    auto value = [&]() { return next(); };
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
        const auto v = value();
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
        keep("src");
        keep(*v);
        return true;
    }
    if (w == "as") {
        const auto v = value();
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
        auto addr = value();
        if (!addr) {
            return false;
        }
        std::optional<Family> f = r_.family_;
        if (*addr == "inet" || *addr == "inet6") {
            f = *addr == "inet" ? Family::ipv4 : Family::ipv6;
            if (!(addr = value())) {
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
        keep("via");
        keep(*addr);
        return true;
    }
    if (w == "from") {
        const auto v = value();
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
        keep("from");
        keep(*v);
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
        const auto v = value();
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
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "metric" || w == "priority" || w == "preference") {
        const auto v = value();
        if (!v) {
            return false;
        }
        if (!get_unsigned(*v, UINT32_MAX, "Invalid metric {} specified for route")) {
            return false;
        }
        r_.metric_ = static_cast<std::uint32_t>(read_unsigned(*v, 0, UINT32_MAX).value);
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "dev" || w == "oif") {
        const auto v = value();
        if (!v) {
            return false;
        }
        if (!ctx_.lookup_interface(*v, BindContext::IfLookup::create_if_dynamic)) {
            error(fmt::format("WARNING - interface {} for VROUTE nexthop doesn't exist", *v));
            return false;
        }
        r_.dev_ = std::string{*v};
        have_oif_ = true;
        keep("dev");
        keep(*v);
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
        const auto v = value();
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
        keep(w);
        keep(*v);
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
        auto v = value();
        if (!v) {
            return false;
        }
        keep(w);
        if (m.lock && *v == "lock") {
            keep("lock");
            if (!(v = value())) {
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
        const auto v = value();
        if (!v || !get_unsigned(*v, 255, "Invalid hoplimit {} specified for route")) {
            return false;
        }
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "realms") {
        const auto v = value();
        if (!v) {
            return false;
        }
        if (!rt_names::realms(sys, *v)) {
            error(fmt::format("Invalid realms {} for route", *v));
            return false;
        }
        if (r_.family_ == Family::ipv6) {
            error("realms are only valid for IPv4");
            return false;
        }
        r_.family_ = Family::ipv4;
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "features") {
        const auto v = value();
        if (!v) {
            return false;
        }
        if (*v != "ecn") {
            error(fmt::format("feature {} not supported", *v));
        }
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "quickack" || w == "fastopen_no_cookie") {
        const auto v = value();
        if (!v) {
            return false;
        }
        if (!get_unsigned(*v, 1, fmt::format("Invalid {} value {{}} specified for route", w))) {
            return false;
        }
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "congctl") {
        auto v = value();
        if (!v) {
            return false;
        }
        keep(w);
        if (*v == "lock") {
            keep("lock");
            if (!(v = value())) {
                return false;
            }
        }
        keep(*v);
        return true;
    }
    if (w == "pref") {
        const auto v = value();
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
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "ttl-propagate") {
        const auto v = value();
        if (!v) {
            return false;
        }
        if (*v != "enabled" && *v != "disabled") {
            error(fmt::format("ttl-propagate value {} not recognised", *v));
        }
        keep(w);
        keep(*v);
        return true;
    }
    if (w == "or") {
        error("\"or\" for routes is deprecated. Please use \"nexthop\"");
        if (had_or_) {
            error("\"or\" route already specified - ignoring subsequent");
            ++i_;
            return true;
        }
        const auto v = value();
        if (!v) {
            return false;
        }
        if (!parse_ipaddress(ctx_, s_.where, *v, SubnetMask::refused)) {
            error(fmt::format("Invalid \"or\" address {}", *v));
            return false;
        }
        keep("or");
        keep(*v);
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
        const auto v = value();
        if (!v) {
            return false;
        }
        if (r_.track_group_) {
            error(fmt::format("track_group {} is a duplicate", *v));
            return true;
        }
        if (!track_group_defined(ctx_, *v)) {
            error(fmt::format("track_group {} not found", *v));
        } else {
            r_.track_group_ = std::string{*v};
        }
        return true;
    }
    if (w == "vrf") {
        const auto v = value();
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
        if (have_protocol_ && protocol_ != rtprot_keepalived) {
            error(fmt::format("Route cannot be tracked if protocol is not RTPROT_KEEPALIVED({}), resetting protocol",
                              rtprot_keepalived));
            const auto it = std::find(r_.tokens_.begin(), r_.tokens_.end(), "protocol");
            if (it != r_.tokens_.end()) {
                r_.tokens_.erase(it, std::min(it + 2, r_.tokens_.end()));
            }
        }
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
    if (r_.track_group_) {
        keep("track_group");
        keep(*r_.track_group_);
    }
    if (!r_.family_) {
        r_.family_ = Family::ipv4;
    }
    return r_;
}

} // namespace

std::optional<config::Route> bind_route(BindContext& ctx, const Statement& s, AddressContext where) {
    return RouteReader{ctx, s, where}.read();
}

} // namespace vigil::parser
