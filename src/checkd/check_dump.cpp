#include "checkd/check_dump.hpp"

#include "check/protocol_dump.hpp"

#include <fmt/format.h>

namespace vigil::checkd {

namespace {

// keepalived's format_decimal(value, 6) for microseconds: seconds, trailing zeros dropped.
std::string seconds(check::Duration value) {
    std::string text = fmt::format("{}.{:06}", value.count() / 1000000, value.count() % 1000000);
    while (text.back() == '0') {
        text.pop_back();
    }
    if (text.back() == '.') {
        text.pop_back();
    }
    return text;
}

const char* on_off(bool value) { return value ? "ON" : "OFF"; }
const char* yes_no(bool value) { return value ? "yes" : "no"; }

const char* method_name(ipvs::Forwarding f) {
    switch (f) {
    case ipvs::Forwarding::masquerade:
        return "NAT";
    case ipvs::Forwarding::direct_route:
        return "DR";
    case ipvs::Forwarding::tunnel:
        return "TUN";
    case ipvs::Forwarding::local:
    case ipvs::Forwarding::bypass:
        break;
    }
    return "?";
}

const char* keepalive_method(config::CheckerType type) {
    switch (type) {
    case config::CheckerType::http_get:
        return "HTTP_GET";
    case config::CheckerType::ssl_get:
        return "SSL_GET";
    case config::CheckerType::tcp:
        return "TCP_CHECK";
    case config::CheckerType::smtp:
        return "SMTP_CHECK";
    case config::CheckerType::dns:
        return "DNS_CHECK";
    case config::CheckerType::misc:
        return "MISC_CHECK";
    case config::CheckerType::udp:
        return "UDP_CHECK";
    case config::CheckerType::ping:
        return "PING_CHECK";
    case config::CheckerType::file:
        return "FILE_CHECK";
    case config::CheckerType::bfd:
        return "BFD_CHECK";
    }
    return "?";
}

void server_lines(std::string& out, const check::ServerState& rs) {
    fmt::format_to(std::back_inserter(out), "   ------< Real server >------\n");
    fmt::format_to(std::back_inserter(out), "   RIP = {}, RPORT = {}, WEIGHT = {} EFF WEIGHT = {}\n",
                   rs.address.to_string(), rs.port, check::real_weight(rs.effective_weight), rs.effective_weight);
    fmt::format_to(std::back_inserter(out), "   forwarding method = {}\n", method_name(rs.forwarding));
    fmt::format_to(std::back_inserter(out), "   connection limit range = {} -> {}\n", rs.lower_threshold,
                   rs.upper_threshold);
    fmt::format_to(std::back_inserter(out), "   Inhibit on failure is {}\n", on_off(rs.inhibit));
    fmt::format_to(std::back_inserter(out), "   Using smtp notification = {}\n", yes_no(rs.smtp_alert));
    fmt::format_to(std::back_inserter(out), "   initial weight = {}\n", rs.configured_weight);
    fmt::format_to(std::back_inserter(out), "   effective weight = {}\n", rs.effective_weight);
    fmt::format_to(std::back_inserter(out), "   previous effective_weight = {}\n", rs.previous_weight);
    fmt::format_to(std::back_inserter(out), "   alive = {}\n", rs.alive ? 1 : 0);
    fmt::format_to(std::back_inserter(out), "   num failed checkers = {}\n", rs.failed_checkers);
    fmt::format_to(std::back_inserter(out), "   RS set = {}\n", rs.set ? 1 : 0);
    fmt::format_to(std::back_inserter(out), "   reloaded = {}\n", rs.reloaded ? 1 : 0);
}

} // namespace

std::string format_check_data(const config::Config& config, const check::Engine& engine) {
    std::string out;
    auto line = [&out](std::string_view text) {
        out += text;
        out += '\n';
    };
    if (!engine.virtual_servers().empty()) {
        line("------< LVS Topology >------");
        line(" System is compiled with LVS v1.2.1");
    }
    for (const check::VirtualServerState& vs : engine.virtual_servers()) {
        const config::VirtualServer& c = *vs.config;
        line(" ------< Virtual server >------");
        if (vs.group != nullptr) {
            line(fmt::format(" VS GROUP = {}", vs.name));
        } else if (c.kind_ == config::VirtualServerKind::fwmark && c.fwmark_ != 0) {
            line(fmt::format(" VS FWMARK = {}", c.fwmark_));
        } else {
            line(fmt::format(" VS VIP = {}, VPORT = {}", c.address_.to_string(), c.port_));
        }
        line(fmt::format("   delay_loop = {}", seconds(c.delay_loop_)));
        line(fmt::format("   lvs_sched = {}", c.scheduler_.value_or(config::ipvs_default_scheduler)));
        if (c.persistence_timeout_ != 0) {
            line(fmt::format("   persistence timeout = {}", c.persistence_timeout_));
        }
        line(fmt::format("   protocol = {}", vs.protocol == config::LvsProtocol::none
                                                 ? std::string("none")
                                                 : [&] {
                                                       std::string p = config::lvs_protocol_name(vs.protocol);
                                                       for (char& ch : p) {
                                                           ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                                                       }
                                                       return p;
                                                   }()));
        line(fmt::format("   alpha is {}", on_off(c.alpha_)));
        line(fmt::format("   omega is {}", on_off(c.omega_)));
        line(fmt::format("   Inhibit on failure is {}", on_off(c.inhibit_on_failure_)));
        line(fmt::format("   quorum = {}, hysteresis = {}", c.quorum_, c.hysteresis_));
        line(fmt::format("   Using smtp notification = {}", yes_no(vs.smtp_alert)));
        if (vs.sorry) {
            line(fmt::format("   sorry server {}= {}", vs.sorry_duplicates_rs ? "(duplicates rs) " : "", vs.sorry->name));
            line(fmt::format("     Inhibit on failure is {}", on_off(vs.sorry->inhibit)));
        }
        line(fmt::format("   alive = {}", vs.alive ? 1 : 0));
        line(fmt::format("   quorum_state_up = {}", vs.quorum_up ? 1 : 0));
        line(fmt::format("   reloaded = {}", vs.reloaded ? 1 : 0));
        for (const check::ServerState& rs : vs.servers) {
            server_lines(out, rs);
        }
    }
    if (!engine.checkers().empty()) {
        line("------< Health checkers >------");
    }
    for (const check::CheckerState& checker : engine.checkers()) {
        const check::VirtualServerState& vs = engine.virtual_servers()[checker.vs];
        line(fmt::format(" {} -> {}", vs.name, vs.servers[checker.rs].name));
        line(fmt::format("   Enabled = {}", yes_no(checker.enabled)));
        line(fmt::format("   Up = {}", yes_no(checker.is_up)));
        line(fmt::format("   Has run = {}", yes_no(checker.has_run)));
        line(fmt::format("   Current weight = {}", checker.cur_weight));
        if (checker.type != config::CheckerType::file) {
            line(fmt::format("   Alpha = {}", yes_no(checker.alpha)));
            line(fmt::format("   Delay loop = {} us", checker.delay_loop.count()));
            line(fmt::format("   Warmup = {} us", checker.warmup.count()));
            line(fmt::format("   Retries = {}", checker.retry));
            if (checker.retry != 0) {
                line(fmt::format("   Delay before retry = {} us", checker.delay_before_retry.count()));
                line(fmt::format("   Retries iterations = {}", checker.retry_it));
            }
        }
        line(fmt::format("   Log all failures = {}", yes_no(checker.log_all_failures)));
        if (std::holds_alternative<config::HttpCheck>(checker.config->detail_) ||
            std::holds_alternative<config::SmtpCheck>(checker.config->detail_) ||
            std::holds_alternative<config::DnsCheck>(checker.config->detail_)) {
            check::append_protocol_dump(out, checker, *config.lvs_);
            continue;
        }
        line(fmt::format("   Keepalive method = {}", keepalive_method(checker.type)));
        if (checker.type == config::CheckerType::misc) {
            line(fmt::format("   dynamic = {}", checker.dynamic ? "YES" : "NO"));
            line(fmt::format("   Last status = {}", checker.last_exit_code));
        }
    }
    return out;
}

} // namespace vigil::checkd
