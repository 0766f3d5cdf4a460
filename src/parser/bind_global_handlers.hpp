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

} // namespace vigil::parser::global_handlers
