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
#include "vrrp/actions.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace vigil::notify {

// States and FIFO-only events are the engine's vrrp::NotifyEvent; their words come from
// vrrp::to_string(NotifyEvent).
enum class NotifySubject { instance, group };

std::string_view subject_word(NotifySubject subject) noexcept;

// `INSTANCE "VI_1" MASTER 100\n`
std::string fifo_line(NotifySubject subject, std::string_view name, std::string_view word,
                      int priority);

// The generic notify argv: configured argv + TYPE NAME STATE PRIORITY.
std::vector<std::string> generic_notify_argv(const config::Command& command,
                                             NotifySubject subject, std::string_view name,
                                             vrrp::NotifyEvent state, int priority);

struct ScriptJob {
    const config::Command* command = nullptr;
    std::vector<std::string> argv;
};

struct NotifyPlan {
    std::vector<ScriptJob> scripts; // in order
    std::string fifo_line;          // written to every FIFO after the scripts
};

// A deleted instance notifies FAULT unless `notify_deleted` is set (then DELETED, with the
// notify_deleted script if one was given). MASTER_RX_LOWER_PRI runs its own script and the
// FIFO line; MASTER_PRIORITY / BACKUP_PRIORITY are FIFO lines only.
NotifyPlan plan_notify(const config::Notifies& notifies, NotifySubject subject,
                       std::string_view name, vrrp::NotifyEvent event, int priority);

} // namespace vigil::notify
