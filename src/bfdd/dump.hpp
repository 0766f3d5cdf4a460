#pragma once
// keepalived_bfd.data, written on SIGUSR1: each session's configuration and state in
// keepalived 2.2.7's layout (dump_data_bfd): the global section, then dump_bfd per session.

#include "bfd/session.hpp"
#include "config/model.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::bfdd {

struct DumpedSession {
    const bfd::Session* session = nullptr;
    const config::BfdInstance* model = nullptr; // its bfd_instance block (nullptr: unknown)
    int fd_out = -1;
    bool send_error = false;
};

// `wall_now`/`mono_now`: the same instant on both clocks, to print "last seen" as a date.
std::string format_bfd_data(std::string_view global_section, int fd_in, const std::vector<DumpedSession>& sessions,
                            std::chrono::system_clock::time_point wall_now,
                            bfd::TimePoint mono_now);

} // namespace vigil::bfdd
