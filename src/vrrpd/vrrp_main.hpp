#pragma once
// The VRRP child process ("Keepalived_vrrp", section 2) as the parent starts it: a ChildMain
// (process/supervisor.hpp) that runs a VrrpChild (vrrpd/vrrp_child.hpp) until SIGTERM.

#include "config/model.hpp"
#include "process/daemon_settings.hpp"
#include "process/supervisor.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace vigil::vrrpd {

// Loads the configuration (start-up copy or SIGHUP re-read): nullptr when unusable, after
// logging its diagnostics.
using ModelLoader = std::function<std::shared_ptr<const config::Config>()>;

// The configuration on disk, loaded as a reload would load it but without logging, for the
// control socket's `reload` (preview, and the check before asking the parent to reload).
struct PreviewLoad {
    std::shared_ptr<const config::Config> config; // nullptr: the reload would be refused
    std::vector<std::string> diagnostics;          // the loader's lines, as it would log them
};
using PreviewLoader = std::function<PreviewLoad()>;

// The child's main: returns its exit code (0 after SIGTERM). `bfd_events`: the read end of
// the BFD child's event pipe, or -1.
int run_vrrp_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                   std::shared_ptr<const config::Config> config, const ModelLoader& reload,
                   const PreviewLoader& preview = {}, int bfd_events = -1);

} // namespace vigil::vrrpd
