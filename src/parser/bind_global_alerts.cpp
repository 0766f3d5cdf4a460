// global_defs keywords for alerts and scripts (reference §3.2): SMTP (smtp_server, helo,
// timeout, notification_email, smtp_alert*), startup/shutdown scripts, notify FIFOs and the
// script user, with keepalived 2.2.7's checks and wording (global_parser.c).
#include "parser/bind_global_handlers.hpp"
#include "parser/bind_scripts.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <climits>

namespace vigil::parser::global_handlers {

namespace {

using G = config::GlobalDefs;

// TIMER_HZ: keepalived's timers are in microseconds.
constexpr unsigned long timer_hz = 1000000;

// startup_script / shutdown_script: once, read like a notify script.
void start_stop_script(BindContext& ctx, const Statement& s, config::OptionalCommand& out, std::string_view type) {
    if (out) {
        ctx.error(s.where, fmt::format("{} script already specified", type));
        return;
    }
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("{} script missing", type));
        return;
    }
    auto command = read_notify_script(ctx, s);
    if (!command) {
        ctx.error(s.where, fmt::format("Invalid {} script", type));
        return;
    }
    out = std::move(*command);
}

void script_timeout(BindContext& ctx, const Statement& s, config::seconds& out, std::string_view type) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("{}_script_timeout requires value", type));
        return;
    }
    if (const auto v = ctx.unsigned_at(s, 1, 1, 1000, Lenient::yes)) {
        out = config::seconds{*v};
        return;
    }
    ctx.error(s.words[1].where, fmt::format("{}_script_timeout '{}' must be in [1, 1000] - ignoring", type,
                                            s.words[1].text));
}

// notify_fifo / vrrp_notify_fifo: PATH [USER [GROUP]]; an unknown user drops it silently.
void fifo(BindContext& ctx, const Statement& s, std::optional<config::Fifo>& out, std::string_view type) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("No {}notify_fifo name specified", type));
        return;
    }
    if (out) {
        ctx.error(s.where, fmt::format("{}notify_fifo already specified - ignoring {}", type, s.words[1].text));
        return;
    }
    config::Fifo f{std::string{s.words[1].text}, std::nullopt, std::nullopt};
    if (BindContext::has(s, 2)) {
        const auto group = BindContext::has(s, 3) ? std::optional<std::string_view>{s.words[3].text} : std::nullopt;
        if (!ctx.user_group_exists(s.words[2].text, group)) {
            return;
        }
        f.user_ = std::string{s.words[2].text};
        if (group) {
            f.group_ = std::string{*group};
        }
    } else if (!ctx.default_script_user(s.where)) {
        return;
    }
    out = std::move(f);
}

void fifo_script(BindContext& ctx, const Statement& s, config::OptionalCommand& out, std::string_view type) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("No {}notify_fifo_script specified", type));
        return;
    }
    if (out) {
        ctx.error(s.where, fmt::format("{}notify_fifo_script already specified - ignoring {}", type, s.words[1].text));
        return;
    }
    if (auto command = read_notify_script(ctx, s)) {
        out = std::move(*command);
    }
}

}  // namespace

void smtp_connect_timeout(BindContext& ctx, const Statement& s, G& g) {
    const auto t = ctx.unsigned_at(s, 1, 0, UINT_MAX / timer_hz, Lenient::yes);
    if (!t) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("smtp_connect_timeout '{}' must be in [0, {}] - ignoring",
                                                    s.words[1].text, UINT_MAX / timer_hz));
        }
        return;
    }
    auto value = *t;
    if (value == 0) {
        ctx.error(s.words[1].where, "smtp_conect_timeout must be greater than 0, setting to 1");
        value = 1;
    }
    g.smtp_connect_timeout_ = config::seconds{value};
}

void smtp_server(BindContext& ctx, const Statement& s, G& g) {
    const auto host = ctx.word(s, 1);
    if (!host) {
        return;
    }
    const std::string_view port = BindContext::has(s, 2) ? s.words[2].text : std::string_view{"25"};
    // inet_stosockaddr, then (for names) getaddrinfo: a bad port fails both.
    const auto p = read_unsigned(port, 1, 65535);
    if (!p.ok) {
        for (const auto& m : p.messages) {
            ctx.error(s.words[BindContext::has(s, 2) ? 2 : 1].where, m);
        }
        ctx.error(s.words[1].where, fmt::format("Invalid smtp server {} {}", *host, port));
        return;
    }
    // A name is resolved by keepalived here (getaddrinfo); vigil keeps it as written.
    g.smtp_server_ = config::SmtpServer{std::string{*host}, static_cast<std::uint16_t>(p.value)};
}

void smtp_helo_name(BindContext&, const Statement& s, G& g) {
    if (BindContext::has(s, 1)) {
        g.smtp_helo_name_ = std::string{s.words[1].text};
    }
}

void notification_email(BindContext& ctx, const Statement& s, G& g) {
    if (s.block.empty()) {
        ctx.error(s.where, "Warning - empty notification_email block");
        return;
    }
    for (const auto& line : s.block) {
        for (const auto& w : line.words) {
            g.notification_email_.emplace_back(w.text);
        }
    }
}

void smtp_alert(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = global_handlers::true_false_or(ctx, s, "Invalid value '{}' for global smtp_alert specified")) {
        g.smtp_alert_ = *v;
    }
}

void smtp_alert_vrrp(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = global_handlers::true_false_or(ctx, s, "Invalid value '{}' for global smtp_alert_vrrp specified")) {
        g.smtp_alert_vrrp_ = *v;
    }
}

void startup_script(BindContext& ctx, const Statement& s, G& g) {
    start_stop_script(ctx, s, g.startup_script_, "startup");
}

void shutdown_script(BindContext& ctx, const Statement& s, G& g) {
    start_stop_script(ctx, s, g.shutdown_script_, "shutdown");
}

void startup_script_timeout(BindContext& ctx, const Statement& s, G& g) {
    script_timeout(ctx, s, g.startup_script_timeout_, "startup");
}

void shutdown_script_timeout(BindContext& ctx, const Statement& s, G& g) {
    script_timeout(ctx, s, g.shutdown_script_timeout_, "shutdown");
}

void notify_fifo(BindContext& ctx, const Statement& s, G& g) {
    fifo(ctx, s, g.notify_fifo_, "");
}

void notify_fifo_script(BindContext& ctx, const Statement& s, G& g) {
    fifo_script(ctx, s, g.notify_fifo_script_, "");
}

void vrrp_notify_fifo(BindContext& ctx, const Statement& s, G& g) {
    fifo(ctx, s, g.vrrp_notify_fifo_, "vrrp_");
}

void vrrp_notify_fifo_script(BindContext& ctx, const Statement& s, G& g) {
    fifo_script(ctx, s, g.vrrp_notify_fifo_script_, "vrrp_");
}

void script_user(BindContext& ctx, const Statement& s, G& g) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "No script username specified");
        return;
    }
    auto& u = ctx.script_users();
    config::UserGroup ug{std::string{s.words[1].text}, std::nullopt};
    if (BindContext::has(s, 2)) {
        ug.group_ = std::string{s.words[2].text};
    }
    g.script_user_ = ug;
    u.default_set = true;
    if (!ctx.user_group_exists(ug.user_, ug.group_ ? std::optional<std::string_view>{*ug.group_} : std::nullopt)) {
        // set_uid_gid()'s log lines, then the configuration error below.
        ctx.journal(ctx.system().user_exists(ug.user_) ? fmt::format("Script group '{}' does not exist", *ug.group_)
                                                       : fmt::format("Script user '{}' does not exist", ug.user_));
        u.default_fail = true;
    } else {
        u.default_user = std::move(ug);
    }
    if (u.default_fail) {
        ctx.error(s.where, "Error setting global script uid/gid");
    }
}

void enable_script_security(BindContext& ctx, const Statement&, G& g) {
    g.enable_script_security_ = true;
    ctx.script_users().security = true;
}

}  // namespace vigil::parser::global_handlers
