#pragma once
// The parent process ("Keepalived", section 2): forks its children (the checker child, the
// VRRP child, then the BFD child, as keepalived 2.2.7 starts them), reports their readiness to
// systemd (startup and reload are complete when every running child has said so), respawns
// each with keepalived's back-off, propagates signals, and stops fast.
//
// Contract:
//  - run() is entered with the daemon's signals blocked (runtime::block_daemon_signals()); it owns a
//    signalfd for them and a pipe per child on which the child reports "config read".
//  - The child runs `ChildMain` in the forked process and _exit()s with its return value; it
//    never returns into the parent's code. It must call ChildChannel::config_read() once after
//    each (re)load of the configuration.
//  - A child runs when the configuration asks for it (checker: virtual_server; VRRP: instances
//    or static addresses; BFD: bfd_instance blocks) or with --all, unless the command line
//    excludes it (-C: no VRRP; -P: no checker; -B: no BFD); one wanted but not running is
//    started on SIGHUP.
//  - When the VRRP or the checker child is respawned while the BFD child runs, the BFD child
//    gets SIGUSR2: it reports every session's state again (the new VRRP child starts with
//    every tracked BFD session Down, the new checker child with every BFD_CHECK up unless
//    alpha; keepalived leaves them so until the session next changes).
//  - run() returns the parent's exit code after logging "Stopped <banner>".

#include "control/views.hpp"
#include "config/model.hpp"
#include "process/daemon_settings.hpp"
#include "process/parent_control.hpp"
#include "runtime/log_sinks.hpp"
#include "process/pid_file.hpp"
#include "process/reload_monitor.hpp"
#include "process/respawn_backoff.hpp"
#include "process/systemd_notifier.hpp"
#include "util/unique_fd.hpp"

#include <sys/types.h>

#include <memory>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

namespace vigil::process {

// What the parent needs from the configuration model.
struct ProcessConfig {
    std::string router_id;     // for the parent's SIGUSR1 dump
    std::string instance;      // root `instance`
    std::string net_namespace; // root `net_namespace` (or -s)
    bool use_pid_dir = false;
    std::chrono::milliseconds child_wait_time{5000};
    bool has_vrrp = false;
    bool has_lvs = false;
    bool has_bfd = false; // bfd_instance blocks (keepalived's have_bfd_config)
    int max_auto_priority = 0; // 0: the start-up NOTICE (process/auto_priority.hpp)
    std::string reload_time_file; // empty: none (process/reload_monitor.hpp)
    bool reload_repeat = false;
    // startup_script / shutdown_script: exec argv (exec_argv applied), run as `script_user`,
    // waited for up to their timeout (then SIGKILLed).
    std::vector<std::string> startup_script;
    std::vector<std::string> shutdown_script;
    std::chrono::seconds startup_script_timeout{10};
    std::chrono::seconds shutdown_script_timeout{10};
    uid_t script_uid = 0;
    gid_t script_gid = 0;
    // Settings a reload may not change (keepalived's reload_config): nullopt = not given.
    std::optional<std::string> net_namespace_ipvs;
    std::optional<std::string> vrrp_nft_table; // `nftables` ("keepalived" bare or via vrrp_iptables)
    std::optional<std::string> ipvs_nft_table; // `nftables_ipvs`
    std::optional<std::string> config_directory; // `tmp_config_directory`
    bool disable_local_igmp = false;
    // For keepalived_parent.data (the parent keeps no model: process/parent_dump.hpp);
    // null in tests that build a ProcessConfig by hand.
    std::shared_ptr<const config::GlobalDefs> global;
    std::shared_ptr<const config::RootSettings> root;
};

// keepalived's reload_config refuses a reload that changes the network namespace, the IPVS
// namespace, the instance name, either nftables table name, tmp_config_directory or
// disable_local_igmp: it logs one line per change, in this order, and the running
// configuration stays (no child is signalled). Empty = the reload may go ahead.
std::vector<std::string> unsupported_reload_changes(const ProcessConfig& running, const ProcessConfig& fresh);

// The child's end of the readiness pipe.
class ChildChannel {
public:
    explicit ChildChannel(UniqueFd write_end) : fd_(std::move(write_end)) {}
    // "I have read the configuration" (start-up or reload). Never blocks.
    void config_read() noexcept;
    // A one-line status for systemd's STATUS= (vigil extension). Never blocks.
    void status(std::string_view text) noexcept;

private:
    UniqueFd fd_;
};

using ChildMain = std::function<int(ChildChannel&)>;

// The children a parent may run. A child without a main never runs.
struct ChildMains {
    ChildMain vrrp;
    ChildMain checker;
    ChildMain bfd;
};
// Re-reads the configuration on SIGHUP; nullopt keeps the current one (errors were logged).
// It logs "Reloading ..." when the reload goes ahead: keepalived logs it only once
// reload_check_config's check has passed.
// What it returns is not yet in force: see ReloadDecided.
using ConfigReloader = std::function<std::optional<ProcessConfig>()>;
// After each reload the reloader returned a configuration for: `accepted` when it goes ahead
// (called before any child is signalled: the caller puts the new configuration in force,
// e.g. the parent's process name and what children reload from), `refused` when
// unsupported_reload_changes refused it (the caller keeps everything of the running one, as
// keepalived's reload_config does).
enum class ReloadVerdict { accepted, refused };
using ReloadDecided = std::function<void(ReloadVerdict)>;
// Called in the parent whenever it waits for events (after a child was forked or a reload
// handed over): the parent gives back memory it only needed to load and fork.
using IdleHook = std::function<void()>;
// Called in the parent at once when the VRRP child died without a clean exit (a signal, or
// a non-zero status), before any respawn back-off: removes what the child may have left
// installed (VIPs, routes, rules), so that they never answer beside the new master.
using ChildLostHook = std::function<void()>;

class Supervisor {
public:
    Supervisor(const DaemonSettings& settings, ProcessConfig config, PidPaths paths,
               runtime::LogSinks& sinks, SystemdNotifier& notifier, ChildMains mains,
               ConfigReloader reloader, ReloadDecided decided, IdleHook on_idle = {},
               ChildLostHook on_child_lost = {});
    int run();

    enum class Kind { checker, vrrp, bfd }; // in keepalived's start order

private:
    enum class Phase { running, stopping };
    struct Child {
        Kind kind;
        ChildMain main;
        pid_t pid = 0;
        UniqueFd ready_fd; // read end of its channel
        std::string partial; // incomplete line from its channel
        std::chrono::steady_clock::time_point started{};
        std::optional<std::chrono::steady_clock::time_point> restart_at;
        RespawnBackoff backoff;
        bool awaiting_ready = false; // start-up or reload not yet reported
        bool ever_started = false;
        std::uint64_t starts = 0;    // forks (for `vigil processes`)
        double started_wall = 0;     // epoch s of the last fork
    };

    [[nodiscard]] bool wanted(const Child& child) const noexcept;
    void start_child(Child& child);
    void on_signal(int signo);
    void reap_children();
    void on_child_exit(pid_t pid, int status);
    // Why the daemon stops: a signal (SIGTERM/SIGINT, or -R's child death) logs "Stopping" and
    // tells systemd STOPPING=1; a child's permanent error ends keepalived's scheduler at once,
    // without either (lib/scheduler.c THREAD_TERMINATE: the parent does not run sigend).
    enum class StopCause { signal, permanent_error };
    void begin_stop(StopCause cause = StopCause::signal);
    void on_child_ready(Child& child);
    void check_ready();
    void reload();
    void start_reload_monitor();
    void forward(int signo) const;
    [[nodiscard]] bool any_child() const noexcept;
    [[nodiscard]] int poll_timeout_ms() const;
    void write_parent_dump() const;
    [[nodiscard]] control::ProcessesView processes() const;
    [[nodiscard]] std::string ident_of(const Child& child) const;
    [[nodiscard]] const std::string& pid_path_of(const Child& child) const noexcept;

    const DaemonSettings& settings_;
    ProcessConfig config_;
    PidPaths paths_;
    runtime::LogSinks& sinks_;
    SystemdNotifier& notifier_;
    ConfigReloader reloader_;
    ReloadDecided decided_;
    IdleHook on_idle_;
    std::vector<Child> children_; // in start order
    ChildLostHook on_child_lost_;

    UniqueFd signal_fd_;
    std::unique_ptr<ParentControl> control_; // the control socket (nullptr: none)
    std::unique_ptr<ReloadMonitor> reload_monitor_; // reload_time_file (nullptr: none)
    double started_wall_ = 0;
    std::uint64_t reloads_ = 0;
    std::optional<std::chrono::steady_clock::time_point> kill_at_;
    Phase phase_ = Phase::running;
    bool startup_reported_ = false;
    bool reload_pending_ = false;
    int exit_code_ = 0;
};

} // namespace vigil::process
