#include "checkd/ipvs_namespace.hpp"

#include "util/log.hpp"

#include <fcntl.h>
#include <sched.h>

#include <cerrno>
#include <cstring>

namespace vigil::checkd {

IpvsNamespaceScope::IpvsNamespaceScope(const std::string& name) noexcept {
    const std::string path = name.empty() ? std::string("/proc/1/ns/net") : "/var/run/netns/" + name;
    UniqueFd target(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    previous_.reset(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!target || !previous_) {
        const int saved = errno;
        log::info("Failed to open namespace fds, errno {} ({})", saved, std::strerror(saved));
        previous_.reset();
        return;
    }
    if (::setns(target.get(), CLONE_NEWNET) < 0) {
        const int saved = errno;
        log::info("Open socket - unable to set namespace, errno {} ({})", saved, std::strerror(saved));
        previous_.reset();
        return;
    }
    entered_ = true;
}

IpvsNamespaceScope::~IpvsNamespaceScope() {
    if (entered_ && ::setns(previous_.get(), CLONE_NEWNET) < 0) {
        const int saved = errno;
        log::info("Open socket - unable to restore default namespace, errno {} ({})", saved, std::strerror(saved));
    }
}

} // namespace vigil::checkd
