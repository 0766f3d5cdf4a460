#include "parser/validate_scripts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace vigil::parser {

namespace {

// check_script_secure()'s result bits.
enum Flag : unsigned {
    system_script = 1,  // SC_SYSTEM: a "</path" file test, not executed
    not_found = 2,      // SC_NOTFOUND
    is_script = 4,      // SC_ISSCRIPT
    executable = 8,     // SC_EXECUTABLE
    insecure = 16,      // SC_INSECURE
    inhibit = 32,       // SC_INHIBIT (insecure with enable_script_security)
};

bool runs_as_root(BindContext& ctx, const config::Command& c, const std::optional<config::UserGroup>& owner) {
    if (owner) {
        return owner->user_ == "root" || owner->user_ == "0" || owner->group_ == "root";
    }
    if (c.user_) {
        return *c.user_ == "root" || *c.user_ == "0" || c.group_ == std::optional<std::string>{"root"};
    }
    const auto& d = ctx.script_users().default_user;
    return !d || d->user_ == "root" || d->group_ == std::optional<std::string>{"root"};
}

// Whether the script's user (not group) is root.
bool runs_as_root_user(BindContext& ctx, const config::Command& c, const std::optional<config::UserGroup>& owner) {
    if (owner) {
        return owner->user_ == "root" || owner->user_ == "0";
    }
    if (c.user_) {
        return *c.user_ == "root" || *c.user_ == "0";
    }
    const auto& d = ctx.script_users().default_user;
    return !d || d->user_ == "root" || d->user_ == "0";
}

unsigned check_script(BindContext& ctx, const config::Command& c, const std::optional<config::UserGroup>& owner) {
    if (c.argv_.empty()) {
        return 0;
    }
    const std::string& first = c.argv_.front();
    if (!first.empty() && first.front() == '<') {
        const auto after = first.find_first_not_of(" \t", 1);
        if (after != std::string::npos && first[after] == '/') {
            return system_script;
        }
    }
    // find_path() (a bare name) switches to a non-root script user and then fails to set
    // its supplementary groups: keepalived never finds such a command.
    if (first.find('/') == std::string::npos && !runs_as_root_user(ctx, c, owner)) {
        return not_found;
    }
    const auto file = ctx.system().script_file(first);
    if (!file.found) {
        // check_script_secure()'s log lines (the running daemon's only).
        if (first.find('/') == std::string::npos) {
            ctx.journal(fmt::format("Cannot find script {} in path - disabling", first));
        } else if (file.error != 0) {
            ctx.journal(fmt::format("Script {} cannot be accessed - {}", first, std::strerror(file.error)));
        }
        return not_found;
    }
    unsigned flags = is_script;
    if (file.executable) {
        flags |= executable;
        if ((runs_as_root(ctx, c, owner) || file.setid_root) && !file.secure) {
            flags |= insecure;
            if (ctx.script_users().security) {
                flags |= inhibit;
            }
        }
    }
    return flags;
}

} // namespace

ScriptSecurity check_script_secure(BindContext& ctx, const config::Command& c,
                                   const std::optional<config::UserGroup>& owner) {
    const unsigned f = check_script(ctx, c, owner);
    return {(f & system_script) != 0, (f & is_script) != 0, (f & executable) != 0, (f & insecure) != 0,
            (f & inhibit) != 0};
}

namespace {

// check_notify_script_secure(): drops the script unless it is found and executable.
unsigned check_notify(BindContext& ctx, config::OptionalCommand& c) {
    if (!c) {
        return 0;
    }
    const unsigned flags = check_script(ctx, *c, std::nullopt);
    if ((flags & (inhibit | not_found)) != 0 || (flags & executable) == 0) {
        c.reset();
    }
    return flags;
}

} // namespace

void check_start_stop_scripts(config::Config& cfg, BindContext& ctx) {
    auto& g = cfg.global_;
    if (!g.startup_script_ && !g.shutdown_script_) {
        return;
    }
    unsigned flags = 0;
    for (auto* c : {&g.startup_script_, &g.shutdown_script_}) {
        if (!*c) {
            continue;
        }
        const unsigned f = check_script(ctx, **c, std::nullopt);
        if ((f & (inhibit | not_found)) != 0 || (f & (executable | system_script)) == 0) {
            c->reset();
        }
        flags |= f;
    }
    if (!ctx.script_users().security && (flags & is_script) != 0) {
        ctx.security(config::Location{},
                     fmt::format("SECURITY VIOLATION - start/shutdown scripts are being executed but script_security "
                                 "not enabled.{}", (flags & insecure) != 0 ? " There are insecure scripts." : ""));
    }
}

void check_vrrp_scripts(config::Config& cfg, BindContext& ctx) {
    if (cfg.instances_.empty()) {
        return;
    }
    unsigned flags = 0;
    std::unordered_set<std::string> removed;
    for (const auto& s : cfg.scripts_) {
        if (!s.script_ || removed.contains(s.name_)) {
            continue;
        }
        const unsigned f = check_script(ctx, *s.script_, s.user_);
        if ((f & inhibit) != 0) {
            ctx.error(s.location_, fmt::format("Disabling track script {} due to insecure", s.name_));
            removed.insert(s.name_);
        } else if ((f & not_found) != 0) {
            ctx.error(s.location_, fmt::format("Disabling track script {} since not found/accessible", s.name_));
            removed.insert(s.name_);
        } else if ((f & (executable | system_script)) == 0) {
            removed.insert(s.name_);
        }
        flags |= f;
    }
    auto drop_removed = [&](config::Trackers& t) {
        std::erase_if(t.scripts_, [&](const config::TrackedObject& o) { return removed.contains(o.name_); });
    };
    for (auto& vi : cfg.instances_) {
        auto& n = vi.notify_;
        for (auto* c : {&n.backup_, &n.master_, &n.fault_, &n.stop_, &n.deleted_script_, &n.generic_,
                        &n.master_rx_lower_pri_}) {
            flags |= check_notify(ctx, *c);
        }
        drop_removed(vi.track_);
    }
    for (auto& sg : cfg.sync_groups_) {
        auto& n = sg.notify_;
        for (auto* c : {&n.backup_, &n.master_, &n.fault_, &n.stop_, &n.generic_}) {
            flags |= check_notify(ctx, *c);
        }
        drop_removed(sg.track_);
    }
    flags |= check_notify(ctx, cfg.global_.notify_fifo_script_);
    flags |= check_notify(ctx, cfg.global_.vrrp_notify_fifo_script_);
    if (!ctx.script_users().security && (flags & is_script) != 0) {
        ctx.security(config::Location{},
                     fmt::format("SECURITY VIOLATION - scripts are being executed but script_security not enabled.{}",
                                 (flags & insecure) != 0 ? " There are insecure scripts." : ""));
    }
    std::erase_if(cfg.scripts_, [&](const config::VrrpScript& s) { return removed.contains(s.name_); });
}

void report_unused_vrrp_scripts(const config::Config& cfg, BindContext& ctx) {
    std::unordered_set<std::string> used;
    const auto note = [&used](const config::Trackers& t) {
        for (const config::TrackedObject& o : t.scripts_) {
            used.insert(o.name_);
        }
    };
    for (const auto& vi : cfg.instances_) {
        note(vi.track_);
    }
    for (const auto& sg : cfg.sync_groups_) {
        note(sg.track_);
    }
    for (const auto& s : cfg.scripts_) {
        if (!used.contains(s.name_)) {
            ctx.journal(fmt::format("Warning - script {} is not used", s.name_));
        }
    }
}

} // namespace vigil::parser
