#pragma once
// Pieces shared by the global_defs handlers (bind_global.cpp, bind_global_process.cpp),
// each one a helper of keepalived 2.2.7's global_parser.c with its wording.

#include "parser/bind_context.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vigil::parser::global_handlers {

// [BOOL]: true without a word; `invalid` (a format with one {} for the word) otherwise.
std::optional<bool> true_false_or(BindContext& ctx, const Statement& s, std::string_view invalid);
// get_priority(): a nice value for PROCESS ("vrrp", "checker", "bfd").
std::optional<int> process_priority(BindContext& ctx, const Statement& s, std::string_view process);
// get_realtime_priority(): clamped to [1, 99] with a message.
std::optional<unsigned> realtime_priority(BindContext& ctx, const Statement& s, std::string_view process);
// get_cpu_affinity(): whether every CPU id is online.
bool cpu_affinity(BindContext& ctx, const Statement& s, std::string_view process);
// get_rt_rlimit(): microseconds, at least 2.
std::optional<std::uint64_t> rt_rlimit(BindContext& ctx, const Statement& s, std::string_view process);
// get_netlink_rcv_bufs_size(): the size, nullopt when missing, invalid or 0.
std::optional<std::uint64_t> netlink_rcv_bufs(BindContext& ctx, const Statement& s);
// umask_handler's checks.
bool umask_valid(BindContext& ctx, const Statement& s);
// include_check_set()'s checks.
void include_check(BindContext& ctx, const Statement& s);
bool equals_ignoring_case(std::string_view a, std::string_view b);

// Global keywords of the checker and BFD processes, process tuning and netlink buffers that
// vigil does not model: checked like keepalived and kept verbatim in GlobalDefs::other_.
std::span<const std::string_view> other_keyword_names();
void other_keyword(BindContext& ctx, const Statement& s, config::GlobalDefs& g);

// Alerts and scripts (bind_global_alerts.cpp): keyword handlers of the global_defs table.
void smtp_connect_timeout(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void smtp_server(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void smtp_helo_name(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void notification_email(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void smtp_alert(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void smtp_alert_vrrp(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void startup_script(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void shutdown_script(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void startup_script_timeout(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void shutdown_script_timeout(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void notify_fifo(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void notify_fifo_script(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_notify_fifo(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_notify_fifo_script(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void script_user(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void enable_script_security(BindContext& ctx, const Statement& s, config::GlobalDefs& g);

// The VRRP process's scheduling, limits and buffers (bind_global_process.cpp).
void vrrp_priority(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_rt_priority(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_cpu_affinity(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_rlimit_rttime(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_rx_bufs_policy(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_rx_bufs_multiplier(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_netlink_cmd_rcv_bufs(BindContext& ctx, const Statement& s, config::GlobalDefs& g);
void vrrp_netlink_monitor_rcv_bufs(BindContext& ctx, const Statement& s, config::GlobalDefs& g);

} // namespace vigil::parser::global_handlers
