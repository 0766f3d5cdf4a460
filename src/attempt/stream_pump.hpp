#pragma once
// Feeds a TCP dialogue state machine (http::Exchange, probe::SmtpDialogue) from its
// non-blocking socket after an epoll wake-up: the connect outcome, then sends and reads in
// the order the machine asks for them, until the socket would block or the dialogue ends.
// Sends use MSG_NOSIGNAL (a peer that closed must not kill the child with SIGPIPE).

#include "attempt/attempt.hpp"
#include "probe/socket_open.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace vigil::attempt {

// Machine: connecting(), on_connect(), output(), on_sent(), on_send_failed(),
// input_area(), on_received(), on_receive_failed(); `wants` gives its Interest, `running`
// whether it still runs.
template <class Machine, class Wants, class Running>
void pump_stream(Machine& machine, int fd, std::uint32_t events, check::TimePoint now, Wants wants, Running running) {
    const bool writable = (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0;
    const bool readable = (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0;
    // Bounded: a peer that streams faster than we read still lets the loop turn.
    for (int round = 0; round < 64 && running(machine); ++round) {
        const Interest interest = wants(machine);
        if (interest.write && writable) {
            if (machine.connecting()) {
                machine.on_connect(probe::connect_result(fd), now);
                continue;
            }
            const auto out = machine.output();
            if (out.empty()) {
                return;
            }
            const ssize_t sent = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            if (sent >= 0) {
                machine.on_sent(static_cast<std::size_t>(sent), now);
            } else if (errno == EAGAIN || errno == EINTR) {
                return;
            } else {
                machine.on_send_failed(now);
            }
        } else if (interest.read && readable) {
            const auto area = machine.input_area();
            const ssize_t got = ::read(fd, area.data(), area.size());
            if (got >= 0) {
                machine.on_received(static_cast<std::size_t>(got), now);
            } else if (errno == EAGAIN || errno == EINTR) {
                return;
            } else {
                machine.on_receive_failed(now);
            }
        } else {
            return;
        }
    }
}

} // namespace vigil::attempt
