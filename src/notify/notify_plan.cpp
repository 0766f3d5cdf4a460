#include "notify/notify_plan.hpp"

#include <fmt/format.h>

namespace vigil::notify {

std::string_view subject_word(NotifySubject subject) noexcept {
    switch (subject) {
    case NotifySubject::instance:
        return "INSTANCE";
    case NotifySubject::group:
        return "GROUP";
    }
    return "INSTANCE";
}

std::string fifo_line(NotifySubject subject, std::string_view name, std::string_view word,
                      int priority) {
    return fmt::format("{} \"{}\" {} {}\n", subject_word(subject), name, word, priority);
}

std::vector<std::string> generic_notify_argv(const config::Command& command,
                                             NotifySubject subject, std::string_view name,
                                             vrrp::NotifyEvent state, int priority) {
    std::vector<std::string> argv = command.argv_;
    argv.emplace_back(subject_word(subject));
    argv.emplace_back(name);
    argv.emplace_back(vrrp::to_string(state));
    argv.push_back(std::to_string(priority));
    return argv;
}

NotifyPlan plan_notify(const config::Notifies& notifies, NotifySubject subject,
                       std::string_view name, vrrp::NotifyEvent event, int priority) {
    if (event == vrrp::NotifyEvent::deleted && !notifies.deleted_) {
        event = vrrp::NotifyEvent::fault;
    }
    const config::OptionalCommand* specific = nullptr;
    bool generic = true;
    switch (event) {
    case vrrp::NotifyEvent::master:
        specific = &notifies.master_;
        break;
    case vrrp::NotifyEvent::backup:
        specific = &notifies.backup_;
        break;
    case vrrp::NotifyEvent::fault:
        specific = &notifies.fault_;
        break;
    case vrrp::NotifyEvent::stop:
        specific = &notifies.stop_;
        break;
    case vrrp::NotifyEvent::deleted:
        specific = &notifies.deleted_script_;
        break;
    case vrrp::NotifyEvent::master_rx_lower_pri:
        specific = &notifies.master_rx_lower_pri_;
        generic = false;
        break;
    case vrrp::NotifyEvent::master_priority:
    case vrrp::NotifyEvent::backup_priority:
        generic = false;
        break;
    }
    NotifyPlan plan;
    if (specific != nullptr && specific->has_value()) {
        plan.scripts.push_back({&**specific, (*specific)->argv_});
    }
    if (generic && notifies.generic_) {
        plan.scripts.push_back({&*notifies.generic_,
                                generic_notify_argv(*notifies.generic_, subject, name, event, priority)});
    }
    plan.fifo_line = fifo_line(subject, name, vrrp::to_string(event), priority);
    return plan;
}

} // namespace vigil::notify
