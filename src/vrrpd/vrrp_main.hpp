#pragma once
// The VRRP child process ("Keepalived_vrrp", section 2) as the parent starts it: a ChildMain
// (process/supervisor.hpp) that runs a VrrpChild (vrrpd/vrrp_child.hpp) until SIGTERM.

#include "config/model.hpp"
#include "process/daemon_settings.hpp"
#include "process/supervisor.hpp"

#include <functional>
#include <memory>

namespace vigil::vrrpd {

// Loads the configuration (start-up copy or SIGHUP re-read): nullptr when unusable, after
// logging its diagnostics.
using ModelLoader = std::function<std::shared_ptr<const config::Config>()>;

// The child's main: returns its exit code (0 after SIGTERM). `bfd_events`: the read end of
// the BFD child's event pipe, or -1.
int run_vrrp_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                   std::shared_ptr<const config::Config> config, const ModelLoader& reload,
                   int bfd_events = -1);

} // namespace vigil::vrrpd
