#pragma once
// net_namespace's private /run/keepalived (keepalived 2.2.7 namespaces.c set_run_mount,
// reference keepalived-2.2.7-vrrp-parity.md section 4.5): after entering the network
// namespace NAME, the parent creates /run/keepalived/NAME (0755), moves into a mount
// namespace of its own (mounts made slaves, so nothing leaks back to the host) and binds that
// directory over /run/keepalived. Its children inherit the mount namespace; so the pid files
// of a daemon per network namespace, all at /run/keepalived/*.pid as the processes see them,
// sit in /run/keepalived/NAME/ on the host and never collide. Undone at stop: the bind is
// unmounted and the directory removed when empty.

#include <string>

namespace vigil::process {

class PrivateRunMount {
public:
    PrivateRunMount() = default;
    // PID_DIR is /run/keepalived (it must exist); NAME the net_namespace. Failures log
    // keepalived's lines and leave what could not be done undone (keepalived goes on too).
    PrivateRunMount(const std::string& pid_dir, const std::string& name);
    PrivateRunMount(const PrivateRunMount&) = delete;
    PrivateRunMount& operator=(const PrivateRunMount&) = delete;
    PrivateRunMount(PrivateRunMount&& other) noexcept;
    PrivateRunMount& operator=(PrivateRunMount&& other) noexcept;
    ~PrivateRunMount();

    [[nodiscard]] bool mounted() const noexcept { return mounted_; }

private:
    void undo() noexcept;

    std::string pid_dir_;
    std::string own_dir_; // PID_DIR/NAME on the host
    bool mounted_ = false;
};

} // namespace vigil::process
