#pragma once
// The control protocol, version 1 (docs/control-protocol.md; vigil(1)): JSON lines over a
// Unix stream socket. Each request is one line holding one JSON object:
//   {"version":1,"id":7,"method":"explain","params":{"instance":"VI_1"}}
// ("version" defaults to 1, "id" is any JSON value echoed in the reply, "params" defaults to
// {}). Each request gets exactly one reply line, in request order:
//   {"version":1,"id":7,"result":{...}}   or   {"version":1,"id":7,"error":{"code":"...","message":"..."}}
// `events` with "follow":true then streams {"version":1,"event":{...}} lines until the
// client closes. Pure: no sockets here (server.hpp carries the lines).

#include "control/json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace vigil::control {

inline constexpr std::int64_t protocol_version = 1;
// The longest request line accepted; longer ones get error `too_long` and the connection ends.
inline constexpr std::size_t max_request_line = 16 * 1024;

// `processes` is the parent's own (the process list); the others are the VRRP process's,
// which the parent relays to it, or, for status, stats and metrics with
// params.process "checker", the checker process's (its virtual and real servers).
enum class Method : std::uint8_t { status, explain, stats, events, metrics, reload, processes };

// Who may call a method. Read-only methods are open to anyone who can connect (the
// socket's mode and group decide that); state-changing ones need uid 0 (SO_PEERCRED).
enum class Access : std::uint8_t { read_only, admin };

// Which child answers a relayed request: params.process, "vrrp" (the default) or "checker".
enum class Process : std::uint8_t { vrrp, checker };

struct Request {
    Json id;               // echoed; null when absent
    Method method = Method::status;
    std::string instance;  // explain
    bool follow = false;   // events
    bool preview = false;  // reload
    Process process = Process::vrrp; // status, stats, metrics
};

// The access a request needs: `reload` without preview changes state.
Access access_needed(const Request& request) noexcept;
std::string_view method_name(Method method) noexcept;
std::string_view process_name(Process process) noexcept; // "vrrp", "checker"

// Error codes (the reply's error.code), stable across versions.
enum class ErrorCode : std::uint8_t {
    parse_error,         // not JSON
    invalid_request,     // JSON, but not a request object / bad params
    unsupported_version, // "version" other than 1
    unknown_method,
    permission_denied,   // a state-changing method from a non-root peer
    not_found,           // explain: no such instance
    failed,              // the operation ran and failed (reload refused, ...)
    too_long,            // request line over max_request_line
    busy,                // a reload is already in progress; the process asked is restarting
    absent,              // the process asked for does not run (no virtual server, -P...)
};
std::string_view error_code_name(ErrorCode code) noexcept;

struct RequestError {
    Json id;
    ErrorCode code = ErrorCode::invalid_request;
    std::string message;
};

// One request line (without its newline).
std::variant<Request, RequestError> parse_request(std::string_view line);

// Reply lines, each ending in '\n'.
std::string reply_result(const Json& id, const Json& result);
std::string reply_error(const Json& id, ErrorCode code, std::string_view message);
std::string stream_event(const Json& event);

// Request lines, for the client (`vigil`), each ending in '\n'.
std::string request_line(const Request& request);

} // namespace vigil::control
