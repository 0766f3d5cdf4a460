#pragma once
// The name (comm, prctl(PR_SET_NAME): at most 15 characters) of each process, as keepalived
// 2.2.7 sets it. Only the comm changes: argv and /proc/PID/cmdline are left alone.
//   process_name NAME          the parent
//   vrrp_process_name NAME     the VRRP child
//   checker_process_name NAME  the checker child (lvs_process_name: deprecated spelling)
//   bfd_process_name NAME      the BFD child
//   process_names              the children become keepalived_vrrp, keepalived_lvs and
//                              keepalived_bfd (a later *_process_name overrides one; the
//                              binder makes a later process_names override earlier ones)
// Contract (keepalived's main.c / vrrp_daemon.c / check_daemon.c / bfd_daemon.c):
//  - At start a process sets its name only when one is configured; a child without one keeps
//    the comm it inherited from the parent through fork().
//  - On reload it sets the name again only when it changed; a name removed reverts to
//    "keepalived" (also in a child whose parent has a process_name).
//  - A failing prctl() logs "Failed to set process name 'NAME'" and changes nothing else.

#include "config/model.hpp"

#include <optional>
#include <string>

namespace vigil::process {

enum class ProcessRole { parent, vrrp, checker, bfd };

// The name the configuration gives `role`; nullopt: none configured.
std::optional<std::string> configured_process_name(const config::GlobalDefs& global, ProcessRole role);

// One process's name across start and reloads.
class ProcessName {
public:
    explicit ProcessName(ProcessRole role) noexcept : role_(role) {}
    // The first configuration this process runs.
    void start(const config::GlobalDefs& global);
    // A configuration applied by a reload.
    void reload(const config::GlobalDefs& global);

private:
    ProcessRole role_;
    std::optional<std::string> current_;
};

} // namespace vigil::process
