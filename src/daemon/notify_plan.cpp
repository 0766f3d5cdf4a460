#include "daemon/notify_plan.hpp"

#include <fmt/format.h>

namespace vigil::daemon {

std::string_view state_word(NotifyState state) noexcept {
    switch (state) {
    case NotifyState::master:
        return "MASTER";
    case NotifyState::backup:
        return "BACKUP";
    case NotifyState::fault:
        return "FAULT";
    case NotifyState::stop:
        return "STOP";
    case NotifyState::deleted:
        return "DELETED";
    }
    return "UNKNOWN";
}

std::string_view event_word(NotifyEvent event) noexcept {
    switch (event) {
    case NotifyEvent::master_rx_lower_pri:
        return "MASTER_RX_LOWER_PRI";
    case NotifyEvent::master_priority:
        return "MASTER_PRIORITY";
    case NotifyEvent::backup_priority:
        return "BACKUP_PRIORITY";
    }
    return "UNKNOWN";
}

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
                                             NotifyState state, int priority) {
    std::vector<std::string> argv = command.argv_;
    argv.emplace_back(subject_word(subject));
    argv.emplace_back(name);
    argv.emplace_back(state_word(state));
    argv.push_back(std::to_string(priority));
    return argv;
}

NotifyPlan plan_notify(const config::Notifies& notifies, NotifySubject subject,
                       std::string_view name, NotifyState state, int priority) {
    if (state == NotifyState::deleted && !notifies.deleted_) {
        state = NotifyState::fault;
    }
    const std::optional<config::Command>* specific = nullptr;
    switch (state) {
    case NotifyState::master:
        specific = &notifies.master_;
        break;
    case NotifyState::backup:
        specific = &notifies.backup_;
        break;
    case NotifyState::fault:
        specific = &notifies.fault_;
        break;
    case NotifyState::stop:
        specific = &notifies.stop_;
        break;
    case NotifyState::deleted:
        specific = &notifies.deleted_script_;
        break;
    }
    NotifyPlan plan;
    if (specific != nullptr && specific->has_value()) {
        plan.scripts.push_back({&**specific, (*specific)->argv_});
    }
    if (notifies.generic_) {
        plan.scripts.push_back({&*notifies.generic_,
                                generic_notify_argv(*notifies.generic_, subject, name, state, priority)});
    }
    plan.fifo_line = fifo_line(subject, name, state_word(state), priority);
    return plan;
}

} // namespace vigil::daemon
