#include "snmp/loop_agent.hpp"

#include "util/log.hpp"

#include <string>

namespace vigil::snmp {

Registration keepalived_registration(const Oid& subtree, const char* name) {
    return {subtree, std::string("The MIB module for ") + name};
}

LoopAgent::LoopAgent(runtime::EventLoop& loop, AgentxAddress master, std::vector<Registration> registrations,
                     Build build)
    : loop_(loop), build_(std::move(build)),
      session_("Keepalived", std::move(registrations), [this]() -> const MibTree& { return view(); }),
      client_(std::move(master), session_, [this](int old_fd, int new_fd) { on_fd_change(old_fd, new_fd); }),
      timer_(loop_.create_timer([this] { on_timer(); })) {}

LoopAgent::~LoopAgent() {
    client_.stop();
    loop_.destroy_timer(timer_);
}

const MibTree& LoopAgent::view() {
    const runtime::TimePoint now = runtime::Clock::now();
    if (taken_ != runtime::TimePoint{} && now - taken_ < tree_lifetime) {
        return tree_;
    }
    taken_ = now;
    tree_ = MibTree{};
    build_(tree_);
    return tree_;
}

void LoopAgent::start() {
    log::info("Starting SNMP subagent");
    client_.start(AgentxClient::Clock::now());
    rearm();
}

void LoopAgent::notify(std::vector<VarBind> varbinds) noexcept {
    try {
        const auto now = AgentxClient::Clock::now();
        session_.notify(std::move(varbinds), now);
        client_.flush(now);
    } catch (...) {
    }
    rearm();
}

void LoopAgent::stop() noexcept {
    client_.stop();
    loop_.disarm(timer_);
}

void LoopAgent::on_fd_change(int old_fd, int new_fd) noexcept {
    if (old_fd >= 0 && old_fd == watched_fd_) {
        loop_.remove_reader(old_fd);
        watched_fd_ = -1;
    }
    if (new_fd >= 0) {
        if (!loop_.add_reader(new_fd, [this](std::uint32_t events) { on_io(events); })) {
            watched_fd_ = new_fd;
        }
    }
}

void LoopAgent::on_io(std::uint32_t events) noexcept {
    try {
        client_.on_io(events, AgentxClient::Clock::now());
    } catch (...) {
    }
    rearm();
}

void LoopAgent::on_timer() noexcept {
    try {
        client_.on_timer(AgentxClient::Clock::now());
    } catch (...) {
    }
    rearm();
}

void LoopAgent::rearm() noexcept {
    if (watched_fd_ >= 0) {
        [[maybe_unused]] auto ec = loop_.set_interest(watched_fd_, client_.wants_write()
                                                                       ? runtime::EventLoop::Interest::read_write
                                                                       : runtime::EventLoop::Interest::read);
    }
    const auto deadline = client_.deadline();
    if (deadline == AgentxClient::TimePoint::max()) {
        loop_.disarm(timer_);
    } else {
        loop_.arm(timer_, deadline);
    }
}

} // namespace vigil::snmp
