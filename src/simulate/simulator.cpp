#include "simulate/simulator.hpp"

#include "simulate/flags.hpp"
#include "simulate/lan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace vigil::simulate {
namespace {

class Simulation {
public:
    Simulation(const Options& options, Timeline& timeline) : options_(options), timeline_(timeline), lan_(0) {}

    bool prepare();
    void run();

private:
    std::optional<std::size_t> node_index(const std::string& name) const;
    std::vector<std::size_t> node_list(const std::string& self, const std::string& names) const;
    void handle(const Event& event, vrrp::TimePoint now);
    void dispatch(std::vector<Packet>& packets, vrrp::TimePoint now);
    bool error(std::string message) {
        timeline_.diagnostics.push_back(std::move(message));
        return false;
    }

    const Options& options_;
    Timeline& timeline_;
    std::vector<Node> nodes_;
    Lan lan_;
    std::vector<Event> events_;         // sorted, not yet handled
    std::vector<std::size_t> late_start_; // nodes down until their `start` event
    std::multimap<std::pair<vrrp::TimePoint, std::uint64_t>, std::pair<std::size_t, Packet>> in_flight_;
    std::uint64_t sequence_ = 0;
    vrrp::Duration until_{};
};

std::optional<std::size_t> Simulation::node_index(const std::string& name) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (nodes_[i].name() == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::vector<std::size_t> Simulation::node_list(const std::string& self, const std::string& names) const {
    std::vector<std::size_t> out;
    if (names.empty()) {
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (nodes_[i].name() != self) {
                out.push_back(i);
            }
        }
        return out;
    }
    std::string_view rest = names;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        if (const auto index = node_index(std::string{rest.substr(0, comma)})) {
            out.push_back(*index);
        }
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return out;
}

bool Simulation::prepare() {
    bool good = true;
    for (std::size_t i = 0; i < options_.nodes.size(); ++i) {
        const NodeSpec& spec = options_.nodes[i];
        if (node_index(spec.name)) {
            good = error(fmt::format("node {} given twice", spec.name));
            continue;
        }
        nodes_.emplace_back(spec, i);
        if (!nodes_.back().load(spec.file, timeline_.diagnostics)) {
            good = false;
        }
    }
    lan_ = Lan(nodes_.size(), options_.latency, options_.seed);
    events_ = options_.events;
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    vrrp::Duration last{0};
    for (const Event& event : events_) {
        last = std::max(last, event.at);
        const auto index = node_index(event.node);
        if (!index) {
            good = error(fmt::format("event {} at {} ms: unknown node {}", to_string(event.kind), format_ms(event.at),
                                     event.node));
            continue;
        }
        if (event.kind == EventKind::partition || event.kind == EventKind::heal) {
            std::string_view rest = event.arg;
            while (!rest.empty()) {
                const std::size_t comma = rest.find(',');
                const std::string other{rest.substr(0, comma)};
                if (!node_index(other)) {
                    good = error(fmt::format("event {} at {} ms: unknown node {}", to_string(event.kind),
                                             format_ms(event.at), other));
                }
                rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
        }
    }
    until_ = options_.until.value_or(std::max(last + std::chrono::seconds{10}, vrrp::Duration{std::chrono::seconds{10}}));
    timeline_.end = until_;
    // A node whose first event is `start` is down until then; results given for it at that
    // instant are its trackers' first results.
    for (Node& node : nodes_) {
        const auto first = std::find_if(events_.begin(), events_.end(), [&](const Event& e) { return e.node == node.name(); });
        if (first == events_.end() || first->kind != EventKind::start) {
            continue;
        }
        late_start_.push_back(node.index());
    }
    for (Node& node : nodes_) {
        const bool late = std::find(late_start_.begin(), late_start_.end(), node.index()) != late_start_.end();
        vrrp::Duration start{0};
        if (late) {
            start = std::find_if(events_.begin(), events_.end(), [&](const Event& e) { return e.node == node.name(); })->at;
        }
        std::erase_if(events_, [&](const Event& e) {
            if (e.node != node.name() || e.at != start) {
                return false;
            }
            if (e.kind == EventKind::script_fail || e.kind == EventKind::script_ok) {
                node.preset_tracker(e.arg, e.kind == EventKind::script_ok ? vrrp::TrackerHealth::up
                                                                          : vrrp::TrackerHealth::down);
                return true;
            }
            if (e.kind == EventKind::file) {
                const std::size_t eq = e.arg.find('=');
                std::int64_t value = 0;
                if (eq != std::string::npos) {
                    std::from_chars(e.arg.data() + eq + 1, e.arg.data() + e.arg.size(), value);
                    node.preset_file(e.arg.substr(0, eq), value);
                    return true;
                }
            }
            return false;
        });
    }
    return good;
}

void Simulation::dispatch(std::vector<Packet>& packets, vrrp::TimePoint now) {
    for (Packet& packet : packets) {
        AdvertSent& record = timeline_.adverts[packet.advert];
        if (lan_.lost(packet.sender)) {
            record.fate = "lost";
            continue;
        }
        const bool multicast = packet.destination.is_multicast();
        for (Node& node : nodes_) {
            if (node.index() == packet.sender || (!multicast && !node.owns(packet.destination))) {
                continue;
            }
            if (!lan_.connected(packet.sender, node.index())) {
                record.fate = fmt::format("partitioned from {}", node.name());
                continue;
            }
            in_flight_.emplace(std::pair{now + lan_.latency(), sequence_++}, std::pair{node.index(), packet});
        }
    }
    packets.clear();
}

void Simulation::handle(const Event& event, vrrp::TimePoint now) {
    Node& node = nodes_[*node_index(event.node)];
    std::vector<Packet> out;
    switch (event.kind) {
    case EventKind::start:
        node.start(now, out, timeline_);
        break;
    case EventKind::crash:
        node.crash(now, timeline_);
        break;
    case EventKind::stop:
        node.stop(now, out, timeline_);
        break;
    case EventKind::link_down:
    case EventKind::link_up: {
        const auto state = event.kind == EventKind::link_up ? vrrp::LinkState::up : vrrp::LinkState::down;
        if (!event.arg.empty()) {
            node.set_link(event.arg, state, now, out, timeline_);
        } else {
            for (const std::string& itf : node.interfaces()) {
                node.set_link(itf, state, now, out, timeline_);
            }
        }
        break;
    }
    case EventKind::script_fail:
    case EventKind::script_ok:
        if (!node.set_tracker(event.arg, event.kind == EventKind::script_ok ? vrrp::TrackerHealth::up
                                                                             : vrrp::TrackerHealth::down,
                              now, out, timeline_)) {
            timeline_.diagnostics.push_back(fmt::format("{}: no tracked vrrp_script or track_process {}",
                                                        node.name(), event.arg));
        }
        break;
    case EventKind::file: {
        const std::size_t eq = event.arg.find('=');
        std::int64_t value = 0;
        if (eq != std::string::npos) {
            std::from_chars(event.arg.data() + eq + 1, event.arg.data() + event.arg.size(), value);
        }
        if (!node.set_file(event.arg.substr(0, eq), value, now, out, timeline_)) {
            timeline_.diagnostics.push_back(fmt::format("{}: no tracked track_file {}", node.name(), event.arg));
        }
        break;
    }
    case EventKind::reload:
        node.reload(event.arg, now, out, timeline_);
        break;
    case EventKind::partition:
        lan_.partition(node.index(), node_list(node.name(), event.arg));
        break;
    case EventKind::heal:
        lan_.heal(node.index(), node_list(node.name(), event.arg));
        break;
    case EventKind::loss: {
        double percent = 0;
        std::string text = event.arg;
        if (text.ends_with('%')) {
            text.pop_back();
        }
        std::from_chars(text.data(), text.data() + text.size(), percent);
        lan_.set_loss(node.index(), percent);
        break;
    }
    }
    dispatch(out, now);
}

void Simulation::run() {
    std::vector<Packet> out;
    for (Node& node : nodes_) {
        if (std::find(late_start_.begin(), late_start_.end(), node.index()) == late_start_.end()) {
            node.start(origin, out, timeline_);
        }
    }
    dispatch(out, origin);
    const vrrp::TimePoint end = origin + until_;
    std::size_t next_event = 0;
    for (;;) {
        const vrrp::TimePoint t_event = next_event < events_.size() ? origin + events_[next_event].at : vrrp::TimePoint::max();
        const vrrp::TimePoint t_packet = in_flight_.empty() ? vrrp::TimePoint::max() : in_flight_.begin()->first.first;
        vrrp::TimePoint t_timer = vrrp::TimePoint::max();
        for (const Node& node : nodes_) {
            t_timer = std::min(t_timer, node.next_deadline());
        }
        const vrrp::TimePoint now = std::min({t_event, t_packet, t_timer});
        if (now > end) {
            break;
        }
        if (t_event == now) {
            handle(events_[next_event++], now);
        } else if (t_packet == now) {
            auto flight = in_flight_.extract(in_flight_.begin());
            const auto& [receiver, packet] = flight.mapped();
            nodes_[receiver].receive(packet, nodes_[packet.sender].name(), now, out, timeline_);
            dispatch(out, now);
        } else {
            for (Node& node : nodes_) {
                if (node.next_deadline() <= now) {
                    node.on_timer(now, out, timeline_);
                    dispatch(out, now);
                }
            }
        }
    }
    add_flags(nodes_, timeline_);
}

} // namespace

Result run(const Options& options) {
    Result result;
    Simulation simulation(options, result.timeline);
    if (!simulation.prepare()) {
        result.ok = false;
        result.timeline.transitions.clear();
        return result;
    }
    simulation.run();
    return result;
}

} // namespace vigil::simulate
