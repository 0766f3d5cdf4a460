#pragma once
// Paces gratuitous ARPs / unsolicited NAs per interface (vrrp_garp_interval,
// vrrp_gna_interval, garp_group): with an interval of 0 frames go out at once; otherwise the
// first frame of an idle interface goes at once and the next ones one interval apart, in the
// order they were queued (keepalived's A, B, A, B ... rounds).

#include "arp/announcer.hpp"
#include "daemon/event_loop.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <string>

namespace vigil::daemon {

class AnnounceQueue {
public:
    AnnounceQueue(EventLoop& loop, arp::Announcer& announcer);
    AnnounceQueue(const AnnounceQueue&) = delete;
    AnnounceQueue& operator=(const AnnounceQueue&) = delete;
    ~AnnounceQueue();

    // `interval` for this frame's family on this interface.
    void send(int ifindex, const std::string& ifname, const arp::MacAddress& mac,
              const vrrp::IpAddress& address, std::chrono::microseconds interval);
    // Drops queued frames (shutdown).
    void clear() noexcept;

private:
    struct Frame {
        std::string ifname;
        arp::MacAddress mac{};
        vrrp::IpAddress address;
        std::chrono::microseconds interval{0};
    };
    struct Link {
        std::deque<Frame> frames;
        TimerId timer;
    };
    void send_now(int ifindex, const Frame& frame) noexcept;
    void drain(int ifindex) noexcept;

    EventLoop& loop_;
    arp::Announcer& announcer_;
    std::map<int, Link> links_;
};

} // namespace vigil::daemon
