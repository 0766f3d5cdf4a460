// Notifications: an engine Notify becomes the instance's or group's notify scripts and FIFO
// lines (notify/notify_plan.hpp), then its SMTP alert.
#include "vrrpd/vrrp_child.hpp"

#include "notify/notify_plan.hpp"

namespace vigil::vrrpd {

void VrrpChild::notify(const vrrp::Notify& action, const Context& context) noexcept {
    try {
        const config::Notifies* notifies = nullptr;
        notify::NotifySubject subject = notify::NotifySubject::instance;
        if (action.target == vrrp::NotifyTarget::instance) {
            for (const config::VrrpInstance& m : context.model->instances_) {
                if (m.name_ == action.name) {
                    notifies = &m.notify_;
                }
            }
        } else {
            subject = notify::NotifySubject::group;
            for (const config::SyncGroup& g : context.model->sync_groups_) {
                if (g.name_ == action.name) {
                    notifies = &g.notify_;
                }
            }
        }
        static const config::Notifies none;
        if (notifies == nullptr) {
            notifies = &none;
        }
        const notify::NotifyPlan plan = notify::plan_notify(*notifies, subject, action.name, action.event, action.priority);
        std::vector<pid_t> pids = notify_.run(plan);
        if (action.target == vrrp::NotifyTarget::instance && context.router != nullptr &&
            action.id < runtime_.size() && !runtime_[action.id].left_init &&
            (action.event == vrrp::NotifyEvent::master || action.event == vrrp::NotifyEvent::backup)) {
            runtime_[action.id].left_init = vrrp::Clock::now();
        }
        report_notify(action, context);                                  // D-Bus, SNMP traps
        smtp_.alert(*context.model, subject, action.name, action.event); // after scripts and FIFO
        // Shutdown waits for every STOP script (notify_stop and the generic notify), up to
        // 1 s: they would otherwise die with us (PR_SET_PDEATHSIG) before running.
        if (action.event == vrrp::NotifyEvent::stop) {
            stop_scripts_.insert(stop_scripts_.end(), pids.begin(), pids.end());
        }
    } catch (...) {
    }
}

// fifo_write_vrrp_states_on_reload (keepalived 2.2.7 vrrp_init_state): after a reload the
// notify FIFOs get the state of what the reload itself did not notify: every sync group, and
// every instance that is not MASTER (2.2.7 writes nothing for an instance that stays MASTER).
void VrrpChild::write_states_after_reload(const vrrp::Actions& applied) noexcept {
    if (!model_->global_.fifo_write_vrrp_states_on_reload_) {
        return;
    }
    try {
        const auto notified = [&applied](vrrp::NotifyTarget target, const std::string& name) {
            for (const vrrp::Action& a : applied) {
                const auto* n = std::get_if<vrrp::Notify>(&a);
                if (n != nullptr && n->target == target && n->name == name) {
                    return true;
                }
            }
            return false;
        };
        for (const vrrp::SyncGroup& g : router_->groups()) {
            if (!notified(vrrp::NotifyTarget::group, g.name())) {
                notify_.write_fifos(notify::fifo_line(notify::NotifySubject::group, g.name(), vrrp::to_string(g.state()), 0));
            }
        }
        for (const vrrp::Instance& i : router_->instances()) {
            if (i.state() != vrrp::State::master && !notified(vrrp::NotifyTarget::instance, i.name())) {
                notify_.write_fifos(notify::fifo_line(notify::NotifySubject::instance, i.name(),
                                                      vrrp::to_string(i.state()), i.effective_priority()));
            }
        }
    } catch (...) {
    }
}

} // namespace vigil::vrrpd
