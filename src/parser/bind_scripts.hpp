#pragma once
// keepalived's readings of script values (lib/notify.c notify_script_init and
// set_script_params_array): the line is re-read with split_quoted_escaped(), its second word
// split again into the arguments, the third and fourth are user and group.

#include "parser/bind_context.hpp"

#include <optional>

namespace vigil::parser {

// notify_script_init(): a notify-like script (notify*, fifo scripts, startup/shutdown
// scripts). nullopt when keepalived drops it: an unterminated quote (reported), no command
// (aborts, like keepalived), an unknown user or group, or no default user (keepalived logs
// these, -t prints nothing).
std::optional<config::Command> read_notify_script(BindContext& ctx, const Statement& s);

// set_script_params_array() on the whole line, as a vrrp_script's `script` reads it: the
// command and its arguments only; nullopt when there are none (the end of the block then
// reports "No script set").
std::optional<config::Command> read_script_params(BindContext& ctx, const Statement& s);

} // namespace vigil::parser
