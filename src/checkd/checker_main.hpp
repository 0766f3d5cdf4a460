#pragma once
// The checker child process ("Keepalived_healthcheckers") as the parent starts it: a
// ChildMain (process/supervisor.hpp) that runs a CheckerChild (checkd/checker_child.hpp).

#include "config/model.hpp"
#include "process/daemon_settings.hpp"
#include "process/supervisor.hpp"

#include <functional>
#include <memory>

namespace vigil::checkd {

// Loads the configuration (start-up copy or SIGHUP re-read): nullptr when unusable, after
// logging its diagnostics.
using ModelLoader = std::function<std::shared_ptr<const config::Config>()>;

// Whether a configuration starts the checker child: keepalived starts it for any
// `virtual_server` keyword, valid or not.
bool needs_checker(const config::Config& config) noexcept;

// The child's main: returns its exit code (0 after SIGTERM, ExitCode::fatal when IPVS cannot
// be initialised). `bfd_events` is the read end of the BFD child's report pipe (keepalived's
// bfd_checker_event_pipe), or -1.
int run_checker_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                      std::shared_ptr<const config::Config> config, const ModelLoader& reload, int bfd_events);

} // namespace vigil::checkd
