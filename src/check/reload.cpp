// Engine: reload (keepalived's check_daemon.c reload_check_thread/start_check and
// ipwrapper.c clear_diff_services, migrate_checkers, check_new_rs_state).
//
// What a reload keeps (reference §2 "Reload diff"): a virtual server is the same when it
// names the same group at the same ordinal, or has the same family and fwmark, or the same
// family, protocol, address and port; a real server when it has the same address and port.
// Kept servers keep their state and their table entries; only changed settings are edited;
// removed ones are taken out; new ones are added as at start-up. Checkers whose type and
// options are unchanged keep their state.
#include "check/engine.hpp"

#include "check/names.hpp"

#include <fmt/format.h>

namespace vigil::check {

namespace {

bool same_virtual_server(const VirtualServerState& a, const VirtualServerState& b) noexcept {
    const config::VirtualServer& x = *a.config;
    const config::VirtualServer& y = *b.config;
    const bool group_a = x.kind_ == config::VirtualServerKind::group;
    const bool group_b = y.kind_ == config::VirtualServerKind::group;
    if (group_a != group_b) {
        return false;
    }
    if (group_a) {
        return x.group_ == y.group_ && x.group_ordinal_ == y.group_ordinal_;
    }
    if (a.family != b.family) {
        return false;
    }
    const bool fwmark_a = x.kind_ == config::VirtualServerKind::fwmark && x.fwmark_ != 0;
    if (fwmark_a) {
        return y.kind_ == config::VirtualServerKind::fwmark && y.fwmark_ == x.fwmark_;
    }
    const bool fwmark_b = y.kind_ == config::VirtualServerKind::fwmark && y.fwmark_ != 0;
    return !fwmark_b && a.protocol == b.protocol && x.address_ == y.address_ && x.port_ == y.port_;
}

bool same_entry(const config::VirtualServerGroupEntry& a, const config::VirtualServerGroupEntry& b) noexcept {
    if (a.is_fwmark_ != b.is_fwmark_) {
        return false;
    }
    if (a.is_fwmark_) {
        return a.fwmark_ == b.fwmark_;
    }
    return a.first_ == b.first_ && a.last_ == b.last_ && a.port_ == b.port_;
}

bool service_settings_changed(const config::VirtualServer& a, const config::VirtualServer& b) noexcept {
    return a.scheduler_ != b.scheduler_ || a.flags_ != b.flags_ || a.persistence_engine_ != b.persistence_engine_ ||
           a.persistence_granularity_ != b.persistence_granularity_ ||
           a.persistence_timeout_ != b.persistence_timeout_;
}

bool destination_settings_changed(const ServerState& a, const ServerState& b) noexcept {
    return a.forwarding != b.forwarding || a.tunnel_type != b.tunnel_type || a.tunnel_port != b.tunnel_port ||
           a.tunnel_flags != b.tunnel_flags;
}

bool same_connection(const config::Checker& a, const config::RealServer& rs_a, const config::Checker& b,
                     const config::RealServer& rs_b) {
    const auto& x = a.connection_;
    const auto& y = b.connection_;
    return checker_address(a, rs_a) == checker_address(b, rs_b) && checker_port(a, rs_a) == checker_port(b, rs_b) &&
           x.bindto_ == y.bindto_ && x.bind_port_ == y.bind_port_ && x.bind_if_ == y.bind_if_ &&
           x.connect_timeout_ == y.connect_timeout_ && x.fwmark_ == y.fwmark_;
}

// keepalived's per-type compare functions: FILE_CHECK has none and never migrates; a
// BFD_CHECK migrates when it follows the same bfd_instance (check_bfd.c compare_bfd_check).
bool same_checker(const config::Checker& a, const config::RealServer& rs_a, const config::Checker& b,
                  const config::RealServer& rs_b) {
    if (a.type_ != b.type_) {
        return false;
    }
    switch (a.type_) {
    case config::CheckerType::tcp:
    case config::CheckerType::udp:
    case config::CheckerType::ping:
        return same_connection(a, rs_a, b, rs_b);
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get:
    case config::CheckerType::smtp:
    case config::CheckerType::dns:
        return same_connection(a, rs_a, b, rs_b) && a.detail_ == b.detail_;
    case config::CheckerType::misc: {
        const auto& x = std::get<config::MiscCheck>(a.detail_);
        const auto& y = std::get<config::MiscCheck>(b.detail_);
        return x.dynamic_ == y.dynamic_ && x.script_ == y.script_ && x.user_ == y.user_;
    }
    case config::CheckerType::bfd:
        return a.detail_ == b.detail_;
    case config::CheckerType::file:
        break;
    }
    return false;
}

} // namespace

void Engine::reload(std::shared_ptr<const config::Config> config, TimePoint now, Actions& out) {
    if (phase_ == Phase::stopped) {
        return;
    }
    const std::shared_ptr<const config::Config> old_config = std::move(config_); // alive until the end
    Build old{std::move(topology_), std::move(checkers_)};
    config_ = std::move(config);
    apply_globals(*config_);
    track_files_ = track_files_of(*config_, track_files_);
    Build next;
    build(*config_, track_files_, next);
    topology_ = std::move(next.topology);
    checkers_ = std::move(next.checkers);
    if (phase_ == Phase::configured) {
        initial_state(); // nothing programmed yet: start() will
        return;
    }
    schedule_.reset(checkers_.size());
    for (VirtualServerState& vs : topology_.virtual_servers) {
        const unsigned need = vs.config->quorum_ + vs.config->hysteresis_;
        vs.quorum_up = live_weight(vs) >= static_cast<std::int64_t>(need);
    }
    file_weights();
    diff_services(old, out);
    files_down(true, out);
    set_effective_weights();
    // keepalived's check_new_rs_state: new servers with alpha checkers start down.
    for (CheckerState& checker : checkers_) {
        if (rs_of(checker).reloaded || !checker.alpha) {
            continue;
        }
        set_checker_state(checker, false);
        rs_of(checker).alive = false;
    }
    Pool pool(topology_, settings_, out);
    pool.set_reloading(true);
    for (VirtualServerState& vs : topology_.virtual_servers) {
        pool.init_virtual_server(vs);
    }
    register_checkers(now, out);
}

void Engine::diff_services(Build& old, Actions& out) {
    Pool old_pool(old.topology, settings_, out);
    Pool new_pool(topology_, settings_, out);
    for (VirtualServerState& old_vs : old.topology.virtual_servers) {
        VirtualServerState* new_vs = nullptr;
        for (VirtualServerState& candidate : topology_.virtual_servers) {
            if (same_virtual_server(old_vs, candidate)) {
                new_vs = &candidate;
                break;
            }
        }
        if (new_vs == nullptr) {
            old_pool.log(old_vs.group != nullptr
                             ? fmt::format("Removing Virtual Server Group [{}]", old_vs.config->group_)
                             : fmt::format("Removing Virtual Server {}", old_vs.name));
            old_pool.clear_virtual_server(old_vs, Stopping::no);
            continue;
        }
        new_vs->alive = old_vs.alive;
        new_vs->quorum_up = old_vs.quorum_up;
        new_vs->reloaded = true;
        new_vs->ha_suspend_addresses = old_vs.ha_suspend_addresses;
        if (old_vs.group != nullptr && new_vs->group != nullptr) {
            for (int pass = 0; pass < 2; ++pass) {
                for (GroupEntryState& entry : old_vs.group->entries) {
                    if (entry.config->is_fwmark_ != (pass == 1)) {
                        continue;
                    }
                    bool kept = false;
                    for (GroupEntryState& candidate : new_vs->group->entries) {
                        if (same_entry(*entry.config, *candidate.config)) {
                            candidate.reloaded = true;
                            kept = true;
                            break;
                        }
                    }
                    if (!kept) {
                        old_pool.log(fmt::format("VS [{}] in group {} no longer exists",
                                                 group_entry_text(*entry.config, old_vs.protocol, EntryWording::removed),
                                                 old_vs.config->group_));
                        old_pool.remove_group_entry(old_vs, entry);
                    }
                }
            }
        }
        if (service_settings_changed(*old_vs.config, *new_vs->config)) {
            new_pool.command(ipvs::Operation::edit_service, *new_vs, nullptr);
        }
        old_vs.omega = true;
        if (!old_vs.servers.empty()) {
            for (ServerState& old_rs : old_vs.servers) {
                ServerState* new_rs = nullptr;
                for (ServerState& candidate : new_vs->servers) {
                    if (same_server(old_rs, candidate)) {
                        new_rs = &candidate;
                        break;
                    }
                }
                if (new_rs == nullptr) {
                    old_pool.log(fmt::format("service {} no longer exist", old_rs.name));
                    old_pool.clear_server(old_vs, old_rs, Stopping::no);
                    continue;
                }
                new_rs->alive = old_rs.alive;
                new_rs->set = old_rs.set;
                new_rs->effective_weight = old_rs.effective_weight;
                new_rs->previous_weight = old_rs.effective_weight;
                new_rs->reloaded = true;
                migrate_checkers(new_pool, old, *new_vs, old_rs, *new_rs);
                if ((new_rs->alive && new_rs->effective_weight != old_rs.effective_weight) ||
                    destination_settings_changed(old_rs, *new_rs)) {
                    new_pool.command(ipvs::Operation::edit_destination, *new_vs, new_rs);
                }
            }
            old_pool.update_vs_notifies(old_vs, Stopping::no);
        }
        if (old_vs.sorry) {
            ServerState& old_sorry = *old_vs.sorry;
            if (new_vs->sorry && same_server(old_sorry, *new_vs->sorry)) {
                new_vs->sorry->alive = old_sorry.alive;
                new_vs->sorry->set = old_sorry.set;
                new_vs->sorry->effective_weight = new_vs->sorry->configured_weight;
                new_vs->sorry->reloaded = true;
            } else {
                if (old_sorry.inhibit) {
                    if (!old_sorry.alive && old_sorry.set) {
                        old_sorry.alive = true;
                    }
                    old_sorry.inhibit = false;
                }
                if (old_sorry.alive) {
                    old_pool.log(fmt::format("Removing sorry server {} from VS {}", old_sorry.name, old_vs.name));
                    old_pool.command(ipvs::Operation::remove_destination, old_vs, &old_sorry);
                }
            }
        }
        if (old_vs.group != nullptr && new_vs->group != nullptr) {
            for (const GroupEntryState& entry : old_vs.group->entries) {
                for (GroupEntryState& candidate : new_vs->group->entries) {
                    if (same_entry(*entry.config, *candidate.config)) {
                        candidate.tcp_alive = entry.tcp_alive;
                        candidate.udp_alive = entry.udp_alive;
                        candidate.sctp_alive = entry.sctp_alive;
                        candidate.fwm4_alive = entry.fwm4_alive;
                        candidate.fwm6_alive = entry.fwm6_alive;
                        break;
                    }
                }
            }
        }
    }
}

void Engine::migrate_checkers(Pool& pool, const Build& old, VirtualServerState& new_vs, const ServerState& old_rs,
                              ServerState& new_rs) {
    if (!old_rs.checkers.empty()) {
        for (const CheckerIndex new_id : new_rs.checkers) {
            CheckerState& fresh = checkers_[new_id];
            for (const CheckerIndex old_id : old_rs.checkers) {
                const CheckerState& previous = old.checkers[old_id];
                if (!same_checker(*previous.config, *old_rs.config, *fresh.config, *new_rs.config)) {
                    continue;
                }
                if (previous.has_run && previous.is_up != fresh.is_up) {
                    set_checker_state(fresh, previous.is_up);
                }
                fresh.has_run = previous.has_run;
                // Enough failures for the new retry value: one more fails it.
                if (previous.retry_it != 0 && fresh.retry != 0) {
                    fresh.retry_it = previous.retry_it >= fresh.retry ? fresh.retry - 1 : previous.retry_it;
                }
                if (fresh.type == config::CheckerType::misc) {
                    fresh.last_exit_code = previous.last_exit_code;
                    fresh.last_ran = previous.last_ran;
                    if (fresh.dynamic && previous.last_exit_code != 1) {
                        // keepalived 2.2.7's arithmetic, including its exit status 0 case.
                        const auto code = static_cast<std::int64_t>(previous.last_exit_code);
                        fresh.cur_weight = code - (code != 0 ? 2 : 0) - new_rs.configured_weight;
                    }
                }
                break;
            }
        }
    }
    new_rs.failed_checkers = 0;
    bool any_run = false;
    for (const CheckerIndex id : new_rs.checkers) {
        const CheckerState& checker = checkers_[id];
        if (checker.has_run && !checker.is_up) {
            ++new_rs.failed_checkers;
        }
        any_run = any_run || checker.has_run;
    }
    if (new_rs.failed_checkers != 0 || (!new_rs.alive && !any_run)) {
        for (const CheckerIndex id : new_rs.checkers) {
            CheckerState& checker = checkers_[id];
            if (checker.has_run) {
                continue;
            }
            if (checker.alpha) {
                set_checker_state(checker, false);
            }
            checker.retry_it = checker.retry; // one failure is enough
        }
    }
    if (new_rs.failed_checkers == 0 && !new_rs.alive) {
        pool.change_state(new_vs, new_rs, true);
    } else if (new_rs.failed_checkers != 0 && new_rs.set != new_rs.inhibit) {
        pool.command(new_rs.inhibit ? ipvs::Operation::add_destination : ipvs::Operation::remove_destination, new_vs,
                     &new_rs);
    }
}

} // namespace vigil::check
