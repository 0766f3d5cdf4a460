#pragma once
// A non-blocking connection to a Unix stream socket, made at once or not at all (the relay
// and the fetch of one process's reply by another: never waiting on a socket's backlog).

#include "util/unique_fd.hpp"

#include <string>

namespace vigil::control {

// The connected socket (non-blocking, close-on-exec), or an invalid fd with `error` set:
// EAGAIN when the listener's backlog is full, ENOENT/ECONNREFUSED when nothing serves `path`.
UniqueFd connect_now(const std::string& path, std::string& error);

} // namespace vigil::control
