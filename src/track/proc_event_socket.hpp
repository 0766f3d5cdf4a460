#pragma once
// The kernel's process events (proc connector, CN_IDX_PROC over NETLINK_CONNECTOR), as
// keepalived's vrrp_track_process uses them: exec, comm change, fork and exit of every
// process on the host, pushed as they happen instead of found by scanning /proc.
//
// Availability: the connector exists only in the initial network namespace and listening
// needs CAP_NET_ADMIN; open() returns nullopt otherwise and the caller falls back to
// polling /proc.

#include "util/unique_fd.hpp"

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <optional>

namespace vigil::track {

enum class ProcEvent : std::uint8_t {
    exec,  // the process replaced its image (comm and cmdline may now match)
    comm,  // the process renamed itself (prctl PR_SET_NAME)
    fork,  // a new process (not thread); it starts with its parent's comm and cmdline
    exit,  // the process (thread group) ended
};

class ProcEventSocket {
public:
    // Subscribes to process events; nullopt when the kernel refuses (see above).
    static std::optional<ProcEventSocket> open() noexcept;

    int fd() const noexcept { return fd_.get(); }

    // Reads every queued event and calls `on_event(ProcEvent, pid_t)` for each process-level
    // one (thread events are skipped). Returns false when the kernel dropped events (receive
    // buffer overrun): the caller must rebuild its view from /proc.
    template <typename OnEvent>
    bool read(OnEvent&& on_event) noexcept {
        bool complete = true;
        for (;;) {
            const Batch batch = receive();
            if (batch.overrun) {
                complete = false;
                continue;
            }
            for (std::size_t i = 0; i < batch.count; ++i) {
                on_event(batch.events[i].kind, batch.events[i].pid);
            }
            if (batch.empty) {
                return complete;
            }
        }
    }

private:
    struct Event {
        ProcEvent kind;
        pid_t pid;
    };
    struct Batch {
        std::array<Event, 16> events{};
        std::size_t count = 0;
        bool empty = false;   // nothing more queued (EAGAIN) or a hard error
        bool overrun = false; // ENOBUFS
    };
    explicit ProcEventSocket(UniqueFd fd) : fd_(std::move(fd)) {}
    // One datagram.
    Batch receive() noexcept;

    UniqueFd fd_;
};

} // namespace vigil::track
