#include "bfdd/dump.hpp"

#include "bfdd/bfd_child.hpp"
#include "process/parent_dump.hpp"
#include "runtime/dump_file.hpp"
#include "util/log.hpp"

#include <fmt/format.h>

#include <ctime>
#include <unistd.h>

namespace vigil::bfdd {
namespace {

long long us(bfd::Duration d) { return static_cast<long long>(d.count()); }

std::string last_seen(const bfd::Session& s, std::chrono::system_clock::time_point wall_now,
                      bfd::TimePoint mono_now) {
    if (s.stats().packets_received == 0) {
        return "   last_seen = [never]";
    }
    const auto wall = wall_now - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                     mono_now - s.last_received());
    const auto since = std::chrono::duration_cast<std::chrono::microseconds>(wall.time_since_epoch());
    const std::time_t secs = static_cast<std::time_t>(since.count() / 1000000);
    const long long micros = since.count() % 1000000;
    char text[32] = "invalid time";
    std::tm tm{};
    if (::localtime_r(&secs, &tm) != nullptr) {
        std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &tm);
    }
    return fmt::format("   last seen = {}.{:06} ({}.{:06})", static_cast<long long>(secs), micros, text, micros);
}

// keepalived prints the addresses of its timer threads ("0x%p": 0x0x55d0... or 0x(nil)); only
// whether one is pending carries meaning, so a pending timer shows its owner's address.
std::string thread_text(const void* owner) { return fmt::format("{}", fmt::ptr(owner)); }
std::string timer_text(const bfd::Session* s, bfd::TimePoint deadline) {
    return deadline == bfd::Session::never ? "(nil)" : thread_text(s);
}

} // namespace

std::string format_bfd_data(std::string_view global_section, int fd_in, const std::vector<DumpedSession>& sessions,
                            std::chrono::system_clock::time_point wall_now, bfd::TimePoint mono_now) {
    std::string out{global_section};
    const auto line = [&out](std::string text) {
        out += text;
        out += '\n';
    };
    line("------< BFD Data >------");
    line(fmt::format(" fd_in = {}", fd_in));
    line(fmt::format(" thread_in = 0x{}", fd_in >= 0 ? thread_text(&sessions) : "(nil)"));
    if (sessions.empty()) {
        return out;
    }
    line("------< BFD Topology >------");
    for (const DumpedSession& d : sessions) {
        const bfd::Session& s = *d.session;
        const bfd::SessionSettings& c = s.settings();
        const bool ipv4 = c.neighbor.family() == net::Family::ipv4;
        line(fmt::format(" BFD Instance = {}", s.name()));
        line(fmt::format("   Neighbor IP = {}", c.neighbor.to_string()));
        if (c.source) {
            line(fmt::format("   Source IP = {}", c.source->to_string()));
        }
        line(fmt::format("   Required min RX interval = {} us", us(c.required_min_rx)));
        line(fmt::format("   Desired min TX interval = {} us", us(c.desired_min_tx)));
        line(fmt::format("   Desired idle TX interval = {} us", us(c.idle_min_tx)));
        line(fmt::format("   Detection multiplier = {}", c.detect_mult));
        line(fmt::format("   {} = {}", ipv4 ? "TTL" : "hoplimit", c.send_ttl));
        if (d.model != nullptr) {
            line(fmt::format("   max_hops = {}", d.model->max_hops_ < 0 ? 255 : d.model->max_hops_));
        }
        line(fmt::format("   passive = {}", c.role == bfd::Role::passive ? "true" : "false"));
        line(fmt::format("   send event to VRRP process = {}", bfd::has(c.consumers, bfd::Consumers::vrrp) ? "Yes" : "No"));
        line(fmt::format("   send event to checker process = {}",
                         bfd::has(c.consumers, bfd::Consumers::checker) ? "Yes" : "No"));
        line(fmt::format("   fd_out {}", d.fd_out));
        line("   thread_open_fd_out 0x(nil)");
        line(fmt::format("   thread_out 0x{}", timer_text(&s, s.transmit_deadline())));
        line("   sands_out = [disabled]");
        line(fmt::format("   thread_exp 0x{}", timer_text(&s, s.detection_deadline())));
        line("   sands_exp = [disabled]");
        line("   thread_rst 0x(nil)");
        line("   sands_rst = [disabled]");
        line(fmt::format("   send error = {}", d.send_error ? "true" : "false"));
        line(fmt::format("   local state = {}", bfd::to_string(s.state())));
        line(fmt::format("   remote state = {}", bfd::to_string(s.remote_state())));
        line(fmt::format("   local discriminator = 0x{:x}", s.local_discriminator()));
        line(fmt::format("   remote discriminator = 0x{:x}", s.remote_discriminator()));
        line(fmt::format("   local diag = {}", bfd::to_string(s.local_diagnostic())));
        line(fmt::format("   remote diag = {}", bfd::to_string(s.remote_diagnostic())));
        line(fmt::format("   remote min tx intv = {} us", us(s.remote_desired_min_tx())));
        // keepalived's remote values stay 0 until the first packet.
        const bool heard = s.stats().packets_received != 0;
        line(fmt::format("   remote min rx intv = {} us", heard ? us(s.remote_min_rx()) : 0));
        line("   local demand = 0");
        line(fmt::format("   remote demand = {}", s.remote_demand() ? 1 : 0));
        line(fmt::format("   remote detect multiplier = {}", s.remote_detect_mult()));
        line(fmt::format("   {}poll, !final", s.polling() ? "" : "!"));
        line(fmt::format("   local tx intv = {} us", us(s.transmit_interval())));
        line(fmt::format("   remote tx intv = {} us", heard ? us(s.remote_transmit_interval()) : 0));
        line(fmt::format("   local detection time = {} us", us(s.detection_time())));
        line(fmt::format("   remote detection time = {} us", heard ? us(s.transmit_interval() * c.detect_mult) : 0));
        line(last_seen(s, wall_now, mono_now));
    }
    return out;
}

void BfdChild::write_dump() const noexcept {
    log::info("Printing BFD data for process({}) on signal", ::getpid());
    try {
        std::vector<DumpedSession> sessions;
        for (const bfd::Session& s : table_.sessions()) {
            DumpedSession d;
            d.session = &s;
            for (const config::BfdInstance& b : model_->bfd_instances_) {
                if (b.runs_ && b.name_ == s.name()) {
                    d.model = &b;
                }
            }
            const Output& o = outputs_[s.id()];
            d.fd_out = o.sender ? o.sender->fd() : -1;
            d.send_error = o.send_error;
            sessions.push_back(d);
        }
        process::GlobalFacts facts = process::current_global_facts(model_->global_, process::DumpingProcess::bfd, settings_);
        runtime::write_dump("keepalived_bfd.data",
                            format_bfd_data(process::format_global_definitions(model_->global_, model_->root_, facts),
                                            single_hop_ ? single_hop_->fd() : -1, sessions,
                                            std::chrono::system_clock::now(), bfd::Clock::now()));
    } catch (...) {
        log::error("Unable to write keepalived_bfd.data");
    }
}

} // namespace vigil::bfdd
