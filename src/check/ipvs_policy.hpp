#pragma once
// keepalived's policy for IPVS command failures (check/ipvswrapper.c ipvs_talk), applied
// where the engine's IpvsChange actions meet the table:
//  - an edit of a destination that is not there (ENOENT) is retried as an add;
//  - every failure is logged with keepalived's line (ipvs::failure_message), including the
//    ones it then treats as done: EEXIST when adding, ENOENT when removing.
// The engine never waits for results, so the policy only decides what is tried and logged.

#include "ipvs/command.hpp"
#include "ipvs/ipvs_table.hpp"

#include <span>
#include <string>
#include <vector>

namespace vigil::check {

// Runs `commands` on `table` in order (pipelined between destination edits) and appends
// the log line of every failure to `failures`. Returns how many commands ran (retries
// included).
std::size_t run_ipvs_commands(ipvs::IpvsTable& table, std::span<const ipvs::Command> commands,
                              std::vector<std::string>& failures);

} // namespace vigil::check
