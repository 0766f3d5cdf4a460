#include "process/run_mount.hpp"

#include "util/log.hpp"

#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace vigil::process {

PrivateRunMount::PrivateRunMount(const std::string& pid_dir, const std::string& name)
    : pid_dir_(pid_dir), own_dir_(pid_dir + "/" + name) {
    const mode_t saved = ::umask(0022); // rwxr-xr-x whatever the daemon's umask
    const bool made = ::mkdir(own_dir_.c_str(), 0755) == 0 || errno == EEXIST;
    ::umask(saved);
    if (!made) {
        log::info("Unable to create directory {}", own_dir_);
        own_dir_.clear();
        return;
    }
    if (::unshare(CLONE_NEWNS) != 0) {
        const int e = errno;
        log::info("mount unshare failed ({}) '{}'", e, std::strerror(e));
        return;
    }
    // systemd makes mounts shared: without this the bind would show on the host.
    if (::mount("", "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0) {
        const int e = errno;
        log::info("Mount slave failed, error ({}) '{}'", e, std::strerror(e));
    }
    if (::mount(own_dir_.c_str(), pid_dir_.c_str(), nullptr, MS_BIND, nullptr) != 0) {
        const int e = errno;
        log::info("Mount failed, error ({}) '{}'", e, std::strerror(e));
        return;
    }
    mounted_ = true;
}

PrivateRunMount::PrivateRunMount(PrivateRunMount&& other) noexcept
    : pid_dir_(std::move(other.pid_dir_)), own_dir_(std::move(other.own_dir_)),
      mounted_(std::exchange(other.mounted_, false)) {
    other.own_dir_.clear();
}

PrivateRunMount& PrivateRunMount::operator=(PrivateRunMount&& other) noexcept {
    if (this != &other) {
        undo();
        pid_dir_ = std::move(other.pid_dir_);
        own_dir_ = std::exchange(other.own_dir_, std::string{});
        mounted_ = std::exchange(other.mounted_, false);
    }
    return *this;
}

PrivateRunMount::~PrivateRunMount() { undo(); }

void PrivateRunMount::undo() noexcept {
    if (mounted_ && ::umount(pid_dir_.c_str()) != 0) {
        log::info("unmount of {} failed - errno {}", pid_dir_, errno);
    }
    mounted_ = false;
    if (!own_dir_.empty() && ::rmdir(own_dir_.c_str()) != 0 && errno != ENOTEMPTY && errno != EBUSY) {
        const int e = errno;
        log::info("unlink of {} failed - error ({}) '{}'", own_dir_, e, std::strerror(e));
    }
    own_dir_.clear();
}

} // namespace vigil::process
