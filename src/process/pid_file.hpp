#pragma once
// Pid files as keepalived 2.2.7 uses them (section 2 "Pid files"): one per process, written
// after daemonising, removed on exit; a file naming a live process means "daemon is already
// running"; a stale one is removed with "Remove a zombie pid file <f>".

#include <sys/types.h>

#include <optional>
#include <string>

namespace vigil::process {

// Default locations, overridable by -p/-r/-c/-b and shaped by `use_pid_dir` and `instance`.
struct PidPaths {
    std::string parent;
    std::string vrrp;
    std::string checkers;
    std::string bfd;
    // /run/keepalived when use_pid_dir or instance is set: created by us, removed at exit.
    std::string directory;
};

struct PidPathInputs {
    std::optional<std::string> parent_override; // -p
    std::optional<std::string> vrrp_override;    // -r
    std::optional<std::string> checkers_override; // -c
    std::optional<std::string> bfd_override;      // -b
    std::string instance;                         // root keyword `instance NAME`
    bool use_pid_dir = false;                     // root keyword `use_pid_dir`
    std::string run_dir = "/run";
};

PidPaths pid_paths(const PidPathInputs& in);

enum class PidFileState { absent, running, stale_removed };

// Reads PATH; a live pid other than our own means running. A stale or unreadable file is
// removed (logging keepalived's line).
PidFileState check_pid_file(const std::string& path);

// An owned pid file: written on create(), removed by the destructor if still ours (the pid in
// it is the pid that wrote it, so a forked child never deletes its parent's file).
class PidFile {
public:
    PidFile() = default;
    // Throws std::system_error when the file cannot be written.
    static PidFile create(std::string path);
    PidFile(PidFile&& other) noexcept;
    PidFile& operator=(PidFile&& other) noexcept;
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;
    ~PidFile();

    void remove() noexcept;
    // Forget the file without removing it (a forked child holding its parent's object).
    void abandon() noexcept;
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
    pid_t owner_ = 0;
};

} // namespace vigil::process
