#pragma once
// What a state change notifies, in keepalived's order (section 6 "Arguments", "FIFOs"):
//   1. the state-specific script (notify_master/backup/fault/stop/deleted): its argv as
//      configured, nothing appended;
//   2. the generic `notify` script with `INSTANCE|GROUP NAME STATE PRIORITY` appended (the
//      name unquoted; priority = effective priority, 0 for groups);
//   3. one FIFO line `INSTANCE "VI_1" MASTER 100` per configured FIFO (vrrp_notify_fifo,
//      then notify_fifo).
// Pure: builds the plan; NotifyRunner executes it.

#include "config/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace vigil::daemon {

enum class NotifyState { master, backup, fault, stop, deleted };
enum class NotifySubject { instance, group };
// FIFO-only events (notify_master_rx_lower_pri also runs its script).
enum class NotifyEvent { master_rx_lower_pri, master_priority, backup_priority };

std::string_view state_word(NotifyState state) noexcept;
std::string_view event_word(NotifyEvent event) noexcept;
std::string_view subject_word(NotifySubject subject) noexcept;

// `INSTANCE "VI_1" MASTER 100\n`
std::string fifo_line(NotifySubject subject, std::string_view name, std::string_view word,
                      int priority);

// The generic notify argv: configured argv + TYPE NAME STATE PRIORITY.
std::vector<std::string> generic_notify_argv(const config::Command& command,
                                             NotifySubject subject, std::string_view name,
                                             NotifyState state, int priority);

struct ScriptJob {
    const config::Command* command = nullptr;
    std::vector<std::string> argv;
};

struct NotifyPlan {
    std::vector<ScriptJob> scripts; // in order
    std::string fifo_line;          // written to every FIFO after the scripts
};

// A deleted instance notifies FAULT unless `notify_deleted` is set (then DELETED, with the
// notify_deleted script if one was given).
NotifyPlan plan_notify(const config::Notifies& notifies, NotifySubject subject,
                       std::string_view name, NotifyState state, int priority);

} // namespace vigil::daemon
