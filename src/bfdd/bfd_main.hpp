#pragma once
// The BFD child process ("Keepalived_bfd") as the parent starts it: a ChildMain
// (process/supervisor.hpp) that runs a BfdChild (bfdd/bfd_child.hpp) until SIGTERM.

#include "config/model.hpp"
#include "process/daemon_settings.hpp"
#include "process/supervisor.hpp"
#include "util/unique_fd.hpp"

#include <functional>
#include <memory>

namespace vigil::bfdd {

// Loads the configuration (start-up copy or SIGHUP re-read): nullptr when unusable, after
// logging its diagnostics.
using ModelLoader = std::function<std::shared_ptr<const config::Config>()>;

// The write ends of the event pipes the parent created before forking (keepalived's
// bfd_vrrp_event_pipe / bfd_checker_event_pipe); an invalid fd: no such consumer.
struct EventPipes {
    int vrrp = -1;
    int checker = -1;
};

// The child's main: returns its exit code (0 after SIGTERM).
int run_bfd_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                  std::shared_ptr<const config::Config> config, const ModelLoader& reload,
                  EventPipes pipes);

} // namespace vigil::bfdd
