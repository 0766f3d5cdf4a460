// vrrp_instance NAME { ... } (reference §3.3).
#include "parser/bind_address.hpp"
#include "parser/bind_blocks.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/bind_instance_handlers.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include <array>
#include <climits>

namespace vigil::parser {

namespace {

namespace h = handlers;
namespace ih = instance_handlers;
using config::VrrpInstance;
using V = VrrpInstance;

constexpr unsigned long timer_hz = 1000000;

void state(BindContext& ctx, const Statement& s, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    if (*w == "MASTER") {
        vi.state_ = config::InitialState::master;
    } else if (*w == "BACKUP") {
        if (vi.state_ == config::InitialState::master) {
            ctx.error(s.words[1].where, fmt::format("({}) state previously set as MASTER - ignoring BACKUP", vi.name_));
        } else {
            vi.state_ = config::InitialState::backup;
        }
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
    if (w->size() >= 16) {
        ctx.error(s.words[1].where, fmt::format("Interface name '{}' too long - ignoring", *w));
        return;
    }
    vi.interface_.reset();
    if (!ctx.lookup_interface(*w, BindContext::IfLookup::create_if_dynamic)) {
        ctx.error(s.words[1].where, fmt::format("WARNING - interface {} for vrrp_instance {} doesn't exist", *w, vi.name_));
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

void vrf(BindContext& ctx, const Statement& s, V& vi) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    if (w->size() >= 16) {
        ctx.error(s.words[1].where, fmt::format("({}) VRF interface name '{}' too long - ignoring", vi.name_, *w));
        return;
    }
    if (vi.interface_) {
        ctx.error(s.words[1].where, fmt::format("({}) Cannot specify VRF interface and interface - ignoring", vi.name_));
        return;
    }
    if (vi.vrf_) {
        ctx.error(s.words[1].where, fmt::format("({}) VRF interface already specified as '{}' - ignoring", vi.name_, *vi.vrf_));
        return;
    }
    if (!ctx.lookup_interface(*w, BindContext::IfLookup::create_if_dynamic)) {
        ctx.error(s.words[1].where, fmt::format("({}) WARNING - VRF interface {} doesn't exist", vi.name_, *w));
        return;
    }
    if (*w == "lo") {
        ctx.error(s.words[1].where, fmt::format("({}) cannot use a loopback interface ({}) for VRF - ignoring", vi.name_, *w));
        return;
    }
    vi.vrf_ = std::string{*w};
}

void virtual_router_id(BindContext& ctx, const Statement& s, V& vi) {
    if (const auto v = ctx.unsigned_at(s, 1, 1, 255)) {
        vi.virtual_router_id_ = static_cast<unsigned>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("({}): VRID '{}' not valid - must be between 1 & 255", vi.name_,
                                                s.words[1].text));
    }
}

void priority(BindContext& ctx, const Statement& s, V& vi) {
    if (const auto v = ctx.unsigned_at(s, 1, 1, 255)) {
        vi.priority_ = static_cast<unsigned>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where,
                  fmt::format("({}) Priority not valid! must be between 1 & 255. Using default 100", vi.name_));
        vi.priority_ = 100;
    }
}

void advert_int(BindContext& ctx, const Statement& s, V& vi) {
    const auto v = ctx.decimal_at(s, 1, timer_hz / 100, 255 * timer_hz, 6, Lenient::yes);
    if (!v || *v == 0) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("({}) Advert interval ({}) not valid! Must be > 0 - ignoring",
                                                    vi.name_, s.words[1].text));
        }
        return;
    }
    vi.advert_int_ = config::microseconds{*v};
}

void version(BindContext& ctx, const Statement& s, V& vi) {
    const auto v = ctx.int_at(s, 1, 2, 3, Lenient::yes);
    if (!v) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("({}): Version must be either 2 or 3", vi.name_));
        }
        return;
    }
    if ((vi.version_ && *vi.version_ != static_cast<unsigned>(*v)) || (*v == 2 && vi.family_ == net::Family::ipv6)) {
        ctx.error(s.words[1].where, fmt::format("({}) vrrp_version {} conflicts with configured or deduced version {}; "
                                                "ignoring.", vi.name_, *v, vi.version_.value_or(0)));
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
            if (t == "AH") {
                auth.type_ = config::AuthType::ah;
                have_type = true;
            } else if (t == "PASS") {
                auth.type_ = config::AuthType::pass;
                have_type = true;
            } else if (t) {
                ctx.error(line.words[1].where, fmt::format("({}) unknown authentication type '{}'", vi.name_, *t));
            }
        } else if (line.keyword() == "auth_pass") {
            if (const auto p = ctx.word(line, 1)) {
                auth.password_ = std::string{*p};
                if (auth.password_.size() > 8) {
                    ctx.error(line.words[1].where, "Truncating auth_pass to 8 characters");
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
    if (const auto v = ctx.decimal_at(s, 1, 0, 1000UL * timer_hz, 6, Lenient::yes)) {
        vi.preempt_delay_ = config::microseconds{*v};
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("({}) Preempt_delay not valid! must be between 0-1000", vi.name_));
        vi.preempt_delay_ = config::microseconds{0};
    }
}

void notify(BindContext& ctx, const Statement& s, V& vi) {
    bind_notify(ctx, s, vi.notify_, vi.name_, NotifyOwner::instance);
}

// garp_* of an instance: unsigned readings with "(NAME): KEYWORD 'X' invalid - ignoring".
template <typename Set>
void garp_value(BindContext& ctx, const Statement& s, V& vi, unsigned long min, unsigned long max,
                std::string_view invalid, Set set) {
    if (const auto v = ctx.unsigned_at(s, 1, min, max, Lenient::yes)) {
        set(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format(fmt::runtime(invalid), vi.name_, s.words[1].text));
    }
}

void garp_master_delay(BindContext& ctx, const Statement& s, V& vi) {
    garp_value(ctx, s, vi, 0, UINT_MAX / timer_hz, "({}): garp_master_delay '{}' invalid - ignoring",
               [&](unsigned long v) { vi.garp_master_delay_ = config::seconds{v}; });
}

void garp_repeat(BindContext& ctx, const Statement& s, V& vi, std::optional<unsigned>& out) {
    const auto kw = s.keyword();
    garp_value(ctx, s, vi, 0, UINT_MAX, fmt::format("({{}}): {} '{{}}' invalid - ignoring", kw), [&](unsigned long v) {
        if (v == 0) {
            ctx.error(s.words[1].where, fmt::format("({}): {} must be greater than 0, setting to 1", vi.name_, kw));
            v = 1;
        }
        out = static_cast<unsigned>(v);
    });
}

void garp_master_repeat(BindContext& ctx, const Statement& s, V& vi) {
    garp_repeat(ctx, s, vi, vi.garp_master_repeat_);
}

void garp_master_refresh(BindContext& ctx, const Statement& s, V& vi) {
    if (const auto v = ctx.unsigned_at(s, 1, 0, UINT_MAX, Lenient::yes)) {
        vi.garp_master_refresh_ = config::seconds{*v};
    } else {
        ctx.error(s.words[1].where, fmt::format("({}): Invalid garp_master_refresh '{}' - ignoring", vi.name_,
                                                s.words[1].text));
        vi.garp_master_refresh_ = config::seconds{0};
    }
}

void garp_master_refresh_repeat(BindContext& ctx, const Statement& s, V& vi) {
    garp_repeat(ctx, s, vi, vi.garp_master_refresh_repeat_);
}

void garp_lower_prio_delay(BindContext& ctx, const Statement& s, V& vi) {
    garp_value(ctx, s, vi, 0, UINT_MAX / timer_hz, "({}): garp_lower_prio_delay '{}' invalid - ignoring",
               [&](unsigned long v) { vi.garp_lower_prio_delay_ = config::seconds{v}; });
}

void garp_lower_prio_repeat(BindContext& ctx, const Statement& s, V& vi) {
    garp_value(ctx, s, vi, 0, INT_MAX, "({}): Invalid garp_lower_prio_repeat '{}'",
               [&](unsigned long v) { vi.garp_lower_prio_repeat_ = static_cast<unsigned>(v); });
}

void garp_extra_if(BindContext& ctx, const Statement& s, V& vi) {
    if (auto v = bind_garp_extra_if(ctx, s, vi.name_)) {
        vi.garp_extra_if_ = *v;
    }
}

void down_timer_adverts(BindContext& ctx, const Statement& s, V& vi) {
    garp_value(ctx, s, vi, 1, 100, "({}): Invalid down_timer_adverts [1:100] '{}'",
               [&](unsigned long v) { vi.down_timer_adverts_ = static_cast<unsigned>(v); });
}

// [BOOL] flags of an instance with "(NAME) invalid KEYWORD X specified".
template <std::optional<bool> V::*Member>
void instance_bool(BindContext& ctx, const Statement& s, V& vi) {
    if (!BindContext::has(s, 1)) {
        vi.*Member = true;
        return;
    }
    const int v = check_true_false(s.words[1].text);
    if (v < 0) {
        ctx.error(s.words[1].where, fmt::format("({}) invalid {} {} specified", vi.name_, s.keyword(), s.words[1].text));
        return;
    }
    vi.*Member = v == 1;
}

void skip_check_adv_addr(BindContext& ctx, const Statement& s, V& vi) {
    if (BindContext::has(s, 1) && check_true_false(s.words[1].text) < 0) {
        ctx.error(s.words[1].where, fmt::format("({}) invalid skip_check_adv_addr {} specified", vi.name_, s.words[1].text));
        return;
    }
    vi.skip_check_adv_addr_ = true;  // keepalived sets it for any valid value, "off" included
}

void accept(BindContext&, const Statement& s, V& vi) {
    vi.accept_ = s.keyword() == "accept";
}

void smtp_alert(BindContext& ctx, const Statement& s, V& vi) {
    if (!BindContext::has(s, 1)) {
        vi.smtp_alert_ = true;
        return;
    }
    const int v = check_true_false(s.words[1].text);
    if (v < 0) {
        ctx.error(s.words[1].where, fmt::format("Invalid vrrp_instance smtp_alert parameter {}", s.words[1].text));
        return;
    }
    vi.smtp_alert_ = v == 1;
}

void notify_priority_changes(BindContext& ctx, const Statement& s, V& vi) {
    if (!BindContext::has(s, 1)) {
        vi.notify_priority_changes_ = true;
        return;
    }
    const int v = check_true_false(s.words[1].text);
    if (v < 0) {
        ctx.error(s.words[1].where, fmt::format("({}) Invalid value '{}' for notify_priority_changes specified", vi.name_,
                                                s.words[1].text));
        return;
    }
    vi.notify_priority_changes_ = v == 1;
}

void debug(BindContext& ctx, const Statement& s, V& vi) {
    if (const auto v = ctx.unsigned_at(s, 1, 0, 4, Lenient::yes)) {
        vi.debug_ = static_cast<unsigned>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("({}) Debug value '{}' not valid; must be between 0-4", vi.name_,
                                                s.words[1].text));
    }
}

void kernel_rx_buf_size(BindContext& ctx, const Statement& s, V& vi) {
    if (s.words.size() == 2) {
        if (const auto v = ctx.unsigned_at(s, 1, 0, UINT_MAX)) {
            vi.kernel_rx_buf_size_ = static_cast<std::uint32_t>(*v);
            return;
        }
    }
    ctx.error(s.where, fmt::format("({}) invalid kernel_rx_buf_size specified", vi.name_));
}

void lvs_sync_daemon_interface(BindContext& ctx, const Statement& s, V& vi) {
    ctx.error(s.words[0].where, fmt::format("({}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.",
                                            vi.name_));
    ctx.error(s.words[0].where, fmt::format("      {:{}}Please use global lvs_sync_daemon", "",
                                            vi.name_.size() >= 2 ? vi.name_.size() - 2 : 0));
    if (!ctx.recall("lvs_sync_daemon").empty()) {
        ctx.error(s.where, fmt::format("({}) lvs_sync_daemon_interface has already been specified as {} - ignoring",
                                       vi.name_, ctx.recall("lvs_sync_daemon").substr(0, ctx.recall("lvs_sync_daemon").find(' '))));
        return;
    }
    if (const auto w = ctx.word(s, 1)) {
        ctx.remember("lvs_sync_daemon", fmt::format("{} {}", *w, vi.name_));
        vi.lvs_sync_daemon_interface_ = std::string{*w};
    }
}

void linkbeat_use_polling(BindContext& ctx, const Statement& s, V& vi) {
    ctx.error(s.words[0].where, fmt::format("({}) 'linkbeat_use_polling' in vrrp instance deprecated - use "
                                            "linkbeat_interfaces block", vi.name_));
    vi.linkbeat_use_polling_ = true;
}

template <auto List>
void tracked(BindContext& ctx, const Statement& s, V& vi) {
    bind_tracked(ctx, s, vi.track_.*List, 0, 0, vi.name_);
}

constexpr Keyword<V> instance_keywords[] = {
    {"state", Shape::line, state},
    {"interface", Shape::line, interface},
    {"virtual_router_id", Shape::line, virtual_router_id},
    {"priority", Shape::line, priority},
    {"advert_int", Shape::line, advert_int},
    {"version", Shape::line, version},
    {"native_ipv6", Shape::line, ih::native_ipv6},
    {"virtual_ipaddress", Shape::block, virtual_ipaddress},
    {"virtual_ipaddress_excluded", Shape::block, virtual_ipaddress_excluded},
    {"virtual_routes", Shape::block, virtual_routes},
    {"virtual_rules", Shape::block, virtual_rules},
    {"authentication", Shape::block, authentication},
    {"nopreempt", Shape::line, h::flag<&V::nopreempt_>},
    {"preempt", Shape::line, preempt},
    {"preempt_delay", Shape::line, preempt_delay},
    {"mcast_src_ip", Shape::line, ih::mcast_src_ip},
    {"unicast_src_ip", Shape::line, ih::unicast_src_ip},
    {"unicast_peer", Shape::block, ih::unicast_peer},
    {"unicast_fault_no_peer", Shape::line, ih::unicast_fault_no_peer},
    {"unicast_ttl", Shape::line, ih::unicast_ttl},
    {"check_unicast_src", Shape::line, ih::check_unicast_src},
    {"old_unicast_checksum", Shape::line, ih::old_unicast_checksum},
    {"mcast_dst_ip", Shape::line, ih::mcast_dst_ip},
    {"track_src_ip", Shape::line, h::flag<&V::track_src_ip_>},
    {"track_interface", Shape::block, tracked<&config::Trackers::interfaces_>},
    {"track_script", Shape::block, tracked<&config::Trackers::scripts_>},
    {"track_file", Shape::block, tracked<&config::Trackers::files_>},
    {"track_process", Shape::block, tracked<&config::Trackers::processes_>},
    {"track_bfd", Shape::block, tracked<&config::Trackers::bfds_>},
    {"dont_track_primary", Shape::line, h::flag<&V::dont_track_primary_>},
    {"notify_master", Shape::line, notify},
    {"notify_backup", Shape::line, notify},
    {"notify_fault", Shape::line, notify},
    {"notify_stop", Shape::line, notify},
    {"notify", Shape::line, notify},
    {"notify_deleted", Shape::line, notify},
    {"notify_master_rx_lower_pri", Shape::line, notify},
    {"notify_priority_changes", Shape::line, notify_priority_changes},
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
    {"lower_prio_no_advert", Shape::line, instance_bool<&V::lower_prio_no_advert_>},
    {"higher_prio_send_advert", Shape::line, instance_bool<&V::higher_prio_send_advert_>},
    {"skip_check_adv_addr", Shape::line, skip_check_adv_addr},
    {"strict_mode", Shape::line, instance_bool<&V::strict_mode_>},
    {"accept", Shape::line, accept},
    {"no_accept", Shape::line, accept},
    {"promote_secondaries", Shape::line, h::flag<&V::promote_secondaries_>},
    {"use_vmac", Shape::line, ih::use_vmac},
    {"use_vmac_addr", Shape::line, ih::use_vmac_addr},
    {"vmac_xmit_base", Shape::line, ih::vmac_xmit_base},
    {"use_ipvlan", Shape::line, ih::use_ipvlan},
    {"vrf", Shape::line, vrf},
    {"lvs_sync_daemon_interface", Shape::line, lvs_sync_daemon_interface},
    {"kernel_rx_buf_size", Shape::line, kernel_rx_buf_size},
    {"linkbeat_use_polling", Shape::line, linkbeat_use_polling},
    {"debug", Shape::line, debug},
};

} // namespace

void bind_instance(BindContext& ctx, const Statement& s, config::VrrpInstance& vi) {
    bind_block<V>(ctx, s.block, instance_keywords, vi);
    // vrrp_end_handler
    // use_vmac_addr or vmac_xmit_base alone leave the VMAC off (model.hpp, UseVmac::enabled_).
    const bool vmac = (vi.use_vmac_ && vi.use_vmac_->enabled_) || vi.use_ipvlan_;
    if (vi.unicast_configured_ && vmac) {
        if (!vi.interface_) {
            ctx.error(s.where, fmt::format("({}): Cannot use VMAC/ipvlan with unicast and no interface - clearing use_vmac",
                                           vi.name_));
            vi.use_vmac_.reset();
            vi.use_ipvlan_.reset();
        } else if (vi.use_vmac_ && vi.use_vmac_->enabled_ && !vi.use_vmac_->xmit_base_) {
            ctx.error(s.where, fmt::format("({}) unicast with use_vmac requires vmac_xmit_base - setting", vi.name_));
            vi.use_vmac_->xmit_base_ = true;
        }
    }
    if (vi.unicast_peers_.empty() && vi.unicast_ttl_) {
        ctx.error(s.where, fmt::format("({}): Cannot use unicast_ttl without unicast peers - resetting", vi.name_));
        vi.unicast_ttl_.reset();
    }
}

} // namespace vigil::parser
