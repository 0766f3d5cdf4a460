// vrrp_instance NAME { ... } (reference §3.3).
#include "parser/bind_address.hpp"
#include "parser/bind_blocks.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include <array>

namespace vigil::parser {

namespace {

namespace h = handlers;
using config::VrrpInstance;
using V = VrrpInstance;

void state(BindContext& ctx, const Statement& s, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    if (*w == "MASTER") {
        vi.state_ = config::InitialState::master;
    } else if (*w == "BACKUP") {
        vi.state_ = config::InitialState::backup;
    } else {
        ctx.error(s.words[1].where, fmt::format("({}) unknown state '{}', defaulting to BACKUP", vi.name_, *w));
        vi.state_ = config::InitialState::backup;
    }
}

void interface(BindContext& ctx, const Statement& s, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    if (*w == "lo") {
        ctx.error(s.words[1].where, fmt::format("({}) cannot use a loopback interface ({}) for vrrp - ignoring",
                                                vi.name_, *w));
        return;
    }
    vi.interface_ = std::string{*w};
    vi.interface_location_ = BindContext::location(s.words[1].where);
}

void virtual_router_id(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = ctx.integer(s, 1, 1, 255)) {
        vi.virtual_router_id_ = static_cast<unsigned>(*v);
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("({}): VRID '{}' not valid - must be between 1 & 255", vi.name_,
                                                s.words[1].text));
    }
}

void priority(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = ctx.integer(s, 1, 1, 255)) {
        vi.priority_ = static_cast<unsigned>(*v);
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where,
                  fmt::format("({}) Priority not valid! must be between 1 & 255. Using default 100", vi.name_));
        vi.priority_ = 100;
    }
}

void advert_int(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = ctx.timer(s, 1, 0.01, 255)) {
        vi.advert_int_ = *v;
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("({}) Advert interval ({}) not valid! Must be > 0 - ignoring",
                                                vi.name_, s.words[1].text));
    }
}

void version(BindContext& ctx, const Statement& s, V& vi) {
    const auto v = ctx.integer(s, 1, 2, 3);
    if (!v) {
        if (s.words.size() > 1) {
            ctx.error(s.words[1].where, fmt::format("({}): Version {} not valid - must be 2 or 3", vi.name_,
                                                    s.words[1].text));
        }
        return;
    }
    // IPv6 (deduced from earlier addresses) implies v3 (reference §4).
    if (*v == 2 && vi.family_ == net::Family::ipv6) {
        ctx.error(s.words[1].where,
                  fmt::format("({}) vrrp_version 2 conflicts with configured or deduced version 3; ignoring.", vi.name_));
        return;
    }
    vi.version_ = static_cast<unsigned>(*v);
}

// The first address seen decides the family (reference §4).
void note_family(V& vi, net::Family family) {
    if (!vi.family_) {
        vi.family_ = family;
        if (family == net::Family::ipv6 && !vi.version_) {
            vi.version_ = 3;
        }
    }
}

void virtual_ipaddress(BindContext& ctx, const Statement& s, V& vi) {
    vi.vips_.reserve(vi.vips_.size() + s.block.size());
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        auto a = bind_address(ctx, line, AddressContext::virtual_address);
        if (!a) {
            continue;
        }
        if (vi.family_ && *vi.family_ != a->address_.family()) {
            ctx.error(line.words[0].where, fmt::format("({}): address family must match VRRP instance [{}] - ignoring",
                                                       vi.name_, line.words[0].text));
            continue;
        }
        note_family(vi, a->address_.family());
        vi.vips_.push_back(std::move(*a));
    }
}

void virtual_ipaddress_excluded(BindContext& ctx, const Statement& s, V& vi) {
    bind_addresses(ctx, s, AddressContext::virtual_address, vi.evips_);
}

void virtual_routes(BindContext& ctx, const Statement& s, V& vi) {
    bind_routes(ctx, s, AddressContext::virtual_address, vi.virtual_routes_);
}

void virtual_rules(BindContext& ctx, const Statement& s, V& vi) {
    bind_rules(ctx, s, AddressContext::virtual_address, vi.virtual_rules_);
}

void authentication(BindContext& ctx, const Statement& s, V& vi) {
    config::Authentication auth;
    bool have_type = false;
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        if (line.keyword() == "auth_type") {
            const auto t = ctx.word(line, 1);
            if (t == "PASS") {
                auth.type_ = config::AuthType::pass;
                have_type = true;
            } else if (t == "AH") {
                auth.type_ = config::AuthType::ah;
                have_type = true;
            } else if (t) {
                ctx.error(line.words[1].where, fmt::format("({}) unknown authentication type '{}'", vi.name_, *t));
            }
        } else if (line.keyword() == "auth_pass") {
            if (const auto p = ctx.word(line, 1)) {
                auth.password_ = std::string{*p};
                if (auth.password_.size() > 8) {
                    ctx.warning(line.words[1].where, "Truncating auth_pass to 8 characters");
                    auth.password_.resize(8);
                }
            }
        } else {
            static constexpr std::string_view names[] = {"auth_type", "auth_pass"};
            report_unknown_keyword(ctx, line, names);
        }
    }
    if (!have_type && auth.password_.empty()) {
        return;
    }
    vi.authentication_ = std::move(auth);
}

void preempt(BindContext&, const Statement&, V& vi) {
    vi.nopreempt_ = false;
}

void preempt_delay(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = ctx.timer(s, 1, 0, 1000)) {
        vi.preempt_delay_ = *v;
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("({}) Preempt_delay not valid! must be between 0-1000", vi.name_));
    }
}

void source_address(BindContext& ctx, const Statement& s, std::optional<net::IpAddress>& out, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    auto a = net::IpAddress::parse(*w);
    if (!a) {
        ctx.error(s.words[1].where, fmt::format("Configuration error: VRRP instance[{}] malformed {} address[{}]. "
                                                "Skipping...", vi.name_, s.keyword() == "mcast_src_ip" ? "mcast src" : "unicast src", *w));
        return;
    }
    if (vi.family_ && *vi.family_ != a->family()) {
        ctx.error(s.words[1].where, fmt::format("({}) {} address family does not match instance - ignoring",
                                                vi.name_, s.keyword()));
        return;
    }
    out = *a;
}

void mcast_src_ip(BindContext& ctx, const Statement& s, V& vi) {
    source_address(ctx, s, vi.mcast_src_ip_, vi);
}

void unicast_src_ip(BindContext& ctx, const Statement& s, V& vi) {
    source_address(ctx, s, vi.unicast_src_ip_, vi);
}

void unicast_peer(BindContext& ctx, const Statement& s, V& vi) {
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        auto a = net::IpAddress::parse(line.words[0].text);
        if (!a) {
            ctx.error(line.words[0].where, fmt::format("({}) unicast_peer address {} invalid - ignoring", vi.name_,
                                                       line.words[0].text));
            continue;
        }
        if (vi.family_ && *vi.family_ != a->family()) {
            ctx.error(line.words[0].where, fmt::format("({}) Unicast peer {} address family must match VRRP instance - ignoring",
                                                       vi.name_, line.words[0].text));
            continue;
        }
        config::UnicastPeer peer{*a, std::nullopt, std::nullopt, BindContext::location(line.words[0].where)};
        for (std::size_t i = 1; i < line.words.size(); ++i) {
            const auto w = line.words[i].text;
            if ((w == "min_ttl" || w == "max_ttl") && i + 1 < line.words.size()) {
                if (auto v = ctx.integer(line, i + 1, 0, 255)) {
                    (w == "min_ttl" ? peer.min_ttl_ : peer.max_ttl_) = static_cast<unsigned>(*v);
                }
                ++i;
            } else {
                ctx.error(line.words[i].where, fmt::format("({}) Unknown unicast_peer option {}", vi.name_, w));
            }
        }
        if (peer.min_ttl_ || peer.max_ttl_) {
            vi.check_unicast_src_ = true;
        }
        vi.unicast_peers_.push_back(std::move(peer));
    }
}

void unicast_ttl(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = ctx.integer(s, 1, 0, 255)) {
        vi.unicast_ttl_ = static_cast<unsigned>(*v);
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("({}): TTL '{}' not valid - must be between 0 & 255", vi.name_,
                                                s.words[1].text));
    }
}

void old_unicast_checksum(BindContext& ctx, const Statement& s, V& vi) {
    if (s.words.size() < 2) {
        vi.old_unicast_checksum_ = config::OldUnicastChecksum::always;
    } else if (s.words[1].text == "never") {
        vi.old_unicast_checksum_ = config::OldUnicastChecksum::never;
    } else {
        ctx.error(s.words[1].where, fmt::format("({}) Unknown old_unicast_checksum mode {} - ignoring", vi.name_,
                                                s.words[1].text));
    }
}

void mcast_dst_ip(BindContext& ctx, const Statement& s, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    auto a = net::IpAddress::parse(*w);
    if (!a || !a->is_multicast()) {
        ctx.error(s.words[1].where, fmt::format("({}) mcast_dst_ip {} is not a multicast address - ignoring", vi.name_, *w));
        return;
    }
    vi.mcast_dst_ip_ = *a;
}

void native_ipv6(BindContext& ctx, const Statement& s, V& vi) {
    if (vi.family_ == net::Family::ipv4) {
        ctx.error(s.words[0].where, fmt::format("({}) Cannot specify native_ipv6 with IPv4 addresses", vi.name_));
        return;
    }
    vi.native_ipv6_ = true;
    note_family(vi, net::Family::ipv6);
}


void notify(BindContext& ctx, const Statement& s, V& vi) {
    bind_notify(ctx, s, vi.notify_);
}

void garp_delay(BindContext& ctx, const Statement& s, std::optional<config::seconds>& out, std::string_view name) {
    if (auto v = ctx.integer(s, 1, 0, 255)) {
        out = config::seconds{*v};
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("({}): {} '{}' invalid - ignoring", name, s.keyword(), s.words[1].text));
    }
}

void garp_repeat(BindContext& ctx, const Statement& s, std::optional<unsigned>& out, std::string_view name) {
    if (auto v = ctx.integer(s, 1, 1, 255)) {
        out = static_cast<unsigned>(*v);
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("({}): {} '{}' invalid - ignoring", name, s.keyword(), s.words[1].text));
    }
}

void garp_master_delay(BindContext& ctx, const Statement& s, V& vi) {
    garp_delay(ctx, s, vi.garp_master_delay_, vi.name_);
}
void garp_master_repeat(BindContext& ctx, const Statement& s, V& vi) {
    garp_repeat(ctx, s, vi.garp_master_repeat_, vi.name_);
}
void garp_master_refresh(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = ctx.integer(s, 1, 0, 0xffffffffLL)) {
        vi.garp_master_refresh_ = config::seconds{*v};
    }
}
void garp_master_refresh_repeat(BindContext& ctx, const Statement& s, V& vi) {
    garp_repeat(ctx, s, vi.garp_master_refresh_repeat_, vi.name_);
}
void garp_lower_prio_delay(BindContext& ctx, const Statement& s, V& vi) {
    garp_delay(ctx, s, vi.garp_lower_prio_delay_, vi.name_);
}
void garp_lower_prio_repeat(BindContext& ctx, const Statement& s, V& vi) {
    garp_repeat(ctx, s, vi.garp_lower_prio_repeat_, vi.name_);
}

void garp_extra_if(BindContext& ctx, const Statement& s, V& vi) {
    if (s.keyword() == "vmac_garp_intvl") {
        ctx.warning(s.words[0].where, "Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"");
    }
    if (auto v = bind_garp_extra_if(ctx, s)) {
        vi.garp_extra_if_ = *v;
    }
}

void down_timer_adverts(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = ctx.integer(s, 1, 1, 100)) {
        vi.down_timer_adverts_ = static_cast<unsigned>(*v);
    }
}

void skip_check_adv_addr(BindContext& ctx, const Statement& s, V& vi) {
    if (s.words.size() < 2) {
        vi.skip_check_adv_addr_ = true;
        return;
    }
    const auto t = s.words[1].text;
    if (t == "on" || t == "true" || t == "yes") {
        vi.skip_check_adv_addr_ = true;
    } else if (t == "off" || t == "false" || t == "no") {
        vi.skip_check_adv_addr_ = false;
    } else {
        ctx.error(s.words[1].where, fmt::format("({}) invalid skip_check_adv_addr {} specified", vi.name_, t));
    }
}

void accept(BindContext&, const Statement& s, V& vi) {
    vi.accept_ = s.keyword() == "accept";
}

void use_vmac(BindContext& ctx, const Statement& s, V& vi) {
    config::Vmac vmac = vi.use_vmac_.value_or(config::Vmac{});
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

void lvs_sync_daemon_interface(BindContext& ctx, const Statement& s, V& vi) {
    // keepalived's two lines; the second is indented by 6 + |len(name) - 2| blanks.
    ctx.warning(s.words[0].where,
                fmt::format("({}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.", vi.name_));
    const auto pad = 6 + static_cast<std::size_t>(std::abs(static_cast<long>(vi.name_.size()) - 2));
    ctx.warning(s.words[0].where, std::string(pad, ' ') + "Please use global lvs_sync_daemon");
    h::string<&V::lvs_sync_daemon_interface_>(ctx, s, vi);
}

void linkbeat_use_polling(BindContext& ctx, const Statement& s, V& vi) {
    ctx.warning(s.words[0].where, fmt::format("({}) linkbeat_use_polling in a vrrp_instance is deprecated. "
                                              "Please use the global linkbeat_use_polling", vi.name_));
    vi.linkbeat_use_polling_ = true;
}

void smtp_alert(BindContext& ctx, const Statement& s, V& vi) {
    h::boolean<&V::smtp_alert_>(ctx, s, vi);
}

constexpr Keyword<V> instance_keywords[] = {
    {"state", Shape::line, state},
    {"interface", Shape::line, interface},
    {"virtual_router_id", Shape::line, virtual_router_id},
    {"priority", Shape::line, priority},
    {"advert_int", Shape::line, advert_int},
    {"version", Shape::line, version},
    {"native_ipv6", Shape::line, native_ipv6},
    {"virtual_ipaddress", Shape::block, virtual_ipaddress},
    {"virtual_ipaddress_excluded", Shape::block, virtual_ipaddress_excluded},
    {"virtual_routes", Shape::block, virtual_routes},
    {"virtual_rules", Shape::block, virtual_rules},
    {"authentication", Shape::block, authentication},
    {"nopreempt", Shape::line, h::flag<&V::nopreempt_>},
    {"preempt", Shape::line, preempt},
    {"preempt_delay", Shape::line, preempt_delay},
    {"mcast_src_ip", Shape::line, mcast_src_ip},
    {"unicast_src_ip", Shape::line, unicast_src_ip},
    {"unicast_peer", Shape::block, unicast_peer},
    {"unicast_fault_no_peer", Shape::line, h::flag<&V::unicast_fault_no_peer_>},
    {"unicast_ttl", Shape::line, unicast_ttl},
    {"check_unicast_src", Shape::line, h::flag<&V::check_unicast_src_>},
    {"old_unicast_checksum", Shape::line, old_unicast_checksum},
    {"mcast_dst_ip", Shape::line, mcast_dst_ip},
    {"track_src_ip", Shape::line, h::flag<&V::track_src_ip_>},
    {"track_interface", Shape::block, tracked_handler<&config::Trackers::interfaces_, -253, 253, V>},
    {"track_script", Shape::block, tracked_handler<&config::Trackers::scripts_, -253, 253, V>},
    {"track_file", Shape::block, tracked_handler<&config::Trackers::files_, -254, 254, V>},
    {"track_process", Shape::block, tracked_handler<&config::Trackers::processes_, -254, 254, V>},
    {"track_bfd", Shape::block, tracked_handler<&config::Trackers::bfds_, -253, 253, V>},
    {"dont_track_primary", Shape::line, h::flag<&V::dont_track_primary_>},
    {"notify_master", Shape::line, notify},
    {"notify_backup", Shape::line, notify},
    {"notify_fault", Shape::line, notify},
    {"notify_stop", Shape::line, notify},
    {"notify", Shape::line, notify},
    {"notify_deleted", Shape::line, notify},
    {"notify_master_rx_lower_pri", Shape::line, notify},
    {"notify_priority_changes", Shape::line, h::boolean<&V::notify_priority_changes_>},
    {"smtp_alert", Shape::line, smtp_alert},
    {"garp_master_delay", Shape::line, garp_master_delay},
    {"garp_master_repeat", Shape::line, garp_master_repeat},
    {"garp_master_refresh", Shape::line, garp_master_refresh},
    {"garp_master_refresh_repeat", Shape::line, garp_master_refresh_repeat},
    {"garp_lower_prio_delay", Shape::line, garp_lower_prio_delay},
    {"garp_lower_prio_repeat", Shape::line, garp_lower_prio_repeat},
    {"garp_extra_if", Shape::line, garp_extra_if},
    {"vmac_garp_intvl", Shape::line, garp_extra_if},
    {"down_timer_adverts", Shape::line, down_timer_adverts},
    {"lower_prio_no_advert", Shape::line, h::boolean<&V::lower_prio_no_advert_>},
    {"higher_prio_send_advert", Shape::line, h::boolean<&V::higher_prio_send_advert_>},
    {"skip_check_adv_addr", Shape::line, skip_check_adv_addr},
    {"strict_mode", Shape::line, h::boolean<&V::strict_mode_>},
    {"accept", Shape::line, accept},
    {"no_accept", Shape::line, accept},
    {"promote_secondaries", Shape::line, h::flag<&V::promote_secondaries_>},
    {"use_vmac", Shape::line, use_vmac},
    {"use_vmac_addr", Shape::line, use_vmac_addr},
    {"vmac_xmit_base", Shape::line, vmac_xmit_base},
    {"use_ipvlan", Shape::line, use_ipvlan},
    {"vrf", Shape::line, h::string<&V::vrf_>},
    {"lvs_sync_daemon_interface", Shape::line, lvs_sync_daemon_interface},
    {"kernel_rx_buf_size", Shape::line, h::integer<&V::kernel_rx_buf_size_, 0, 0xffffffffLL>},
    {"linkbeat_use_polling", Shape::line, linkbeat_use_polling},
    {"debug", Shape::line, h::integer<&V::debug_, 0, 4>},
};

} // namespace

void bind_instance(BindContext& ctx, const Statement& s, config::VrrpInstance& vi) {
    bind_block<V>(ctx, s.block, instance_keywords, vi);
}

} // namespace vigil::parser
