#pragma once
// One attempt of a connection checker on its own non-blocking socket (keepalived 2.2.7 runs
// the same steps as threads on its scheduler: check_http.c, check_ssl.c, check_smtp.c,
// check_dns.c).
//
// Contract for the caller (the checker child's event loop):
//  - An attempt is created with its socket connecting (Attempts::start). When it is over()
//    already (the socket could not be set up, the connect failed at once), result() is final
//    and fd() is -1.
//  - While not over(): watch fd() for reading, and for writing too while interest().write;
//    pass the epoll event mask to on_ready(). Call on_deadline() once deadline() has passed.
//    Both may end the attempt; interest() and deadline() may change after each call.
//  - Once over(), the socket is closed and fd() is -1: the caller remembers the fd it
//    watches and stops watching it when over() turns true.
//  - take_log() returns keepalived's lines logged while running the attempt (socket set-up
//    failures, "Rescheduling" notes); the engine logs the verdict itself.
//  - Nothing throws but std::bad_alloc.

#include "check/actions.hpp"
#include "check/clock.hpp"
#include "util/unique_fd.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vigil::attempt {

struct Interest {
    bool read = false;
    bool write = false;
};

class Attempt {
public:
    Attempt() = default;
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;
    virtual ~Attempt() = default;

    [[nodiscard]] int fd() const noexcept { return fd_.get(); }
    [[nodiscard]] bool over() const noexcept { return over_; }
    [[nodiscard]] const check::CheckResult& result() const noexcept { return result_; }
    std::vector<std::string> take_log() { return std::exchange(log_, {}); }

    [[nodiscard]] virtual Interest interest() const noexcept = 0;
    [[nodiscard]] virtual check::TimePoint deadline() const noexcept = 0;
    virtual void on_ready(std::uint32_t events, check::TimePoint now) = 0;
    virtual void on_deadline(check::TimePoint now) = 0;

protected:
    // Ends the attempt with `result` and closes the socket.
    void finish(check::CheckResult result) {
        result_ = std::move(result);
        over_ = true;
        fd_.reset();
    }

    UniqueFd fd_;
    std::vector<std::string> log_;

private:
    check::CheckResult result_;
    bool over_ = false;
};

} // namespace vigil::attempt
