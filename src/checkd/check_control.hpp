#pragma once
// The checker process's control socket (vigil(1) `status`, `stats`, `metrics`; the parent
// relays requests with params.process "checker" to it: process/parent_control.hpp), served
// on the checker child's event loop with control/Server (bounded buffers, 0600 root: the
// parent is its client), and what the engine does not keep for it: per checker, how its last
// attempt ended, its failures, and when its state last changed.
//
// Contract: every request is answered within the loop iteration that reads it, from the
// engine's state at that moment (CheckerChild::lvs_status_view); the records cost one
// comparison per result. Checker ids are the engine's: reset() after each reload (the
// records start afresh: counters restart, as they do when the process restarts).

#include "check/actions.hpp"
#include "check/checker_state.hpp"
#include "control/lvs_views.hpp"
#include "control/server.hpp"
#include "metrics/http_listener.hpp"
#include "runtime/event_loop.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vigil::checkd {

class CheckControl {
public:
    using View = std::function<control::LvsStatusView()>;

    struct Record {
        check::Outcome last = check::Outcome::success;
        bool reported = false;           // `last` holds a result
        int code = 0;
        double last_time = 0;
        unsigned consecutive_failures = 0;
        std::uint64_t failures = 0;
        bool up = true;                  // the engine's is_up when last looked at
        std::optional<double> since;     // when `up` last changed
    };

    // Serves process::check_socket_path(`path`) on `loop` (nothing when `path` is empty; an error
    // logged when it cannot). `view` answers the requests.
    void start(runtime::EventLoop& loop, const std::string& path, View view) noexcept;

    // --metrics-listen=ADDRESS when the VRRP child, which serves it otherwise (with these
    // families appended), does not run: the vigil_lvs_* families alone. Call after start().
    void serve_metrics(runtime::EventLoop& loop, const std::string& address) noexcept;

    // After Engine::on_result, for a checker that was in flight before it (the engine
    // ignores the other results, and so must the caller).
    void note_result(std::size_t id, const check::CheckResult& result,
                     std::span<const check::CheckerState> checkers) noexcept;
    // After any other event that may change a checker's state (track files, BFD, reload):
    // stamps the changes seen.
    void resync(std::span<const check::CheckerState> checkers) noexcept;
    // After a reload: one fresh record per checker, and the reload counted.
    void reloaded(std::span<const check::CheckerState> checkers) noexcept;

    double started() const noexcept { return started_; }
    std::uint64_t reloads() const noexcept { return reloads_; }
    double last_reload() const noexcept { return last_reload_; }

    const Record* record(std::size_t id) const noexcept { return id < records_.size() ? &records_[id] : nullptr; }
    std::size_t clients() const noexcept { return server_ ? server_->clients() : 0; }
    std::uint64_t refused() const noexcept { return server_ ? server_->refused() : 0; }

private:
    control::Outcome on_request(const control::Request& request) noexcept;
    void reset(std::span<const check::CheckerState> checkers) noexcept;

    View view_;
    std::unique_ptr<control::Server> server_;
    std::unique_ptr<metrics::HttpListener> http_;
    std::vector<Record> records_;
    double started_ = 0;
    std::uint64_t reloads_ = 0;
    double last_reload_ = 0;
};

// keepalived's keyword of a checker type ("HTTP_GET", "TCP_CHECK", ...).
std::string_view checker_keyword(config::CheckerType type) noexcept;
// The control schema's word for an attempt's outcome ("success", "timed_out", ...).
std::string_view outcome_word(check::Outcome outcome) noexcept;

} // namespace vigil::checkd
