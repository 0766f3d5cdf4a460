#pragma once
// The VRRP child process ("Keepalived_vrrp", section 2): the wiring of config model ->
// engine -> I/O. One single-threaded EventLoop drives everything:
//   adverts in   -> decode/validate (codec) -> Router::on_advert
//   netlink      -> InterfaceCatalog -> Router::on_link / on_source_address / on_vip_deleted
//   trackers     -> ScriptTracker / FileTracker -> Router::on_tracker(_value)
//   timers       -> Router::on_timer at Router::next_deadline()
//   Router actions -> adverts out (codec + AdvertSocketPool), VIPs/routes/rules (netlink),
//                     GARP/NA (Announcer), notify scripts and FIFO lines (NotifyRunner)
//   signals      -> TERM/INT stop, HUP reload, USR1/USR2/RTMIN+2/RTMAX-1 dumps, CHLD reap
// Privileged resources (netlink, packet and raw sockets) are opened first, then
// shed_privileges() reduces the capability sets.

#include "config/model.hpp"
#include "process/daemon_settings.hpp"
#include "process/supervisor.hpp"

#include <functional>
#include <memory>

namespace vigil::vrrpd {

// Loads the configuration (start-up copy or SIGHUP re-read): nullptr when unusable, after
// logging its diagnostics.
using ModelLoader = std::function<std::shared_ptr<const config::Config>()>;

// The child's main: returns its exit code (0 after SIGTERM).
int run_vrrp_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                   std::shared_ptr<const config::Config> config, const ModelLoader& reload);

} // namespace vigil::vrrpd
