#include "track/process_tracker.hpp"

#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <string>

namespace vigil::track {
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

ProcessTracker::ProcessTracker(runtime::EventLoop& loop, Callback callback)
    : loop_(loop), callback_(std::move(callback)) {
    timer_ = loop_.create_timer([this] { on_timer(); });
}

ProcessTracker::~ProcessTracker() {
    if (events_) {
        loop_.remove_reader(events_->fd());
    }
    loop_.destroy_timer(timer_);
}

void ProcessTracker::start(std::vector<config::TrackProcess> processes) {
    entries_.clear();
    for (config::TrackProcess& p : processes) {
        entries_.push_back(Entry{std::move(p)});
    }
    if (entries_.empty()) {
        if (events_) {
            loop_.remove_reader(events_->fd());
            events_.reset();
        }
        loop_.disarm(timer_);
        return;
    }
    if (!events_) {
        // Subscribe before the scan: a process starting in between is then seen by both,
        // never by neither.
        events_ = ProcEventSocket::open();
        if (events_ && loop_.add_reader(events_->fd(), [this](std::uint32_t) { on_events(); })) {
            events_.reset();
        }
    }
    scan();
    evaluate(runtime::Clock::now());
}

void ProcessTracker::scan() {
    for (Entry& e : entries_) {
        e.pids.clear();
    }
    std::unique_ptr<DIR, DirClose> dir(::opendir("/proc"));
    if (!dir) {
        return;
    }
    while (const dirent* d = ::readdir(dir.get())) {
        if (d->d_name[0] >= '1' && d->d_name[0] <= '9') {
            update(static_cast<pid_t>(std::strtol(d->d_name, nullptr, 10)), ProcEvent::exec);
        }
    }
}

void ProcessTracker::update(pid_t pid, ProcEvent event) {
    if (event == ProcEvent::exit) {
        for (Entry& e : entries_) {
            e.pids.erase(pid);
        }
        return;
    }
    const std::string base = "/proc/" + std::to_string(pid);
    std::string comm = read_proc(base + "/comm");
    if (comm.empty()) {
        // Gone already (its exit event follows) or a kernel thread that left.
        for (Entry& e : entries_) {
            e.pids.erase(pid);
        }
        return;
    }
    if (comm.back() == '\n') {
        comm.pop_back();
    }
    const bool need_cmdline = std::any_of(entries_.begin(), entries_.end(), [](const Entry& e) {
        return e.spec.full_command_ || !e.spec.params_.empty();
    });
    std::vector<std::string> argv;
    if (need_cmdline) {
        argv = split_nul(read_proc(base + "/cmdline"));
    }
    for (Entry& e : entries_) {
        if (process_matches(e.spec, comm, argv)) {
            e.pids.insert(pid);
        } else {
            e.pids.erase(pid);
        }
    }
}

void ProcessTracker::on_events() noexcept {
    try {
        const bool complete = events_->read([this](ProcEvent event, pid_t pid) { update(pid, event); });
        if (!complete) {
            log::info("Process monitoring: netlink receive buffer overrun - rescanning /proc");
            scan();
        }
        evaluate(runtime::Clock::now());
    } catch (...) {
    }
}

void ProcessTracker::on_timer() noexcept {
    try {
        if (!events_) {
            scan();
        }
        evaluate(runtime::Clock::now());
    } catch (...) {
    }
}

void ProcessTracker::evaluate(runtime::TimePoint now) {
    runtime::TimePoint next = events_ ? runtime::TimePoint::max() : now + std::chrono::seconds(1);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry& e = entries_[i];
        const auto count = static_cast<unsigned>(e.pids.size());
        const unsigned max = e.spec.quorum_max_.value_or(UINT32_MAX);
        const bool quorum = count >= e.spec.quorum_ && count <= max;
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
                    next = std::min(next, e.pending_since + delay);
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
    if (next == runtime::TimePoint::max()) {
        loop_.disarm(timer_);
    } else {
        loop_.arm(timer_, next);
    }
}

} // namespace vigil::track
