#include "vrrpd/announce_queue.hpp"

namespace vigil::vrrpd {

AnnounceQueue::AnnounceQueue(runtime::EventLoop& loop, arp::Announcer& announcer) : loop_(loop), announcer_(announcer) {}

AnnounceQueue::~AnnounceQueue() {
    for (auto& [index, link] : links_) {
        loop_.destroy_timer(link.timer);
    }
}

void AnnounceQueue::send_now(int ifindex, const Frame& frame) noexcept {
    [[maybe_unused]] auto ec = announcer_.announce({ifindex, frame.ifname, frame.mac}, frame.address);
}

void AnnounceQueue::send(int ifindex, const std::string& ifname, const arp::MacAddress& mac,
                         const net::IpAddress& address, std::chrono::microseconds interval) {
    Frame frame{ifname, mac, address, interval};
    if (interval.count() == 0) {
        idle_.push_back(IdleFrame{ifindex, std::move(frame), runtime::Clock::now()});
        return;
    }
    auto it = links_.find(ifindex);
    const bool busy = it != links_.end() && loop_.armed(it->second.timer);
    if (!busy) {
        send_now(ifindex, frame);
        if (it == links_.end()) {
            it = links_.emplace(ifindex, Link{}).first;
            it->second.timer = loop_.create_timer([this, ifindex] { drain(ifindex); });
        }
        loop_.arm(it->second.timer, runtime::Clock::now() + interval);
        return;
    }
    it->second.frames.push_back(std::move(frame));
}

void AnnounceQueue::drain(int ifindex) noexcept {
    auto it = links_.find(ifindex);
    if (it == links_.end() || it->second.frames.empty()) {
        return;
    }
    const Frame frame = std::move(it->second.frames.front());
    it->second.frames.pop_front();
    send_now(ifindex, frame);
    // Only paced frames (interval > 0) are queued per interface; interval 0 goes to idle_.
    loop_.arm(it->second.timer, runtime::Clock::now() + frame.interval);
}

void AnnounceQueue::send_idle(std::size_t max_frames) noexcept {
    for (; max_frames > 0 && !idle_.empty(); --max_frames) {
        send_now(idle_.front().ifindex, idle_.front().frame);
        idle_.pop_front();
    }
}

void AnnounceQueue::clear() noexcept {
    idle_.clear();
    for (auto& [index, link] : links_) {
        link.frames.clear();
        loop_.disarm(link.timer);
    }
}

} // namespace vigil::vrrpd
