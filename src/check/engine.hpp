#pragma once
// The checker engine: every virtual server, real server and health checker of one
// configuration, driven by events with the current time as an argument (the shape of
// src/vrrp/router.hpp). Pure: no sockets, no processes, no clock; the IPVS table, the probes,
// scripts, FIFOs and mail are the caller's (see check/actions.hpp).
//
// Contract for the caller (the checker process):
//  - Report the values of the track files FILE_CHECK uses with set_track_file_value()
//    before start() and before reload(); afterwards report changes with on_track_file().
//  - start() programs the table (keepalived's init_services) and schedules every checker's
//    first run at 1 s + random(0..warmup). Then sleep until next_deadline() and call
//    on_timer(now); it launches the due checkers (LaunchCheck actions), at most
//    launches_per_timer of them: when more are due, next_deadline() is already past and the
//    caller's loop serves what else is ready (results, signals) before the next batch. A
//    loop that fell behind (10,000 checks on a slow machine) then does not launch thousands
//    at once, whose results and any signal would wait behind the whole batch.
//  - Each launched attempt ends with on_result(); results for checkers that are not in
//    flight (e.g. after a reload) are ignored.
//  - reload() ends every attempt in flight: drop them and their results. It diffs the old
//    and new configurations as keepalived does (unchanged entries are not touched), then
//    restarts every checker with a fresh warmup. Checker ids refer to the new
//    configuration afterwards.
//  - stop() removes what start() added (unless ReleaseIpvs::keep, `-I`), with the omega
//    notifications; the engine is inert afterwards.
//  - Never throws after construction except std::bad_alloc.

#include "check/actions.hpp"
#include "check/checker_state.hpp"
#include "check/clock.hpp"
#include "check/pool.hpp"
#include "check/schedule.hpp"
#include "check/topology.hpp"
#include "config/model.hpp"

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::check {

enum class ReleaseIpvs : std::uint8_t { release, keep };

inline constexpr std::size_t launches_per_timer = 64;
enum class AddressChange : std::uint8_t { added, removed };
// A bfd_instance's state as the BFD child reports it (bfd/event_record.hpp).
enum class BfdReport : std::uint8_t { down, up };

struct TrackFileState {
    std::string name;
    std::int64_t value = 0;
    std::vector<CheckerId> checkers;
};

class Engine {
public:
    // `config` must have been validated (parser::validate_lvs); `seed` fixes the random
    // spread of first runs.
    explicit Engine(std::shared_ptr<const config::Config> config, std::uint64_t seed = 0);

    // --- Events ---------------------------------------------------------------------------
    void set_track_file_value(std::string_view name, std::int64_t value);
    void start(TimePoint now, Actions& out);
    void on_timer(TimePoint now, Actions& out);
    void on_result(CheckerId checker, const CheckResult& result, TimePoint now, Actions& out);
    void on_track_file(std::string_view name, std::int64_t value, TimePoint now, Actions& out);
    // BFD_CHECK: the BFD child reported bfd_instance `name` Up or Down. Before start() and
    // after stop() it is ignored (the BFD child reports every state again after a reload).
    void on_bfd(std::string_view name, BfdReport report, Actions& out);
    // SNMP Set of realServerWeight (keepalived's check_snmp_realserver_weight, then
    // update_svr_wgt; engine_control.cpp): real server `real_server` (0-based, sorry server
    // excluded) of virtual server `virtual_server` (0-based, configuration order) gets
    // effective weight `weight`: "Changing weight from A to B for [in]active service ..." and
    // the IPVS edit when the weight IPVS sees changes, then the quorum. Out of range: nothing.
    void set_real_server_weight(std::size_t virtual_server, std::size_t real_server, std::uint32_t weight,
                                Actions& out);
    // ha_suspend: an address appeared on or vanished from the host. Before start() this only
    // counts; afterwards the checkers of the virtual servers on that address are activated
    // or suspended.
    void on_address(const net::IpAddress& address, AddressChange change, Actions& out);
    void reload(std::shared_ptr<const config::Config> config, TimePoint now, Actions& out);
    void stop(ReleaseIpvs release, Actions& out);

    // Moves every scheduled run `by` later. keepalived counts the first runs from the end of
    // the table's programming (init_services before register_checkers_thread); start() and
    // reload() count them from `now`, so the caller, once it has carried out their actions
    // (10,000 destinations take seconds), postpones them by the time that took. Otherwise the
    // checks due meanwhile all start at once.
    void postpone_checks(Duration by);

    // The earliest due checker, or TimePoint::max().
    TimePoint next_deadline() noexcept { return schedule_.next(); }

    // --- Views ----------------------------------------------------------------------------
    const config::Config& config() const noexcept { return *config_; }
    std::span<const VirtualServerState> virtual_servers() const noexcept { return topology_.virtual_servers; }
    std::span<const CheckerState> checkers() const noexcept { return checkers_; }
    const CheckerState& checker(CheckerId id) const noexcept { return checkers_[id]; }
    std::span<const TrackFileState> track_files() const noexcept { return track_files_; }
    // Any virtual server with ha_suspend (the caller then reports addresses).
    bool uses_ha_suspend() const noexcept;
    // When checker `id` is due next (TimePoint::max() when in flight or not launched).
    TimePoint due(CheckerId id) const noexcept { return schedule_.due(id); }

private:
    struct Build {
        Topology topology;
        std::vector<CheckerState> checkers;
    };
    enum class Phase : std::uint8_t { configured, running, stopped };

    static std::vector<TrackFileState> track_files_of(const config::Config& config,
                                                      const std::vector<TrackFileState>& known);
    static void build(const config::Config& config, std::vector<TrackFileState>& files, Build& out);
    static PoolSettings settings_of(const config::Config& config);
    // The state of a first start (validate_check_config): alpha checkers down, retries preset,
    // quorum states; an empty schedule.
    void initial_state();
    void apply_globals(const config::Config& config);
    // keepalived's set_track_file_weights and set_track_file_checkers_down, on the current
    // state.
    void file_weights();
    void files_down(bool reloading, Actions& out);
    void set_effective_weights();
    void register_checkers(TimePoint now, Actions& out);
    void activate(CheckerId id, TimePoint now);

    // Checker state changes (ipwrapper.c set_checker_state, update_svr_checker_state).
    void set_checker_state(CheckerState& checker, bool up);
    void update_checker_state(Pool& pool, CheckerState& checker, bool alive);
    // The attempt epilogues (check_tcp.c, check_udp.c, check_ping.c, check_misc.c), the
    // track file updates (track_file.c), and the RS mail of an epilogue.
    Duration socket_result(Pool& pool, CheckerState& checker, const CheckResult& result);
    TimePoint misc_result(Pool& pool, CheckerState& checker, const CheckResult& result, TimePoint now);
    // HTTP_GET/SSL_GET (check_http.c epilog, timeout_epilog, http_handle_response),
    // SMTP_CHECK (check_smtp.c smtp_final), DNS_CHECK (check_dns.c dns_final): the delay
    // until the next attempt.
    Duration http_result(Pool& pool, CheckerState& checker, const CheckResult& result);
    void http_length_note(Pool& pool, CheckerState& checker, const LengthCheck& length);
    Duration smtp_result(Pool& pool, CheckerState& checker, const CheckResult& result);
    Duration dns_result(Pool& pool, CheckerState& checker, const CheckResult& result);
    void file_transition(Pool& pool, CheckerState& checker, std::int64_t previous, std::int64_t next);
    void checker_mail(Pool& pool, const CheckerState& checker, const char* body);

    // Reload (ipwrapper.c clear_diff_services and friends).
    // `old` is the state before the reload; the members hold the new one.
    void diff_services(Build& old, Actions& out);
    void migrate_checkers(Pool& pool, const Build& old, VirtualServerState& new_vs, const ServerState& old_rs,
                          ServerState& new_rs);

    VirtualServerState& vs_of(const CheckerState& checker) noexcept {
        return topology_.virtual_servers[checker.vs];
    }
    ServerState& rs_of(const CheckerState& checker) noexcept {
        return topology_.virtual_servers[checker.vs].servers[checker.rs];
    }

    std::shared_ptr<const config::Config> config_;
    PoolSettings settings_;
    bool no_checker_emails_ = false;
    bool log_all_failures_ = false;
    Topology topology_;
    std::vector<CheckerState> checkers_;
    std::vector<TrackFileState> track_files_;
    Schedule schedule_;
    Random random_;
    Phase phase_ = Phase::configured;
    std::vector<std::uint32_t> due_scratch_;
};

// Where a socket checker connects: connect_ip, else the real server's address; connect_port,
// else the real server's port as written.
net::IpAddress checker_address(const config::Checker& checker, const config::RealServer& rs);
std::uint16_t checker_port(const config::Checker& checker, const config::RealServer& rs);
// The connection options an SMTP_CHECK checker uses (CheckerState::connection): the
// checker's own, or one of its `host` blocks. Other checkers: their own.
const config::ConnectionOptions& checker_connection(const CheckerState& checker);

} // namespace vigil::check
