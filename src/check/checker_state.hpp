#pragma once
// The run-time state of one health checker (check_api.h checker_t): keepalived's is_up,
// has_run and retry counter, its timers, and the dynamic weight it adds to its real server.
//
//  - is_up starts true (false for alpha checkers at start-up); the real server is alive iff
//    none of its checkers is down (ServerState::failed_checkers counts them).
//  - retry_it counts consecutive failed attempts; at start-up it is preset to `retry`, so
//    that one failure is enough.
//  - cur_weight: the checker's part of the real server's effective weight (MISC_CHECK with
//    misc_dynamic, FILE_CHECK with a weight).

#include "check/clock.hpp"
#include "config/lvs_model.hpp"

#include <cstdint>
#include <vector>

namespace vigil::check {

// One per checker (10,000 real servers: 10,000 of them): the members are ordered by size so
// that none is padded.
struct CheckerState {
    const config::Checker* config = nullptr;
    Duration delay_loop{};
    Duration delay_before_retry{};
    Duration warmup{};
    std::int64_t cur_weight = 0;
    // MISC_CHECK
    TimePoint last_ran{};
    Duration script_timeout{}; // misc_timeout, else the virtual server's delay_loop
    // HTTP_GET/SSL_GET: per url the last Content-Length difference logged (empty until one
    // is; check_http.c url->len_mismatch).
    std::vector<std::int64_t> url_length_mismatch;
    // FILE_CHECK: the track file (index in Engine::track_files()) and its weighting.
    std::int64_t file_weight = 0;
    std::uint32_t track_file = 0;
    int file_multiplier = 1; // -1 with `reverse`
    std::uint32_t vs = 0; // index in Engine::virtual_servers()
    std::uint32_t rs = 0; // index in that virtual server's servers
    unsigned retry = 0;
    unsigned retry_it = 0;
    unsigned last_exit_code = 0; // MISC_CHECK
    // SMTP_CHECK: which connection this checker probes: 0 its own options, i the i-th
    // deprecated `host` block (keepalived makes one checker per host).
    std::uint16_t connection = 0;
    // HTTP_GET/SSL_GET (check_http.c url_it, failed_url): the url the next attempt fetches,
    // the url that failed while the checker is down (-1: none).
    std::uint16_t url_index = 0;
    std::int16_t failed_url = -1;
    config::CheckerType type = config::CheckerType::tcp;
    bool launched = true; // FILE_CHECK (and BFD_CHECK) are not: they follow events
    bool enabled = true;  // false while ha_suspend finds no address
    bool is_up = true;
    bool has_run = false;
    bool alpha = false;
    bool log_all_failures = false;
    bool in_flight = false;
    bool dynamic = false; // MISC_CHECK
    // SMTP_CHECK: the next attempt is a regular one (after delay_loop), which starts its
    // retries afresh (check_smtp.c smtp_start_check_thread), not a retry.
    bool regular_attempt = true;
};

} // namespace vigil::check
