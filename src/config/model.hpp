#pragma once
// The configuration model: plain values with keepalived 2.2.7's defaults (reference §3, §4).
//
// Contract
//  - A default-constructed struct is what keepalived uses when the keyword is absent.
//  - std::optional marks settings whose absence differs from any value (inherited from
//    global_defs, derived at load time, or "not configured").
//  - After load (src/parser/load_config.hpp) the config-time derivations of §4 have been
//    applied: e.g. VrrpInstance::priority_ and state_ are always set, family_ and version_
//    are deduced. Consumers (engine, daemon) read the derived values and never re-derive.
//  - Location is kept for diagnostics but takes no part in equality, so that a config and
//    the re-parse of its dump compare equal (round-trip test).
//  - Durations are std::chrono types; timers with microsecond resolution are microseconds.

#include "config/bfd_model.hpp"
#include "config/heap_optional.hpp"
#include "net/ip_address.hpp"
#include "config/lvs_model.hpp"
#include "config/values.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::config {

using std::chrono::microseconds;
using std::chrono::seconds;

// scope names of `ip addr`: global 0, site 200, link 253, host 254, nowhere 255.
enum class PreferredLft : std::uint8_t { default_, forever, value };

// One entry of virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress.
// ADDR[/LEN] [dev IF] [scope S] [brd ADDR|+|-] [label L] [peer ADDR] [home] [-nodad]
// [mngtmpaddr] [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [use_vmac]
// [track_group G]
struct VirtualAddress {
    net::IpAddress address_;
    unsigned prefix_{32};                 // default /32 (IPv4) or /128 (IPv6)
    std::optional<std::string> dev_;      // default: the instance interface (or its VMAC)
    std::uint8_t scope_{0};               // 0 = global
    std::optional<net::IpAddress> broadcast_;  // `brd +`/`brd -` are resolved here
    std::optional<std::string> label_;
    std::optional<net::IpAddress> peer_;
    std::optional<unsigned> peer_prefix_;
    bool home_{false};
    bool nodad_{false};  // `-nodad` given: IFA_F_NODAD is *not* set
    bool mngtmpaddr_{false};
    bool noprefixroute_{false};
    bool autojoin_{false};
    bool no_track_{false};
    PreferredLft preferred_lft_kind_{PreferredLft::default_};
    std::uint32_t preferred_lft_{0};
    bool use_vmac_{false};
    std::optional<std::string> track_group_;  // static_ipaddress only
    Location location_;
    friend bool operator==(const VirtualAddress&, const VirtualAddress&) = default;
};

// virtual_routes / static_routes: `ip route add` syntax. The main fields are parsed; the
// full token list is kept (normalised: deprecated `gw`/`or` rewritten) for netlink and dump.
struct Route {
    std::vector<std::string> tokens_;
    std::optional<net::IpPrefix> destination_;  // nullopt = `default`
    std::optional<net::Family> family_;
    std::optional<net::IpAddress> via_;
    std::optional<net::IpAddress> src_;
    std::optional<std::string> dev_;
    std::optional<std::string> table_;
    std::optional<std::uint32_t> metric_;
    std::optional<std::string> type_;  // unicast, blackhole, unreachable, prohibit, throw...
    bool no_track_{false};
    std::optional<std::string> track_group_;
    Location location_;
    friend bool operator==(const Route&, const Route&) = default;
};

// virtual_rules / static_rules: `ip rule add` syntax.
struct Rule {
    std::vector<std::string> tokens_;
    std::optional<net::IpPrefix> from_;
    std::optional<net::IpPrefix> to_;
    std::optional<net::Family> family_;
    std::optional<std::uint32_t> preference_;  // unset: keepalived assigns 16384 counting down
    std::optional<std::string> table_;
    std::optional<std::string> iif_;
    std::optional<std::string> oif_;
    bool no_track_{false};
    std::optional<std::string> track_group_;
    Location location_;
    friend bool operator==(const Rule&, const Rule&) = default;
};

enum class TrackDirection : std::uint8_t { normal, reverse };

// track_interface / track_script / track_file / track_process / track_bfd entry:
// NAME [weight W [reverse|noreverse]]. Unset weight = the tracked object's own weight
// (0 for interfaces).
struct TrackedObject {
    std::string name_;
    std::optional<int> weight_;
    TrackDirection direction_{TrackDirection::normal};
    Location location_;
    friend bool operator==(const TrackedObject&, const TrackedObject&) = default;
};

struct Trackers {
    std::vector<TrackedObject> interfaces_;
    std::vector<TrackedObject> scripts_;
    std::vector<TrackedObject> files_;
    std::vector<TrackedObject> processes_;
    std::vector<TrackedObject> bfds_;
    friend bool operator==(const Trackers&, const Trackers&) = default;
};

struct Notifies {
    OptionalCommand master_;
    OptionalCommand backup_;
    OptionalCommand fault_;
    OptionalCommand stop_;
    OptionalCommand generic_;  // `notify`: gets TYPE NAME STATE PRIORITY appended
    OptionalCommand master_rx_lower_pri_;
    bool deleted_{false};                   // notify_deleted given (DELETED instead of FAULT)
    OptionalCommand deleted_script_;  // notify_deleted CMD
    friend bool operator==(const Notifies&, const Notifies&) = default;
};

enum class AuthType : std::uint8_t { pass = 1, ah = 2 };

struct Authentication {
    AuthType type_{AuthType::pass};
    std::string password_;  // at most 8 bytes (truncated at load)
    friend bool operator==(const Authentication&, const Authentication&) = default;
};

struct UnicastPeer {
    net::IpAddress address_;
    std::optional<unsigned> min_ttl_;
    std::optional<unsigned> max_ttl_;
    Location location_;
    friend bool operator==(const UnicastPeer&, const UnicastPeer&) = default;
};

struct GarpExtraIf {
    bool all_{false};
    seconds interval_{0};  // 0..86400
    friend bool operator==(const GarpExtraIf&, const GarpExtraIf&) = default;
};

struct Vmac {
    std::optional<std::string> ifname_;  // default vrrp.<VRID> (vmac_prefix)
    std::optional<std::string> mac_;     // 5 or 6 octets as written (normalised lower case)
    bool use_vmac_addr_{false};
    bool xmit_base_{false};
    // `use_vmac` given: use_vmac_addr and vmac_xmit_base alone only record their flag (the
    // load then reports "vmac_xmit_base is only valid with a vmac" and drops them).
    bool enabled_{false};
    friend bool operator==(const Vmac&, const Vmac&) = default;
};

struct Ipvlan {
    std::optional<std::string> ifname_;
    std::optional<net::IpPrefix> address_;
    std::optional<std::string> mode_;  // bridge | private | vepa
    friend bool operator==(const Ipvlan&, const Ipvlan&) = default;
};

enum class InitialState : std::uint8_t { backup, master };
enum class OldUnicastChecksum : std::uint8_t { always, never };

struct VrrpInstance {
    std::string name_;
    Location location_;
    std::optional<InitialState> state_;  // derived at load: MASTER iff priority 255 when unset
    std::optional<std::string> interface_;
    Location interface_location_;
    std::optional<unsigned> virtual_router_id_;  // 1..255; required
    std::optional<unsigned> priority_;           // 1..255; derived: 255 for state MASTER, else 100
    microseconds advert_int_{std::chrono::seconds{1}};
    std::optional<unsigned> version_;  // 2|3; derived from vrrp_version and the family
    std::optional<net::Family> family_;     // derived from the first VIP, peer or source address
    bool native_ipv6_{false};
    std::vector<VirtualAddress> vips_;
    std::vector<VirtualAddress> evips_;  // virtual_ipaddress_excluded and excess VIPs
    std::optional<Authentication> authentication_;
    bool nopreempt_{false};
    microseconds preempt_delay_{0};  // 0..1000 s
    std::optional<net::IpAddress> mcast_src_ip_;
    std::optional<net::IpAddress> unicast_src_ip_;
    std::vector<UnicastPeer> unicast_peers_;
    bool unicast_configured_{false};  // a unicast keyword was given (unicast_peer, unicast_src_ip, ...)
    bool unicast_fault_no_peer_{false};
    std::optional<unsigned> unicast_ttl_;
    bool check_unicast_src_{false};
    std::optional<OldUnicastChecksum> old_unicast_checksum_;  // unset = auto-detect
    std::optional<net::IpAddress> mcast_dst_ip_;
    bool track_src_ip_{false};
    Trackers track_;
    bool dont_track_primary_{false};
    Notifies notify_;
    std::optional<bool> notify_priority_changes_;
    std::optional<bool> smtp_alert_;
    std::optional<seconds> garp_master_delay_;  // unset: global vrrp_garp_master_delay
    std::optional<unsigned> garp_master_repeat_;
    std::optional<seconds> garp_master_refresh_;
    std::optional<unsigned> garp_master_refresh_repeat_;
    std::optional<seconds> garp_lower_prio_delay_;
    std::optional<unsigned> garp_lower_prio_repeat_;
    std::optional<GarpExtraIf> garp_extra_if_;
    std::optional<unsigned> down_timer_adverts_;  // 1..100
    std::optional<bool> lower_prio_no_advert_;
    std::optional<bool> higher_prio_send_advert_;
    std::optional<bool> skip_check_adv_addr_;
    std::optional<bool> strict_mode_;
    std::optional<bool> accept_;  // accept / no_accept; derived default depends on strict
    bool promote_secondaries_{false};
    std::vector<Route> virtual_routes_;
    std::vector<Rule> virtual_rules_;
    HeapOptional<Vmac> use_vmac_;      // rare and ~100 bytes each: on the heap when given
    HeapOptional<Ipvlan> use_ipvlan_;
    // use_vmac_addr with or without use_vmac (keepalived's VRRP_VMAC_ADDR_BIT): VIPs/eVIPs on
    // other interfaces, or of the other family, get a VMAC of their own there.
    bool use_vmac_addr_{false};
    std::optional<std::string> vrf_;
    std::optional<std::string> lvs_sync_daemon_interface_;
    std::uint32_t kernel_rx_buf_size_{0};
    bool linkbeat_use_polling_{false};
    unsigned debug_{0};
    friend bool operator==(const VrrpInstance&, const VrrpInstance&) = default;
};

struct SyncGroup {
    std::string name_;
    Location location_;
    std::vector<std::string> members_;  // `group { VI... }`
    Trackers track_;
    Notifies notify_;
    std::optional<bool> smtp_alert_;
    std::optional<bool> notify_priority_changes_;
    bool global_tracking_{false};
    bool sync_group_tracking_weight_{false};
    friend bool operator==(const SyncGroup&, const SyncGroup&) = default;
};

struct VrrpScript {
    std::string name_;
    Location location_;
    OptionalCommand script_;  // required
    seconds interval_{1};
    std::optional<seconds> timeout_;  // unset: the interval
    int weight_{0};                   // -253..253; 0 = failure means FAULT
    TrackDirection direction_{TrackDirection::normal};
    unsigned rise_{1};
    unsigned fall_{1};
    std::optional<UserGroup> user_;
    bool init_fail_{false};
    friend bool operator==(const VrrpScript&, const VrrpScript&) = default;
};

struct TrackFile {
    std::string name_;
    Location location_;
    std::optional<std::string> file_;  // required
    int weight_{1};
    TrackDirection direction_{TrackDirection::normal};
    std::optional<long> init_file_value_;  // init_file given (value, default 0)
    bool init_file_overwrite_{false};
    friend bool operator==(const TrackFile&, const TrackFile&) = default;
};

enum class ParamMatch : std::uint8_t { exact, initial, partial };

struct TrackProcess {
    std::string name_;
    Location location_;
    std::optional<std::string> process_;  // required
    std::vector<std::string> params_;
    ParamMatch param_match_{ParamMatch::exact};
    int weight_{0};  // keepalived's default: a failure means FAULT
    TrackDirection direction_{TrackDirection::normal};
    unsigned quorum_{1};
    std::optional<unsigned> quorum_max_;
    std::optional<microseconds> delay_;
    std::optional<microseconds> fork_delay_;
    std::optional<microseconds> terminate_delay_;
    bool full_command_{false};
    friend bool operator==(const TrackProcess&, const TrackProcess&) = default;
};

struct GarpGroup {
    Location location_;
    unsigned aggregation_group_{0};  // 1, 2, ... for groups with an interfaces block
    std::optional<microseconds> garp_interval_;
    std::optional<microseconds> gna_interval_;
    std::vector<std::string> interfaces_;
    friend bool operator==(const GarpGroup&, const GarpGroup&) = default;
};

struct LinkbeatInterface {
    std::string name_;
    std::optional<std::string> type_;  // MII | ETHTOOL | IOCTL
    friend bool operator==(const LinkbeatInterface&, const LinkbeatInterface&) = default;
};

struct InterfaceUpDownDelay {
    std::string name_;
    microseconds down_delay_{0};
    microseconds up_delay_{0};
    friend bool operator==(const InterfaceUpDownDelay&, const InterfaceUpDownDelay&) = default;
};

struct TrackGroup {
    std::string name_;
    Location location_;
    std::vector<std::string> members_;
    friend bool operator==(const TrackGroup&, const TrackGroup&) = default;
};

// Keywords outside global_defs (reference §3.1).
struct RootSettings {
    std::optional<std::string> net_namespace_;
    std::optional<std::string> net_namespace_ipvs_;
    bool namespace_with_ipsets_{false};
    std::optional<std::string> instance_;
    bool use_pid_dir_{false};
    seconds child_wait_time_{5};
    bool linkbeat_use_polling_{false};
    std::vector<LinkbeatInterface> linkbeat_interfaces_;
    std::vector<InterfaceUpDownDelay> interface_up_down_delays_;
    std::vector<TrackGroup> track_groups_;
    friend bool operator==(const RootSettings&, const RootSettings&) = default;
};

struct SmtpServer {
    std::string host_;
    std::uint16_t port_{25};
    friend bool operator==(const SmtpServer&, const SmtpServer&) = default;
};

// global_defs (reference §3.2).
struct GlobalDefs {
    // generic
    std::optional<std::string> router_id_;  // default: host name
    std::vector<std::string> notification_email_;
    std::optional<std::string> notification_email_from_;
    std::optional<SmtpServer> smtp_server_;
    std::optional<std::string> smtp_helo_name_;
    seconds smtp_connect_timeout_{30};
    std::optional<bool> smtp_alert_;
    std::optional<bool> smtp_alert_vrrp_;
    bool no_email_faults_{false};
    bool enable_script_security_{false};
    std::optional<UserGroup> script_user_;
    std::optional<std::string> default_interface_;
    std::optional<Fifo> notify_fifo_;
    OptionalCommand notify_fifo_script_;
    std::optional<std::string> umask_;  // as written (number or IRUSR|... bits)
    std::optional<unsigned> random_seed_;
    bool reload_check_config_{false};
    std::optional<std::string> reload_check_config_file_;
    std::optional<std::string> reload_time_file_;
    bool reload_repeat_{false};
    bool reload_file_{false};
    std::optional<std::string> reload_file_path_;
    std::optional<std::string> include_check_;
    std::optional<std::string> config_save_dir_;
    std::optional<std::string> tmp_config_directory_;
    std::optional<bool> data_use_instance_;
    bool dynamic_interfaces_{false};
    bool allow_if_changes_{false};
    bool process_names_{false};
    std::optional<std::string> process_name_;
    std::optional<std::string> vrrp_process_name_;
    OptionalCommand startup_script_;
    OptionalCommand shutdown_script_;
    seconds startup_script_timeout_{10};
    seconds shutdown_script_timeout_{10};
    std::optional<std::string> snmp_socket_;
    bool enable_snmp_vrrp_{false};
    bool enable_snmp_rfc_{false};
    bool enable_snmp_rfcv2_{false};
    bool enable_snmp_rfcv3_{false};
    bool enable_traps_{false};
    bool enable_dbus_{false};
    std::optional<std::string> dbus_service_name_;
    // VRRP
    unsigned vrrp_version_{2};
    net::IpAddress vrrp_mcast_group4_{net::Family::ipv4, {224, 0, 0, 18}};
    net::IpAddress vrrp_mcast_group6_{net::Family::ipv6, {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12}};
    seconds vrrp_garp_master_delay_{5};
    unsigned vrrp_garp_master_repeat_{5};
    seconds vrrp_garp_master_refresh_{0};
    unsigned vrrp_garp_master_refresh_repeat_{1};
    std::optional<seconds> vrrp_garp_lower_prio_delay_;    // unset: = garp_master_delay
    std::optional<unsigned> vrrp_garp_lower_prio_repeat_;  // unset: = garp_master_repeat
    microseconds vrrp_garp_interval_{0};
    microseconds vrrp_gna_interval_{0};
    bool vrrp_min_garp_{false};
    std::optional<GarpExtraIf> vrrp_garp_extra_if_;
    unsigned vrrp_down_timer_adverts_{3};
    std::optional<bool> vrrp_lower_prio_no_advert_;
    std::optional<bool> vrrp_higher_prio_send_advert_;
    bool vrrp_strict_{false};
    bool vrrp_skip_check_adv_addr_{false};
    bool vrrp_check_unicast_src_{false};
    std::optional<std::vector<std::string>> vrrp_iptables_;
    std::optional<std::vector<std::string>> vrrp_ipsets_;
    std::optional<std::string> nftables_;  // table name; "keepalived" when given bare
    int nftables_priority_{-1};
    bool nftables_counters_{false};
    bool nftables_ifindex_{false};
    int vrrp_priority_{0};  // nice value -20..19
    bool vrrp_no_swap_{false};
    std::optional<unsigned> vrrp_rt_priority_;  // 1..99
    std::vector<std::string> vrrp_cpu_affinity_;
    std::uint64_t vrrp_rlimit_rttime_{10000};
    std::optional<int> max_auto_priority_;
    std::uint64_t min_auto_priority_delay_{1000000};
    std::optional<Fifo> vrrp_notify_fifo_;
    OptionalCommand vrrp_notify_fifo_script_;
    bool vrrp_notify_priority_changes_{false};
    bool fifo_write_vrrp_states_on_reload_{false};
    bool disable_local_igmp_{false};
    microseconds vrrp_startup_delay_{0};
    bool log_unknown_vrids_{false};
    std::string vmac_prefix_{"vrrp"};
    std::optional<std::string> vmac_addr_prefix_;
    std::optional<std::string> vrrp_rx_bufs_policy_;
    unsigned vrrp_rx_bufs_multiplier_{3};
    std::uint64_t vrrp_netlink_cmd_rcv_bufs_{0};
    bool vrrp_netlink_cmd_rcv_bufs_force_{false};
    std::uint64_t vrrp_netlink_monitor_rcv_bufs_{0};
    bool vrrp_netlink_monitor_rcv_bufs_force_{false};
    // Checker and BFD process settings (lvs_*, checker_*, bfd_*...): allocated when given.
    HeapOptional<CheckerGlobals> checker_;
    // Other accepted-but-unmodelled globals, kept verbatim.
    std::vector<RawStatement> other_;
    friend bool operator==(const GlobalDefs&, const GlobalDefs&) = default;
};

struct Config {
    RootSettings root_;
    GlobalDefs global_;
    std::vector<VrrpInstance> instances_;
    std::vector<SyncGroup> sync_groups_;
    std::vector<VrrpScript> scripts_;
    std::vector<TrackFile> track_files_;
    std::vector<TrackProcess> track_processes_;
    std::vector<GarpGroup> garp_groups_;
    std::vector<VirtualAddress> static_addresses_;
    std::vector<Route> static_routes_;
    std::vector<Rule> static_rules_;
    std::vector<BfdInstance> bfd_instances_;
    // virtual_server, virtual_server_group, SSL: allocated by the first LVS block.
    HeapOptional<LvsConfig> lvs_;
    friend bool operator==(const Config&, const Config&) = default;
};

} // namespace vigil::config
