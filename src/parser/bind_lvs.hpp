#pragma once
// Binders of the LVS, checker and BFD blocks (keepalived's check_parser.c, check_*.c,
// bfd_parser.c and the checker/BFD keywords of global_parser.c), with keepalived 2.2.7's
// value ranges, messages and reading order: keepalived acts on each keyword as it reads it
// (a real server copies its virtual server's forwarding method when it starts, a checker
// may only name a track_file or bfd_instance defined above it), so binding is sequential
// and the scopes below carry what has been read so far.

#include "parser/bind_context.hpp"
#include "parser/keywords_table.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vigil::parser {

// Root blocks.
void bind_virtual_server(BindContext& ctx, const Statement& s, config::Config& cfg);
void bind_virtual_server_group(BindContext& ctx, const Statement& s, config::Config& cfg);
void bind_ssl(BindContext& ctx, const Statement& s, config::Config& cfg);
void bind_bfd_instance(BindContext& ctx, const Statement& s, config::Config& cfg);

// global_defs keywords of the checker and BFD processes: their names, and their binder
// (false when `s` is not one of them).
std::span<const std::string_view> checker_global_names();
bool bind_checker_global(BindContext& ctx, const Statement& s, config::GlobalDefs& g);

// ---- shared by the virtual server, real server and checker binders ----

struct VsScope {
    config::VirtualServer& vs;
    const config::Config& cfg;
    std::vector<config::Checker>& detached;  // LvsConfig::detached_checkers_
};

struct RsScope {
    config::VirtualServer& vs;
    config::RealServer& rs;
    const config::Config& cfg;
};

// A checker being read. `connection` is the checker's own connection options, or those of
// the SMTP_CHECK `host` block being read.
struct CheckerScope {
    config::VirtualServer& vs;
    config::RealServer& rs;
    config::Checker& checker;
    const config::Config& cfg;
    config::ConnectionOptions* connection;
    // keepalived's co->dst and co->bindto families so far (a bad address clears them).
    std::optional<net::Family> destination_family;
    std::optional<net::Family> bindto_family;
    // keepalived dropped the checker: it ignores the rest of the block.
    bool dropped{false};
};

void bind_real_server(BindContext& ctx, const Statement& s, VsScope& scope);
// A checker block of a real server; false when `keyword` is not a checker.
bool is_checker_keyword(std::string_view keyword);
void bind_checker(BindContext& ctx, const Statement& s, RsScope& scope);
template <typename T>
T& checker_detail(CheckerScope& t) {
    return std::get<T>(t.checker.detail_);
}

// HTTP_GET / SSL_GET specifics (bind_http_check.cpp).
std::span<const Keyword<CheckerScope>> http_check_keywords();
// The end of an HTTP_GET / SSL_GET block: false when keepalived drops the checker.
bool end_http_check(BindContext& ctx, const Statement& s, CheckerScope& scope);
// The other types' own keywords (bind_check_types.cpp).
std::span<const Keyword<CheckerScope>> dns_check_keywords();
std::span<const Keyword<CheckerScope>> misc_check_keywords();
std::span<const Keyword<CheckerScope>> udp_check_keywords();
std::span<const Keyword<CheckerScope>> file_check_keywords();
std::span<const Keyword<CheckerScope>> bfd_check_keywords();

// lvs_method / lb_kind / sorry_server_lvs_method: `server` is "virtual", "real" or "sorry".
// keepalived sets the method before it reads the tunnel options, so a bad option keeps
// the new method with the previous tunnel settings.
void bind_forwarding(BindContext& ctx, const Statement& s, std::optional<config::Forwarding>& target,
                     std::string_view server);

// [BOOL] with keepalived's per-keyword message on a bad value.
std::optional<bool> bind_bool(BindContext& ctx, const Statement& s, std::string_view message_prefix);

// "CMD" args of a notify/quorum script (nullopt: not usable, message already reported).
std::optional<config::Command> bind_script(BindContext& ctx, const Statement& s);

// A script keyword a server takes once: "(GROUP) KW script already specified - ignoring
// CMD" after the first (keepalived prints "(null)" for a server outside a group).
void bind_once_script(BindContext& ctx, const Statement& s, config::OptionalCommand& target,
                      const config::VirtualServer& vs);

// A timer keyword: keepalived's read_timer in [min_us, max_us] (0: no maximum), else
// `message` (with {} for the value) and nullopt.
std::optional<std::chrono::microseconds> bind_timer(BindContext& ctx, const Statement& s, unsigned long min_us,
                                                    unsigned long max_us, std::string_view message);

// `retry N` of a virtual or real server: 1..UINT32_MAX, else "retry value invalid - N".
std::optional<unsigned> bind_server_retry(BindContext& ctx, const Statement& s);

// virtualhost / snmp_name of a server: `who` is "virtual server" or "real server".
std::optional<std::string> bind_virtualhost(BindContext& ctx, const Statement& s, std::string_view who);
std::optional<std::string> bind_snmp_name(BindContext& ctx, const Statement& s, std::string_view who);

} // namespace vigil::parser
