// Configuration: building the engine and everything around it from the model at
// start-up, and replacing it on SIGHUP (the engine matches old and new instances, see
// vrrp::Router::reload; sockets, trackers and per-instance counters follow).
#include "vrrpd/vrrp_child.hpp"

#include "process/open_file_limit.hpp"
#include "process/process_config.hpp"
#include "util/log.hpp"

#include <algorithm>

namespace vigil::vrrpd {

void VrrpChild::build(std::shared_ptr<const config::Config> config) {
    model_ = std::move(config);
    const config::GlobalDefs& g = model_->global_;
    resolve_default_script_user(*model_);
    engine_ = engine_config_of(*model_, notify_.default_user());
    if (VmacLinks::used_by(*model_)) {
        if (!vmacs_) {
            vmacs_ = std::make_unique<VmacLinks>(*table_, g);
        }
        vmacs_->assign(engine_, catalog_);
    }
    if (!firewall_) {
        firewall_ = VipFirewall::create_if_needed(g, engine_, VmacLinks::vmac_used_by(*model_));
    }
    if (vmacs_) {
        vmacs_->bring_up_all(catalog_, firewall_ ? &firewall_->firewall() : nullptr);
        // The monitor has queued the VMACs' intermediate states (created down, then up):
        // they are history, the re-read below is the present.
        [[maybe_unused]] auto drained = monitor_->read_events([](const netlink::NetlinkEvent&) {});
        load_interfaces();
    }
    // The Router takes the instances' and groups' configurations over (no second copy).
    router_ = std::make_unique<vrrp::Router>(std::move(engine_.instances), std::move(engine_.groups));
    runtime_.clear();
    runtime_.resize(instance_count());
    notify_.configure(g);
    smtp_.configure(g);
    bind_trackers();
}

// keepalived's set_vrrp_max_fds (vrrp_daemon.c): 2 descriptors per instance (a VMAC one
// needs both), 1 per smtp_alert keyword, 23 of the child's own and 20 spare; nothing without
// instances.
void VrrpChild::ensure_descriptors(const config::Config& config) noexcept {
    if (config.instances_.empty()) {
        return;
    }
    constexpr std::size_t own_and_spare = 23 + 20;
    const auto alerts = static_cast<std::size_t>(
        std::count_if(config.instances_.begin(), config.instances_.end(),
                      [](const config::VrrpInstance& i) { return i.smtp_alert_.has_value(); }) +
        std::count_if(config.sync_groups_.begin(), config.sync_groups_.end(),
                      [](const config::SyncGroup& g) { return g.smtp_alert_.has_value(); }));
    process::raise_open_file_limit(config.instances_.size() * 2 + alerts + own_and_spare);
}

// The default script user is looked up once, when first needed: without scripts (and no
// script_user) it is never used, and the lookup would load the NSS modules for nothing.
void VrrpChild::resolve_default_script_user(const config::Config& config) {
    const config::GlobalDefs& g = config.global_;
    if (script_user_resolved_ || (!g.script_user_ && !process::runs_scripts(config))) {
        return;
    }
    script_user_resolved_ = true;
    std::optional<std::string> group;
    if (g.script_user_) {
        group = g.script_user_->group_;
    }
    if (auto user = script::default_script_user(g.script_user_ ? std::optional(g.script_user_->user_) : std::nullopt, group)) {
        notify_.set_default_user(*user);
    } else {
        log::info("Unable to set default user for scripts");
    }
}

void VrrpChild::reload() noexcept {
    if (stopping_) {
        return;
    }
    log::info("Reloading");
    scheduling_.reset(); // keepalived: "Use standard scheduling while reloading"
    {
        // The masters' last adverts with the old configuration (see
        // Router::advertise_before_reload): a peer that has not reloaded yet accepts them.
        vrrp::Actions before;
        router_->advertise_before_reload(vrrp::Clock::now(), before);
        execute(before);
    }
    try {
        std::shared_ptr<const config::Config> fresh = reload_ ? reload_() : nullptr;
        if (!fresh) {
            reload_finished(ReloadResult::failed);
            scheduling_.apply(model_->global_);
            channel_.config_read();
            return;
        }
        const vrrp::TimePoint now = vrrp::Clock::now();
        resolve_default_script_user(*fresh);
        EngineConfig next = engine_config_of(*fresh, notify_.default_user());
        if (!vmacs_ && VmacLinks::used_by(*fresh)) {
            vmacs_ = std::make_unique<VmacLinks>(*table_, fresh->global_);
        }
        if (vmacs_) {
            vmacs_->assign(next, catalog_);
        }
        if (!firewall_) {
            firewall_ = VipFirewall::create_if_needed(fresh->global_, next, VmacLinks::vmac_used_by(*fresh));
        }
        std::vector<std::optional<net::IpAddress>> sources;
        sources.reserve(next.instances.size());
        for (const vrrp::InstanceConfig& c : next.instances) {
            sources.push_back(source_of(c));
        }
        // May throw: nothing touched. The Router takes the new configurations over and hands
        // the old ones back in plan.retired.
        vrrp::ReloadPlan plan = router_->reload(std::move(next.instances), std::move(next.groups), now, sources);
        // Retire with the old configuration (old ids), then switch.
        EngineConfig old_engine = std::move(engine_);
        std::shared_ptr<const config::Config> old_model = model_;
        execute(plan.retire, Context{&old_engine, old_model.get(), nullptr, plan.retired});
        if (vmacs_) {
            // Old VMACs go once their instances let go; new ones appear to the monitor, which
            // attaches their instances.
            vmacs_->retire();
            vmacs_->bring_up_all(catalog_, firewall_ ? &firewall_->firewall() : nullptr);
        }
        std::vector<Runtime> old_runtime = std::move(runtime_);
        engine_ = std::move(next);
        model_ = std::move(fresh);
        runtime_.clear();
        runtime_.resize(instance_count());
        for (InstanceId o = 0; o < plan.old_to_new.size(); ++o) {
            if (plan.old_to_new[o]) {
                Runtime& n = runtime_[*plan.old_to_new[o]];
                n.stats = old_runtime[o].stats;
                n.ip_id = old_runtime[o].ip_id;
                n.ah_sequence = old_runtime[o].ah_sequence;
                n.last_master = old_runtime[o].last_master;
                n.reported_source = old_runtime[o].reported_source;
                n.source_reported = old_runtime[o].source_reported;
            }
        }
        ensure_descriptors(*model_); // before the new sockets
        // Sockets: acquire the new set before releasing the old (shared ones stay open).
        std::vector<std::optional<rawip::AdvertEndpoint>> old_endpoints;
        for (Runtime& r : old_runtime) {
            old_endpoints.push_back(r.endpoint);
        }
        attach_endpoints();
        for (const auto& e : old_endpoints) {
            if (e) {
                release(*e);
            }
        }
        smtp_.configure(model_->global_); // the new instances' first alerts use the new settings
        reload_monitoring(); // the new instances' D-Bus objects before their first signals
        execute(plan.apply);
        notify_.configure(model_->global_);
        write_states_after_reload(plan.apply);
        bind_trackers();
        for (const track::TrackedScript& s : engine_.scripts) {
            log::info("VRRP_Script({}) considered successful on reload", s.name);
        }
        start_trackers();
        report_sources(now);
        reload_finished(ReloadResult::applied);
    } catch (const std::exception& e) {
        log::error("Reload failed - {}", e.what());
        reload_finished(ReloadResult::failed);
    }
    scheduling_.apply(model_->global_);
    rearm();
    channel_.config_read();
}

} // namespace vigil::vrrpd
