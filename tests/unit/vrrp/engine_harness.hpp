#pragma once
// A deterministic world for engine scenario tests: N nodes (one Router each) on one
// in-memory LAN, a fake clock, adverts encoded with the codec on the sender and decoded and
// validated on every receiver, and a record of every advert, action and log line with its
// exact time in microseconds since the start.

#include "util/log.hpp"
#include "vrrp/codec.hpp"
#include "vrrp/router.hpp"
#include "vrrp/validation.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

namespace vigil::vrrp::test {

using namespace std::chrono_literals;
using net::Family;
using net::IpAddress;

inline IpAddress ip(std::string_view text) {
    const auto parsed = IpAddress::parse(text);
    if (!parsed) {
        throw std::invalid_argument("bad address in test");
    }
    return *parsed;
}

inline const TimePoint epoch = TimePoint{} + std::chrono::hours{1};

inline long long us(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t - epoch).count();
}

// Captured log lines (the facade's sink is a plain function pointer).
inline std::vector<std::string>& captured_log() {
    static std::vector<std::string> lines;
    return lines;
}
inline void capture_sink(log::Level, std::string_view message) {
    captured_log().emplace_back(message);
}
struct LogCapture {
    LogCapture() {
        captured_log().clear();
        log::set_sink(&capture_sink);
        log::set_detail(true);
    }
    ~LogCapture() {
        log::set_sink(nullptr);
        log::set_detail(false);
    }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    bool contains(std::string_view line) const {
        const auto& lines = captured_log();
        return std::find(lines.begin(), lines.end(), line) != lines.end();
    }
    std::size_t count(std::string_view line) const {
        const auto& lines = captured_log();
        return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
    }
};

// A simple instance config for IPv4 on eth0 with one VIP.
inline InstanceConfig instance(std::string name, std::uint8_t vrid, std::uint8_t priority,
                               std::string_view source, std::string_view vip = "192.0.2.100") {
    InstanceConfig config;
    config.name = std::move(name);
    config.vrid = vrid;
    config.priority = priority;
    config.interface = "eth0";
    config.source = ip(source);
    config.vips.push_back(VirtualAddress{ip(vip), 24, "eth0", {}, AddressTracking::tracked});
    return config;
}

struct SentAdvert {
    long long time_us;
    std::size_t node;
    std::string instance;
    std::uint8_t priority;
};

struct Event {
    long long time_us;
    std::size_t node;
    Action action;
};

class World {
public:
    struct Node {
        std::string name;
        Router router;
        bool alive = true;
        bool linked = true;
    };

    explicit World(std::vector<std::pair<std::string, std::vector<InstanceConfig>>> nodes,
                   std::vector<std::vector<SyncGroupConfig>> groups = {}) {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            nodes_.push_back(Node{nodes[i].first,
                                  Router{std::move(nodes[i].second),
                                         i < groups.size() ? groups[i]
                                                           : std::vector<SyncGroupConfig>{}}});
        }
    }

    TimePoint now() const { return now_; }
    Node& node(std::size_t i) { return nodes_[i]; }
    Router& router(std::size_t i) { return nodes_[i].router; }
    State state(std::size_t node, std::string_view instance) const {
        const Router& r = nodes_[node].router;
        return r.instance(*r.find_instance(instance)).state();
    }

    void start(std::size_t node) {
        run(node, [&](Router& r, Actions& out) { r.start(now_, out); });
    }
    void start_all() {
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            start(i);
        }
    }
    void stop(std::size_t node) {
        run(node, [&](Router& r, Actions& out) { r.stop(now_, out); });
        nodes_[node].alive = false;
    }
    // kill -9: no more packets, no timers.
    void kill(std::size_t node) { nodes_[node].alive = false; }
    // A restarted daemon: a fresh Router (call start() afterwards).
    void replace(std::size_t node, std::vector<InstanceConfig> instances,
                 std::vector<SyncGroupConfig> groups = {}) {
        nodes_[node].router = Router{std::move(instances), std::move(groups)};
        nodes_[node].alive = true;
    }
    // Cuts or restores a node's cable (its adverts go nowhere, it hears nothing).
    void set_linked(std::size_t node, bool linked) { nodes_[node].linked = linked; }

    template <typename F>
    void run(std::size_t node, F&& f) {
        Actions out;
        f(nodes_[node].router, out);
        queue_.push_back({node, std::move(out)});
        drain();
    }

    // Advances the clock to `until`, firing every timer on the way.
    void advance_to(TimePoint until) {
        for (;;) {
            TimePoint next = TimePoint::max();
            for (const Node& n : nodes_) {
                if (n.alive) {
                    next = std::min(next, n.router.next_deadline());
                }
            }
            if (next > until) {
                now_ = until;
                return;
            }
            now_ = std::max(now_, next);
            for (std::size_t i = 0; i < nodes_.size(); ++i) {
                if (nodes_[i].alive && nodes_[i].router.next_deadline() <= now_) {
                    run(i, [&](Router& r, Actions& out) { r.on_timer(now_, out); });
                }
            }
        }
    }
    void advance(Duration d) { advance_to(now_ + d); }

    const std::vector<SentAdvert>& adverts() const { return adverts_; }
    const std::vector<Event>& events() const { return events_; }
    std::vector<SentAdvert> adverts_from(std::size_t node) const {
        std::vector<SentAdvert> result;
        for (const SentAdvert& a : adverts_) {
            if (a.node == node) {
                result.push_back(a);
            }
        }
        return result;
    }
    template <typename T>
    std::vector<std::pair<long long, T>> actions_of(std::size_t node) const {
        std::vector<std::pair<long long, T>> result;
        for (const Event& e : events_) {
            if (e.node == node) {
                if (const T* t = std::get_if<T>(&e.action)) {
                    result.emplace_back(e.time_us, *t);
                }
            }
        }
        return result;
    }
    // Number of `Entering MASTER STATE` transitions on `node` (any instance).
    std::size_t master_transitions(std::size_t node) const {
        std::size_t count = 0;
        for (const Event& e : events_) {
            if (e.node != node) {
                continue;
            }
            if (const Notify* n = std::get_if<Notify>(&e.action)) {
                count += n->target == NotifyTarget::instance && n->event == NotifyEvent::master;
            }
        }
        return count;
    }
    std::size_t drops() const { return drops_; }

private:
    struct Pending {
        std::size_t node;
        Actions actions;
    };

    void drain() {
        while (!queue_.empty()) {
            Pending p = std::move(queue_.front());
            queue_.pop_front();
            for (Action& action : p.actions) {
                if (const SendAdvert* send = std::get_if<SendAdvert>(&action)) {
                    transmit(p.node, *send);
                }
                events_.push_back({us(now_), p.node, std::move(action)});
            }
        }
    }

    void transmit(std::size_t from, const SendAdvert& send) {
        Node& sender = nodes_[from];
        const InstanceConfig& config = sender.router.instance(send.instance).config();
        adverts_.push_back({us(now_), from, config.name, send.priority});
        if (!sender.linked) {
            return;
        }
        const Advert advert = make_advert(config, send);
        const IpAddress source = *sender.router.instance(send.instance).source();
        std::vector<std::byte> bytes;
        if (config.family == Family::ipv4) {
            Ipv4Envelope envelope;
            envelope.source = source;
            envelope.destination = vrrp_multicast_v4;
            if (config.auth_type == AuthType::ah) {
                envelope.ah_key = config.auth_data; // numbered from 1 (no anti-replay here)
                envelope.ah_sequence = static_cast<std::uint32_t>(adverts_.size());
            }
            encode_ipv4(advert, envelope, bytes);
        } else {
            encode_ipv6(advert, source, vrrp_multicast_v6, bytes);
        }
        for (std::size_t to = 0; to < nodes_.size(); ++to) {
            Node& receiver = nodes_[to];
            if (to == from || !receiver.alive || !receiver.linked) {
                continue;
            }
            Decoded decoded;
            const DropReason reason =
                config.family == Family::ipv4
                    ? decode_ipv4(bytes, decoded)
                    : decode_ipv6(bytes, Ipv6Envelope{source, vrrp_multicast_v6, 255}, decoded);
            if (reason != DropReason::none) {
                ++drops_;
                continue;
            }
            for (const InstanceId id : receiver.router.find(config.interface, config.family,
                                                            decoded.advert.vrid)) {
                const Instance& target = receiver.router.instance(id);
                std::vector<IpAddress> vips;
                for (const VirtualAddress& vip : target.config().vips) {
                    vips.push_back(vip.address);
                }
                ReceiveExpectations expect;
                expect.version = static_cast<std::uint8_t>(target.config().version);
                expect.interval =
                    std::chrono::duration_cast<Centiseconds>(target.config().advert_interval);
                expect.priority = target.effective_priority();
                expect.addresses = vips;
                expect.auth_type = target.config().auth_type;
                expect.auth_data = target.config().auth_data;
                if (!validate(decoded, expect).accepted()) {
                    ++drops_;
                    continue;
                }
                Actions out;
                receiver.router.on_advert(id, received_advert(decoded.advert, decoded.meta),
                                          now_, out);
                queue_.push_back({to, std::move(out)});
            }
        }
    }

    std::vector<Node> nodes_;
    TimePoint now_ = epoch;
    std::deque<Pending> queue_;
    std::vector<SentAdvert> adverts_;
    std::vector<Event> events_;
    std::size_t drops_ = 0;
};

} // namespace vigil::vrrp::test
