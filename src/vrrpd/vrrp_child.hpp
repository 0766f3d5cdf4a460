#pragma once
// The VRRP child ("Keepalived_vrrp", section 2): the wiring of config model -> engine -> I/O.
// One single-threaded EventLoop drives everything:
//   adverts in     -> decode/validate (codec) -> Router::on_advert          receive.cpp
//   netlink        -> InterfaceCatalog -> Router::on_link /
//                     on_source_address / on_vip_deleted                    link_events.cpp
//   trackers       -> Script/File/ProcessTracker -> Router::on_tracker(_value)   trackers.cpp
//   timers         -> Router::on_timer at Router::next_deadline()          vrrp_child.cpp
//   Router actions -> adverts out (codec + AdvertSocketPool)                send.cpp
//                     VIPs/routes/rules (netlink)                           address_changes.cpp
//                     GARP/NA (AnnounceQueue)                               announce.cpp
//                     notify scripts, FIFO lines, SMTP alerts               notifications.cpp
//                     D-Bus signals, SNMP traps                             monitoring.cpp
//   SNMP requests  -> a snapshot of the state (snmp_snapshot.cpp) -> MIBs   snmp_agent.cpp
//   D-Bus calls    -> dumps, GARPs, reload (monitoring.cpp)                 dbus_service.cpp
//   signals        -> TERM/INT stop (vrrp_child.cpp), HUP reload (configure.cpp),
//                     USR1/USR2/RTMIN+2/RTMAX-1 dumps (snapshots.cpp), CHLD reap
// Sockets per instance: endpoints.cpp; the open-file limit for them: configure.cpp.
// Privileged resources (netlink, packet and raw sockets) are opened first, then
// process::shed_privileges() reduces the capability sets.
//
// Contract: handlers never throw (the packet, timer and netlink paths are noexcept); a
// configuration the engine refuses on reload leaves the running one untouched.

#include "arp/packet_announcer.hpp"
#include "config/model.hpp"
#include "netlink/interface_catalog.hpp"
#include "netlink/netlink_address_table.hpp"
#include "netlink/netlink_monitor.hpp"
#include "notify/notify_runner.hpp"
#include "notify/smtp_client.hpp"
#include "process/process_scheduling.hpp"
#include "process/daemon_settings.hpp"
#include "process/supervisor.hpp"
#include "rawip/advert_socket_pool.hpp"
#include "rawip/raw_advert_socket.hpp"
#include "runtime/child_reaper.hpp"
#include "runtime/event_loop.hpp"
#include "runtime/log_pump.hpp"
#include "track/file_tracker.hpp"
#include "track/process_tracker.hpp"
#include "track/script_tracker.hpp"
#include "vrrp/ah_sequence.hpp"
#include "vrrp/drop_log.hpp"
#include "vrrp/router.hpp"
#include "vrrp/validation.hpp"
#include "snmp/snapshot.hpp"
#include "vrrpd/announce_queue.hpp"
#include "vrrpd/control_state.hpp"
#include "vrrpd/dbus_service.hpp"
#include "vrrpd/dump.hpp"
#include "vrrpd/engine_config.hpp"
#include "vrrpd/snmp_agent.hpp"
#include "vrrpd/snmp_rows.hpp"
#include "vrrpd/vip_firewall.hpp"
#include "vrrpd/vmac_links.hpp"
#include "vrrpd/vrrp_main.hpp"

#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace vigil::vrrpd {

using vrrp::InstanceId;

class VrrpChild {
public:
    VrrpChild(process::ChildChannel& channel, const process::DaemonSettings& settings, const ModelLoader& reload,
              const PreviewLoader& preview = {})
        : channel_(channel), settings_(settings), reload_(reload),
          sockets_(&rawip::open_raw_advert_socket), notify_(reaper_, script::ScriptUser{::getuid(), ::getgid()}),
          scripts_(loop_, reaper_, [this](std::size_t i, track::ScriptStatus s) { on_script(i, s); }),
          files_(loop_, [this](std::size_t i, std::int64_t v) { on_file(i, v); }),
          processes_(loop_, [this](std::size_t i, bool quorum) { on_process(i, quorum); }),
          batch_(receive_batch_slots, receive_slot_size) {
        control_.preview = preview;
    }
    ~VrrpChild();
    VrrpChild(const VrrpChild&) = delete;
    VrrpChild& operator=(const VrrpChild&) = delete;

    // The read end of the BFD child's event pipe (bfd/event_record.hpp), before run().
    void listen_bfd_events(int fd) noexcept { bfd_events_ = fd; }

    // Runs until SIGTERM/SIGINT; returns the exit code.
    int run(std::shared_ptr<const config::Config> config);

private:
    // Log lines and unpaced GARPs/NAs wait while an engine deadline is less than
    // burst_look_ahead away (a takeover wave in progress), never longer than burst_max_hold.
    static constexpr auto burst_look_ahead = std::chrono::milliseconds(2);
    static constexpr auto burst_max_hold = std::chrono::milliseconds(5);
    // Packets read per recvmmsg() (the 255x10ms backup averages ~3 per wake-up) and the room
    // for each: the largest IP datagram, so that no advert is cut short.
    static constexpr std::size_t receive_batch_slots = 16;
    static constexpr std::size_t receive_slot_size = 65536;
    // At most this many packets per wake-up, so that a flood cannot starve timers and signals.
    static constexpr std::size_t receive_budget = 64;

    // Which configuration an action refers to: the current one (the Router's instances), or
    // the old one while the retire half of a reload plan is carried out (`retired`).
    struct Context {
        const EngineConfig* engine;
        const config::Config* model;
        const vrrp::Router* router = nullptr;
        std::span<const vrrp::InstanceConfig> retired;
        // The configuration of instance `id`, nullptr if there is none.
        const vrrp::InstanceConfig* instance(InstanceId id) const noexcept {
            if (router != nullptr) {
                return id < router->instances().size() ? &router->instance(id).config() : nullptr;
            }
            return id < retired.size() ? &retired[id] : nullptr;
        }
    };
    // What the child keeps per instance next to the engine: counters, the socket, the AH
    // and IP id sequences, the last master and the source address reported to the engine.
    struct Runtime {
        vrrp::Stats stats;
        vrrp::DropLog drops;
        std::uint16_t ip_id = 0;
        vrrp::AhSequence ah_sequence; // IPsec AH sequence number, sent and received
        std::optional<rawip::AdvertEndpoint> endpoint;
        std::optional<net::IpAddress> last_master;
        std::optional<net::IpAddress> reported_source;
        bool source_reported = false;
        // SNMP (RFC 2787/6527): when the instance first left INIT, the last protocol error
        // (vrrpv3StatisticsProtoErrReason) and the errors the engine's Stats do not count.
        std::optional<vrrp::TimePoint> left_init;
        int proto_error_reason = 0;
        std::uint64_t checksum_errors = 0;
        std::uint64_t version_errors = 0;
    };
    struct OpenEndpoint {
        rawip::AdvertEndpoint endpoint;
        int fd = -1;
        std::size_t users = 0;
    };
    // The address/route/rule changes of the batch being executed, with what to name in a
    // failure message (address == nullptr: a route or rule).
    struct TableChangeOrigin {
        const std::string* instance;
        const vrrp::VirtualAddress* address;
    };

    // vrrp_child.cpp: life cycle, event loop, engine timer, action execution.
    void setup_signals();
    void on_engine_timer() noexcept;
    void rearm() noexcept;
    // Whether more engine work is imminent (a deadline within burst_look_ahead) and what
    // was deferred at `since` (log lines, announcements) may wait for it.
    bool burst_continues(vrrp::TimePoint now, vrrp::TimePoint since) const noexcept;
    // Carries out a batch of engine actions (the four passes are described there).
    void execute(vrrp::Actions& actions, const Context& context) noexcept;
    void execute(vrrp::Actions& actions) noexcept { execute(actions, current()); }
    Context current() const noexcept { return {&engine_, model_.get(), router_.get(), {}}; }
    // The running configuration of instance `id` (< instance_count()).
    const vrrp::InstanceConfig& instance_config(InstanceId id) const noexcept {
        return router_->instance(id).config();
    }
    InstanceId instance_count() const noexcept { return static_cast<InstanceId>(router_->instances().size()); }
    void shutdown() noexcept;

    // configure.cpp: start-up build and SIGHUP reload.
    void build(std::shared_ptr<const config::Config> config);
    void resolve_default_script_user(const config::Config& config);
    void reload() noexcept;
    // RLIMIT_NOFILE for the configuration's instances (process/open_file_limit.hpp).
    static void ensure_descriptors(const config::Config& config) noexcept;

    // endpoints.cpp: the advert socket of each instance.
    std::optional<rawip::AdvertEndpoint> endpoint_for(InstanceId id) const;
    void attach(InstanceId id);
    void detach(InstanceId id) noexcept;
    // One user less for the endpoint's socket: closed with its last user.
    void release(const rawip::AdvertEndpoint& endpoint) noexcept;
    void attach_endpoints();

    // link_events.cpp: interfaces, links and addresses.
    void load_interfaces();
    // The address an instance advertises from: unicast_src_ip / mcast_src_ip, else its
    // interface's primary IPv4 or link-local IPv6 address (nullopt: none yet).
    std::optional<net::IpAddress> source_of(const vrrp::InstanceConfig& config) const;
    void report_sources(vrrp::TimePoint now);
    // `ifname` is a VMAC made for addresses (use_vmac_addr, a VIP's use_vmac), not an
    // instance's own.
    bool is_address_vmac(std::string_view ifname) const;
    void on_netlink() noexcept;
    void on_netlink_event(const netlink::NetlinkEvent& event, vrrp::TimePoint now) noexcept;

    // receive.cpp
    void on_readable(const rawip::AdvertEndpoint& endpoint) noexcept;
    void handle_packet(const rawip::AdvertEndpoint& endpoint, const rawip::ReceivedAdvert& packet,
                       vrrp::TimePoint now) noexcept;
    // send.cpp
    void send_advert(const vrrp::SendAdvert& action, const Context& context) noexcept;
    // address_changes.cpp: queues the kernel changes for `set`; apply_table_changes() carries
    // them out in one pipelined exchange and logs failures. `set` and the instance name must
    // outlive it.
    void change_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                          const Context& context) noexcept;
    void apply_table_changes() noexcept;
    // Firewall drop entries of a no-accept non-owner's addresses: added before the addresses,
    // removed after them (keepalived's order).
    void filter_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                          const Context& context) noexcept;
    // announce.cpp
    void announce(const vrrp::Announce& action, const Context& context) noexcept;
    // notifications.cpp
    void write_states_after_reload(const vrrp::Actions& applied) noexcept;
    void notify(const vrrp::Notify& action, const Context& context) noexcept;

    // monitoring.cpp: SNMP agent and D-Bus service.
    struct BusHandler;
    SnmpModules snmp_modules() const;
    std::vector<dbus::InstanceObject> bus_objects() const;
    void start_monitoring();
    void start_dbus();
    void reload_monitoring();
    void stop_monitoring() noexcept;
    void send_garp(InstanceId id) noexcept;
    void report_notify(const vrrp::Notify& action, const Context& context) noexcept;
    void report_drop(InstanceId id, vrrp::DropReason reason, const net::IpAddress& source) noexcept;
    // snmp_snapshot.cpp: the state the MIBs show.
    std::string router_id() const;
    snmp::InstanceInfo snmp_instance(InstanceId id, vrrp::TimePoint now) const;
    snmp::Snapshot snmp_snapshot() const;
    SnmpWrites snmp_writes(); // monitoring.cpp

    // trackers.cpp
    void bind_trackers();
    void start_trackers();
    void on_script(std::size_t index, track::ScriptStatus status) noexcept;
    // bfd_events.cpp: Up/Down records from the BFD child -> Router::on_tracker.
    void on_bfd_events() noexcept;
    void on_file(std::size_t index, std::int64_t value) noexcept;
    void on_process(std::size_t index, bool quorum) noexcept;

    // snapshots.cpp: dumps and status.
    std::vector<InstanceSnapshot> snapshots() const;
    // data_snapshot.cpp: keepalived.data's sections (dump_data.cpp formats them).
    DataSnapshot data_snapshot() const;
    std::optional<unsigned> lvs_syncd_vrid() const;
    void write_dump_files(int signo) noexcept;
    void update_status() noexcept;

    // control.cpp: the control socket and the metrics endpoint (vigil(1), docs/metrics.md).
    void start_control() noexcept;
    void serve_lvs_metrics();
    control::Outcome on_control(control::ClientId client, const control::Request& request) noexcept;
    control::StatusView status_view() const;
    control::ReloadPreview reload_preview() const;
    void record_transition(const vrrp::Notify& action) noexcept;
    enum class ReloadResult : std::uint8_t { applied, failed };
    void reload_finished(ReloadResult result) noexcept;

    process::ChildChannel& channel_;
    const process::DaemonSettings& settings_;
    const ModelLoader& reload_;

    runtime::EventLoop loop_;
    runtime::LogPump log_pump_{loop_}; // drains the log queues (log_sinks.hpp)
    std::unique_ptr<netlink::NetlinkAddressTable> table_;
    std::unique_ptr<netlink::NetlinkMonitor> monitor_;
    netlink::InterfaceCatalog catalog_;
    std::unique_ptr<arp::PacketAnnouncer> announcer_;
    std::unique_ptr<AnnounceQueue> announce_queue_;
    rawip::AdvertSocketPool sockets_;
    std::vector<OpenEndpoint> open_;
    runtime::ChildReaper reaper_;
    notify::NotifyRunner notify_;
    track::ScriptTracker scripts_;
    track::FileTracker files_;
    track::ProcessTracker processes_;
    notify::SmtpClient smtp_{loop_};

    std::unique_ptr<SnmpAgent> snmp_;
    vrrp::TimePoint snmp_started_{};
    RulePreferences rule_preferences_; // of model_, for the MIB's rule table
    std::unique_ptr<dbus::VrrpBusHandler> bus_handler_; // a BusHandler; outlives dbus_
    std::unique_ptr<DbusService> dbus_;

    std::shared_ptr<const config::Config> model_;
    EngineConfig engine_;
    std::unique_ptr<vrrp::Router> router_;
    std::unique_ptr<VipFirewall> firewall_; // only when the configuration needs one
    std::unique_ptr<VmacLinks> vmacs_;      // only when an instance uses a VMAC
    std::vector<Runtime> runtime_;
    std::vector<vrrp::TrackerId> script_ids_;
    std::vector<vrrp::TrackerId> file_ids_;
    std::vector<vrrp::TrackerId> process_ids_;
    runtime::TimerId engine_timer_;
    std::vector<pid_t> stop_scripts_;
    std::vector<netlink::TableChange> table_changes_;
    std::vector<TableChangeOrigin> table_change_origins_;
    std::vector<std::error_code> table_results_;
    rawip::ReceiveBatch batch_;
    std::vector<std::byte> out_;
    vrrp::Decoded decoded_;
    bool stopping_ = false;
    int bfd_events_ = -1;
    // The last Up/Down the BFD child reported per bfd_instance, tracked by an instance or not
    // (keepalived's vrrp_tracked_bfd_t bfd_up, which vrrpBfdTable shows; kept across reloads).
    std::map<std::string, bool, std::less<>> bfd_up_;
    bool script_user_resolved_ = false;
    bool status_dirty_ = true;
    std::string last_status_;
    ControlState control_;
    // vrrp_priority, vrrp_rt_priority...; max_auto_priority: late wake-ups raise the priority
    process::ProcessScheduling scheduling_{process::ProcessRole::vrrp};
    int exit_code_ = 0;
};

} // namespace vigil::vrrpd
