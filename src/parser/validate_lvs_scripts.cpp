#include "parser/validate_lvs_scripts.hpp"
#include "parser/validate_scripts.hpp"

#include "parser/lvs_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace vigil::parser {

namespace {

constexpr std::string_view default_user_name = "keepalived_script";


// The default script user as keepalived's get_default_script_user() sees it.
struct DefaultUser {
    bool fails{false};        // scripts that need it cannot be set up
    bool report{false};       // "Unable to set default user keepalived_script for script"
    std::string name{"root"};
};

DefaultUser default_user(const config::Config& cfg, const SystemCatalog& system) {
    DefaultUser d;
    const auto& g = cfg.global_;
    if (g.script_user_) {
        // script_user's group counts too: set_default_script_user() fails on either.
        d.name = g.script_user_->user_;
        d.fails = !system.user_exists(d.name) ||
                  (g.script_user_->group_ && !system.group_exists(*g.script_user_->group_));
        return d;
    }
    if (system.user_exists(default_user_name)) {
        d.name = default_user_name;
    } else if (g.enable_script_security_) {
        d.fails = true;
        d.report = true;
    }
    return d;
}

struct UserCheck {
    const SystemCatalog& system;
    BindContext& ctx;
    DefaultUser user;
    bool reported{false};

    // keepalived reports the default user's failure once, at the first script needing it
    // (the VRRP scripts' check may have reported it already).
    void default_failed(const config::Location& at) {
        if (!user.report || reported) {
            return;
        }
        reported = true;
        const std::string message = "Unable to set default user keepalived_script for script";
        const auto& all = ctx.diagnostics().all();
        if (std::none_of(all.begin(), all.end(), [&](const Diagnostic& d) { return d.message == message; })) {
            ctx.error(at, message);
        }
    }

    // A notify/quorum/fifo script: dropped (logged only) when its user cannot be set.
    void notify(config::OptionalCommand& c, const config::Location& at, std::string_view type) {
        if (!c) {
            return;
        }
        if (c->user_) {
            if (!system.user_exists(*c->user_)) {
                ctx.notice(at, fmt::format("Invalid user/group for {} script {} - ignoring", type, c->argv_.front()));
                c.reset();
            }
            return;
        }
        if (user.fails) {
            default_failed(at);
            ctx.notice(at, fmt::format("Failed to set default user for {} script {} - ignoring", type, c->argv_.front()));
            c.reset();
        }
    }

    // A MISC_CHECK: false when keepalived removes it.
    bool misc(config::Checker& checker) {
        auto& m = std::get<config::MiscCheck>(checker.detail_);
        if (m.user_) {
            if (!system.user_exists(m.user_->name_)) {
                ctx.error(m.user_->location_, fmt::format("Failed to set uid/gid for misc checker script {} - removing",
                                                          m.user_->script_when_read_));
                return false;
            }
            if (!m.script_) {
                ctx.error(checker.location_, "No script path has been specified for MISC_CHECKER - skipping");
                return false;
            }
            return true;
        }
        if (user.fails) {
            default_failed(checker.location_);
            ctx.error(checker.location_,
                      fmt::format("Unable to set default user for misc script {} - removing", format_command(*m.script_)));
            return false;
        }
        return true;
    }
};

struct Security {
    const SystemCatalog& system;
    BindContext& ctx;
    bool enforce;
    std::string default_user;
    bool any_script{false};
    bool insecure{false};

    // keepalived's check_script_secure(): true when the script must not run (missing,
    // or unsafe while enable_script_security is set).
    bool disable(const config::Command& c, const std::optional<std::string>& user, const config::Location& at) {
        if (c.argv_.empty()) {
            return false;
        }
        const config::UserGroup owner{user ? *user : default_user, std::nullopt};
        const auto check = check_script_secure(ctx, c, owner);
        if (check.system) {
            return false;
        }
        if (!check.found) {
            return true;
        }
        any_script = true;
        if (check.insecure) {
            insecure = true;
            ctx.notice(at, fmt::format("Unsafe permissions found for script '{}'{}.", c.argv_.front(),
                                       enforce ? " - disabling" : ""));
        }
        return check.inhibit || !check.executable;
    }

    void notify(config::OptionalCommand& c, const config::Location& at) {
        if (c && disable(*c, c->user_, at)) {
            c.reset();
        }
    }
};

} // namespace

void check_script_users(config::Config& cfg, const SystemCatalog& system, BindContext& ctx) {
    if (!cfg.global_.checker_ && !cfg.lvs_) {
        // Nothing to check: the default user is not looked up (the lookup loads the NSS
        // modules, about 0.3 MB resident in the parent, for nothing).
        return;
    }
    UserCheck check{system, ctx, default_user(cfg, system)};
    if (cfg.global_.checker_) {
        // Read by keepalived's parent process, whether there are virtual servers or not.
        auto& g = *cfg.global_.checker_;
        if (g.lvs_notify_fifo_ && !g.lvs_notify_fifo_->user_ && check.user.fails) {
            check.default_failed(config::Location{});
            ctx.notice(config::Location{}, "Failed to set default user for lvs_ fifo (null) - ignoring");
            g.lvs_notify_fifo_.reset();
        }
        check.notify(g.lvs_notify_fifo_script_, config::Location{}, "lvs_notify_fifo");
    }
    if (!cfg.lvs_) {
        return;
    }
    auto misc_ok = [&](config::Checker& c) { return c.type_ != config::CheckerType::misc || check.misc(c); };
    for (auto& vs : cfg.lvs_->virtual_servers_) {
        std::erase_if(vs.detached_checkers_, [&](config::Checker& c) { return !misc_ok(c); });
        check.notify(vs.quorum_up_, vs.location_, "quorum");
        check.notify(vs.quorum_down_, vs.location_, "quorum");
        for (auto& rs : vs.real_servers_) {
            check.notify(rs.notify_up_, rs.location_, "notify");
            check.notify(rs.notify_down_, rs.location_, "notify");
            std::erase_if(rs.checkers_, [&](config::Checker& c) { return !misc_ok(c); });
        }
    }
}

void check_lvs_script_security(config::Config& cfg, const SystemCatalog& system, BindContext& ctx) {
    auto& lvs = *cfg.lvs_;
    if (lvs.virtual_servers_.empty()) {
        return;
    }
    auto& g = cfg.global_;
    const auto d = default_user(cfg, system);
    Security sec{system, ctx, g.enable_script_security_, d.name};
    auto disabled = [&](const config::Checker& c) {
        const auto* m = std::get_if<config::MiscCheck>(&c.detail_);
        if (m == nullptr) {
            return false;
        }
        const std::optional<std::string> user = m->user_ ? std::optional{m->user_->name_} : std::nullopt;
        if (!sec.disable(*m->script_, user, c.location_)) {
            return false;
        }
        ctx.notice(c.location_, fmt::format("Disabling misc script {} since not found/accessible or insecure",
                                            format_command(*m->script_)));
        return true;
    };
    for (auto& vs : lvs.virtual_servers_) {
        for (auto& rs : vs.real_servers_) {
            std::erase_if(rs.checkers_, disabled);
        }
        std::erase_if(vs.detached_checkers_, disabled);
    }
    for (auto& vs : lvs.virtual_servers_) {
        sec.notify(vs.quorum_up_, vs.location_);
        sec.notify(vs.quorum_down_, vs.location_);
        for (auto& rs : vs.real_servers_) {
            sec.notify(rs.notify_up_, rs.location_);
            sec.notify(rs.notify_down_, rs.location_);
        }
    }
    sec.notify(g.notify_fifo_script_, config::Location{});
    if (g.checker_) {
        sec.notify(g.checker_->lvs_notify_fifo_script_, config::Location{});
    }
    if (!g.enable_script_security_ && sec.any_script) {
        ctx.security(config::Location{}, fmt::format("SECURITY VIOLATION - check scripts are being executed but "
                                                     "script_security not enabled.{}",
                                                     sec.insecure ? " There are insecure scripts." : ""));
    }
}

} // namespace vigil::parser
