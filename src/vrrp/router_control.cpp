// Router: changes an operator makes at run time through SNMP (keepalived 2.2.7's
// vrrp_snmp_instance_priority and vrrp_snmp_instance_preempt).
#include "util/log.hpp"
#include "vrrp/router.hpp"

namespace vigil::vrrp {

void Router::set_base_priority(InstanceId id, std::uint8_t priority, Actions& out) {
    if (id >= instances_.size()) {
        return;
    }
    Instance& instance = instances_[id];
    // keepalived logs the line even when the value does not change.
    log::info("({}) base priority changed from {} to {} via SNMP.", instance.name(),
              instance.base_priority(), priority);
    instance.set_base_priority(priority);
    if (phase_ != Phase::running || instance.state() == State::stop) {
        return;
    }
    instance.set_effective_priority(computed_priority(id), out);
    refresh(id);
}

void Router::set_preempt(InstanceId id, PreemptMode mode) {
    if (id >= instances_.size()) {
        return;
    }
    Instance& instance = instances_[id];
    log::info("({}) preemption {} with SNMP", instance.name(),
              mode == PreemptMode::preempt ? "enabled" : "disabled");
    instance.set_preempt(mode);
}

} // namespace vigil::vrrp
