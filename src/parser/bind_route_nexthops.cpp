// virtual_routes / static_routes: the parts of a route line keepalived 2.2.7 reads with
// their own functions (vrrp_iproute.c): get_time_rtt(), parse_encap() and parse_nexthops().
#include "parser/bind_route_reader.hpp"
#include "parser/rt_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>

namespace vigil::parser::route_line {

using net::Family;

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
                keep(key, value);
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
                keep("dev", *dev);
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
                keep("weight", *v);
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
                keep("realms", *v);
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

}  // namespace vigil::parser::route_line
