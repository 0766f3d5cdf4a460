#pragma once
// What the checker engine asks the outside world to do, and what it is told back. Every
// event method appends actions, in the order they must be carried out, to an Actions vector
// the caller drains after each call (the shape of src/vrrp/actions.hpp).
//
// Contract for the caller (the checker process):
//  - IpvsChange: run the command on the IPVS table at once, in order. keepalived's policy on
//    errors belongs to the caller (check/ipvs_policy.hpp): EEXIST adding and ENOENT removing
//    count as done, an edit of an absent destination is retried as an add, and every failure
//    is logged with ipvs::failure_message(). The engine does not wait for results: its
//    state follows what it asked for.
//  - LaunchCheck: start one attempt of the checker (a connection, a datagram, an echo
//    request, a script) and report it with Engine::on_result() once it ends; every launched
//    attempt must end (bounded by connect_timeout, or misc_timeout for scripts).
//  - RunScript: spawn the command as its user (or the default script user) and do not wait,
//    except in ScriptContext::stopping (omega at shutdown), where keepalived lets it run for
//    up to one second before it is killed.
//  - FifoLine: write `line` and a newline to notify_fifo and lvs_notify_fifo (the engine
//    only emits these when one of them is configured).
//  - SmtpAlert: mail `subject`, prefixed with "[<router_id>] ", and `body` (the engine only
//    emits these when notification_email and smtp_server are configured).
//  - LogLine: log `text` (keepalived's wording) at `level`.
//  - CheckerTrap: send KEEPALIVED-MIB's realServerStateChange (`server` set) or
//    virtualServerQuorumStateChange (the engine only emits these with enable_traps; the
//    caller drops them when it runs no SNMP agent). The values are those at that moment.

#include "config/values.hpp"
#include "ipvs/command.hpp"
#include "util/log.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vigil::check {

// A checker's index in Engine::checkers(); stable until the next reload.
using CheckerId = std::uint32_t;

struct IpvsChange {
    ipvs::Command command;
};

struct LaunchCheck {
    CheckerId checker = 0;
};

enum class ScriptContext : std::uint8_t { running, stopping };

struct RunScript {
    config::Command command;
    ScriptContext context = ScriptContext::running;
};

struct FifoLine {
    std::string line;
};

struct SmtpAlert {
    std::string subject;
    std::string body;
};

struct LogLine {
    log::Level level = log::Level::info;
    std::string text;
};

struct TrapServer {
    net::IpAddress address;
    std::uint16_t port = 0;
    bool alive = false;
};

// What keepalived's check_snmp_rs_trap reports (ipwrapper.c calls it with every RS and VS
// notification, and for each server at shutdown even without omega).
struct CheckerTrap {
    std::optional<TrapServer> server;
    // The virtual server: a group's name, else a fwmark, else an address and port.
    std::string group;
    std::uint32_t fwmark = 0;
    net::IpAddress address;
    std::uint16_t port = 0;
    bool tcp = false;
    unsigned quorum = 1;
    int quorum_status = 2;           // 1 up, 2 down, 3 stopping
    unsigned real_up = 0;
    unsigned real_total = 0;
};

using Action = std::variant<IpvsChange, LaunchCheck, RunScript, FifoLine, SmtpAlert, LogLine, CheckerTrap>;
using Actions = std::vector<Action>;

// How one attempt of a checker ended.
enum class Outcome : std::uint8_t {
    success,        // socket checkers: connected, or the reply was accepted
    failed,         // socket checkers: refused, unreachable, an error
    timed_out,      // socket checkers: nothing within connect_timeout
    mismatch,       // UDP_CHECK: a reply that require_reply / the lengths reject
    not_run,        // no attempt was possible (no socket, bind failed): try again after
                    // delay_loop, the checker's state unchanged
    exited,         // MISC_CHECK: the script exited with status `code`
    signalled,      // MISC_CHECK: the script died of signal `code`
    script_timeout, // MISC_CHECK: killed after misc_timeout
};

// HTTP_GET/SSL_GET: the Content-Length check of a response whose status code passed.
struct LengthCheck {
    std::uint64_t content_length = 0;  // as announced; UINT64_MAX: none
    std::uint64_t received = 0;        // body bytes read
};

struct CheckResult {
    Outcome outcome = Outcome::success;
    int code = 0;
    // HTTP_GET/SSL_GET, SMTP_CHECK, DNS_CHECK: keepalived's words for how the attempt
    // ended: a failure's reason ("Timeout connecting", "Bad HELO response from server
    // [ip]:port", "read timeout from socket", ...), or for an HTTP url that passed, what
    // was checked last ("HTTP status code", "MD5 digest", "Regex match").
    std::string detail;
    std::optional<LengthCheck> length;
};

} // namespace vigil::check
