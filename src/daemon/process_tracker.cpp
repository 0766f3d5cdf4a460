#include "daemon/process_tracker.hpp"

#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <memory>

namespace vigil::daemon {
namespace {

std::string read_proc(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return {};
    }
    std::string out;
    std::array<char, 4096> buf{};
    ssize_t n = 0;
    while ((n = ::read(fd.get(), buf.data(), buf.size())) > 0 && out.size() < 65536) {
        out.append(buf.data(), static_cast<std::size_t>(n));
    }
    return out;
}

std::vector<std::string> split_nul(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\0', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

struct DirClose {
    void operator()(DIR* d) const noexcept { ::closedir(d); }
};

} // namespace

bool process_matches(const config::TrackProcess& spec, std::string_view comm,
                     const std::vector<std::string>& argv) {
    const std::string& name = spec.process_.value_or("");
    if (spec.full_command_) {
        if (argv.empty() || argv[0] != name) {
            return false;
        }
    } else if (comm != std::string_view(name).substr(0, 15)) {
        return false;
    }
    if (spec.params_.empty()) {
        return true;
    }
    const std::vector<std::string> args(argv.empty() ? argv.begin() : argv.begin() + 1, argv.end());
    switch (spec.param_match_) {
    case config::ParamMatch::exact:
        return args == spec.params_;
    case config::ParamMatch::initial:
        return args.size() >= spec.params_.size() && std::equal(spec.params_.begin(), spec.params_.end(), args.begin());
    case config::ParamMatch::partial:
        return std::search(args.begin(), args.end(), spec.params_.begin(), spec.params_.end()) != args.end();
    }
    return false;
}

ProcessTracker::ProcessTracker(EventLoop& loop, Callback callback)
    : loop_(loop), callback_(std::move(callback)) {
    timer_ = loop_.create_timer([this] { scan(); });
}

ProcessTracker::~ProcessTracker() { loop_.destroy_timer(timer_); }

void ProcessTracker::start(std::vector<config::TrackProcess> processes) {
    entries_.clear();
    for (config::TrackProcess& p : processes) {
        entries_.push_back(Entry{std::move(p)});
    }
    if (entries_.empty()) {
        loop_.disarm(timer_);
        return;
    }
    scan();
}

void ProcessTracker::scan() {
    const TimePoint now = Clock::now();
    loop_.arm(timer_, now + std::chrono::seconds(1));
    std::vector<unsigned> counts(entries_.size(), 0);
    const bool need_cmdline = std::any_of(entries_.begin(), entries_.end(), [](const Entry& e) {
        return e.spec.full_command_ || !e.spec.params_.empty();
    });
    std::unique_ptr<DIR, DirClose> dir(::opendir("/proc"));
    if (dir) {
        while (const dirent* d = ::readdir(dir.get())) {
            if (d->d_name[0] < '0' || d->d_name[0] > '9') {
                continue;
            }
            const std::string base = std::string("/proc/") + d->d_name;
            std::string comm = read_proc(base + "/comm");
            if (!comm.empty() && comm.back() == '\n') {
                comm.pop_back();
            }
            std::vector<std::string> argv;
            if (need_cmdline) {
                argv = split_nul(read_proc(base + "/cmdline"));
            }
            for (std::size_t i = 0; i < entries_.size(); ++i) {
                if (process_matches(entries_[i].spec, comm, argv)) {
                    ++counts[i];
                }
            }
        }
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry& e = entries_[i];
        const unsigned max = e.spec.quorum_max_.value_or(UINT32_MAX);
        const bool quorum = counts[i] >= e.spec.quorum_ && counts[i] <= max;
        if (e.reported && quorum == e.quorum) {
            e.pending = false;
            continue;
        }
        if (e.reported) {
            const auto delay = quorum ? e.spec.fork_delay_.value_or(e.spec.delay_.value_or(config::microseconds{0}))
                                      : e.spec.terminate_delay_.value_or(e.spec.delay_.value_or(config::microseconds{0}));
            if (delay.count() > 0) {
                if (!e.pending) {
                    e.pending = true;
                    e.pending_since = now;
                }
                if (now - e.pending_since < delay) {
                    continue;
                }
            }
        }
        e.pending = false;
        if (e.reported) {
            log::info("Quorum {} for tracked process {}", quorum ? "gained" : "lost", e.spec.name_);
        }
        e.reported = true;
        e.quorum = quorum;
        if (callback_) {
            callback_(i, quorum);
        }
    }
}

} // namespace vigil::daemon
