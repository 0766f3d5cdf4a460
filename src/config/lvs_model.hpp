#pragma once
// The LVS part of the configuration model: virtual servers, their groups, real servers and
// health checkers, the SSL block and the checker process's global settings, with keepalived
// 2.2.7's defaults (reference keepalived-2.2.7-lvs-checkers.md §3, §4; keepalived.conf(5)).
//
// Contract (in addition to model.hpp's)
//  - A config without LVS pays one pointer: Config::lvs_ and GlobalDefs::checker_ are
//    allocated by the first LVS block or checker setting.
//  - Values are as written, except where validation (src/parser/validate_lvs.hpp) applies
//    keepalived's derivations in place: scheduler, protocol, forwarding method, persistence,
//    quorum and hysteresis, smtp_alert, the real servers' inherited settings and the launched
//    checkers' retry/delay_before_retry/warmup/delay_loop/connect_timeout/alpha are set after
//    load. Those derived values re-parse to themselves, so the dump prints them.
//  - A real server keeps the port as written (configured_port_, also the default port of
//    its checkers, as keepalived copies it when it reads the checker) apart from the port
//    IPVS uses (port_, derived).

#include "config/heap_optional.hpp"
#include "net/ip_address.hpp"
#include "config/values.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace vigil::config {

// IPVS limits keepalived applies (ip_vs.h, libipvs.h, global_data.h).
inline constexpr unsigned ipvs_weight_limit = 2147483647U;
inline constexpr unsigned lvs_max_timeout = 86400U * 31U;       // 2678400 s
inline constexpr unsigned ipvs_persistent_timeout = 360U;       // persistence_timeout given bare
inline constexpr const char* ipvs_default_scheduler = "wlc";

// IP_VS_SVC_F_* bits of the service flags.
inline constexpr std::uint32_t lvs_flag_one_packet = 0x0004;  // ops
inline constexpr std::uint32_t lvs_flag_sched1 = 0x0008;      // flag-1, sh-fallback, mh-fallback
inline constexpr std::uint32_t lvs_flag_sched2 = 0x0010;      // flag-2, sh-port, mh-port
inline constexpr std::uint32_t lvs_flag_sched3 = 0x0020;      // flag-3

enum class LvsProtocol : std::uint8_t { none, tcp, udp, sctp };

// keepalived's word in messages: tcp, udp, sctp, none.
constexpr const char* lvs_protocol_name(LvsProtocol protocol) noexcept {
    switch (protocol) {
    case LvsProtocol::tcp:
        return "tcp";
    case LvsProtocol::udp:
        return "udp";
    case LvsProtocol::sctp:
        return "sctp";
    case LvsProtocol::none:
        break;
    }
    return "none";
}

enum class ForwardingMethod : std::uint8_t { nat, dr, tun };
enum class TunnelType : std::uint8_t { ipip, gue, gre };
enum class TunnelChecksum : std::uint8_t { nocsum, csum, remcsum };

// lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum].
struct Forwarding {
    ForwardingMethod method_{ForwardingMethod::nat};
    TunnelType tunnel_type_{TunnelType::ipip};
    std::uint16_t tunnel_port_{0};  // gue only
    TunnelChecksum tunnel_checksum_{TunnelChecksum::nocsum};
    friend bool operator==(const Forwarding&, const Forwarding&) = default;
};

// ---- health checkers ----

enum class CheckerType : std::uint8_t { http_get, ssl_get, tcp, smtp, dns, misc, udp, ping, file, bfd };

// The connection keywords of every socket checker (not MISC, FILE, BFD). Unset address and
// port: the real server's address and written port.
struct ConnectionOptions {
    std::optional<net::IpAddress> connect_ip_;
    std::optional<std::uint16_t> connect_port_;
    std::optional<net::IpAddress> bindto_;
    std::optional<std::uint16_t> bind_port_;
    std::optional<std::string> bind_if_;
    std::optional<std::chrono::microseconds> connect_timeout_;  // derived: RS, then VS (5 s)
    std::uint32_t fwmark_{0};
    friend bool operator==(const ConnectionOptions&, const ConnectionOptions&) = default;
};

enum class HttpProtocol : std::uint8_t { http_1_0, http_1_1, http_1_0c };

// url { path digest status_code virtualhost regex ... }
struct HttpUrl {
    std::string path_;
    std::optional<std::array<std::uint8_t, 16>> digest_;  // MD5 of the body
    // Accepted status codes as written (N or N-M, 100..599); none given: 200-299.
    std::vector<std::pair<std::uint16_t, std::uint16_t>> status_codes_;
    std::optional<std::string> virtualhost_;
    std::optional<std::string> regex_;
    bool regex_no_match_{false};
    std::vector<std::string> regex_options_;  // PCRE2 option names, known ones only
    std::size_t regex_min_offset_{0};
    std::optional<std::size_t> regex_max_offset_;
    std::optional<std::pair<unsigned long, unsigned long>> regex_stack_;  // start, max
    friend bool operator==(const HttpUrl&, const HttpUrl&) = default;
};

struct HttpCheck {
    HttpProtocol protocol_{HttpProtocol::http_1_0};
    std::optional<std::string> virtualhost_;
    bool enable_sni_{false};
    bool fast_recovery_{false};
    std::vector<HttpUrl> urls_;
    friend bool operator==(const HttpCheck&, const HttpCheck&) = default;
};

struct SmtpCheck {
    std::string helo_name_{"smtpchecker.keepalived.org"};
    // Deprecated `host { ... }` blocks: each is one more connection checked.
    std::vector<ConnectionOptions> hosts_;
    // Whether the checker's own connection is checked (keepalived drops it when only host
    // blocks set connection options).
    bool check_own_connection_{true};
    friend bool operator==(const SmtpCheck&, const SmtpCheck&) = default;
};

// DNS RR types DNS_CHECK accepts (RFC 1035 §3.2.2, RFC 3596, RFC 4034).
enum class DnsType : std::uint16_t { a = 1, ns = 2, cname = 5, soa = 6, mx = 15, txt = 16, aaaa = 28, rrsig = 46, dnskey = 48 };

struct DnsCheck {
    DnsType type_{DnsType::soa};
    std::string name_;  // empty: the root
    friend bool operator==(const DnsCheck&, const DnsCheck&) = default;
};

// MISC_CHECK `user NAME [GROUP]`: looked up at load.
struct MiscUser {
    std::string name_;
    std::optional<std::string> group_;
    Location location_;
    std::string script_when_read_;  // the command as keepalived prints it in its message
    friend bool operator==(const MiscUser&, const MiscUser&) = default;
};

struct MiscCheck {
    OptionalCommand script_;  // misc_path, split like notify scripts (no user/group words)
    std::optional<unsigned> timeout_;  // seconds; unset or 0: the checker's delay_loop
    bool dynamic_{false};
    HeapOptional<MiscUser> user_;
    friend bool operator==(const MiscCheck&, const MiscCheck&) = default;
};

struct UdpCheck {
    std::vector<std::uint8_t> payload_;
    bool require_reply_{false};
    std::vector<std::uint8_t> reply_;
    std::vector<std::uint8_t> reply_mask_;  // per byte: the wildcard nibbles ('x'); empty: none
    unsigned min_reply_length_{0};
    unsigned max_reply_length_{255};
    friend bool operator==(const UdpCheck&, const UdpCheck&) = default;
};

struct FileCheck {
    std::string track_file_;
    std::optional<int> weight_;  // unset: a non-zero value means failure
    bool reverse_{false};
    friend bool operator==(const FileCheck&, const FileCheck&) = default;
};

struct BfdCheck {
    std::string name_;  // a bfd_instance
    friend bool operator==(const BfdCheck&, const BfdCheck&) = default;
};

struct Checker {
    CheckerType type_{CheckerType::tcp};
    Location location_;
    ConnectionOptions connection_;  // socket checkers only
    // Derived for launched checkers (all but FILE and BFD): RS, then VS, then the type's
    // default (retry 1, MISC 0, DNS 3; delay_before_retry 1 s, HTTP 3 s, DNS delay_loop).
    std::optional<unsigned> retry_;
    std::optional<std::chrono::microseconds> delay_before_retry_;
    std::optional<std::chrono::microseconds> warmup_;
    std::optional<std::chrono::microseconds> delay_loop_;
    std::optional<bool> alpha_;             // derived: the real server's
    std::optional<bool> log_all_failures_;  // unset: checker_log_all_failures
    std::variant<std::monostate, HttpCheck, SmtpCheck, DnsCheck, MiscCheck, UdpCheck, FileCheck, BfdCheck> detail_;
    friend bool operator==(const Checker&, const Checker&) = default;
};

// ---- servers ----

struct RealServer {
    net::IpAddress address_;
    std::uint16_t configured_port_{0};  // as written; 0 = none
    std::uint16_t port_{0};             // derived: what IPVS uses
    Location location_;
    std::optional<unsigned> weight_;                // 0..2147483647; derived: the VS weight
    std::optional<Forwarding> forwarding_;          // derived: the VS method
    unsigned uthreshold_{0};
    unsigned lthreshold_{0};
    std::optional<bool> inhibit_on_failure_;        // derived: the VS setting
    std::optional<bool> alpha_;                     // derived: the VS setting
    std::optional<bool> smtp_alert_;                // derived: globals, else true
    OptionalCommand notify_up_;
    OptionalCommand notify_down_;
    std::optional<unsigned> retry_;                 // derived: the VS value (may stay unset)
    std::optional<std::chrono::microseconds> delay_before_retry_;
    std::optional<std::chrono::microseconds> warmup_;
    std::optional<std::chrono::microseconds> delay_loop_;       // derived: the VS value
    std::optional<std::chrono::microseconds> connect_timeout_;  // derived: the VS value
    HeapOptional<std::string> virtualhost_;  // rare: on the heap
    HeapOptional<std::string> snmp_name_;
    std::vector<Checker> checkers_;
    friend bool operator==(const RealServer&, const RealServer&) = default;
};

struct SorryServer {
    net::IpAddress address_;
    std::uint16_t port_{0};
    std::optional<Forwarding> forwarding_;  // derived: the VS method
    bool inhibit_{false};
    friend bool operator==(const SorryServer&, const SorryServer&) = default;
};

// persistence_granularity: an IPv4 netmask or an IPv6 prefix length.
struct PersistenceGranularity {
    net::Family family_{net::Family::ipv4};
    net::IpAddress netmask_;  // IPv4
    unsigned prefix_{128};  // IPv6
    friend bool operator==(const PersistenceGranularity&, const PersistenceGranularity&) = default;
};

enum class VirtualServerKind : std::uint8_t { address, fwmark, group };

struct VirtualServer {
    VirtualServerKind kind_{VirtualServerKind::address};
    net::IpAddress address_;     // address
    std::uint16_t port_{0}; // address; 0 = none
    std::uint32_t fwmark_{0};
    std::string group_;     // group
    unsigned group_ordinal_{0};  // group, derived: its position among that group's virtual
                                 // servers (keepalived's vs port: "[GROUP]:ORDINAL")
    Location location_;
    std::optional<net::Family> ip_family_;  // `ip_family` as written
    std::optional<net::Family> family_;     // keepalived's vs->af: from the address, ip_family,
                                       // persistence_granularity or the servers
    LvsProtocol protocol_{LvsProtocol::none};     // derived: UDP for an address VS
    std::optional<std::string> scheduler_;        // derived: wlc
    std::uint32_t flags_{0};
    std::optional<Forwarding> forwarding_;        // derived when a server needs it: NAT
    std::optional<std::string> persistence_engine_;
    unsigned persistence_timeout_{0};             // 0 = not persistent
    std::optional<PersistenceGranularity> persistence_granularity_;
    bool ha_suspend_{false};
    bool alpha_{false};
    bool omega_{false};
    bool inhibit_on_failure_{false};
    std::optional<bool> smtp_alert_;              // derived: smtp_alert_checker, smtp_alert, off
    std::optional<std::string> virtualhost_;
    std::optional<std::string> snmp_name_;
    unsigned quorum_{1};
    unsigned hysteresis_{0};
    OptionalCommand quorum_up_;
    OptionalCommand quorum_down_;
    unsigned weight_{1};  // default real server weight
    std::chrono::microseconds delay_loop_{std::chrono::seconds{60}};
    std::chrono::microseconds connect_timeout_{std::chrono::seconds{5}};
    std::optional<unsigned> retry_;
    std::optional<std::chrono::microseconds> delay_before_retry_;
    std::optional<std::chrono::microseconds> warmup_;
    HeapOptional<SorryServer> sorry_server_;
    std::vector<RealServer> real_servers_;
    friend bool operator==(const VirtualServer&, const VirtualServer&) = default;
};

// One virtual_server_group entry: an address range with a port, or a fwmark.
struct VirtualServerGroupEntry {
    bool is_fwmark_{false};
    net::IpAddress first_;
    net::IpAddress last_;  // == first_ for a single address
    std::uint16_t port_{0};
    std::uint32_t fwmark_{0};
    std::optional<net::Family> fwmark_family_;
    friend bool operator==(const VirtualServerGroupEntry&, const VirtualServerGroupEntry&) = default;
};

struct VirtualServerGroup {
    std::string name_;
    Location location_;
    std::vector<VirtualServerGroupEntry> entries_;  // in the order written
    // keepalived's have_ipv4/have_ipv6: from addresses and fwmarks with a family.
    bool has_family(net::Family f) const noexcept {
        for (const auto& e : entries_) {
            if (e.is_fwmark_ ? e.fwmark_family_ == f : e.first_.family() == f) {
                return true;
            }
        }
        return false;
    }
    bool has_addresses() const noexcept {
        for (const auto& e : entries_) {
            if (!e.is_fwmark_) {
                return true;
            }
        }
        return false;
    }
    bool has_fwmarks() const noexcept {
        for (const auto& e : entries_) {
            if (e.is_fwmark_) {
                return true;
            }
        }
        return false;
    }
    bool has_fwmark_without_family() const noexcept {
        for (const auto& e : entries_) {
            if (e.is_fwmark_ && !e.fwmark_family_) {
                return true;
            }
        }
        return false;
    }
    friend bool operator==(const VirtualServerGroup&, const VirtualServerGroup&) = default;
};

// SSL { password ca certificate key }: the client context of SSL_GET.
struct SslSettings {
    std::optional<std::string> password_;
    std::optional<std::string> ca_;
    std::optional<std::string> certificate_;
    std::optional<std::string> key_;
    friend bool operator==(const SslSettings&, const SslSettings&) = default;
};

struct LvsConfig {
    // keepalived starts its checker process when the configuration has a virtual_server
    // keyword, valid or not.
    bool has_virtual_server_keyword_{false};
    std::optional<SslSettings> ssl_;
    std::vector<VirtualServerGroup> groups_;
    std::vector<VirtualServer> virtual_servers_;
    // MISC_CHECKs of real servers keepalived dropped after reading them (a family
    // mismatch): keepalived leaves them queued, so their scripts still count in its script
    // checks. Never run.
    std::vector<Checker> detached_checkers_;
    friend bool operator==(const LvsConfig&, const LvsConfig&) = default;
};

// ---- global_defs settings of the checker and BFD processes ----

struct LvsTimeouts {
    std::optional<unsigned> tcp_;
    std::optional<unsigned> tcpfin_;
    std::optional<unsigned> udp_;
    friend bool operator==(const LvsTimeouts&, const LvsTimeouts&) = default;
};

// lvs_sync_daemon IF [[inst] VI] [id N] [maxlen N] [port N] [ttl N] [group ADDR]
struct LvsSyncDaemon {
    std::string interface_;
    std::optional<std::string> instance_;
    std::optional<unsigned> sync_id_;  // unset: the instance's VRID, else 0
    std::optional<unsigned> maxlen_;
    std::optional<unsigned> port_;
    std::optional<unsigned> ttl_;
    std::optional<net::IpAddress> group_;
    friend bool operator==(const LvsSyncDaemon&, const LvsSyncDaemon&) = default;
};

enum class LvsFlushOnStop : std::uint8_t { per_server, full, virtual_servers };

// The tuning of one child process (checker or BFD): *_priority, *_rt_priority, ...
struct ProcessTuning {
    std::optional<std::string> process_name_;
    int priority_{0};
    bool no_swap_{false};
    std::optional<unsigned> rt_priority_;
    std::vector<int> cpu_affinity_;
    std::uint64_t rlimit_rttime_{10000};
    friend bool operator==(const ProcessTuning&, const ProcessTuning&) = default;
};

struct CheckerGlobals {
    std::optional<LvsTimeouts> lvs_timeouts_;
    bool lvs_flush_{false};
    LvsFlushOnStop lvs_flush_on_stop_{LvsFlushOnStop::per_server};
    std::optional<LvsSyncDaemon> lvs_sync_daemon_;
    std::optional<Fifo> lvs_notify_fifo_;
    OptionalCommand lvs_notify_fifo_script_;
    std::optional<bool> smtp_alert_checker_;
    bool checker_log_all_failures_{false};
    bool rs_init_notifies_{false};
    bool no_checker_emails_{false};
    bool enable_snmp_checker_{false};
    ProcessTuning checker_;
    ProcessTuning bfd_;
    std::optional<std::string> nftables_ipvs_;  // table name
    int nftables_ipvs_priority_{-1};
    std::uint32_t nftables_ipvs_start_fwmark_{1000};
    std::uint64_t lvs_netlink_cmd_rcv_bufs_{0};
    bool lvs_netlink_cmd_rcv_bufs_force_{false};
    std::uint64_t lvs_netlink_monitor_rcv_bufs_{0};
    bool lvs_netlink_monitor_rcv_bufs_force_{false};
    friend bool operator==(const CheckerGlobals&, const CheckerGlobals&) = default;
};

} // namespace vigil::config
