#pragma once
// The BFD child ("Keepalived_bfd"): the wiring of bfd::SessionTable to its I/O. One
// single-threaded EventLoop drives everything:
//   listener(s) readable -> SessionTable::receive                         sockets.cpp
//   engine timer         -> SessionTable::expire at SessionTable::deadline  bfd_child.cpp
//   table actions        -> packets out (one udp::BfdSender per session)    sockets.cpp
//                           Up/Down records to the VRRP child's pipe        reports.cpp
//   retry timer          -> reopen the output socket of AdminDown sessions  sockets.cpp
//   signals              -> TERM/INT stop, HUP reload, XCPU (bfd_child.cpp), USR1 dump (dump.cpp)
//   scheduling           -> bfd_priority, bfd_rt_priority..., late timers and
//                           max_auto_priority (process/process_scheduling.hpp) bfd_child.cpp
//
// Contract: handlers never throw after start-up; a configuration that cannot be loaded on
// reload leaves the running sessions untouched. Sessions that keep their name and
// addresses across a reload keep their state, discriminators, timers and sockets.

#include "bfd/session_table.hpp"
#include "bfdd/bfd_main.hpp"
#include "bfdd/system_random.hpp"
#include "process/daemon_settings.hpp"
#include "process/process_scheduling.hpp"
#include "process/supervisor.hpp"
#include "runtime/event_loop.hpp"
#include "runtime/log_pump.hpp"
#include "udp/bfd_listener.hpp"
#include "udp/bfd_sender.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace vigil::bfdd {

class BfdChild {
public:
    BfdChild(process::ChildChannel& channel, const process::DaemonSettings& settings,
             const ModelLoader& reload, EventPipes pipes);

    // Runs until SIGTERM/SIGINT; returns the exit code.
    int run(std::shared_ptr<const config::Config> config);

private:
    // keepalived retries an output socket that could not be opened every 60 s.
    static constexpr std::chrono::seconds reopen_interval{60};
    // At most this many packets per wake-up, so that a flood cannot starve timers.
    static constexpr std::size_t receive_budget = 64;

    struct Output {
        std::optional<udp::BfdSender> sender;
        bool send_error = false; // the last send failed (logged once)
    };

    // bfd_child.cpp
    void setup_signals();
    void on_engine_timer() noexcept;
    void rearm() noexcept;
    void execute(bfd::Actions& actions) noexcept;
    void reload() noexcept;
    void shutdown() noexcept;

    // sockets.cpp
    bool open_listeners(const std::vector<bfd::SessionSettings>& settings);
    void on_readable(udp::BfdListener& listener) noexcept;
    // Before the table is (re)configured with `sessions`: the output socket of each, kept
    // from the running session of the same name, addresses and TTL, or opened.
    void prepare_outputs(const std::vector<bfd::SessionSettings>& sessions);
    // After: a session without an output socket is disabled (AdminDown) and its socket
    // retried every reopen_interval.
    void disable_unopened(bfd::Actions& actions);
    std::optional<udp::BfdSender> open_output(const bfd::SessionSettings& settings) noexcept;
    void on_reopen_timer() noexcept;
    void send(const bfd::SendControl& packet) noexcept;

    // reports.cpp
    void report(const bfd::ReportState& report) noexcept;
    void report_all() noexcept;
    // Which children the model and the command line run (reports go only to those).
    void note_consumers() noexcept;

    // dump.cpp
    void write_dump() const noexcept;

    process::ChildChannel& channel_;
    const process::DaemonSettings& settings_;
    const ModelLoader& reload_;
    EventPipes pipes_;
    runtime::EventLoop loop_;
    runtime::LogPump log_pump_{loop_}; // drains the log queues (log_sinks.hpp)
    SystemRandom random_;
    bfd::SessionTable table_{random_};
    std::shared_ptr<const config::Config> model_;
    std::optional<udp::BfdListener> single_hop_;
    std::optional<udp::BfdListener> multihop_;
    std::vector<Output> outputs_; // by SessionId
    udp::PortRange ports_;
    std::vector<std::byte> buffer_;
    runtime::TimerId engine_timer_;
    runtime::TimerId reopen_timer_;
    bfd::Consumers consumers_running_ = bfd::Consumers::both;
    // bfd_priority, bfd_rt_priority...; max_auto_priority: late wake-ups raise it
    process::ProcessScheduling scheduling_{process::ProcessRole::bfd};
    bool stopping_ = false;
    int exit_code_ = 0;
};

} // namespace vigil::bfdd
