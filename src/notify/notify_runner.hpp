#pragma once
// Executes NotifyPlans: scripts asynchronously as their user (ScriptSpawner), then the FIFO
// line to every notify FIFO; owns the FIFOs and their `*_fifo_script` consumers.
// FIFOs (section 6): created with mkfifo(0644 & ~umask) when missing, chowned to the optional
// user/group, opened O_RDWR|O_NONBLOCK (so a missing reader never blocks or SIGPIPEs us; a
// full pipe drops the line). Each fifo script gets the FIFO path appended and is SIGTERMed
// when the runner is destroyed.

#include "config/model.hpp"
#include "runtime/child_reaper.hpp"
#include "notify/notify_plan.hpp"
#include "script/script_spawner.hpp"
#include "util/unique_fd.hpp"

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vigil::notify {

class NotifyFifo {
public:
    // Logs and returns an unusable FIFO on failure.
    static NotifyFifo open(const config::Fifo& fifo);
    void write(std::string_view line) noexcept;
    [[nodiscard]] bool valid() const noexcept { return fd_.valid(); }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
    UniqueFd fd_;
};

// A notify FIFO and its consumer script (`*_notify_fifo`, `*_notify_fifo_script`).
struct FifoSpec {
    config::Fifo fifo;
    const config::OptionalCommand* script = nullptr;
};

class NotifyRunner {
public:
    NotifyRunner(runtime::ChildReaper& reaper, script::ScriptUser default_user);
    NotifyRunner(const NotifyRunner&) = delete;
    NotifyRunner& operator=(const NotifyRunner&) = delete;
    ~NotifyRunner();

    // vrrp_notify_fifo / notify_fifo and their scripts (global_defs), in that order.
    void configure(const config::GlobalDefs& global);
    // Any set of FIFOs (the checker's: notify_fifo, lvs_notify_fifo). Unchanged FIFOs are
    // kept open with their scripts.
    void configure_fifos(const std::vector<FifoSpec>& fifos);

    // Runs one command as its user (or the default script user) without waiting; the pid,
    // or -1 when it could not run.
    pid_t spawn(const config::Command& command);

    // Runs the plan's scripts and writes its FIFO line. Returns the scripts' pids.
    std::vector<pid_t> run(const NotifyPlan& plan);
    void write_fifos(std::string_view line) noexcept;

    // Shutdown: waits for `pids` (notify_stop) up to `limit`, then SIGKILLs their groups.
    void wait_for(const std::vector<pid_t>& pids, std::chrono::milliseconds limit) noexcept;

    [[nodiscard]] const script::ScriptUser& default_user() const noexcept { return default_user_; }
    void set_default_user(const script::ScriptUser& user) noexcept { default_user_ = user; }
    // The user a command runs as: its own USER [GROUP], or the default script user.
    [[nodiscard]] std::optional<script::ScriptUser> user_for(const config::Command& command) const;

private:
    void stop_fifo_scripts() noexcept;

    runtime::ChildReaper& reaper_;
    script::ScriptUser default_user_;
    std::vector<NotifyFifo> fifos_;
    std::vector<pid_t> fifo_scripts_;
    std::vector<config::Fifo> configured_;
};

} // namespace vigil::notify
