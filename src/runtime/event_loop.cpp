#include "runtime/event_loop.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <utility>

namespace vigil::runtime {
namespace {

std::error_code last_error() noexcept {
    return {errno, std::system_category()};
}

UniqueFd checked(int fd, const char* what) {
    if (fd < 0) {
        throw std::system_error(last_error(), what);
    }
    return UniqueFd(fd);
}

timespec to_timespec(TimePoint t) noexcept {
    const auto since_epoch = t.time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - secs);
    return timespec{static_cast<time_t>(secs.count()), static_cast<long>(nanos.count())};
}

// Epoll user data: the reader's generation in the high half, its fd in the low half.
std::uint64_t pack(int fd, std::uint32_t generation) noexcept {
    return (std::uint64_t{generation} << 32) | static_cast<std::uint32_t>(fd);
}

} // namespace

namespace {
std::uint32_t events_of(EventLoop::Interest interest) noexcept {
    switch (interest) {
    case EventLoop::Interest::read: return EPOLLIN;
    case EventLoop::Interest::read_write: return EPOLLIN | EPOLLOUT;
    case EventLoop::Interest::write: return EPOLLOUT;
    }
    return EPOLLIN;
}
} // namespace

EventLoop::EventLoop()
    : epoll_(checked(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
      timerfd_(
          checked(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK), "timerfd_create")),
      signal_callbacks_(_NSIG) {
    sigemptyset(&signals_);
    signalfd_ = checked(::signalfd(-1, &signals_, SFD_CLOEXEC | SFD_NONBLOCK), "signalfd");
    for (int fd : {timerfd_.get(), signalfd_.get()}) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = pack(fd, 0);
        if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
            throw std::system_error(last_error(), "epoll_ctl");
        }
    }
}

EventLoop::~EventLoop() {
    unblock_signals_in_child();
}

std::error_code EventLoop::add_reader(int fd, FdCallback callback, ReaderPace pace, Interest interest) noexcept {
    if (fd < 0 || !callback) {
        return std::make_error_code(std::errc::invalid_argument);
    }
    try {
        if (static_cast<std::size_t>(fd) >= readers_.size()) {
            readers_.resize(static_cast<std::size_t>(fd) + 1);
        }
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
    Reader& reader = readers_[static_cast<std::size_t>(fd)];
    if (reader.active) {
        return std::make_error_code(std::errc::file_exists);
    }
    epoll_event ev{};
    ev.events = events_of(interest);
    ev.data.u64 = pack(fd, reader.generation + 1);
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
        return last_error();
    }
    ++reader.generation;
    reader.active = true;
    reader.pace = pace;
    reader.interest = interest;
    reader.last_dispatch = TimePoint{};
    reader.callback = std::move(callback);
    return {};
}

void EventLoop::remove_reader(int fd) noexcept {
    if (fd < 0 || static_cast<std::size_t>(fd) >= readers_.size()) {
        return;
    }
    Reader& reader = readers_[static_cast<std::size_t>(fd)];
    if (!reader.active) {
        return;
    }
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
    reader.active = false;
    ++reader.generation; // events already fetched for this fd are now stale
    reader.callback = nullptr;
}

std::error_code EventLoop::set_interest(int fd, Interest interest) noexcept {
    if (fd < 0 || static_cast<std::size_t>(fd) >= readers_.size() ||
        !readers_[static_cast<std::size_t>(fd)].active) {
        return std::make_error_code(std::errc::no_such_file_or_directory);
    }
    Reader& reader = readers_[static_cast<std::size_t>(fd)];
    if (reader.interest == interest) {
        return {};
    }
    epoll_event ev{};
    ev.events = events_of(interest);
    ev.data.u64 = pack(fd, reader.generation);
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev) != 0) {
        return last_error();
    }
    reader.interest = interest;
    return {};
}

TimerId EventLoop::create_timer(TimerCallback callback) {
    std::uint32_t slot;
    if (!free_timers_.empty()) {
        slot = free_timers_.back();
        free_timers_.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(timers_.size());
        timers_.emplace_back();
    }
    heap_.reserve(timers_.size()); // arm() must never allocate
    free_timers_.reserve(timers_.size());
    Timer& t = timers_[slot];
    t.callback = std::move(callback);
    t.heap_index = no_index;
    t.in_use = true;
    ++t.generation;
    return TimerId{slot + 1, t.generation};
}

void EventLoop::destroy_timer(TimerId id) noexcept {
    Timer* t = timer(id);
    if (t == nullptr) {
        return;
    }
    disarm(id);
    t->in_use = false;
    t->callback = nullptr;
    free_timers_.push_back(id.slot - 1); // capacity reserved in create_timer()
}

EventLoop::Timer* EventLoop::timer(TimerId id) noexcept {
    if (id.slot == 0 || id.slot > timers_.size()) {
        return nullptr;
    }
    Timer& t = timers_[id.slot - 1];
    return t.in_use && t.generation == id.generation ? &t : nullptr;
}

const EventLoop::Timer* EventLoop::timer(TimerId id) const noexcept {
    return const_cast<EventLoop*>(this)->timer(id);
}

void EventLoop::arm(TimerId id, TimePoint deadline) noexcept {
    Timer* t = timer(id);
    if (t == nullptr) {
        return;
    }
    t->deadline = deadline;
    if (t->heap_index == no_index) {
        t->heap_index = static_cast<std::uint32_t>(heap_.size());
        heap_.push_back(id.slot - 1);
        heap_up(t->heap_index);
    } else {
        const std::uint32_t i = t->heap_index;
        heap_up(i);
        heap_down(timers_[id.slot - 1].heap_index);
    }
}

void EventLoop::disarm(TimerId id) noexcept {
    Timer* t = timer(id);
    if (t != nullptr && t->heap_index != no_index) {
        heap_remove(id.slot - 1);
    }
}

bool EventLoop::armed(TimerId id) const noexcept {
    const Timer* t = timer(id);
    return t != nullptr && t->heap_index != no_index;
}

bool EventLoop::heap_less(std::uint32_t a, std::uint32_t b) const noexcept {
    return timers_[heap_[a]].deadline < timers_[heap_[b]].deadline;
}

void EventLoop::heap_swap(std::uint32_t i, std::uint32_t j) noexcept {
    std::swap(heap_[i], heap_[j]);
    timers_[heap_[i]].heap_index = i;
    timers_[heap_[j]].heap_index = j;
}

void EventLoop::heap_up(std::uint32_t i) noexcept {
    while (i > 0) {
        const std::uint32_t parent = (i - 1) / 2;
        if (!heap_less(i, parent)) {
            break;
        }
        heap_swap(i, parent);
        i = parent;
    }
}

void EventLoop::heap_down(std::uint32_t i) noexcept {
    const auto n = static_cast<std::uint32_t>(heap_.size());
    for (;;) {
        std::uint32_t smallest = i;
        const std::uint32_t left = 2 * i + 1;
        const std::uint32_t right = left + 1;
        if (left < n && heap_less(left, smallest)) {
            smallest = left;
        }
        if (right < n && heap_less(right, smallest)) {
            smallest = right;
        }
        if (smallest == i) {
            return;
        }
        heap_swap(i, smallest);
        i = smallest;
    }
}

void EventLoop::heap_remove(std::uint32_t slot) noexcept {
    const std::uint32_t i = timers_[slot].heap_index;
    const auto last = static_cast<std::uint32_t>(heap_.size() - 1);
    if (i != last) {
        heap_swap(i, last);
    }
    heap_.pop_back();
    timers_[slot].heap_index = no_index;
    if (i < heap_.size()) {
        heap_up(i);
        heap_down(timers_[heap_[i]].heap_index);
    }
}

TimePoint EventLoop::earliest_deadline() const noexcept {
    return heap_.empty() ? TimePoint::max() : timers_[heap_[0]].deadline;
}

void EventLoop::pause_for_readers() noexcept {
    // Re-checked against the timers as they are now: callbacks may have armed earlier ones.
    const TimePoint until = std::min(pause_until_, earliest_deadline() - reader_pause);
    pause_until_ = TimePoint{};
    if (until <= Clock::now()) {
        return;
    }
    const timespec end = to_timespec(until);
    while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &end, nullptr) == EINTR) {
    }
}

void EventLoop::rearm_timerfd() noexcept {
    const TimePoint next = earliest_deadline();
    if (next == timerfd_deadline_) {
        return; // the common case: nothing moved, no clock read
    }
    const TimePoint now = Clock::now();
    if (!timerfd_rearm_needed(timerfd_deadline_, next, now, timerfd_set_at_)) {
        return;
    }
    itimerspec spec{}; // all zero: disarm
    if (next != TimePoint::max()) {
        spec.it_value = to_timespec(next);
        if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) {
            spec.it_value.tv_nsec = 1; // all zero would disarm
        }
    }
    if (::timerfd_settime(timerfd_.get(), TFD_TIMER_ABSTIME, &spec, nullptr) == 0) {
        timerfd_deadline_ = next;
        timerfd_set_at_ = now;
    }
}

void EventLoop::dispatch_timers() noexcept {
    std::uint64_t expirations = 0;
    [[maybe_unused]] auto n = ::read(timerfd_.get(), &expirations, sizeof expirations);
    timerfd_deadline_ = TimePoint::max(); // the timerfd is spent; rearm before waiting
    const TimePoint now = Clock::now();
    // Bounded so that a callback re-arming itself in the past cannot starve the loop.
    std::size_t budget = heap_.size();
    while (budget-- > 0 && !heap_.empty() && timers_[heap_[0]].deadline <= now) {
        const std::uint32_t slot = heap_[0];
        heap_remove(slot);
        // Moved out so that the callback may destroy or recreate its own timer.
        TimerCallback callback = std::move(timers_[slot].callback);
        timers_[slot].callback = nullptr;
        callback();
        if (timers_[slot].in_use && !timers_[slot].callback) {
            timers_[slot].callback = std::move(callback);
        }
    }
}

std::error_code EventLoop::handle_signal(int signo, SignalCallback callback) noexcept {
    if (signo <= 0 || signo >= _NSIG || !callback) {
        return std::make_error_code(std::errc::invalid_argument);
    }
    sigset_t mask = signals_;
    sigaddset(&mask, signo);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, signo);
    if (::sigprocmask(SIG_BLOCK, &one, nullptr) != 0) {
        return last_error();
    }
    if (::signalfd(signalfd_.get(), &mask, 0) < 0) {
        return last_error();
    }
    signals_ = mask;
    signal_callbacks_[static_cast<std::size_t>(signo)] = std::move(callback);
    return {};
}

void EventLoop::unblock_signals_in_child() const noexcept {
    ::sigprocmask(SIG_UNBLOCK, &signals_, nullptr);
}

void EventLoop::dispatch_signals() noexcept {
    signalfd_siginfo info{};
    while (::read(signalfd_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        const auto signo = static_cast<std::size_t>(info.ssi_signo);
        if (signo < signal_callbacks_.size() && signal_callbacks_[signo]) {
            signal_callbacks_[signo](info);
        }
    }
}

bool EventLoop::has_ready_events() noexcept {
    rearm_timerfd();
    pollfd p{epoll_.get(), POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

int EventLoop::prepare_external_wait() noexcept {
    rearm_timerfd();
    return epoll_.get();
}

std::error_code EventLoop::run_once(std::chrono::milliseconds timeout) noexcept {
    if (pause_until_ != TimePoint{}) {
        pause_for_readers();
    }
    rearm_timerfd();
    std::array<epoll_event, 64> events{};
    const int n = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()),
                               timeout.count() < 0 ? -1 : static_cast<int>(timeout.count()));
    woke_at_ = Clock::now();
    if (n < 0) {
        return errno == EINTR ? std::error_code{} : last_error();
    }
    for (int i = 0; i < n; ++i) {
        const int fd = static_cast<int>(events[i].data.u64 & 0xffffffffU);
        const auto generation = static_cast<std::uint32_t>(events[i].data.u64 >> 32);
        if (fd == timerfd_.get()) {
            dispatch_timers();
            continue;
        }
        if (fd == signalfd_.get()) {
            dispatch_signals();
            continue;
        }
        const auto index = static_cast<std::size_t>(fd);
        if (index >= readers_.size() || !readers_[index].active ||
            readers_[index].generation != generation) {
            continue; // removed (or replaced) earlier in this round
        }
        if (readers_[index].pace == ReaderPace::burst) {
            const TimePoint now = Clock::now();
            const TimePoint until =
                reader_pause_until(now, readers_[index].last_dispatch, earliest_deadline());
            readers_[index].last_dispatch = now;
            pause_until_ = std::max(pause_until_, until > now ? until : TimePoint{});
        }
        // Moved out so that the callback may remove its own reader.
        FdCallback callback = std::move(readers_[index].callback);
        readers_[index].callback = nullptr;
        callback(events[i].events);
        if (readers_[index].active && readers_[index].generation == generation &&
            !readers_[index].callback) {
            readers_[index].callback = std::move(callback);
        }
    }
    return {};
}

std::error_code EventLoop::run() noexcept {
    stopping_ = false;
    while (!stopping_) {
        if (auto error = run_once(std::chrono::milliseconds(-1))) {
            return error;
        }
    }
    return {};
}

} // namespace vigil::runtime
