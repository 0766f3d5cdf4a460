#pragma once
// The client side of the control socket, for the `vigil` command: one connection, blocking
// with deadlines (poll), line at a time.

#include "util/unique_fd.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::control {

class Client {
public:
    // Connects to the socket at `path`; on failure returns nullopt and sets `error` to a
    // sentence naming the path and the cause (and what to check for EACCES/ENOENT).
    static std::optional<Client> connect(const std::string& path, std::string& error);

    // Sends all of `text` within `timeout`.
    bool send(std::string_view text, std::chrono::milliseconds timeout, std::string& error);
    // One line (without its newline), waiting at most `timeout` (negative: forever); nullopt
    // at the end of the stream or on timeout (`error` says which).
    std::optional<std::string> read_line(std::chrono::milliseconds timeout, std::string& error);

private:
    explicit Client(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
    std::string buffer_;
};

} // namespace vigil::control
