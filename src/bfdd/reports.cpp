// Up/Down reports to the VRRP and checker children: one fixed-size record per report on
// the pipe the parent created, never blocking (keepalived's bfd_event_send). Nothing goes
// to a child that the configuration and the command line do not run (running_vrrp(),
// running_checker()): its pipe would only fill up.
#include "bfdd/bfd_child.hpp"

#include "bfd/event_record.hpp"
#include "process/process_config.hpp"
#include "util/log.hpp"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace vigil::bfdd {

void BfdChild::report(const bfd::ReportState& state) noexcept {
    const bfd::Session& session = table_.session(state.session);
    bfd::EventRecord record;
    try {
        record.name = session.name();
    } catch (...) {
        return;
    }
    record.state = state.state == bfd::Reported::up ? bfd::SessionState::up : bfd::SessionState::down;
    record.sent_us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
    const bfd::EventBytes bytes = bfd::encode_event(record);
    const auto write_to = [&](int fd, bfd::Consumers consumer, const char* what) {
        if (fd < 0 || !bfd::has(session.settings().consumers, consumer) || !has(consumers_running_, consumer)) {
            return;
        }
        // Records are smaller than PIPE_BUF: a write is whole or fails (EAGAIN when full).
        if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
            log::detail("({}) {} pipe write() error {}", session.name(), what, std::strerror(errno));
        }
    };
    write_to(pipes_.vrrp, bfd::Consumers::vrrp, "vrrp");
    write_to(pipes_.checker, bfd::Consumers::checker, "checker");
}

void BfdChild::note_consumers() noexcept {
    process::ProcessConfig running;
    try {
        running = process::process_config_of(*model_);
    } catch (...) {
        consumers_running_ = bfd::Consumers::both;
        return;
    }
    const bool vrrp = !settings_.checker_only && (running.has_vrrp || settings_.run_all);
    const bool checker = !settings_.vrrp_only && (running.has_lvs || settings_.run_all);
    consumers_running_ = static_cast<bfd::Consumers>((vrrp ? static_cast<std::uint8_t>(bfd::Consumers::vrrp) : 0) |
                                                     (checker ? static_cast<std::uint8_t>(bfd::Consumers::checker) : 0));
}

void BfdChild::report_all() noexcept {
    const auto sessions = table_.sessions();
    for (std::size_t id = 0; id < sessions.size(); ++id) {
        const bool up = sessions[id].state() == bfd::SessionState::up;
        report(bfd::ReportState{static_cast<bfd::SessionId>(id), up ? bfd::Reported::up : bfd::Reported::down});
    }
}

} // namespace vigil::bfdd
