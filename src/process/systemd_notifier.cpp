#include "process/systemd_notifier.hpp"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace vigil::process {

SystemdNotifier::SystemdNotifier() {
    const char* env = std::getenv("NOTIFY_SOCKET");
    if (env == nullptr || (env[0] != '/' && env[0] != '@') || std::strlen(env) >= sizeof(sockaddr_un::sun_path)) {
        return;
    }
    address_ = env;
    if (address_[0] == '@') {
        address_[0] = '\0';
    }
    fd_ = UniqueFd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
}

bool SystemdNotifier::send(std::string_view state) noexcept {
    if (address_.empty() || !fd_) {
        return false;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, address_.data(), address_.size());
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address_.size() +
                                            (address_[0] == '\0' ? 0 : 1));
    return ::sendto(fd_.get(), state.data(), state.size(), MSG_NOSIGNAL,
                    reinterpret_cast<const sockaddr*>(&addr), len) >= 0;
}

void SystemdNotifier::unset_environment() noexcept { ::unsetenv("NOTIFY_SOCKET"); }

} // namespace vigil::process
