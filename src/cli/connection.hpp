#pragma once
// One request to the daemon's control socket and its reply, for the subcommands: connect,
// send, read the reply line, check it. Errors are printed ("vigil: ...") by call().

#include "cli/subcommand.hpp"
#include "control/client.hpp"
#include "control/json.hpp"
#include "control/protocol.hpp"

#include <chrono>
#include <functional>
#include <optional>

namespace vigil::cli {

// How long a reply may take: most are immediate; a reload waits for the daemon's reload.
inline constexpr std::chrono::milliseconds reply_timeout{10000};
inline constexpr std::chrono::milliseconds reload_timeout{45000};

struct Reply {
    control::Json result;
    std::optional<control::Client> connection; // still open (events --follow reads on)
};

// The reply's "result", or nullopt after printing the error (the daemon's code and message,
// or why the socket could not be used). `exit_status` is set to what the command returns.
std::optional<Reply> call(const CommonOptions& common, const control::Request& request,
                          std::chrono::milliseconds timeout, int& exit_status);

// The shape of most subcommands: send `request`; print the result as one line of JSON with
// `json` set, else hand it to `human` (which returns the exit status).
int query(const CommonOptions& common, const control::Request& request, bool json,
          const std::function<int(const control::Json& result)>& human);

// For the requests both the VRRP and the checker process answer (status, stats): `method`
// asked of each; a process that does not run (error `absent`) is left out. With `json` one
// line: the VRRP process's result (an empty object when it does not run) with member "lvs",
// the checker process's result or null. Otherwise `vrrp` then `lvs` print their parts.
// An error of either process (other than `absent`), or neither running, is an error.
using Printer = std::function<int(const control::Json& result)>;
int query_both(const CommonOptions& common, control::Method method, bool json, const Printer& vrrp,
               const Printer& lvs);

// The flags a subcommand accepts: each `--name` in `flags` sets its bool; the positional
// arguments go to `positional`. False (after printing the usage error) on anything else.
struct Flag {
    std::string_view name;
    bool* value;
};
bool parse_flags(std::string_view subcommand, Arguments arguments, std::initializer_list<Flag> flags,
                 std::vector<std::string_view>* positional);

// A JSON value's text member, "" when absent.
std::string text_of(const control::Json& object, std::string_view key);
double number_of(const control::Json& object, std::string_view key);
// A boolean member; nullopt when missing or not a boolean.
std::optional<bool> flag_of(const control::Json& object, std::string_view key);

} // namespace vigil::cli
