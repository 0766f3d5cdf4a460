#pragma once
// What the VRRP child keeps for the control socket and the metrics endpoint (control.cpp):
// the servers, the transition log `vigil events` reads, and the reload requests waiting for
// their result. The child serves the socket itself (docs/architecture.md says why).

#include "control/fetch.hpp"
#include "control/server.hpp"
#include "control/views.hpp"
#include "metrics/http_listener.hpp"
#include "metrics/render.hpp"
#include "vrrpd/vrrp_main.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace vigil::vrrpd {

struct ControlState {
    // The newest transitions kept for `vigil events` (older ones are dropped).
    static constexpr std::size_t event_log_size = 1000;
    // How long `vigil reload` waits for the parent to hand the reload to this child.
    static constexpr std::chrono::seconds reload_timeout{30};

    PreviewLoader preview;
    std::unique_ptr<control::Server> server;
    std::unique_ptr<metrics::HttpListener> http;
    std::unique_ptr<control::Fetch> fetch; // /metrics: the checker process's families
    metrics::CompatFamilies compat;
    std::deque<control::EventView> events;
    std::uint64_t sequence = 0;
    std::unordered_map<std::string, std::string> last_state;        // name -> state word
    std::unordered_map<std::string, std::uint64_t> transitions;     // instance name -> count
    std::vector<std::pair<control::ClientId, control::Json>> reload_waiters; // with request ids
    runtime::TimerId reload_timer;
    control::ReloadPreview pending_preview; // what the requested reload was expected to change
    double started = 0;
    std::uint64_t reloads = 0;
    std::uint64_t reload_failures = 0;
    double last_reload = 0;
};

} // namespace vigil::vrrpd
