#include "vrrpd/snmp_agent.hpp"

#include "snmp/mibs.hpp"
#include "util/log.hpp"


namespace vigil::vrrpd {
namespace {

// The subtrees and sysORTable descriptions keepalived 2.2.7 registers (reference 1.1).
std::vector<snmp::Registration> registrations(const SnmpModules& m) {
    std::vector<snmp::Registration> out;
    if (m.keepalived) {
        out.push_back({snmp::keepalived_global_oid, "The MIB module for Keepalived"});
        out.push_back({snmp::keepalived_vrrp_oid, "The MIB module for KEEPALIVED-VRRP"});
    }
    if (m.rfc2787) {
        out.push_back({snmp::rfc2787_oid, "The MIB module for VRRP"});
    }
    if (m.rfc6527) {
        out.push_back({snmp::rfc6527_oid, "The MIB module for VRRPV3"});
    }
    return out;
}

} // namespace

SnmpAgent::SnmpAgent(runtime::EventLoop& loop, snmp::AgentxAddress master, SnmpModules modules,
                     SnapshotSource source)
    : loop_(loop), modules_(modules), source_(std::move(source)),
      session_("Keepalived", registrations(modules_), [this]() -> const snmp::MibTree& { return view(); }),
      client_(std::move(master), session_, [this](int old_fd, int new_fd) { on_fd_change(old_fd, new_fd); }),
      timer_(loop_.create_timer([this] { on_timer(); })) {}

SnmpAgent::~SnmpAgent() {
    client_.stop();
    loop_.destroy_timer(timer_);
}

const snmp::MibTree& SnmpAgent::view() {
    const runtime::TimePoint now = runtime::Clock::now();
    if (taken_ != runtime::TimePoint{} && now - taken_ < snapshot_lifetime) {
        return tree_;
    }
    taken_ = now;
    // The tree's cells point into snapshot_: both are rebuilt together.
    tree_ = snmp::MibTree{};
    snapshot_ = source_();
    if (modules_.keepalived) {
        snmp::add_keepalived_global(tree_, snapshot_);
        snmp::add_keepalived_vrrp(tree_, snapshot_);
    }
    if (modules_.rfc2787) {
        snmp::add_rfc2787(tree_, snapshot_);
    }
    if (modules_.rfc6527) {
        snmp::add_rfc6527(tree_, snapshot_);
    }
    return tree_;
}

void SnmpAgent::start() {
    log::info("Starting SNMP subagent");
    client_.start(snmp::AgentxClient::Clock::now());
    rearm();
}

void SnmpAgent::notify(std::vector<snmp::VarBind> varbinds) noexcept {
    try {
        const auto now = snmp::AgentxClient::Clock::now();
        session_.notify(std::move(varbinds), now);
        client_.flush(now);
    } catch (...) {
    }
    rearm();
}

void SnmpAgent::stop() noexcept {
    client_.stop();
    loop_.disarm(timer_);
}

void SnmpAgent::on_fd_change(int old_fd, int new_fd) noexcept {
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

void SnmpAgent::on_io(std::uint32_t events) noexcept {
    try {
        client_.on_io(events, snmp::AgentxClient::Clock::now());
    } catch (...) {
    }
    rearm();
}

void SnmpAgent::on_timer() noexcept {
    try {
        client_.on_timer(snmp::AgentxClient::Clock::now());
    } catch (...) {
    }
    rearm();
}

void SnmpAgent::rearm() noexcept {
    if (watched_fd_ >= 0) {
        [[maybe_unused]] auto ec = loop_.set_interest(watched_fd_, client_.wants_write()
                                                                       ? runtime::EventLoop::Interest::read_write
                                                                       : runtime::EventLoop::Interest::read);
    }
    const auto deadline = client_.deadline();
    if (deadline == snmp::AgentxClient::TimePoint::max()) {
        loop_.disarm(timer_);
    } else {
        loop_.arm(timer_, deadline);
    }
}

} // namespace vigil::vrrpd
