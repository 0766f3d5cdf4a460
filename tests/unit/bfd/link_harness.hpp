#pragma once
// Two SessionTables joined by an in-memory link with a fixed one-way latency, driven by a
// simulated clock to the microsecond. Each direction can be cut. Everything the tables ask
// for is recorded with its time: packets sent, state changes, reports.

#include "bfd/codec.hpp"
#include "bfd/session_table.hpp"
#include "util/log.hpp"

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vigil::bfd::test {

// Returns the scripted values first, then `fallback` forever (0: no jitter).
class ScriptedRandom : public RandomSource {
public:
    explicit ScriptedRandom(std::deque<std::uint32_t> values, std::uint32_t fallback = 0)
        : values_(std::move(values)), fallback_(fallback) {}
    std::uint32_t next() noexcept override {
        if (values_.empty()) {
            return fallback_;
        }
        const auto v = values_.front();
        values_.pop_front();
        return v;
    }

private:
    std::deque<std::uint32_t> values_;
    std::uint32_t fallback_;
};

// xorshift32: reproducible "random" jitter.
class XorShift : public RandomSource {
public:
    explicit XorShift(std::uint32_t seed) : state_(seed) {}
    std::uint32_t next() noexcept override {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return state_;
    }

private:
    std::uint32_t state_;
};

// Collects every log line (detail included) while alive, instead of printing them.
class LogCapture {
public:
    LogCapture() {
        lines().clear();
        log::set_sink(&sink);
        log::set_detail(true);
    }
    ~LogCapture() {
        log::set_detail(false);
        log::set_sink(nullptr);
    }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    static std::vector<std::string>& lines() {
        static std::vector<std::string> captured;
        return captured;
    }
    static bool has(std::string_view line) {
        for (const auto& l : lines()) {
            if (l == line) {
                return true;
            }
        }
        return false;
    }

private:
    static void sink(log::Level, std::string_view message) { lines().emplace_back(message); }
};

inline net::IpAddress ip(std::string_view text) {
    return *net::IpAddress::parse(text);
}

inline SessionSettings settings(std::string name, std::string_view neighbor) {
    SessionSettings s;
    s.name = std::move(name);
    s.neighbor = ip(neighbor);
    return s;
}

// keepalived 2.2.7's defaults are SessionSettings' defaults; FRR 8.4's are these.
inline SessionSettings frr_like(std::string name, std::string_view neighbor) {
    SessionSettings s = settings(std::move(name), neighbor);
    s.required_min_rx = std::chrono::milliseconds{300};
    s.desired_min_tx = std::chrono::milliseconds{300};
    s.detect_mult = 3;
    return s;
}

class Link {
public:
    struct Sent {
        TimePoint at;
        int side;
        ControlPacket packet;
    };
    struct Change {
        TimePoint at;
        int side;
        StateChange change;
    };
    struct Report {
        TimePoint at;
        int side;
        Reported state;
    };

    Link(RandomSource& random_a, RandomSource& random_b,
         Duration latency = std::chrono::microseconds{100})
        : tables_{SessionTable{random_a}, SessionTable{random_b}}, latency_(latency) {}

    TimePoint t0{std::chrono::seconds{1000}};
    TimePoint now = t0;
    net::IpAddress address[2] = {ip("192.0.2.1"), ip("192.0.2.2")};
    bool carries[2] = {true, true};   // carries[0]: A -> B
    std::uint8_t ttl[2] = {255, 255}; // TTL of packets sent by each side, as received
    std::vector<Sent> sent;
    std::vector<Change> changes;
    std::vector<Report> reports;

    SessionTable& table(int side) { return tables_[side]; }
    const Session& session(int side, SessionId id = 0) const { return tables_[side].session(id); }

    void configure(int side, std::vector<SessionSettings> s) {
        Actions out;
        tables_[side].configure(std::move(s), now, out);
        apply(side, out);
    }

    // Delivers a raw packet to `side` at `now`, as if sent by the other side.
    DropReason inject(int side, const ControlPacket& p, std::uint8_t received_ttl = 255) {
        std::vector<std::byte> bytes;
        encode(p, bytes);
        return deliver(side, bytes, received_ttl);
    }

    void run_until(TimePoint end) {
        for (;;) {
            TimePoint next = std::min(tables_[0].deadline(), tables_[1].deadline());
            const bool packet_first = !in_flight_.empty() && in_flight_.begin()->first <= next;
            if (packet_first) {
                next = in_flight_.begin()->first;
            }
            if (next > end) {
                now = end;
                return;
            }
            now = next;
            if (packet_first) {
                auto node = in_flight_.extract(in_flight_.begin());
                deliver(node.mapped().to, node.mapped().bytes, node.mapped().ttl);
                continue;
            }
            for (int side : {0, 1}) {
                if (tables_[side].deadline() <= now) {
                    Actions out;
                    tables_[side].expire(now, out);
                    apply(side, out);
                }
            }
        }
    }
    void run_for(Duration d) { run_until(now + d); }

    // Packets sent by `side`, optionally from `since`.
    std::vector<Sent> sent_by(int side, TimePoint since = TimePoint::min()) const {
        std::vector<Sent> out;
        for (const auto& s : sent) {
            if (s.side == side && s.at >= since) {
                out.push_back(s);
            }
        }
        return out;
    }
    Report last_report(int side) const {
        for (auto it = reports.rbegin(); it != reports.rend(); ++it) {
            if (it->side == side) {
                return *it;
            }
        }
        return {};
    }
    // The time `side` first entered `state` at or after `since`, or TimePoint::max().
    TimePoint entered(int side, SessionState state, TimePoint since = TimePoint::min()) const {
        for (const auto& c : changes) {
            if (c.side == side && c.change.to == state && c.at >= since) {
                return c.at;
            }
        }
        return TimePoint::max();
    }

    LogCapture log;

private:
    struct Flight {
        int to;
        std::vector<std::byte> bytes;
        std::uint8_t ttl;
    };

    DropReason deliver(int side, const std::vector<std::byte>& bytes, std::uint8_t received_ttl) {
        ReceivedPacket r;
        r.payload = bytes;
        r.source = address[1 - side];
        r.source_port = 49152;
        r.destination = address[side];
        r.ttl = received_ttl;
        Actions out;
        const auto reason = tables_[side].receive(r, now, out);
        apply(side, out);
        return reason;
    }

    void apply(int side, const Actions& actions) {
        for (const auto& action : actions) {
            if (const auto* s = std::get_if<SendControl>(&action)) {
                sent.push_back({now, side, s->packet});
                if (carries[side]) {
                    Flight f{1 - side, {}, ttl[side]};
                    encode(s->packet, f.bytes);
                    in_flight_.emplace(now + latency_, std::move(f));
                }
            } else if (const auto* c = std::get_if<StateChange>(&action)) {
                changes.push_back({now, side, *c});
            } else if (const auto* r = std::get_if<ReportState>(&action)) {
                reports.push_back({now, side, r->state});
            }
        }
    }

    SessionTable tables_[2];
    Duration latency_;
    std::multimap<TimePoint, Flight> in_flight_;
};

} // namespace vigil::bfd::test
