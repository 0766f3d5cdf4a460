// vrrp_instance keywords that say where and how an instance's adverts go (reference §3.3):
// the source address, unicast peers, the multicast group, TTL and checksum compatibility,
// and the VMAC / ipvlan interface it sends from, with keepalived 2.2.7's checks and wording
// (vrrp_parser.c).
#include "parser/bind_address.hpp"
#include "parser/bind_instance_handlers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>

namespace vigil::parser::instance_handlers {

using V = config::VrrpInstance;

namespace {

// mcast_src_ip / unicast_src_ip (vrrp_srcip_handler): the source address, one per instance.
void source_address(BindContext& ctx, const Statement& s, std::optional<net::IpAddress>& out, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    const auto a = parse_sockaddr(*w);
    if (!a) {
        ctx.error(s.words[1].where, fmt::format("Configuration error: VRRP instance[{}] malformed src address[{}]. "
                                                "Skipping...", vi.name_, *w));
        return;
    }
    if (vi.family_ && *vi.family_ != a->family()) {
        ctx.error(s.words[1].where, fmt::format("Configuration error: VRRP instance[{}] and src address[{}] MUST be of "
                                                "the same family !!! Skipping...", vi.name_, *w));
        vi.mcast_src_ip_.reset();
        vi.unicast_src_ip_.reset();
        return;
    }
    vi.family_ = a->family();
    vi.mcast_src_ip_.reset();
    vi.unicast_src_ip_.reset();
    out = *a;
}

}  // namespace

void mcast_src_ip(BindContext& ctx, const Statement& s, V& vi) {
    source_address(ctx, s, vi.mcast_src_ip_, vi);
}

void unicast_src_ip(BindContext& ctx, const Statement& s, V& vi) {
    vi.unicast_configured_ = true;
    source_address(ctx, s, vi.unicast_src_ip_, vi);
}

void unicast_peer(BindContext& ctx, const Statement& s, V& vi) {
    vi.unicast_configured_ = true;
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        const auto text = line.words[0].text;
        const auto a = parse_sockaddr(text);
        if (!a) {
            ctx.error(line.where, fmt::format("Configuration error: VRRP instance[{}] malformed unicast peer address[{}]. "
                                              "Skipping...", vi.name_, text));
            continue;
        }
        if (vi.family_ && *vi.family_ != a->family()) {
            ctx.error(line.where, fmt::format("Configuration error: VRRP instance[{}] and unicast peer address[{}] MUST be "
                                              "of the same family !!! Skipping...", vi.name_, text));
            continue;
        }
        vi.family_ = a->family();
        config::UnicastPeer peer{*a, std::nullopt, std::nullopt, BindContext::location(line.words[0].where)};
        for (std::size_t i = 1; i < line.words.size(); i += 2) {
            const auto w = line.words[i].text;
            if (i + 1 >= line.words.size()) {
                ctx.error(line.where, fmt::format("({}) {} is missing a value", vi.name_, w));
                break;
            }
            const auto r = read_unsigned(line.words[i + 1].text, 0, 255);
            for (const auto& m : r.messages) {
                ctx.error(line.words[i + 1].where, m);
            }
            if (!r.ok) {
                continue;
            }
            if (w == "min_ttl") {
                peer.min_ttl_ = static_cast<unsigned>(r.value);
            } else if (w == "max_ttl") {
                peer.max_ttl_ = static_cast<unsigned>(r.value);
            } else {
                ctx.error(line.where, fmt::format("({}) unknown unicast_peer option {}", vi.name_, w));
                break;
            }
            vi.check_unicast_src_ = true;
        }
        if (peer.min_ttl_.value_or(0) > peer.max_ttl_.value_or(255)) {
            ctx.error(line.where, fmt::format("({}) min_ttl {} > max_ttl {} - all packets will be discarded", vi.name_,
                                              peer.min_ttl_.value_or(0), peer.max_ttl_.value_or(255)));
        }
        vi.unicast_peers_.push_back(std::move(peer));
    }
}

void unicast_ttl(BindContext& ctx, const Statement& s, V& vi) {
    if (const auto v = ctx.unsigned_at(s, 1, 0, 255)) {
        vi.unicast_ttl_ = static_cast<unsigned>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("({}): TTL '{}' not valid - must be between 0 & 255", vi.name_,
                                                s.words[1].text));
    }
}

void unicast_fault_no_peer(BindContext&, const Statement&, V& vi) {
    vi.unicast_configured_ = true;
    vi.unicast_fault_no_peer_ = true;
}

void check_unicast_src(BindContext&, const Statement&, V& vi) {
    vi.unicast_configured_ = true;
    vi.check_unicast_src_ = true;
}

void old_unicast_checksum(BindContext& ctx, const Statement& s, V& vi) {
    vi.unicast_configured_ = true;
    if (!BindContext::has(s, 1)) {
        vi.old_unicast_checksum_ = config::OldUnicastChecksum::always;
    } else if (s.words[1].text == "never") {
        vi.old_unicast_checksum_ = config::OldUnicastChecksum::never;
    } else {
        ctx.error(s.words[1].where, fmt::format("({}) Unknown old_unicast_chksum mode {} - ignoring", vi.name_,
                                                s.words[1].text));
    }
}

void mcast_dst_ip(BindContext& ctx, const Statement& s, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    const auto a = parse_sockaddr(*w);
    if (!a) {
        ctx.error(s.words[1].where, fmt::format("({}) malformed mcast dest address {}. Skipping...", vi.name_, *w));
        return;
    }
    bool usable = true;
    if (!vi.family_) {
        vi.family_ = a->family();
    } else if (*vi.family_ != a->family()) {
        ctx.error(s.words[1].where, fmt::format("({}) mcast dest address {} MUST match VRRP instance family. Skipping...",
                                                vi.name_, *w));
        usable = false;
    }
    if (usable && ((a->family() == net::Family::ipv4 && !a->is_multicast()) ||
                   (a->family() == net::Family::ipv6 && !is_link_local_multicast(*a)))) {
        ctx.error(s.words[1].where, fmt::format("({}) mcast_dst_ip {} not{} multicast. Skipping...", vi.name_, *w,
                                                a->family() == net::Family::ipv6 ? " link-local" : ""));
        usable = false;
    }
    if (usable) {
        vi.mcast_dst_ip_ = *a;
    }
}

void native_ipv6(BindContext& ctx, const Statement& s, V& vi) {
    if (vi.family_ == net::Family::ipv4) {
        ctx.error(s.words[0].where, fmt::format("({}) Cannot specify native_ipv6 with IPv4 addresses", vi.name_));
        return;
    }
    vi.native_ipv6_ = true;
    vi.family_ = net::Family::ipv6;
    vi.version_ = 3;
}

void use_vmac(BindContext& ctx, const Statement& s, V& vi) {
    config::Vmac vmac = vi.use_vmac_.value_or(config::Vmac{});
    vmac.enabled_ = true;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        // A MAC address has ':' separated hex octets (5 or 6 of them).
        const bool looks_mac = w.find(':') != std::string_view::npos;
        if (looks_mac) {
            std::string mac;
            unsigned octets = 0;
            bool ok = true;
            std::size_t start = 0;
            while (start <= w.size()) {
                const auto end = std::min(w.find(':', start), w.size());
                const auto part = w.substr(start, end - start);
                if (part.empty() || part.size() > 2) {
                    ok = false;
                    break;
                }
                for (char c : part) {
                    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
                        ok = false;
                    }
                }
                mac += (octets != 0 ? ":" : "") + std::string(part.size() == 1 ? "0" : "") + std::string{part};
                ++octets;
                start = end + 1;
            }
            if (!ok || (octets != 5 && octets != 6)) {
                ctx.error(s.words[i].where, fmt::format("({}) invalid MAC address '{}' for use_vmac - ignoring", vi.name_, w));
                continue;
            }
            for (auto& c : mac) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            // RFC 5798 §7.3: 00-00-5E-00-01-{VRID} / 00-00-5E-00-02-{VRID} are the default VMACs.
            if (mac.rfind("00:00:5e:00:01", 0) == 0 || mac.rfind("00:00:5e:00:02", 0) == 0) {
                ctx.error(s.words[i].where, fmt::format("VMAC MAC address not allowed to be RFC5798 address ({}) - ignoring", w));
                continue;
            }
            vmac.mac_ = mac;
        } else if (i == 1) {
            vmac.ifname_ = std::string{w};
        } else {
            ctx.error(s.words[i].where, fmt::format("({}) unknown use_vmac parameter '{}'", vi.name_, w));
        }
    }
    vi.use_vmac_ = std::move(vmac);
}

void use_vmac_addr(BindContext&, const Statement&, V& vi) {
    if (!vi.use_vmac_) {
        vi.use_vmac_ = config::Vmac{};
    }
    vi.use_vmac_->use_vmac_addr_ = true;
}

void vmac_xmit_base(BindContext&, const Statement&, V& vi) {
    if (!vi.use_vmac_) {
        vi.use_vmac_ = config::Vmac{};
    }
    vi.use_vmac_->xmit_base_ = true;
}

void use_ipvlan(BindContext& ctx, const Statement& s, V& vi) {
    config::Ipvlan ipvlan;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        if (w == "bridge" || w == "private" || w == "vepa") {
            ipvlan.mode_ = std::string{w};
        } else if (auto p = net::IpPrefix::parse(w)) {
            ipvlan.address_ = *p;
        } else if (i == 1) {
            ipvlan.ifname_ = std::string{w};
        } else {
            ctx.error(s.words[i].where, fmt::format("({}) unknown use_ipvlan parameter '{}'", vi.name_, w));
        }
    }
    vi.use_ipvlan_ = std::move(ipvlan);
}

}  // namespace vigil::parser::instance_handlers
