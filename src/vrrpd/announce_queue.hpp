#pragma once
// Paces gratuitous ARPs / unsolicited NAs per interface (vrrp_garp_interval,
// vrrp_gna_interval, garp_group): with an interval of 0 frames wait for the loop to be idle
// (send_idle()); otherwise the first frame of an idle interface goes at once and the next
// ones one interval apart, in the order they were queued (keepalived's A, B, A, B ... rounds).
//
// Why unpaced frames wait for idleness: with vrrp_garp_master_repeat 5, 200 instances taking
// over together queue 2000 frames (about 15 ms of sends). Sent at once, they would delay the
// adverts and address changes of the instances whose timers expire a moment later; sent
// when nothing else is ready, they follow within milliseconds and never delay a takeover.

#include "arp/announcer.hpp"
#include "runtime/event_loop.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <string>

namespace vigil::vrrpd {

class AnnounceQueue {
public:
    AnnounceQueue(runtime::EventLoop& loop, arp::Announcer& announcer);
    AnnounceQueue(const AnnounceQueue&) = delete;
    AnnounceQueue& operator=(const AnnounceQueue&) = delete;
    ~AnnounceQueue();

    // `interval` for this frame's family on this interface.
    void send(int ifindex, const std::string& ifname, const arp::MacAddress& mac,
              const net::IpAddress& address, std::chrono::microseconds interval);
    // Frames queued with interval 0 and not yet sent.
    [[nodiscard]] bool has_idle_work() const noexcept { return !idle_.empty(); }
    // When the oldest unsent interval-0 frame was queued (has_idle_work() only).
    [[nodiscard]] runtime::TimePoint oldest_idle() const noexcept { return idle_.front().queued; }
    // Sends up to `max_frames` of them, oldest first. The caller's loop calls it when no
    // event is ready, in small chunks so that an event arriving meanwhile waits little.
    void send_idle(std::size_t max_frames) noexcept;
    // Drops queued frames (shutdown).
    void clear() noexcept;

private:
    struct Frame {
        std::string ifname;
        arp::MacAddress mac{};
        net::IpAddress address;
        std::chrono::microseconds interval{0};
    };
    struct Link {
        std::deque<Frame> frames;
        runtime::TimerId timer;
    };
    void send_now(int ifindex, const Frame& frame) noexcept;
    void drain(int ifindex) noexcept;

    runtime::EventLoop& loop_;
    arp::Announcer& announcer_;
    std::map<int, Link> links_;
    struct IdleFrame {
        int ifindex;
        Frame frame;
        runtime::TimePoint queued;
    };
    std::deque<IdleFrame> idle_; // frames with interval 0, oldest first
};

} // namespace vigil::vrrpd
