#include "vrrpconf/engine_config.hpp"

#include "util/log.hpp"
#include "vrrp/tracking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace vigil::vrrpconf {
namespace {

// netlink address_flag values (linux/if_addr.h IFA_F_*).
constexpr std::uint32_t ifa_homeaddress = 0x10;
constexpr std::uint32_t ifa_managetempaddr = 0x100;
constexpr std::uint32_t ifa_noprefixroute = 0x200;
constexpr std::uint32_t ifa_mcautojoin = 0x400;

std::string join(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& w : words) {
        if (!text.empty()) {
            text += ' ';
        }
        text += w;
    }
    return text;
}

vrrp::VirtualAddress engine_address(const config::VirtualAddress& a, const std::string& interface) {
    vrrp::VirtualAddress v;
    v.address = a.address_;
    v.prefix_length = static_cast<std::uint8_t>(a.prefix_);
    v.interface = a.dev_.value_or(interface);
    v.attributes = address_attributes(a);
    v.tracking = a.no_track_ ? vrrp::AddressTracking::no_track : vrrp::AddressTracking::tracked;
    return v;
}

template <typename T>
T pick(const std::optional<T>& instance, T global) {
    return instance ? *instance : global;
}

vrrp::Switch to_switch(bool on) { return on ? vrrp::Switch::on : vrrp::Switch::off; }

vrrp::TrackerReverse reverse_of(config::TrackDirection d) {
    return d == config::TrackDirection::reverse ? vrrp::TrackerReverse::reverse
                                                : vrrp::TrackerReverse::normal;
}

} // namespace

std::string address_attributes(const config::VirtualAddress& a) {
    std::string text = fmt::format("scope {}", a.scope_);
    if (a.broadcast_) {
        text += " brd " + a.broadcast_->to_string();
    }
    if (a.label_) {
        text += " label " + *a.label_;
    }
    if (a.peer_) {
        text += fmt::format(" peer {}/{}", a.peer_->to_string(), a.peer_prefix_.value_or(a.peer_->max_prefix()));
    }
    for (auto [on, word] : {std::pair{a.home_, "home"}, {a.nodad_, "-nodad"}, {a.mngtmpaddr_, "mngtmpaddr"},
                            {a.noprefixroute_, "noprefixroute"}, {a.autojoin_, "autojoin"}, {a.use_vmac_, "use_vmac"}}) {
        if (on) {
            text += ' ';
            text += word;
        }
    }
    switch (a.preferred_lft_kind_) {
    case config::PreferredLft::default_:
        break;
    case config::PreferredLft::forever:
        text += " preferred_lft forever";
        break;
    case config::PreferredLft::value:
        text += fmt::format(" preferred_lft {}", a.preferred_lft_);
        break;
    }
    return text;
}

AddressOptions address_options(const config::VirtualAddress& a) {
    AddressOptions o;
    o.scope = a.scope_;
    if (a.broadcast_) {
        o.broadcast = *a.broadcast_;
    }
    if (a.peer_) {
        o.peer = *a.peer_;
        o.peer_prefix = static_cast<std::uint8_t>(a.peer_prefix_.value_or(a.peer_->max_prefix()));
    }
    o.label = a.label_.value_or("");
    o.flags = (a.home_ ? ifa_homeaddress : 0) | (a.mngtmpaddr_ ? ifa_managetempaddr : 0) |
              (a.noprefixroute_ ? ifa_noprefixroute : 0) | (a.autojoin_ ? ifa_mcautojoin : 0);
    o.dad = a.nodad_;
    switch (a.preferred_lft_kind_) {
    case config::PreferredLft::default_:
        break;
    case config::PreferredLft::forever:
        o.preferred_lft = 0xffffffffU;
        break;
    case config::PreferredLft::value:
        o.preferred_lft = a.preferred_lft_;
        break;
    }
    return o;
}

EngineConfig engine_config_of(const config::Config& config) {
    const config::GlobalDefs& g = config.global_;
    EngineConfig out;
    std::set<std::string> used_scripts;
    std::set<std::string> used_files;
    std::set<std::string> used_processes;

    auto find_script = [&](const std::string& name) -> const config::VrrpScript* {
        for (const config::VrrpScript& s : config.scripts_) {
            if (s.name_ == name && s.script_) {
                return &s;
            }
        }
        return nullptr;
    };
    auto find_file = [&](const std::string& name) -> const config::TrackFile* {
        for (const config::TrackFile& f : config.track_files_) {
            if (f.name_ == name && f.file_) {
                return &f;
            }
        }
        return nullptr;
    };
    auto find_process = [&](const std::string& name) -> const config::TrackProcess* {
        for (const config::TrackProcess& p : config.track_processes_) {
            if (p.name_ == name && p.process_) {
                return &p;
            }
        }
        return nullptr;
    };

    for (const config::VrrpInstance& m : config.instances_) {
        vrrp::InstanceConfig c;
        c.name = m.name_;
        c.vrid = static_cast<std::uint8_t>(m.virtual_router_id_.value_or(0));
        c.family = m.family_.value_or(net::Family::ipv4);
        c.version = m.version_.value_or(g.vrrp_version_) == 3 ? vrrp::ProtocolVersion::v3
                                                              : vrrp::ProtocolVersion::v2;
        c.interface = m.interface_.value_or("");
        c.priority = static_cast<std::uint8_t>(m.priority_.value_or(100));
        c.initial_state = m.state_.value_or(config::InitialState::backup) == config::InitialState::master
                              ? vrrp::InitialState::master
                              : vrrp::InitialState::backup;
        c.advert_interval = m.advert_int_;
        c.preempt = m.nopreempt_ ? vrrp::PreemptMode::nopreempt : vrrp::PreemptMode::preempt;
        c.preempt_delay = m.preempt_delay_;
        const bool strict = m.strict_mode_.value_or(g.vrrp_strict_);
        c.accept = m.accept_.value_or(!strict || c.priority == vrrp::owner_priority)
                       ? vrrp::AcceptMode::accept
                       : vrrp::AcceptMode::no_accept;
        for (const config::VirtualAddress& a : m.vips_) {
            c.vips.push_back(engine_address(a, c.interface));
            out.address_options.emplace(c.vips.back().attributes, address_options(a));
        }
        for (const config::VirtualAddress& a : m.evips_) {
            c.evips.push_back(engine_address(a, c.interface));
            out.address_options.emplace(c.evips.back().attributes, address_options(a));
        }
        for (const config::Route& r : m.virtual_routes_) {
            c.routes.push_back({join(r.tokens_)});
            out.routes.emplace(c.routes.back().spec, &r);
        }
        for (const config::Rule& r : m.virtual_rules_) {
            c.rules.push_back({join(r.tokens_)});
            out.rules.emplace(c.rules.back().spec, &r);
        }
        if (m.unicast_src_ip_) {
            c.source = *m.unicast_src_ip_;
        } else if (m.mcast_src_ip_) {
            c.source = *m.mcast_src_ip_;
        }
        InstanceExtras extras;
        extras.model = &m;
        for (const vrrp::VirtualAddress& v : c.vips) {
            extras.vip_addresses.push_back(v.address);
        }
        for (const config::UnicastPeer& p : m.unicast_peers_) {
            c.unicast_peers.push_back(p.address_);
            vrrp::UnicastPeer peer;
            peer.address = p.address_;
            peer.min_ttl = static_cast<std::uint8_t>(p.min_ttl_.value_or(0));
            peer.max_ttl = static_cast<std::uint8_t>(p.max_ttl_.value_or(255));
            extras.peers.push_back(peer);
        }
        const bool check_src = m.check_unicast_src_ || g.vrrp_check_unicast_src_ ||
                               std::any_of(m.unicast_peers_.begin(), m.unicast_peers_.end(), [](const auto& p) {
                                   return p.min_ttl_ || p.max_ttl_;
                               });
        extras.check_unicast_src = check_src ? vrrp::UnicastSourceCheck::on : vrrp::UnicastSourceCheck::off;
        if (m.old_unicast_checksum_) {
            extras.unicast_checksum = *m.old_unicast_checksum_ == config::OldUnicastChecksum::never
                                          ? vrrp::UnicastChecksum::never
                                          : vrrp::UnicastChecksum::old;
        }
        extras.skip_check_adv_addr = m.skip_check_adv_addr_.value_or(g.vrrp_skip_check_adv_addr_);
        if (m.unicast_ttl_) {
            extras.unicast_ttl = static_cast<std::uint8_t>(*m.unicast_ttl_);
        }
        if (m.authentication_ && c.version == vrrp::ProtocolVersion::v2) {
            c.auth_type = m.authentication_->type_ == config::AuthType::ah ? vrrp::AuthType::ah : vrrp::AuthType::pass;
            const std::string& pw = m.authentication_->password_;
            std::copy_n(pw.begin(), std::min<std::size_t>(pw.size(), c.auth_data.size()), c.auth_data.begin());
        }
        if (m.mcast_dst_ip_) {
            c.multicast_group = *m.mcast_dst_ip_;
        } else {
            const net::IpAddress& grp = c.family == net::Family::ipv4 ? g.vrrp_mcast_group4_ : g.vrrp_mcast_group6_;
            if (grp != (c.family == net::Family::ipv4 ? vrrp::vrrp_multicast_v4 : vrrp::vrrp_multicast_v6)) {
                c.multicast_group = grp;
            }
        }
        c.down_timer_adverts = strict ? 3U : m.down_timer_adverts_.value_or(g.vrrp_down_timer_adverts_);
        c.lower_prio_no_advert = to_switch(strict || m.lower_prio_no_advert_.value_or(g.vrrp_lower_prio_no_advert_.value_or(false)));
        c.higher_prio_send_advert = to_switch(!strict && m.higher_prio_send_advert_.value_or(g.vrrp_higher_prio_send_advert_.value_or(false)));
        c.notify_priority_changes = to_switch(m.notify_priority_changes_.value_or(g.vrrp_notify_priority_changes_));
        c.notify_master_rx_lower_pri = to_switch(m.notify_.master_rx_lower_pri_.has_value() ||
                                                 g.vrrp_notify_fifo_.has_value() || g.notify_fifo_.has_value());
        c.deleted_notify = m.notify_.deleted_ ? vrrp::DeletedNotify::deleted : vrrp::DeletedNotify::fault;

        // GARP: instance > global; vrrp_min_garp changes the global defaults.
        const bool min_garp = g.vrrp_min_garp_;
        c.garp.master_delay = pick(m.garp_master_delay_, min_garp ? config::seconds{0} : g.vrrp_garp_master_delay_);
        c.garp.master_repeat = pick(m.garp_master_repeat_, min_garp ? 1U : g.vrrp_garp_master_repeat_);
        c.garp.master_refresh = pick(m.garp_master_refresh_, min_garp ? config::seconds{0} : g.vrrp_garp_master_refresh_);
        c.garp.master_refresh_repeat = pick(m.garp_master_refresh_repeat_, g.vrrp_garp_master_refresh_repeat_);
        c.garp.lower_prio_delay = pick(m.garp_lower_prio_delay_,
                                       g.vrrp_garp_lower_prio_delay_.value_or(
                                           std::chrono::duration_cast<config::seconds>(c.garp.master_delay)));
        c.garp.lower_prio_repeat = pick(m.garp_lower_prio_repeat_, g.vrrp_garp_lower_prio_repeat_.value_or(c.garp.master_repeat));

        // Tracking: the instance's own, then its sync group's.
        std::vector<const config::Trackers*> sets{&m.track_};
        for (const config::SyncGroup& sg : config.sync_groups_) {
            if (std::find(sg.members_.begin(), sg.members_.end(), m.name_) != sg.members_.end()) {
                sets.push_back(&sg.track_);
            }
        }
        for (const config::Trackers* t : sets) {
            for (const config::TrackedObject& o : t->interfaces_) {
                if (o.name_ == c.interface) {
                    continue; // "(X) Ignoring track_interface IF since own interface" (load)
                }
                c.trackers.push_back({vrrp::TrackerKind::interface, o.name_, o.weight_.value_or(0), reverse_of(o.direction_)});
            }
            for (const config::TrackedObject& o : t->scripts_) {
                const config::VrrpScript* s = find_script(o.name_);
                if (s == nullptr) {
                    log::info("({}) track script {} not found, ignoring...", m.name_, o.name_);
                    continue;
                }
                used_scripts.insert(o.name_);
                const auto dir = o.weight_ ? o.direction_ : s->direction_;
                c.trackers.push_back({vrrp::TrackerKind::script, o.name_, o.weight_.value_or(s->weight_), reverse_of(dir)});
            }
            for (const config::TrackedObject& o : t->files_) {
                const config::TrackFile* f = find_file(o.name_);
                if (f == nullptr) {
                    continue;
                }
                used_files.insert(o.name_);
                const auto dir = o.weight_ ? o.direction_ : f->direction_;
                c.trackers.push_back({vrrp::TrackerKind::file, o.name_, o.weight_.value_or(f->weight_), reverse_of(dir)});
            }
            for (const config::TrackedObject& o : t->processes_) {
                const config::TrackProcess* p = find_process(o.name_);
                if (p == nullptr) {
                    continue;
                }
                used_processes.insert(o.name_);
                const auto dir = o.weight_ ? o.direction_ : p->direction_;
                c.trackers.push_back({vrrp::TrackerKind::process, o.name_, o.weight_.value_or(p->weight_), reverse_of(dir)});
            }
            for (const config::TrackedObject& o : t->bfds_) {
                // The weight (and its direction) default to the bfd_instance's own.
                const auto b = std::find_if(config.bfd_instances_.begin(), config.bfd_instances_.end(),
                                            [&](const config::BfdInstance& i) { return i.tracked_by_vrrp_ && i.name_ == o.name_; });
                if (b == config.bfd_instances_.end()) {
                    continue;
                }
                const auto dir = o.weight_ ? o.direction_
                                           : (b->weight_reverse_ ? config::TrackDirection::reverse : config::TrackDirection::normal);
                vrrp::TrackRef ref{vrrp::TrackerKind::bfd, o.name_, o.weight_.value_or(b->weight_), reverse_of(dir)};
                // keepalived's add_vrrp_to_track_bfd: a session the instance tracks itself and
                // through its sync group counts once, with the group's weight unless the
                // instance's entry is unweighted.
                const auto same = std::find_if(c.trackers.begin(), c.trackers.end(), [&](const vrrp::TrackRef& r) {
                    return r.kind == vrrp::TrackerKind::bfd && r.name == o.name_;
                });
                if (t != &m.track_ && same != c.trackers.end()) {
                    log::info("({}) track_bfd {} is configured on VRRP instance and sync group. Remove vrrp instance config",
                              m.name_, o.name_);
                    if (same->weight != 0) {
                        same->weight = ref.weight;
                        same->reverse = ref.reverse;
                    }
                    continue;
                }
                c.trackers.push_back(std::move(ref));
            }
        }
        c.primary_tracking = m.dont_track_primary_ ? vrrp::PrimaryTracking::dont_track : vrrp::PrimaryTracking::track;
        out.instances.push_back(std::move(c));
        out.extras.push_back(std::move(extras));
    }

    for (const config::SyncGroup& sg : config.sync_groups_) {
        vrrp::SyncGroupConfig grp;
        grp.name = sg.name_;
        grp.members = sg.members_;
        grp.tracking_weight = to_switch(sg.sync_group_tracking_weight_);
        grp.notify_priority_changes = to_switch(sg.notify_priority_changes_.value_or(g.vrrp_notify_priority_changes_));
        out.groups.push_back(std::move(grp));
    }
    vrrp::normalise_tracking(out.instances, out.groups);

    for (const config::VrrpScript& s : config.scripts_) {
        if (used_scripts.contains(s.name_) && s.script_) {
            out.used_scripts.push_back(&s);
        }
    }
    for (const config::TrackFile& f : config.track_files_) {
        if (used_files.contains(f.name_) && f.file_) {
            out.used_files.push_back(&f);
        }
    }
    for (const config::TrackProcess& p : config.track_processes_) {
        if (used_processes.contains(p.name_) && p.process_) {
            out.processes.push_back(&p);
        }
    }
    return out;
}

vrrp::ReceiveExpectations expectations_of(const vrrp::InstanceConfig& instance,
                                          const InstanceExtras& extras,
                                          std::uint8_t effective_priority) {
    vrrp::ReceiveExpectations e;
    e.version = static_cast<std::uint8_t>(instance.version);
    e.auth_type = instance.auth_type;
    e.auth_data = instance.auth_data;
    e.interval = std::chrono::duration_cast<vrrp::Centiseconds>(instance.advert_interval);
    e.priority = effective_priority;
    e.unicast_peers = extras.peers;
    e.addresses = extras.vip_addresses;
    e.check_unicast_src = extras.check_unicast_src;
    e.unicast_checksum = extras.unicast_checksum;
    if (instance.multicast_group && instance.family == net::Family::ipv4) {
        e.ipv4_multicast_group = *instance.multicast_group;
    }
    return e;
}

} // namespace vigil::vrrpconf
