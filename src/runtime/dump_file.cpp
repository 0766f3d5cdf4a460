#include "runtime/dump_file.hpp"

#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace vigil::runtime {

std::string dump_path(std::string_view name) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = tmp != nullptr && tmp[0] == '/' ? tmp : "/tmp";
    return dir + "/" + std::string(name);
}

void write_dump(std::string_view name, std::string_view content) noexcept {
    try {
        const std::string path = dump_path(name);
        UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!fd) {
            log::info("Unable to open {} - {}", path, std::strerror(errno));
            return;
        }
        std::size_t done = 0;
        while (done < content.size()) {
            const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
            if (n <= 0) {
                break;
            }
            done += static_cast<std::size_t>(n);
        }
    } catch (...) {
    }
}

} // namespace vigil::runtime
