#include "script/script_spawner.hpp"

#include "runtime/signals.hpp"
#include "script/exec_baseline.hpp"
#include "util/log.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace vigil::script {

std::optional<ScriptUser> resolve_script_user(const std::string& user,
                                              const std::optional<std::string>& group) {
    std::array<char, 4096> buf{};
    passwd pw{};
    passwd* pw_result = nullptr;
    if (::getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &pw_result) != 0 || pw_result == nullptr) {
        return std::nullopt;
    }
    ScriptUser result{pw.pw_uid, pw.pw_gid};
    if (group) {
        ::group gr{};
        ::group* gr_result = nullptr;
        if (::getgrnam_r(group->c_str(), &gr, buf.data(), buf.size(), &gr_result) != 0 || gr_result == nullptr) {
            return std::nullopt;
        }
        result.gid = gr.gr_gid;
    }
    return result;
}

std::optional<ScriptUser> default_script_user(const std::optional<std::string>& script_user,
                                              const std::optional<std::string>& script_group) {
    if (script_user) {
        return resolve_script_user(*script_user, script_group);
    }
    if (auto user = resolve_script_user("keepalived_script", std::nullopt)) {
        return user;
    }
    return ScriptUser{::getuid(), ::getgid()};
}

std::vector<std::string> exec_argv(const std::vector<std::string>& argv, std::string_view text) {
    if (!argv.empty() && argv[0].starts_with('<')) {
        return {"/bin/sh", "-c", std::string(text.empty() ? argv[0] : text)};
    }
    return argv;
}

pid_t spawn_script(const std::vector<std::string>& argv, const ScriptUser& user) noexcept {
    if (argv.empty()) {
        return -1;
    }
    // Everything the child needs is prepared before fork(): no allocation after it.
    std::vector<char*> args;
    try {
        args.reserve(argv.size() + 1);
        for (const std::string& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
    } catch (...) {
        return -1;
    }
    const pid_t pid = ::fork();
    if (pid != 0) {
        if (pid < 0) {
            log::error("Failed to fork script {} - {}", argv[0], std::strerror(errno));
        }
        return pid;
    }
    // Child: async-signal-safe calls only.
    runtime::reset_signals_for_exec();
    restore_exec_baseline(); // keepalived's reset_process_priorities() before exec
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
    }
    ::syscall(SYS_close_range, 3U, ~0U, 0U);
    if (::getgid() != user.gid || ::getuid() != user.uid) {
        if (::setgid(user.gid) != 0 || ::setgroups(1, &user.gid) != 0 || ::setuid(user.uid) != 0) {
            ::_exit(126);
        }
    }
    ::execve(args[0], args.data(), environ);
    ::_exit(127);
}

} // namespace vigil::script
