#include "snmp/config_values.hpp"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace vigil::snmp {
namespace {

std::string program_path(const std::string& program) {
    std::string path = program;
    if (program.find('/') == std::string::npos) {
        const char* env = std::getenv("PATH");
        std::string_view dirs = env != nullptr ? env : "/usr/bin:/bin";
        while (!dirs.empty()) {
            const std::size_t colon = dirs.find(':');
            const std::string candidate = std::string(dirs.substr(0, colon)) + "/" + program;
            if (::access(candidate.c_str(), X_OK) == 0) {
                path = candidate;
                break;
            }
            dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
        }
    }
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) != nullptr) {
        return resolved;
    }
    return path;
}

} // namespace

std::string raw_address(const net::IpAddress& a) {
    const auto b = a.bytes();
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string shown_command(const std::vector<std::string>& argv) {
    std::string out;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        out += (i == 0 ? "'" : " '") + (i == 0 ? program_path(argv[0]) : argv[i]) + "'";
    }
    return out;
}

std::optional<std::string> command_text(const config::OptionalCommand& c) {
    if (!c.has_value()) {
        return std::nullopt;
    }
    return shown_command(c->argv_);
}

std::string router_id(const config::GlobalDefs& g) {
    if (g.router_id_) {
        return *g.router_id_;
    }
    char host[256] = {};
    ::gethostname(host, sizeof(host) - 1);
    return host;
}

GlobalInfo global_info(const config::Config& config, std::string version) {
    const config::GlobalDefs& g = config.global_;
    GlobalInfo gi;
    gi.version = std::move(version);
    gi.router_id = router_id(g);
    if (g.smtp_server_) {
        if (const auto a = net::IpAddress::parse(g.smtp_server_->host_)) {
            gi.smtp_server = raw_address(*a);
            gi.smtp_server_type = a->is_v4() ? 1 : 2;
        }
        gi.smtp_timeout_s = static_cast<std::uint32_t>(g.smtp_connect_timeout_.count());
        gi.smtp_port = g.smtp_server_->port_;
    }
    gi.email_from = g.notification_email_from_;
    gi.emails = g.notification_email_;
    gi.email_faults = !g.no_email_faults_;
    gi.smtp_alert = g.smtp_alert_ ? (*g.smtp_alert_ ? 1 : 2) : 3;
    gi.smtp_alert_vrrp = g.smtp_alert_vrrp_ ? (*g.smtp_alert_vrrp_ ? 1 : 2) : 3;
    gi.traps = g.enable_traps_;
    gi.net_namespace = config.root_.net_namespace_.value_or("");
    gi.dbus = g.enable_dbus_;
    gi.dynamic_interfaces = g.dynamic_interfaces_;
    return gi;
}

} // namespace vigil::snmp
