#pragma once
// The checker child ("Keepalived_healthcheckers", reference keepalived-2.2.7-lvs-checkers.md
// §1): the wiring of config model -> check::Engine -> I/O on one single-threaded EventLoop:
//   model          -> MISC_CHECK command words resolved (PATH, realpath)   script_paths.cpp
//                     open-file limit (17 + socket checkers + 10)          fd_limit.cpp
//   timers         -> Engine::on_timer at Engine::next_deadline()           checker_child.cpp
//   launches       -> CheckRunner (probes, MISC scripts) -> Engine::on_result  check_runner.cpp
//   track files    -> FileTracker -> Engine::on_track_file                  checker_child.cpp
//   BFD reports    -> Engine::on_bfd (BFD_CHECK)                            bfd_events.cpp
//   Engine actions -> IPVS commands (keepalived's error policy), scripts,
//                     FIFO lines, mails, log lines                          actions.cpp
//   IPVS set-up    -> open (modprobe ip_vs), lvs_timeouts, sync daemons,
//                     lvs_flush; their undoing at stop                     ipvs_setup.cpp
//                     (opened inside net_namespace_ipvs               ipvs_namespace.cpp)
//   SNMP           -> KEEPALIVED-MIB global and check, checker traps       snmp_agent.cpp
//   control socket -> vigil status/stats/metrics for LVS (PATH.check)     check_control.cpp,
//                                                                          control_views.cpp
//   signals        -> TERM/INT stop, HUP reload, USR1 keepalived_check.data,
//                     CHLD reap, XCPU                                       checker_child.cpp
//   scheduling     -> checker_priority, checker_rt_priority..., late timers
//                     and max_auto_priority (process/process_scheduling.hpp) checker_child.cpp
//
// Contract: IPVS is opened once a configuration has a virtual server (at start or at a
// reload); a fatal IPVS initialisation makes run() return ExitCode::fatal (the parent then
// stops the daemon, as keepalived does); otherwise run() returns 0 after SIGTERM, having
// removed what it added to the table unless -I (DaemonSettings::dont_release_ipvs).
// Handlers never throw.

#include "check/engine.hpp"
#include "checkd/check_control.hpp"
#include "checkd/check_runner.hpp"
#include "checkd/checker_main.hpp"
#include "config/model.hpp"
#include "ipvs/netlink_ipvs_table.hpp"
#include "notify/notify_runner.hpp"
#include "notify/smtp_client.hpp"
#include "probe/ping_group_range.hpp"
#include "process/daemon_settings.hpp"
#include "process/process_scheduling.hpp"
#include "process/supervisor.hpp"
#include "runtime/child_reaper.hpp"
#include "runtime/event_loop.hpp"
#include "runtime/log_pump.hpp"
#include "snmp/check_snapshot.hpp"
#include "snmp/loop_agent.hpp"
#include "track/file_tracker.hpp"

#include <unistd.h>

#include <memory>
#include <optional>
#include <vector>

namespace vigil::checkd {

class CheckerChild {
public:
    // `bfd_events`: the read end of the BFD child's report pipe (non-blocking), or -1.
    CheckerChild(process::ChildChannel& channel, const process::DaemonSettings& settings, const ModelLoader& reload,
                 int bfd_events);

    // Runs until SIGTERM/SIGINT; returns the exit code.
    int run(std::shared_ptr<const config::Config> config);

private:
    // checker_child.cpp
    void setup_signals();
    void build(std::shared_ptr<const config::Config> config);
    void on_engine_timer() noexcept;
    void on_result(check::CheckerId id, check::CheckResult result) noexcept;
    void on_file(std::size_t index, std::int64_t value) noexcept;
    void start_files();
    // The urls and TLS context of the model's HTTP_GET/SSL_GET/SMTP_CHECK/DNS_CHECK attempts.
    // The default script user of notify scripts (and keepalived's line when keepalived_script
    // is missing), at start and at each reload.
    void set_script_user();
    void make_attempts();
    void rearm() noexcept;
    void reload() noexcept;
    void shutdown() noexcept;
    void write_dump() noexcept;

    // bfd_events.cpp: Up/Down records from the BFD child -> Engine::on_bfd.
    void on_bfd_events() noexcept;

    // actions.cpp
    void execute(check::Actions& actions) noexcept;
    void launch(check::CheckerId id) noexcept;

    // control_views.cpp: the engine's state for the control socket.
    control::LvsStatusView lvs_status_view() const;

    // snmp_agent.cpp
    void start_snmp();
    void send_trap(const check::CheckerTrap& trap) noexcept;
    snmp::CheckSnapshot snmp_snapshot() const;
    snmp::VirtualServerInfo snmp_virtual_server(const check::VirtualServerState& vs) const;

    // ipvs_setup.cpp
    bool open_ipvs(const std::optional<std::string>& ipvs_namespace);
    void apply_ipvs_settings(const config::Config* previous);
    void release_ipvs_settings() noexcept;

    process::ChildChannel& channel_;
    const process::DaemonSettings& settings_;
    const ModelLoader& reload_;

    runtime::EventLoop loop_;
    runtime::LogPump log_pump_{loop_}; // drains the log queues (log_sinks.hpp)
    runtime::ChildReaper reaper_;
    notify::NotifyRunner notify_;
    notify::SmtpClient smtp_{loop_};
    track::FileTracker files_;
    CheckRunner runner_;
    probe::PingGroupRange ping_range_;
    std::unique_ptr<ipvs::NetlinkIpvsTable> ipvs_;
    std::optional<ipvs::Timeouts> original_timeouts_;
    bool sync_daemons_started_ = false;

    std::shared_ptr<const config::Config> model_;
    std::unique_ptr<check::Engine> engine_;
    std::unique_ptr<attempt::Attempts> attempts_;
    std::vector<std::string> file_names_; // FileTracker index -> track_file name
    runtime::TimerId engine_timer_;
    std::vector<ipvs::Command> batch_;
    std::vector<std::string> failures_;
    std::vector<pid_t> stop_scripts_;
    int bfd_events_ = -1;
    std::unique_ptr<snmp::LoopAgent> snmp_;
    snmp::CheckSnapshot snmp_snapshot_; // what snmp_'s MIB cells read
    // checker_priority, checker_rt_priority...; max_auto_priority: late wake-ups raise it
    process::ProcessScheduling scheduling_{process::ProcessRole::checker};
    CheckControl control_; // after loop_: its server leaves the loop first
    bool stopping_ = false;
    int exit_code_ = 0;
};

} // namespace vigil::checkd
