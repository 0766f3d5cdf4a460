// SNMP and D-Bus (keepalived's vrrp_snmp.c and vrrp_dbus.c): started with the child when the
// configuration (or -x/-A) enables them, fed by the engine's notifications and by the
// receive path's drops, stopped after the STOP notifications at shutdown.
//  - SNMP starts once, at start-up; a reload only changes what the MIBs show (keepalived
//    does not re-initialise its agent on reload either).
//  - D-Bus connects before the instances start (their first VrrpStatusChange carries INIT,
//    as keepalived's may), follows reloads (VrrpReloaded, objects for new instances), starts
//    when a reload enables it and stops when one disables it, as keepalived.
#include "vrrpd/vrrp_child.hpp"

#include "snmp/mibs.hpp"
#include "snmp/traps.hpp"
#include "util/log.hpp"

#include <signal.h>
#include <unistd.h>

namespace vigil::vrrpd {
namespace {

// The state a notification reports, in keepalived's numbers (nullopt: not a state change).
std::optional<unsigned> notified_state(vrrp::NotifyEvent event) {
    switch (event) {
    case vrrp::NotifyEvent::master: return 2;
    case vrrp::NotifyEvent::backup: return 1;
    case vrrp::NotifyEvent::fault: return 3;
    case vrrp::NotifyEvent::stop: return 98;
    case vrrp::NotifyEvent::deleted: return 97;
    default: return std::nullopt;
    }
}

} // namespace

// What VrrpBus's methods and properties act on.
struct VrrpChild::BusHandler final : dbus::VrrpBusHandler {
    explicit BusHandler(VrrpChild& c) : child(c) {}
    void print_data() override { child.write_dump_files(SIGUSR1); }
    void print_stats() override { child.write_dump_files(SIGUSR2); }
    void print_stats_clear() override { child.write_dump_files(SIGRTMAX - 1); }
    // keepalived signals its parent, which reloads every child.
    void reload_config() override { ::kill(::getppid(), SIGHUP); }
    void send_garp(std::size_t instance) override { child.send_garp(static_cast<InstanceId>(instance)); }
    unsigned instance_state(std::size_t instance) override {
        return instance < child.instance_count()
                   ? static_cast<unsigned>(child.router_->instance(static_cast<InstanceId>(instance)).state())
                   : 0;
    }
    VrrpChild& child;
};

VrrpChild::~VrrpChild() = default;

SnmpModules VrrpChild::snmp_modules() const {
    const config::GlobalDefs& g = model_->global_;
    SnmpModules m;
    m.keepalived = g.enable_snmp_vrrp_ || settings_.snmp;
    m.rfc2787 = g.enable_snmp_rfc_ || g.enable_snmp_rfcv2_ || settings_.snmp;
    m.rfc6527 = g.enable_snmp_rfc_ || g.enable_snmp_rfcv3_ || settings_.snmp;
    // keepalived's vrrp_handles_global_oid: an SNMP checker child serves `global` instead.
    const bool checker_runs =
        !settings_.vrrp_only && (settings_.run_all || (model_->lvs_ && model_->lvs_->has_virtual_server_keyword_));
    const bool checker_snmp = settings_.snmp || (g.checker_ && g.checker_->enable_snmp_checker_);
    m.global = !(checker_runs && checker_snmp);
    return m;
}

std::vector<dbus::InstanceObject> VrrpChild::bus_objects() const {
    std::vector<dbus::InstanceObject> out;
    for (InstanceId id = 0; id < instance_count(); ++id) {
        const vrrp::InstanceConfig& c = instance_config(id);
        out.push_back({c.name, c.interface.empty() ? std::string("none") : c.interface, c.vrid,
                       c.family == net::Family::ipv6 ? dbus::AddressFamily::ipv6 : dbus::AddressFamily::ipv4});
    }
    return out;
}

// keepalived's SNMP Set handlers (vrrp_snmp.c): the engine's run-time changes, by name.
SnmpWrites VrrpChild::snmp_writes() {
    SnmpWrites w;
    w.base_priority = [this](const std::string& name, std::uint8_t priority) {
        const auto id = router_ && !stopping_ ? router_->find_instance(name) : std::nullopt;
        if (!id) {
            return;
        }
        vrrp::Actions actions;
        router_->set_base_priority(*id, priority, actions);
        execute(actions);
        rearm();
    };
    w.preempt = [this](const std::string& name, bool preempt) {
        const auto id = router_ && !stopping_ ? router_->find_instance(name) : std::nullopt;
        if (id) {
            router_->set_preempt(*id, preempt ? vrrp::PreemptMode::preempt : vrrp::PreemptMode::nopreempt);
        }
    };
    return w;
}

void VrrpChild::start_monitoring() {
    const SnmpModules modules = snmp_modules();
    if (modules.any()) {
        // -A wins over snmp_socket (keepalived sets it before parsing); net-snmp's default.
        const std::string spec = settings_.snmp_agent_socket.value_or(
            model_->global_.snmp_socket_.value_or("unix:/var/agentx/master"));
        std::string error;
        if (auto address = snmp::parse_agentx_address(spec, error)) {
            snmp_started_ = vrrp::Clock::now();
            rule_preferences_ = rule_preferences(*model_);
            snmp_ = std::make_unique<SnmpAgent>(loop_, std::move(*address), modules, [this] { return snmp_snapshot(); },
                                                snmp_writes());
            snmp_->start();
        } else {
            log::warning("SNMP: invalid AgentX socket {} ({}) - SNMP disabled", spec, error);
        }
    }
    if (model_->global_.enable_dbus_) {
        start_dbus();
    }
}

void VrrpChild::start_dbus() {
    if (!bus_handler_) {
        bus_handler_ = std::make_unique<BusHandler>(*this);
    }
    dbus::VrrpBus::Options options;
    options.service_name = model_->global_.dbus_service_name_.value_or(std::string(dbus::default_service_name));
    options.scope.net_namespace = model_->root_.net_namespace_;
    options.scope.instance = model_->root_.instance_;
    dbus_ = DbusService::start(loop_, std::move(options), *bus_handler_, bus_objects());
}

void VrrpChild::reload_monitoring() {
    if (snmp_) {
        rule_preferences_ = rule_preferences(*model_);
    }
    if (model_->global_.enable_dbus_) {
        if (dbus_) {
            dbus_->reload(bus_objects());
        } else {
            start_dbus();
        }
    } else if (dbus_) {
        dbus_->stop();
        dbus_.reset();
    }
}

void VrrpChild::stop_monitoring() noexcept {
    if (dbus_) {
        dbus_->stop();
        dbus_.reset();
    }
    if (snmp_) {
        snmp_->stop();
    }
}

void VrrpChild::send_garp(InstanceId id) noexcept {
    if (!router_ || id >= instance_count() || router_->instance(id).state() != vrrp::State::master) {
        return; // keepalived sends only while the VIPs are set
    }
    try {
        const vrrp::InstanceConfig& c = instance_config(id);
        vrrp::Announce action;
        action.instance = id;
        action.addresses = c.vips;
        action.addresses.insert(action.addresses.end(), c.evips.begin(), c.evips.end());
        announce(action, current());
    } catch (...) {
    }
}

// keepalived's order (vrrp_notify.c): D-Bus signal, KEEPALIVED-MIB trap, then for MASTER the
// RFC 2787 and RFC 6527 new-master traps.
void VrrpChild::report_notify(const vrrp::Notify& action, const Context& context) noexcept {
    const std::optional<unsigned> state = notified_state(action.event);
    if (!state || (!snmp_ && !dbus_)) {
        return;
    }
    try {
        const bool traps = snmp_ && model_->global_.enable_traps_;
        if (action.target == vrrp::NotifyTarget::group) {
            if (traps && snmp_->modules().keepalived) {
                snmp_->notify(snmp::sync_group_state_change(action.name, static_cast<int>(*state), router_id()));
            }
            return;
        }
        // The instance in the running configuration (a retired one has no object or row).
        std::optional<InstanceId> id;
        if (context.router != nullptr && action.id < instance_count() && instance_config(action.id).name == action.name) {
            id = action.id;
        }
        if (dbus_ && id) {
            dbus_->state_changed(*id, *state);
        }
        if (!traps) {
            return;
        }
        snmp::InstanceInfo info;
        if (id) {
            info = snmp_instance(*id, vrrp::Clock::now());
        } else if (const vrrp::InstanceConfig* c = context.instance(action.id)) {
            info.name = c->name;
            info.initial_state = c->initial_state == vrrp::InitialState::master ? 2 : 1;
        } else {
            info.name = action.name;
        }
        if (snmp_->modules().keepalived) {
            snmp_->notify(snmp::instance_state_change(info, static_cast<int>(*state), router_id()));
        }
        if (*state == 2 && id) {
            if (snmp_->modules().rfc2787 && snmp::suitable_for_rfc2787(info)) {
                snmp_->notify(snmp::rfc2787_new_master(info));
            }
            if (snmp_->modules().rfc6527 && snmp::suitable_for_rfc6527(info)) {
                snmp_->notify(snmp::rfc6527_new_master(info));
            }
        }
    } catch (...) {
    }
}

// RFC 2787 vrrpTrapAuthFailure and RFC 6527 vrrpv3ProtoError for an advert the receive
// checks refused (keepalived's vrrp.c), and the error counters the RFC MIBs show.
void VrrpChild::report_drop(InstanceId id, vrrp::DropReason reason, const net::IpAddress& source) noexcept {
    Runtime& r = runtime_[id];
    int auth_error = 0;
    int proto_error = 0;
    switch (reason) {
    case vrrp::DropReason::invalid_auth_type: auth_error = 1; break;
    case vrrp::DropReason::ah_unexpected:
    case vrrp::DropReason::ah_missing:
    case vrrp::DropReason::auth_type_mismatch: auth_error = 2; break;
    case vrrp::DropReason::auth_failure:
    case vrrp::DropReason::ah_icv:
    case vrrp::DropReason::ah_spi:
    case vrrp::DropReason::ah_replay: auth_error = 3; break;
    case vrrp::DropReason::ttl:
    case vrrp::DropReason::peer_ttl: proto_error = 1; break;
    case vrrp::DropReason::version: proto_error = 2; ++r.version_errors; break;
    case vrrp::DropReason::checksum: proto_error = 3; ++r.checksum_errors; break;
    default: return;
    }
    if (proto_error != 0) {
        r.proto_error_reason = proto_error;
    }
    if (!snmp_ || !model_->global_.enable_traps_) {
        return;
    }
    try {
        const snmp::InstanceInfo info = snmp_instance(id, vrrp::Clock::now());
        if (auth_error != 0 && snmp_->modules().rfc2787 && snmp::suitable_for_rfc2787(info)) {
            const auto b = source.bytes();
            snmp_->notify(snmp::rfc2787_auth_failure(info, std::string(reinterpret_cast<const char*>(b.data()), b.size()),
                                                     auth_error));
        }
        if (proto_error != 0 && snmp_->modules().rfc6527 && snmp::suitable_for_rfc6527(info)) {
            snmp_->notify(snmp::rfc6527_proto_error(info));
        }
    } catch (...) {
    }
}

} // namespace vigil::vrrpd
