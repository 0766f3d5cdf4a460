#pragma once
// Runs scripts the way keepalived's notify_exec/system_call_script do (section 6 "Execution"):
// fork, then in the child setgid + setgroups([gid]) + setuid to the script user, default
// signal dispositions and an empty mask, stdin/stdout/stderr on /dev/null, setpgid(0, 0),
// PR_SET_PDEATHSIG=SIGTERM, every other fd closed, the limits and nice value the process
// started with (exec_baseline.hpp), and execve() of the argv with the inherited
// environment (no shell). A command of the form `</path` goes through `/bin/sh -c`.
// The parent never waits here: exits are collected by ChildReaper.

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::script {

struct ScriptUser {
    uid_t uid = 0;
    gid_t gid = 0;
    friend bool operator==(const ScriptUser&, const ScriptUser&) = default;
};

// getpwnam/getgrnam; the group defaults to the user's primary group. nullopt when unknown.
std::optional<ScriptUser> resolve_script_user(const std::string& user,
                                              const std::optional<std::string>& group);

// keepalived's default script user: `script_user` if set, else `keepalived_script` if that
// user exists, else the daemon's own uid/gid. nullopt = an explicit script_user that does not
// exist.
std::optional<ScriptUser> default_script_user(const std::optional<std::string>& script_user,
                                              const std::optional<std::string>& script_group);

// The argv actually exec'd: `</path...` commands become {"/bin/sh", "-c", text}.
std::vector<std::string> exec_argv(const std::vector<std::string>& argv, std::string_view text);

// Forks and execs; returns the child's pid (its own process group), or -1. Never throws.
pid_t spawn_script(const std::vector<std::string>& argv, const ScriptUser& user) noexcept;

} // namespace vigil::script
