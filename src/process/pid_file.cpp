#include "process/pid_file.hpp"

#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <system_error>
#include <utility>

namespace vigil::process {

PidPaths pid_paths(const PidPathInputs& in) {
    PidPaths paths;
    const bool in_dir = in.use_pid_dir || !in.instance.empty();
    const std::string dir = in_dir ? in.run_dir + "/keepalived" : in.run_dir;
    const std::string suffix = in.instance.empty() ? std::string() : "_" + in.instance;
    paths.parent = in.parent_override.value_or(dir + "/keepalived" + suffix + ".pid");
    paths.vrrp = in.vrrp_override.value_or(dir + "/vrrp" + suffix + ".pid");
    paths.checkers = in.checkers_override.value_or(dir + "/checkers" + suffix + ".pid");
    paths.bfd = in.bfd_override.value_or(dir + "/bfd" + suffix + ".pid");
    if (in_dir) {
        paths.directory = dir;
    }
    return paths;
}

namespace {

std::optional<pid_t> read_pid(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return std::nullopt;
    }
    std::array<char, 32> buf{};
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size() - 1);
    if (n <= 0) {
        return pid_t{0};
    }
    pid_t pid = 0;
    const char* end = buf.data() + n;
    auto [ptr, ec] = std::from_chars(buf.data(), end, pid);
    if (ec != std::errc() || pid <= 0) {
        return pid_t{0};
    }
    return pid;
}

} // namespace

PidFileState check_pid_file(const std::string& path) {
    const std::optional<pid_t> pid = read_pid(path);
    if (!pid) {
        return PidFileState::absent;
    }
    if (*pid > 0 && *pid != ::getpid() && (::kill(*pid, 0) == 0 || errno == EPERM)) {
        return PidFileState::running;
    }
    log::info("Remove a zombie pid file {}", path);
    ::unlink(path.c_str());
    return PidFileState::stale_removed;
}

PidFile PidFile::create(std::string path) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd) {
        throw std::system_error(errno, std::generic_category(), "pid file " + path);
    }
    PidFile file;
    file.owner_ = ::getpid();
    const std::string text = std::to_string(file.owner_) + "\n";
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
        const int err = errno;
        ::unlink(path.c_str());
        throw std::system_error(err, std::generic_category(), "pid file " + path);
    }
    file.path_ = std::move(path);
    return file;
}

PidFile::PidFile(PidFile&& other) noexcept
    : path_(std::move(other.path_)), owner_(std::exchange(other.owner_, 0)) {
    other.path_.clear();
}

PidFile& PidFile::operator=(PidFile&& other) noexcept {
    if (this != &other) {
        remove();
        path_ = std::move(other.path_);
        other.path_.clear();
        owner_ = std::exchange(other.owner_, 0);
    }
    return *this;
}

PidFile::~PidFile() { remove(); }

void PidFile::remove() noexcept {
    if (!path_.empty() && owner_ == ::getpid()) {
        ::unlink(path_.c_str());
    }
    path_.clear();
    owner_ = 0;
}

void PidFile::abandon() noexcept {
    path_.clear();
    owner_ = 0;
}

} // namespace vigil::process
