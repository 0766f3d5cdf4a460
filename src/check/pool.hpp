#pragma once
// keepalived's pool logic (check/ipwrapper.c, check/ipvswrapper.c), written anew over the
// Topology: which IPVS commands a change of server state sends, with inhibit_on_failure,
// the sorry server, quorum and hysteresis, weights, groups, notifications, start-up and
// shutdown. Every operation appends its actions to the Actions it was built with.
//
// The rules kept from keepalived (reference keepalived-2.2.7-lvs-checkers.md §2, §4):
//  - Removing an inhibited server sets its weight to 0 (an edit); adding an inhibited server
//    that is in the table restores its weight (an edit); a server enters the table at weight
//    0 when it is inhibited and has failed checkers.
//  - While quorum is lost and the sorry server is in use, servers change state without
//    touching the table; regaining quorum takes the sorry server out and puts the alive
//    servers back.
//  - Quorum is gained when the live weight reaches quorum + hysteresis and lost when it
//    falls below quorum - hysteresis (or to 0), with keepalived's unsigned arithmetic.
//  - A group's entries are expanded into one service per address of a range and per
//    fwmark; a service is created while no destination was added through it and deleted
//    when none remains, per protocol (the entry's alive counts).

#include "check/actions.hpp"
#include "check/topology.hpp"
#include "config/lvs_model.hpp"
#include "ipvs/command.hpp"

#include <cstdint>

namespace vigil::check {

struct PoolSettings {
    bool fifo = false;             // notify_fifo or lvs_notify_fifo configured
    bool smtp = false;             // notification_email and smtp_server configured
    bool rs_init_notifies = false; // global rs_init_notifies
    bool traps = false;            // enable_traps: CheckerTrap actions
    config::LvsFlushOnStop flush_on_stop = config::LvsFlushOnStop::per_server;
};

enum class Stopping : std::uint8_t { no, yes };
enum class Init : std::uint8_t { no, yes };

class Pool {
public:
    Pool(Topology& topology, const PoolSettings& settings, Actions& out) noexcept
        : topology_(topology), settings_(settings), out_(out) {}

    // While a reload applies the new configuration (group entries already present are not
    // re-created).
    void set_reloading(bool reloading) noexcept { reloading_ = reloading; }

    // keepalived's ipvs_cmd(): one command for `vs` (and `rs`), with the inhibit rules, the
    // `set` flag and the expansion of groups.
    void command(ipvs::Operation operation, VirtualServerState& vs, ServerState* rs);

    // A server became alive or not (perform_svr_state). Returns false when nothing changed.
    bool change_state(VirtualServerState& vs, ServerState& rs, bool alive);
    // Quorum after a change (update_quorum_state).
    void update_quorum(VirtualServerState& vs, Init init);
    // A new effective weight (update_svr_wgt).
    void update_weight(VirtualServerState& vs, ServerState& rs, std::int64_t weight, bool update_quorum);

    // notify_up/notify_down, the FIFO line (do_rs_notifies).
    void server_notifies(const VirtualServerState& vs, const ServerState& rs, Stopping stopping);

    // Start-up and reload: adds the service(s) and the servers (init_service_vs).
    void init_virtual_server(VirtualServerState& vs);
    // Removes one server (clear_service_rs) / a whole virtual server (clear_service_vs).
    void clear_server(VirtualServerState& vs, ServerState& rs, Stopping stopping);
    void clear_virtual_server(VirtualServerState& vs, Stopping stopping);
    // Shutdown without -I (clear_services).
    void clear_all();
    // Quorum notifications when servers went away (update_vs_notifies).
    void update_vs_notifies(VirtualServerState& vs, Stopping stopping);

    // Reload: a group entry that is gone (ipvs_group_remove_entry), a new one
    // (ipvs_group_sync_entry).
    void remove_group_entry(VirtualServerState& vs, GroupEntryState& entry);
    void sync_group_entry(VirtualServerState& vs, const GroupEntryState& entry);

    void log(std::string text);
    void smtp(std::string subject, std::string body);

private:
    // The SNMP notification of a server (`rs`) or of the quorum (keepalived's check_snmp_rs_trap).
    void trap(const VirtualServerState& vs, const ServerState* rs, Stopping stopping);
    void vs_notifies(VirtualServerState& vs, Init init, std::int64_t threshold, std::int64_t sum, Stopping stopping);
    void quorum_pool(VirtualServerState& vs, bool add);
    void group_command(ipvs::Operation operation, const ipvs::Service& rule, ipvs::Destination* destination,
                       VirtualServerState& vs, ServerState* rs);
    void range_command(ipvs::Operation operation, ipvs::Service rule, const ipvs::Destination* destination,
                       const config::VirtualServerGroupEntry& entry);
    void emit(ipvs::Operation operation, const ipvs::Service& service, const ipvs::Destination* destination);

    Topology& topology_;
    const PoolSettings& settings_;
    Actions& out_;
    bool reloading_ = false;
};

// The count of an entry that adding or removing a destination of `vs` changes: per
// protocol, or for a fwmark entry per family (keepalived's vsge alive counts).
unsigned& entry_count(GroupEntryState& entry, const VirtualServerState& vs) noexcept;

// The IPVS settings of `vs` for a command (keepalived's ipvs_set_srule): scheduler, family,
// flags and netmask; persistence only for the service commands.
ipvs::Service service_rule(const VirtualServerState& vs, ipvs::Operation operation);
// A server's destination (ipvs_set_drule): its port, forwarding, weight and thresholds.
ipvs::Destination destination_rule(const ServerState& rs);

} // namespace vigil::check
