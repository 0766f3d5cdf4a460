#include "process/config_copy.hpp"

#include "util/log.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil::process {

ConfigCopy::ConfigCopy() noexcept : fd_(::memfd_create("keepalived.conf", MFD_CLOEXEC)) {
    if (!fd_) {
        fd_ = UniqueFd(::open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    }
    if (!fd_) {
        log::error("Unable to create the configuration copy - {}", std::strerror(errno));
    }
}

void ConfigCopy::store(std::string_view text) noexcept {
    if (!fd_ || ::ftruncate(fd_.get(), 0) != 0) {
        return;
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::pwrite(fd_.get(), text.data() + done, text.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            log::error("Unable to write the configuration copy - {}", std::strerror(errno));
            return;
        }
        done += static_cast<std::size_t>(n);
    }
}

std::string ConfigCopy::load() const {
    struct stat st {};
    if (!fd_ || ::fstat(fd_.get(), &st) != 0) {
        return {};
    }
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::pread(fd_.get(), text.data() + done, text.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    text.resize(done);
    return text;
}

} // namespace vigil::process
