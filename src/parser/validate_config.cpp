#include "parser/validate_config.hpp"

#include "parser/bind_address.hpp"
#include "parser/bind_context.hpp"
#include "parser/validate_scripts.hpp"
#include "parser/validate_lvs.hpp"
#include "util/rounding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace vigil::parser {

namespace {

using config::Config;
using net::Family;
using config::InitialState;
using config::VrrpInstance;

constexpr std::size_t max_vips = 255;

// ---- phase 1: interfaces (keepalived stops after this phase when one is missing) ----

// Interfaces are looked up while binding (if_get_by_ifname); a missing one ends keepalived's
// VRRP checks here with "Non-existent interface specified in configuration" (CONFIG_BAD_IF).
bool check_interfaces(BindContext& ctx) {
    const bool ok = !ctx.non_existent_interface();
    if (!ok) {
        ctx.diagnostics().report(Severity::error, ExitClass::fatal, Location{},
                                 "Non-existent interface specified in configuration", LinePrefix::none);
    }
    return ok;
}

// ---- phase 3: sync groups ----

void check_sync_groups(Config& cfg, BindContext& ctx) {
    if (cfg.sync_groups_.empty()) {
        return;
    }
    std::unordered_set<std::string_view> names;
    names.reserve(cfg.instances_.size());
    for (const auto& vi : cfg.instances_) {
        names.insert(vi.name_);
    }
    std::erase_if(cfg.sync_groups_, [&](config::SyncGroup& sg) {
        std::erase_if(sg.members_, [&](const std::string& m) {
            const bool found = names.contains(m);
            if (!found) {
                ctx.warning(sg.location_,
                            fmt::format("Virtual router {} specified in sync group {} doesn't exist - ignoring", m, sg.name_));
            }
            return !found;
        });
        if (sg.members_.empty()) {
            ctx.warning(sg.location_, fmt::format("Sync group {} has no virtual router(s). removing", sg.name_));
            return true;
        }
        if (sg.members_.size() == 1) {
            ctx.warning(sg.location_, fmt::format("Sync group {} has only 1 virtual router(s) - this probably isn't what "
                                                  "you want", sg.name_));
        }
        return false;
    });
}

// Name indexes over the (no longer changing) scripts and sync groups, built once so that
// completing N instances stays linear. The first script / group with a name wins, like a
// front-to-back search would.
struct Indexes {
    std::unordered_map<std::string_view, const config::SyncGroup*> group_of_;
    std::unordered_map<std::string_view, const config::VrrpScript*> script_;

    explicit Indexes(const Config& cfg) {
        for (const auto& sg : cfg.sync_groups_) {
            for (const auto& m : sg.members_) {
                group_of_.emplace(m, &sg);
            }
        }
        script_.reserve(cfg.scripts_.size());
        for (const auto& s : cfg.scripts_) {
            script_.emplace(s.name_, &s);
        }
    }
    const config::SyncGroup* group(std::string_view name) const {
        const auto it = group_of_.find(name);
        return it == group_of_.end() ? nullptr : it->second;
    }
    const config::VrrpScript* script(std::string_view name) const {
        const auto it = script_.find(name);
        return it == script_.end() ? nullptr : it->second;
    }
};

// ---- phase 4: instances (vrrp_complete_instance) ----

// keepalived's ipaddresstos(): the address, and "/PREFIX" unless it is a host prefix.
std::string address_with_prefix(const config::VirtualAddress& a) {
    const unsigned host = a.address_.family() == net::Family::ipv4 ? 32 : 128;
    return a.prefix_ == host ? a.address_.to_string() : fmt::format("{}/{}", a.address_.to_string(), a.prefix_);
}

// Returns false when the instance must be removed.
bool complete_instance(VrrpInstance& vi, const Config& cfg, const Indexes& index, BindContext& ctx) {
    const auto& g = cfg.global_;
    const auto& at = vi.location_;
    if (!vi.virtual_router_id_ || !vi.interface_) {
        return false;  // chk_min_cfg() reported it
    }
    // keepalived's vrrp_end_handler and vrrp_complete_instance on VMAC flags. use_vmac_addr
    // alone stays a flag there (VMACs for VIPs on other interfaces); the model drops it, but the
    // VIP checks below still see it.
    const bool instance_vmac = vi.use_vmac_ && vi.use_vmac_->enabled_;
    const bool vmac_addr = vi.use_vmac_ && vi.use_vmac_->use_vmac_addr_;
    if (vi.use_vmac_ && !vi.use_vmac_->enabled_) {
        if (vi.use_vmac_->xmit_base_) {
            ctx.error(at, fmt::format("({}) vmac_xmit_base is only valid with a vmac", vi.name_));
        }
        vi.use_vmac_.reset();
    }
    // unicast with use_vmac: bind_instance (vrrp_end_handler) sets vmac_xmit_base.
    if (!vi.family_) {
        if (!vi.unicast_peers_.empty()) {
            vi.family_ = vi.unicast_peers_.front().address_.family();
        } else if (vi.unicast_src_ip_) {
            vi.family_ = vi.unicast_src_ip_->family();
        } else if (vi.mcast_src_ip_) {
            vi.family_ = vi.mcast_src_ip_->family();
        } else {
            vi.family_ = Family::ipv4;
        }
    }
    // Any unicast keyword without peers: multicast, deprecated since 2.2.4 (a config error
    // in 2.2.7) unless unicast_fault_no_peer asks for the fault state instead.
    if (vi.unicast_configured_ && vi.unicast_peers_.empty() && !vi.unicast_fault_no_peer_) {
        ctx.error(at, fmt::format("({}) A unicast keyword has been specified without any unicast peers. Defaulting to "
                                  "multicast. This usage is deprecated - please update your configuration.",
                                  vi.name_));
    }
    if (!vi.version_) {
        vi.version_ = *vi.family_ == Family::ipv6 ? 3U : g.vrrp_version_;
    }
    const bool strict = vi.strict_mode_.value_or(g.vrrp_strict_);
    if (strict && *vi.family_ == Family::ipv6 && *vi.version_ == 2) {
        ctx.error(at, fmt::format("({}) cannot use IPv6 with VRRP version 2; setting version 3", vi.name_));
        vi.version_ = 3;
    }

    // Priority and state (reference §4): no priority -> 255 with state MASTER, else 100.
    if (!vi.priority_) {
        vi.priority_ = vi.state_ == InitialState::master ? 255U : 100U;
    }
    if (!vi.state_) {
        vi.state_ = *vi.priority_ == 255 ? InitialState::master : InitialState::backup;
    }
    if (strict && (*vi.state_ == InitialState::master) != (*vi.priority_ == 255)) {
        ctx.error(at, fmt::format("({}) State MASTER must match being address owner", vi.name_));
        vi.state_ = *vi.priority_ == 255 ? InitialState::master : InitialState::backup;
    }
    if (vi.authentication_ && vi.authentication_->type_ == config::AuthType::ah &&
        *vi.state_ == InitialState::master && *vi.priority_ != 255) {
        ctx.warning(at, fmt::format("({}) Initial state master is incompatible with AH authentication - clearing", vi.name_));
        vi.state_ = InitialState::backup;
    }
    if (vi.nopreempt_ && *vi.priority_ == 255) {
        ctx.warning(at, fmt::format("({}) nopreempt is incompatible with priority 255. resetting nopreempt", vi.name_));
        vi.nopreempt_ = false;
    } else if (vi.nopreempt_ && *vi.state_ == InitialState::master) {
        ctx.warning(at, fmt::format("({}) Warning - nopreempt will not work with initial state MASTER - clearing", vi.name_));
        vi.nopreempt_ = false;
    }
    if (vi.preempt_delay_.count() != 0) {
        if (strict) {
            ctx.error(at, fmt::format("({}) preempt_delay is incompatible with strict mode - resetting", vi.name_));
            vi.preempt_delay_ = {};
        } else if (*vi.state_ == InitialState::master) {
            ctx.warning(at, fmt::format("({}) Warning - preempt delay will not work with initial state MASTER - clearing",
                                        vi.name_));
            vi.preempt_delay_ = {};
        } else if (vi.nopreempt_) {
            ctx.warning(at, fmt::format("({}) preempt_delay is incompatible with nopreempt mode - resetting", vi.name_));
            vi.preempt_delay_ = {};
        }
    }

    // Authentication: VRRPv2 only, not strict, not AH over IPv6 (reference §3.3).
    if (vi.authentication_) {
        if (*vi.version_ == 3) {
            ctx.error(at, fmt::format("({}) VRRP version 3 does not support authentication. Ignoring.", vi.name_));
            vi.authentication_.reset();
        } else if (strict) {
            ctx.error(at, fmt::format("({}) Strict mode does not support authentication. Ignoring.", vi.name_));
            vi.authentication_.reset();
        } else if (*vi.family_ == Family::ipv6 && vi.authentication_->type_ == config::AuthType::ah) {
            ctx.error(at, fmt::format("({}) Cannot use AH for IPv6 - ignoring", vi.name_));
            vi.authentication_.reset();
        } else if (vi.authentication_->password_.empty()) {
            ctx.error(at, fmt::format("({}) no authentication password specified - ignoring", vi.name_));
            vi.authentication_.reset();
        }
    }

    // Advertisement interval: v2 whole seconds, v3 centiseconds below 40.96 s (RFC 5798 §5.2.7).
    const auto us = vi.advert_int_.count();
    if (*vi.version_ == 2 && us % 1000000 != 0) {
        ctx.warning(at, fmt::format("({}) VRRPv2 advertisement interval {:f}s must be an integer. rounding", vi.name_,
                                    static_cast<double>(us) / 1e6));
        vi.advert_int_ = config::microseconds{std::max<long long>(1, util::round_half_away(static_cast<double>(us) / 1e6)) * 1000000};
    } else if (*vi.version_ == 3) {
        if (us % 10000 != 0) {
            ctx.warning(at, fmt::format("({}) VRRPv3 advertisement interval {:f}s must be in units of 10ms - rounding",
                                        vi.name_, static_cast<double>(us) / 1e6));
            vi.advert_int_ = config::microseconds{std::max<long long>(1, util::round_half_away(static_cast<double>(us) / 1e4)) * 10000};
        }
        if (vi.advert_int_.count() >= 40960000) {
            ctx.warning(at, fmt::format("({}) VRRPv3 advertisement interval {:f}s must be less than 40.96s - setting to 40.95",
                                        vi.name_, static_cast<double>(vi.advert_int_.count()) / 1e6));
            vi.advert_int_ = config::microseconds{40950000};
        }
    }

    // VIPs (reference §3.3): none is a warning in v2, an error in v3 or strict.
    if (vi.vips_.empty()) {
        if (*vi.version_ == 3 || strict) {
            ctx.error(at, fmt::format("({}) No VIP specified; at least one is required", vi.name_));
        } else {
            ctx.warning(at, fmt::format("({}) No VIP specified; at least one is sensible", vi.name_));
        }
    } else if (vi.vips_.size() > max_vips) {
        ctx.warning(at, fmt::format("({}) Number of VIPs ({}) exceeds maximum/space available in packet (max {} addresses) "
                                    "- excess moved to eVIPs", vi.name_, vi.vips_.size(), max_vips));
        vi.evips_.insert(vi.evips_.begin(), vi.vips_.begin() + max_vips, vi.vips_.end());
        vi.vips_.resize(max_vips);
    }
    if (strict && *vi.family_ == Family::ipv6 && vi.unicast_peers_.empty() && !vi.vips_.empty() &&
        !vi.vips_.front().address_.is_link_local()) {
        ctx.error(at, fmt::format("({}) the first IPv6 VIP address should be link local", vi.name_));
    }

    if (vi.use_vmac_ || vi.use_ipvlan_) {
        if (vi.promote_secondaries_) {
            ctx.warning(at, fmt::format("({}) promote_secondaries is automatically set for vmacs - ignoring", vi.name_));
            vi.promote_secondaries_ = false;
        }
    }
    // A VIP's own use_vmac (vrrp_complete_instance): redundant on the instance's interface
    // and family when the instance has a VMAC; refused on another interface or family with
    // use_vmac_addr (which already gives those a VMAC).
    for (auto* list : {&vi.vips_, &vi.evips_}) {
        for (auto& a : *list) {
            if (!a.use_vmac_) {
                continue;
            }
            const bool on_instance_if = !a.dev_ || *a.dev_ == *vi.interface_;
            const bool same_family = !vi.family_ || a.address_.family() == *vi.family_;
            if (on_instance_if && instance_vmac && same_family) {
                ctx.warning(a.location_, fmt::format("({}) use_vmac specified for VIP/eVIP {} and vrrp instance",
                                                     vi.name_, address_with_prefix(a)));
                a.use_vmac_ = false;
            } else if ((!on_instance_if || !same_family) && vmac_addr) {
                ctx.warning(a.location_, fmt::format("({}) use_vmac_addr specified and use_vmac specified for VIP/eVIP {}",
                                                     vi.name_, address_with_prefix(a)));
                a.use_vmac_ = false;
            }
        }
    }

    // Strict mode forces (reference §4).
    if (strict) {
        if (vi.garp_lower_prio_delay_ || vi.garp_lower_prio_repeat_) {
            ctx.error(at, fmt::format("({}) Strict mode does not support garp_lower_prio_* - ignoring", vi.name_));
            vi.garp_lower_prio_delay_.reset();
            vi.garp_lower_prio_repeat_.reset();
        }
        if (vi.use_vmac_ && vi.use_vmac_->mac_) {
            ctx.error(at, fmt::format("({}) Strict mode does not support specifying VMAC MAC address - ignoring", vi.name_));
            vi.use_vmac_->mac_.reset();
        }
        if (vi.accept_ == true && *vi.version_ == 2 && *vi.priority_ != 255) {
            ctx.error(at, fmt::format("({}) Strict mode does not support accept mode for VRRPv2 non-owner - ignoring",
                                      vi.name_));
            vi.accept_ = false;
        }
        vi.lower_prio_no_advert_ = true;
        vi.higher_prio_send_advert_ = false;
        vi.down_timer_adverts_ = 3;
    }
    if (!vi.accept_) {
        vi.accept_ = !(strict && *vi.priority_ != 255);
    }

    // Trackers: an owner's weights are meaningless; sync group members lose weights unless
    // the group has sync_group_tracking_weight (reference §4 "Weights").
    const auto* group = index.group(vi.name_);
    const bool drop_weights = *vi.priority_ == 255 || (group != nullptr && !group->sync_group_tracking_weight_);
    std::erase_if(vi.track_.interfaces_, [&](config::TrackedObject& t) {
        if (vi.interface_ && t.name_ == *vi.interface_) {
            ctx.warning(t.location_, fmt::format("({}) Ignoring track_interface {} since own interface", vi.name_, t.name_));
            return true;
        }
        if (drop_weights && t.weight_.value_or(0) != 0) {
            ctx.warning(t.location_, fmt::format("({}) ignoring {} tracked interface weight due to {}", vi.name_,
                                                 t.name_, group != nullptr ? "SYNC group" : "address owner"));
            t.weight_ = 0;
        }
        return false;
    });
    std::erase_if(vi.track_.scripts_, [&](const config::TrackedObject& t) {
        const auto* script = index.script(t.name_);
        const int weight = t.weight_.value_or(script != nullptr ? script->weight_ : 0);
        if (drop_weights && weight != 0) {
            ctx.warning(t.location_, fmt::format("({}) ignoring tracked script {} with weights due to {}", vi.name_,
                                                 t.name_, group != nullptr ? "SYNC group" : "address owner"));
            return true;
        }
        return false;
    });
    for (auto* list : {&vi.track_.files_, &vi.track_.processes_}) {
        for (auto& t : *list) {
            if (drop_weights && t.weight_.value_or(1) != 0) {
                ctx.warning(t.location_, fmt::format("({}) ignoring weight of tracked {} due to {}", vi.name_, t.name_,
                                                     group != nullptr ? "SYNC group" : "address owner"));
                t.weight_ = 0;
            }
        }
    }
    // keepalived removes weighted track_bfd entries (the weight defaults to the
    // bfd_instance's own), with its "address_owner" spelling.
    std::erase_if(vi.track_.bfds_, [&](const config::TrackedObject& t) {
        int weight = t.weight_.value_or(0);
        if (!t.weight_) {
            for (const auto& b : cfg.bfd_instances_) {
                if (b.tracked_by_vrrp_ && b.name_ == t.name_) {
                    weight = b.weight_;
                    break;
                }
            }
        }
        if (drop_weights && weight != 0) {
            ctx.warning(t.location_, fmt::format("({}) ignoring tracked bfd {} with weight {} due to {}", vi.name_,
                                                 t.name_, weight, group != nullptr ? "SYNC group" : "address_owner"));
            return true;
        }
        return false;
    });
    return true;
}

// Two multicast instances may not share VRID, family and interface (reference §4).
// Instances are bucketed by (VRID, family, interface); the pairs are reported in the same
// order as a pairwise scan (i ascending, then j > i ascending).
void check_duplicate_vrids(const Config& cfg, BindContext& ctx) {
    struct Key {
        std::optional<unsigned> vrid_;
        std::optional<Family> family_;
        std::string_view interface_;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept {
            std::size_t h = std::hash<std::string_view>{}(k.interface_);
            h = h * 31 + (k.vrid_ ? *k.vrid_ + 1 : 0);
            h = h * 31 + (k.family_ ? static_cast<std::size_t>(*k.family_) + 1 : 0);
            return h;
        }
    };
    const auto& list = cfg.instances_;
    std::unordered_map<Key, std::vector<std::size_t>, KeyHash> buckets;
    buckets.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& vi = list[i];
        if (vi.interface_ && vi.unicast_peers_.empty()) {
            buckets[Key{vi.virtual_router_id_, vi.family_, *vi.interface_}].push_back(i);
        }
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& a = list[i];
        if (!a.interface_ || !a.unicast_peers_.empty()) {
            continue;
        }
        const auto& members = buckets.find(Key{a.virtual_router_id_, a.family_, *a.interface_})->second;
        if (members.size() < 2) {
            continue;
        }
        for (auto it = std::upper_bound(members.begin(), members.end(), i); it != members.end(); ++it) {
            const auto& b = list[*it];
            {
                ctx.error(b.location_, fmt::format("{} and {} both use VRID {} with {} on interface {}", a.name_, b.name_,
                                                   *a.virtual_router_id_, net::family_name(*a.family_), *a.interface_));
            }
        }
    }
}

void check_track_groups(const Config& cfg, BindContext& ctx) {
    auto known = [&](const std::optional<std::string>& name) {
        return !name || std::any_of(cfg.root_.track_groups_.begin(), cfg.root_.track_groups_.end(),
                                    [&](const config::TrackGroup& tg) { return tg.name_ == *name; });
    };
    for (const auto& a : cfg.static_addresses_) {
        if (!known(a.track_group_)) {
            ctx.error(a.location_, fmt::format("track_group {} not found", *a.track_group_));
        }
    }
    for (const auto& r : cfg.static_routes_) {
        if (!known(r.track_group_)) {
            ctx.error(r.location_, fmt::format("track_group {} not found", *r.track_group_));
        }
    }
    for (const auto& r : cfg.static_rules_) {
        if (!known(r.track_group_)) {
            ctx.error(r.location_, fmt::format("track_group {} not found", *r.track_group_));
        }
    }
}

} // namespace

void validate_config(config::Config& cfg, BindContext& ctx) {
    Diagnostics& diagnostics = ctx.diagnostics();
    diagnostics.set_phase(Phase::vrrp);
    check_track_groups(cfg, ctx);
    // keepalived reports missing interfaces and then stops checking (CONFIG_BAD_IF); the
    // derivations below still run, silently, so that the model is complete.
    Diagnostics silent;
    const bool interfaces_ok = check_interfaces(ctx);
    if (!interfaces_ok) {
        ctx.redirect(&silent);
    }
    BindContext& quiet = ctx;
    check_vrrp_scripts(cfg, quiet);
    // chk_min_cfg(): the first instance without VRID or interface ends keepalived's checks.
    for (const auto& vi : cfg.instances_) {
        if (!vi.virtual_router_id_) {
            ctx.error(vi.location_, fmt::format("({}) the virtual router id must be set", vi.name_));
        } else if (!vi.interface_) {
            ctx.error(vi.location_, fmt::format("({}) Unknown interface!", vi.name_));
        } else {
            continue;
        }
        ctx.redirect(&silent);
        break;
    }
    check_sync_groups(cfg, quiet);
    const Indexes index{cfg};
    std::erase_if(cfg.instances_, [&](VrrpInstance& vi) { return !complete_instance(vi, cfg, index, quiet); });
    check_duplicate_vrids(cfg, quiet);
    if (!cfg.instances_.empty()) {
        report_unused_vrrp_scripts(cfg, quiet);
    }
    ctx.redirect(&diagnostics);
    // keepalived's checker process checks its part whatever the interfaces.
    diagnostics.set_phase(Phase::checker);
    validate_lvs(cfg, ctx.system(), diagnostics);
    diagnostics.set_phase(Phase::stream);
}

} // namespace vigil::parser
