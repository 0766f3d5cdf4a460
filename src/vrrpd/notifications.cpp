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

} // namespace vigil::vrrpd
