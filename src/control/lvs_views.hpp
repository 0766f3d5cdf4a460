#pragma once
// What the checker process reports on its control socket (status, stats, metrics with
// params.process "checker"): plain values, filled by the checker child from its engine
// (checkd/control_views.cpp), turned into the schema's JSON by lvs_schema.hpp and into
// Prometheus text by metrics/render_lvs.hpp. No engine types here (as views.hpp).
//
// Names are keepalived's texts (its log lines and keepalived_check.data): a virtual server
// "[192.0.2.1]:tcp:80", "FWM 7" or "[GROUP]:1"; a real server "[192.0.2.10]:tcp:80".
// Times are wall-clock seconds since the epoch (double).

#include "control/views.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::control {

// One health checker of a real server.
struct LvsCheckerView {
    std::string type;          // keepalived's keyword: HTTP_GET, SSL_GET, TCP_CHECK, SMTP_CHECK,
                               // DNS_CHECK, MISC_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK, BFD_CHECK
    bool up = true;            // keepalived's is_up: the real server is alive iff all are up
    bool has_run = false;      // a result (or a track file / BFD state) has counted
    bool enabled = true;       // false while ha_suspend finds no virtual address
    // How its last attempt ended: "none" (no attempt reported yet since the process started
    // or reloaded), "success", "failed", "timed_out", "mismatch", "not_run", "exited",
    // "signalled", "script_timeout" (check/actions.hpp Outcome).
    std::string last_result = "none";
    int last_code = 0;                   // exited: the status; signalled: the signal
    std::optional<double> last_attempt;  // when the last result came
    std::optional<double> since;         // when `up` last changed (seen by this process)
    unsigned consecutive_failures = 0;   // failed attempts since the last success
    unsigned retry = 0;                  // configured retries before going down
    unsigned retries_left = 0;           // while up: failures it still tolerates
    std::uint64_t failures = 0;          // failed attempts since the process started (counter)
};

struct LvsRealServerView {
    std::string name;                // "[192.0.2.10]:tcp:80"
    std::string address;
    unsigned port = 0;               // as IPVS uses it
    std::int64_t weight = 0;         // configured
    std::int64_t current_weight = 0; // what IPVS has (0 when inhibited; clamped to 0..2^31-1)
    bool alive = false;              // all its checkers up
    bool in_ipvs = false;            // its destination is in the IPVS table
    bool inhibited = false;          // in the table at weight 0 because it failed (inhibit_on_failure)
    std::vector<LvsCheckerView> checkers;
};

struct LvsVirtualServerView {
    std::string name;                // keepalived's text
    std::string kind;                // "address", "fwmark", "group"
    std::string address;             // kind address
    unsigned port = 0;               // kind address
    std::uint32_t fwmark = 0;        // kind fwmark
    std::string group;               // kind group
    std::string protocol;            // "tcp", "udp", "sctp", "none"
    std::string scheduler;           // "wlc", ...
    bool alive = false;              // its IPVS service is in the table
    unsigned quorum = 1;
    bool quorum_up = false;          // the last quorum transition was "gained"
    std::int64_t live_weight = 0;    // sum of the alive real servers' weights
    std::optional<std::string> sorry_server; // its name, when configured
    bool sorry_active = false;       // the sorry server is in use now
    std::vector<LvsRealServerView> real_servers;
};

struct LvsStatusView {
    DaemonView daemon; // the checker process
    std::vector<LvsVirtualServerView> virtual_servers;
};

} // namespace vigil::control
