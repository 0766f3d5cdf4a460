// Snapshots of the running state for the signal dumps (keepalived.data, .stats, .json)
// and for systemd's STATUS= line.
#include "vrrpd/vrrp_child.hpp"

#include "process/parent_dump.hpp"
#include "runtime/dump_file.hpp"
#include "vrrpd/dump.hpp"
#include "vrrpd/netlink_specs.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstring>

namespace vigil::vrrpd {
namespace {

int state_number(vrrp::State s) { return static_cast<int>(s); }

} // namespace

std::vector<InstanceSnapshot> VrrpChild::snapshots() const {
    std::vector<InstanceSnapshot> out;
    const auto wall_now = std::chrono::system_clock::now();
    const auto mono_now = vrrp::Clock::now();
    for (InstanceId id = 0; id < instance_count(); ++id) {
        const vrrp::Instance& inst = router_->instance(id);
        const vrrp::InstanceConfig& c = inst.config();
        const InstanceExtras& x = engine_.extras[id];
        InstanceSnapshot s;
        s.name = c.name;
        s.state = state_number(inst.state());
        s.wantstate = state_number(inst.want_state());
        s.version = static_cast<unsigned>(c.version);
        s.vrid = c.vrid;
        s.base_priority = inst.base_priority();
        s.effective_priority = inst.effective_priority();
        s.total_priority = static_cast<int>(inst.base_priority() + router_->tracker_weights(id));
        s.master_priority = inst.master_priority();
        if (inst.last_transition() != vrrp::TimePoint{}) {
            const auto wall = wall_now - (mono_now - inst.last_transition());
            s.last_transition = std::chrono::duration<double>(wall.time_since_epoch()).count();
        }
        s.interface = c.interface;
        s.native_ipv6 = c.family == net::Family::ipv6;
        for (const vrrp::SyncGroup& grp : router_->groups()) {
            for (InstanceId m : grp.members()) {
                if (m == id) {
                    s.sync_group = grp.name();
                }
            }
        }
        if (const vrrp::TimePoint next = inst.deadline(); next != vrrp::TimePoint::max()) {
            const auto wall = wall_now + (next - mono_now);
            s.read_timeout = std::chrono::duration<double>(wall.time_since_epoch()).count();
        }
        s.down_timer_adverts = c.down_timer_adverts;
        s.notify_priority_changes = c.notify_priority_changes == vrrp::Switch::on;
        s.unicast = !c.unicast_peers.empty();
        if (c.multicast_group) {
            s.multicast_address = c.multicast_group->to_string();
        } else {
            s.multicast_address = s.native_ipv6 ? "ff02::12" : "224.0.0.18";
        }
        if (const netlink::Interface* itf = catalog_.find(c.interface)) {
            s.multicast_ifindex = static_cast<unsigned>(itf->index);
        }
        for (const vrrp::UnicastPeer& p : x.peers) {
            s.unicast_peers.push_back(fmt::format("{} min_ttl {} max_ttl {}", p.address.to_string(), p.min_ttl, p.max_ttl));
        }
        s.unicast_ttl = x.unicast_ttl.value_or(255);
        // The instance's own check_unicast_src (keepalived does not show the global one here).
        s.check_unicast_src = x.model != nullptr && x.model->check_unicast_src_;
        if (runtime_[id].endpoint) {
            for (const OpenEndpoint& e : open_) {
                if (e.endpoint == *runtime_[id].endpoint) {
                    s.fd_in = e.fd;
                    s.fd_out = e.fd;
                }
            }
        }
        if (inst.state() == vrrp::State::fault) {
            s.script_if_faults = 1;
        }
        if (vmacs_ && vmacs_->base_of(c.interface)) {
            s.vmac_interface = c.interface;
            s.vmac_base = *vmacs_->base_of(c.interface);
            const netlink::Interface* itf = catalog_.find(c.interface);
            s.vmac_up = itf != nullptr && itf->up();
            s.vmac_xmit_base = x.model != nullptr && x.model->use_vmac_ && x.model->use_vmac_->xmit_base_;
        }
        s.adver_int_us = c.advert_interval.count();
        s.master_adver_int_us = inst.master_adver_interval().count();
        s.master_down_timer_us = inst.master_down_interval().count();
        s.accept = c.accept == vrrp::AcceptMode::accept;
        s.nopreempt = c.preempt == vrrp::PreemptMode::nopreempt;
        s.preempt_delay_us = c.preempt_delay.count();
        s.dont_track_primary = c.primary_tracking == vrrp::PrimaryTracking::dont_track;
        s.skip_check_adv_addr = x.skip_check_adv_addr;
        if (x.model != nullptr) {
            s.strict_mode = x.model->strict_mode_.value_or(model_->global_.vrrp_strict_);
            s.promote_secondaries = x.model->promote_secondaries_;
            const config::Notifies& n = x.model->notify_;
            for (auto [key, cmd] : {std::pair{"script_backup", &n.backup_}, {"script_master", &n.master_},
                                    {"script_fault", &n.fault_}, {"script_stop", &n.stop_},
                                    {"script_deleted", &n.deleted_script_}, {"script", &n.generic_},
                                    {"script_master_rx_lower_pri", &n.master_rx_lower_pri_}}) {
                if (cmd->has_value()) {
                    s.scripts.emplace_back(key, keepalived_command_text((*cmd)->argv_));
                }
            }
            s.notify_deleted = n.deleted_;
            s.unicast_configured = x.model->unicast_configured_;
            s.unicast_fault_no_peers = x.model->unicast_fault_no_peer_;
            s.source_from_config = x.model->mcast_src_ip_.has_value() || x.model->unicast_src_ip_.has_value();
            const config::VrrpInstance& m = *x.model;
            s.other_flags = m.nopreempt_ || m.dont_track_primary_ || x.skip_check_adv_addr || m.promote_secondaries_ ||
                            s.source_from_config || m.track_src_ip_ || m.check_unicast_src_ || m.use_vmac_ ||
                            m.use_vmac_addr_ || m.linkbeat_use_polling_;
            s.smtp_alert = notify::smtp_alert_enabled(x.model->smtp_alert_, model_->global_);
        }
        s.lower_prio_no_advert = c.lower_prio_no_advert == vrrp::Switch::on;
        s.higher_prio_send_advert = c.higher_prio_send_advert == vrrp::Switch::on;
        s.garp_delay_s = std::chrono::duration_cast<std::chrono::seconds>(c.garp.master_delay).count();
        s.garp_refresh_s = std::chrono::duration_cast<std::chrono::seconds>(c.garp.master_refresh).count();
        s.garp_rep = c.garp.master_repeat;
        s.garp_refresh_rep = c.garp.master_refresh_repeat;
        s.garp_lower_prio_delay_s = std::chrono::duration_cast<std::chrono::seconds>(c.garp.lower_prio_delay).count();
        s.garp_lower_prio_rep = c.garp.lower_prio_repeat;
        if (s.strict_mode) { // keepalived sends no lower-priority GARPs in strict mode
            s.garp_lower_prio_delay_s = 0;
            s.garp_lower_prio_rep = 0;
        }
        for (const auto& [list, target] : {std::pair{&c.vips, &s.vips}, {&c.evips, &s.evips}}) {
            for (const vrrp::VirtualAddress& v : *list) {
                auto opts = engine_.address_options.find(v.attributes);
                const bool set = inst.state() == vrrp::State::master;
                target->push_back(address_text(v, opts != engine_.address_options.end() ? opts->second : AddressOptions{}) +
                                  (set ? " set" : ""));
            }
        }
        for (const vrrp::VirtualRoute& r : c.routes) {
            s.vroutes.push_back(r.spec);
        }
        for (const vrrp::VirtualRule& r : c.rules) {
            s.vrules.push_back(r.spec);
        }
        for (const vrrp::TrackRef& t : c.trackers) {
            if (t.kind == vrrp::TrackerKind::interface) {
                s.track_ifp.push_back(fmt::format("{} weight {}", t.name, t.weight));
            } else if (t.kind == vrrp::TrackerKind::script) {
                s.track_script.push_back(fmt::format("{} weight {}", t.name, t.weight));
            }
        }
        if (c.auth_type == vrrp::AuthType::pass) {
            s.auth_type = "PASS";
        } else if (c.auth_type == vrrp::AuthType::ah) {
            s.auth_type = "AH";
        }
        if (c.auth_type != vrrp::AuthType::none) {
            s.auth_data = std::string(reinterpret_cast<const char*>(c.auth_data.data()),
                                      strnlen(reinterpret_cast<const char*>(c.auth_data.data()), c.auth_data.size()));
        }
        if (inst.master_address()) {
            s.master_address = inst.master_address()->to_string();
        }
        if (inst.source()) {
            s.source_address = inst.source()->to_string();
        }
        s.stats = runtime_[id].stats;
        s.stats.become_master = inst.stats().become_master;
        s.stats.release_master = inst.stats().release_master;
        out.push_back(std::move(s));
    }
    return out;
}

void VrrpChild::write_dump_files(int signo) noexcept {
    try {
        if (signo == SIGUSR1) {
            process::GlobalFacts facts = process::current_global_facts(model_->global_, process::DumpingProcess::vrrp, settings_);
            facts.lvs_syncd_vrid = lvs_syncd_vrid();
            if (firewall_ && !model_->global_.nftables_ && !model_->global_.vrrp_iptables_) {
                facts.nftables_table = "keepalived"; // the table the child's firewall made
            }
            const std::string global = process::format_global_definitions(model_->global_, model_->root_, facts);
            runtime::write_dump("keepalived.data", format_data(global, data_snapshot()));
        } else if (signo == SIGUSR2) {
            runtime::write_dump("keepalived.stats", format_stats(snapshots()));
        } else if (signo == SIGRTMAX - 1) {
            runtime::write_dump("keepalived.stats", format_stats(snapshots()));
            for (Runtime& r : runtime_) {
                r.stats = vrrp::Stats{};
            }
        } else if (signo == SIGRTMIN + 2) {
            runtime::write_dump("keepalived.json", format_json(snapshots()));
        }
    } catch (...) {
    }
}

void VrrpChild::update_status() noexcept {
    if (!status_dirty_ || stopping_ || !router_) {
        return;
    }
    status_dirty_ = false;
    try {
        std::vector<InstanceSnapshot> states(router_->instances().size());
        std::size_t k = 0;
        for (const vrrp::Instance& i : router_->instances()) {
            states[k++].state = state_number(i.state());
        }
        std::string text = format_status(states);
        if (text != last_status_) {
            channel_.status(text);
            last_status_ = std::move(text);
        }
    } catch (...) {
    }
}

} // namespace vigil::vrrpd
