#include "simulate/node.hpp"

#include "parser/load_config.hpp"
#include "simulate/scenario.hpp"
#include "vrrp/codec.hpp"
#include "vrrp/validation.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::simulate {
namespace {

std::string state_word(vrrp::State state) { return std::string{vrrp::to_string(state)}; }

std::string ms_text(vrrp::Duration d) { return format_ms(d) + " ms"; }

} // namespace

Node::Node(NodeSpec spec, std::size_t index) : spec_(std::move(spec)), index_(index) {}

bool Node::load(const std::filesystem::path& file, std::vector<std::string>& diagnostics) {
    parser::LoadOptions options;
    options.preprocess_.config_id = spec_.config_id;
    options.preprocess_.random_seed = 1; // ${_RANDOM} reproducible
    parser::LoadResult loaded = parser::load_config_file(file, options);
    for (const parser::Diagnostic& d : loaded.diagnostics_.all()) {
        if (d.audience == parser::Audience::journal) {
            continue;
        }
        diagnostics.push_back(fmt::format("{}: {}", spec_.name, parser::format_gnu(d)));
    }
    auto model = std::make_shared<config::Config>(std::move(loaded.config_));
    if (model->instances_.empty()) {
        diagnostics.push_back(fmt::format("{}: {}: no vrrp_instance", spec_.name, file.string()));
        return false;
    }
    model_ = std::move(model);
    engine_ = vrrpconf::engine_config_of(*model_);
    return true;
}

bool Node::owns(const net::IpAddress& address) const noexcept {
    if (address == primary(address.family())) {
        return true;
    }
    return std::any_of(engine_.instances.begin(), engine_.instances.end(),
                       [&](const vrrp::InstanceConfig& c) { return c.source == address; });
}

net::IpAddress Node::primary(net::Family family) const noexcept {
    const auto n = static_cast<std::uint8_t>(index_ + 1);
    if (family == net::Family::ipv4) {
        return net::IpAddress::v4({192, 0, 2, n});
    }
    return net::IpAddress::v6({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n});
}

bool Node::link_up(const std::string& interface) const noexcept {
    return !down_links_.contains(interface);
}

std::set<std::string> Node::interfaces() const {
    std::set<std::string> names;
    for (const vrrp::InstanceConfig& c : engine_.instances) {
        if (!c.interface.empty()) {
            names.insert(c.interface);
        }
    }
    return names;
}

vrrp::TimePoint Node::next_deadline() const noexcept {
    return router_ ? router_->next_deadline() : vrrp::TimePoint::max();
}

std::string Node::state_of(const std::string& instance) const {
    const auto found = reported_.find(instance);
    return found == reported_.end() ? "DOWN" : found->second;
}

vrrp::Duration Node::since_start(vrrp::TimePoint now) const noexcept {
    return std::chrono::duration_cast<vrrp::Duration>(now - origin);
}

std::optional<net::IpAddress> Node::source_of(const vrrp::InstanceConfig& config) const {
    if (config.source) {
        return config.source;
    }
    return primary(config.family);
}

void Node::preset_tracker(const std::string& name, vrrp::TrackerHealth health) {
    preset_health_[name] = health;
}

void Node::preset_file(const std::string& name, std::int64_t value) { preset_values_[name] = value; }

// --- Driving the engine ------------------------------------------------------------------

template <typename Call>
void Node::drive(vrrp::TimePoint now, const Trigger& trigger, std::vector<Packet>& out,
                 Timeline& timeline, Call&& call) {
    vrrp::Actions actions;
    call(actions);
    execute(actions, now, out, timeline);
    if (!router_) {
        return;
    }
    // Instances that moved on their own first, then those their sync group moved.
    std::string first_moved;
    for (const bool followers : {false, true}) {
        for (const vrrp::Instance& instance : router_->instances()) {
            const std::string now_state = state_word(instance.state());
            std::string& before = reported_[instance.name()];
            if (before.empty()) {
                before = "INIT";
            }
            if (before == now_state || (instance.last_cause() == vrrp::TransitionCause::sync_group) != followers) {
                continue;
            }
            Transition t;
            t.at = since_start(now);
            t.node = spec_.name;
            t.instance = instance.name();
            t.from = before;
            t.to = now_state;
            t.priority = instance.effective_priority();
            t.reason = before == "INIT" && instance.last_cause() != vrrp::TransitionCause::sync_group
                           ? reason_of(instance, Trigger{"start-up", {}, -1}, first_moved)
                           : reason_of(instance, trigger, first_moved);
            if (first_moved.empty()) {
                first_moved = instance.name();
            }
            before = now_state;
            timeline.transitions.push_back(std::move(t));
        }
    }
}

std::string Node::reason_of(const vrrp::Instance& instance, const Trigger& trigger,
                            const std::string& first_moved) const {
    const auto heard = last_heard_.find(instance.name());
    switch (instance.last_cause()) {
    case vrrp::TransitionCause::init:
        if (instance.state() == vrrp::State::master) {
            return "start-up: address owner (priority 255)";
        }
        return trigger.text.empty() ? "start-up" : trigger.text;
    case vrrp::TransitionCause::timeout:
        if (heard != last_heard_.end() && heard->second.second == 0) {
            return fmt::format("{} released the VIPs (priority 0 advert): Skew_Time {} later",
                               heard->second.first, ms_text(instance.skew()));
        }
        if (heard != last_heard_.end() && heard->second.second < instance.effective_priority()) {
            return fmt::format("preempt: {} advertises priority {} < our {}{}", heard->second.first,
                               heard->second.second, instance.effective_priority(),
                               instance.config().preempt_delay > vrrp::Duration{0}
                                   ? fmt::format(" (preempt_delay {})",
                                                 ms_text(instance.config().preempt_delay))
                                   : std::string{});
        }
        return fmt::format("no advert for Master_Down_Interval ({})",
                           ms_text(instance.master_down_interval()));
    case vrrp::TransitionCause::higher_priority:
        if (trigger.advert_priority >= 0) {
            return fmt::format("advert from {} with priority {} (ours {})", trigger.advert_from,
                               trigger.advert_priority, instance.effective_priority());
        }
        return trigger.text;
    case vrrp::TransitionCause::fault:
        return "fault: " + trigger.text;
    case vrrp::TransitionCause::recovered:
        return trigger.text == "start-up" ? trigger.text : "recovered: " + trigger.text;
    case vrrp::TransitionCause::vip_deleted:
        return "a VIP was deleted";
    case vrrp::TransitionCause::sync_group: {
        const auto group = router_->group_of(instance.id());
        std::string text = "sync group";
        if (group) {
            text += " " + router_->groups()[*group].name();
        }
        if (!first_moved.empty() && first_moved != instance.name()) {
            text += " follows " + first_moved;
        }
        return text;
    }
    case vrrp::TransitionCause::stop:
        return "stop (SIGTERM)";
    case vrrp::TransitionCause::none:
        break;
    }
    return trigger.text;
}

void Node::execute(const vrrp::Actions& actions, vrrp::TimePoint now, std::vector<Packet>& out,
                   Timeline& timeline) {
    for (const vrrp::Action& action : actions) {
        if (const auto* send_advert = std::get_if<vrrp::SendAdvert>(&action)) {
            send(send_advert->instance, send_advert->priority, now, out, timeline);
        } else if (const auto* add = std::get_if<vrrp::AddAddresses>(&action)) {
            const std::string& instance = router_->instance(add->instance).name();
            for (const vrrp::VirtualAddress& vip : add->set.vips) {
                if (held_.emplace(vip.address, instance).second) {
                    timeline.vips.push_back(
                        {since_start(now), spec_.name, instance, vip.address, VipChange::added});
                }
            }
        } else if (const auto* remove = std::get_if<vrrp::RemoveAddresses>(&action)) {
            for (const vrrp::VirtualAddress& vip : remove->set.vips) {
                const auto found = held_.find(vip.address);
                if (found != held_.end()) {
                    timeline.vips.push_back({since_start(now), spec_.name, found->second,
                                             vip.address, VipChange::removed});
                    held_.erase(found);
                }
            }
        }
        // Announce (GARP/NA) and Notify change nothing on the simulated LAN.
    }
}

void Node::send(vrrp::InstanceId id, std::uint8_t priority, vrrp::TimePoint now,
                std::vector<Packet>& out, Timeline& timeline) {
    const vrrp::InstanceConfig& config = router_->instance(id).config();
    const std::optional<net::IpAddress> source = source_of(config);
    if (!source || !link_up(config.interface)) {
        return;
    }
    AdvertSent record;
    record.at = since_start(now);
    record.node = spec_.name;
    record.instance = config.name;
    record.vrid = config.vrid;
    record.priority = priority;
    record.version = static_cast<std::uint8_t>(config.version);
    record.family = config.family;
    timeline.adverts.push_back(record);
    const vrrp::Advert advert = vrrp::make_advert(config, vrrp::SendAdvert{id, priority});

    std::vector<net::IpAddress> destinations = config.unicast_peers;
    if (destinations.empty()) {
        destinations.push_back(config.multicast_group.value_or(
            config.family == net::Family::ipv4 ? vrrp::vrrp_multicast_v4 : vrrp::vrrp_multicast_v6));
    }
    for (const net::IpAddress& destination : destinations) {
        Packet packet;
        packet.sender = index_;
        packet.family = config.family;
        packet.source = *source;
        packet.destination = destination;
        packet.advert = timeline.adverts.size() - 1;
        if (config.family == net::Family::ipv4) {
            vrrp::Ipv4Envelope envelope;
            envelope.source = *source;
            envelope.destination = destination;
            envelope.id = ip_id_++;
            const vrrpconf::InstanceExtras& extras = engine_.extras[id];
            if (extras.unicast_ttl && !config.unicast_peers.empty()) {
                envelope.ttl = *extras.unicast_ttl;
            }
            envelope.ah_key = config.auth_data;
            envelope.ah_sequence = ++ah_sequence_[config.name];
            vrrp::encode_ipv4(advert, envelope, packet.bytes);
        } else {
            vrrp::encode_ipv6(advert, *source, destination, packet.bytes);
        }
        out.push_back(std::move(packet));
    }
}

// --- Events --------------------------------------------------------------------------------

void Node::start(vrrp::TimePoint now, std::vector<Packet>& out, Timeline& timeline) {
    if (router_) {
        return;
    }
    vrrpconf::EngineConfig fresh = vrrpconf::engine_config_of(*model_);
    engine_ = std::move(fresh);
    router_ = std::make_unique<vrrp::Router>(engine_.instances, engine_.groups);
    reported_.clear();
    last_heard_.clear();
    held_.clear();
    for (const vrrp::Instance& instance : router_->instances()) {
        reported_[instance.name()] = "DOWN";
    }
    Trigger trigger{"start-up", {}, -1};
    drive(now, trigger, out, timeline, [&](vrrp::Actions& actions) {
        // The VRRP child's order (vrrp_child.cpp): sources, links, start, then trackers.
        for (vrrp::InstanceId id = 0; id < router_->instances().size(); ++id) {
            router_->on_source_address(id, source_of(router_->instance(id).config()), now, actions);
        }
        for (const vrrp::Tracker& tracker : router_->trackers()) {
            if (tracker.kind == vrrp::TrackerKind::interface) {
                router_->on_link(tracker.name, link_up(tracker.name) ? vrrp::LinkState::up : vrrp::LinkState::down,
                                 now, actions);
            }
        }
        for (const std::string& itf : down_links_) {
            router_->on_link(itf, vrrp::LinkState::down, now, actions);
        }
        // Every instance left DOWN for INIT before the engine starts.
        for (auto& [name, state] : reported_) {
            state = "INIT";
        }
        router_->start(now, actions);
        for (const vrrp::Tracker& tracker : router_->trackers()) {
            const auto id = router_->find_tracker(tracker.kind, tracker.name);
            if (!id) {
                continue;
            }
            if (tracker.kind == vrrp::TrackerKind::script || tracker.kind == vrrp::TrackerKind::process) {
                const auto preset = preset_health_.find(tracker.name);
                router_->on_tracker(*id, preset == preset_health_.end() ? vrrp::TrackerHealth::up : preset->second,
                                    now, actions);
            } else if (tracker.kind == vrrp::TrackerKind::file) {
                const auto preset = preset_values_.find(tracker.name);
                router_->on_tracker_value(*id, preset == preset_values_.end() ? 0 : preset->second, now, actions);
            }
        }
    });
}

void Node::record_down(vrrp::TimePoint now, const std::string& why, Timeline& timeline) {
    for (auto& [instance, state] : reported_) {
        if (state != "DOWN" && state != "STOP") { // STOP already says the daemon left
            timeline.transitions.push_back({since_start(now), spec_.name, instance, state, "DOWN", why, 0});
            state = "DOWN";
        }
    }
    for (const auto& [address, instance] : held_) {
        timeline.vips.push_back({since_start(now), spec_.name, instance, address, VipChange::removed});
    }
    held_.clear();
}

void Node::crash(vrrp::TimePoint now, Timeline& timeline) {
    if (!router_) {
        return;
    }
    router_.reset();
    // The harness downs the link of a killed node (tests/integration/lib.sh vt_kill): its
    // VIPs stop answering.
    record_down(now, "crash", timeline);
}

void Node::stop(vrrp::TimePoint now, std::vector<Packet>& out, Timeline& timeline) {
    if (!router_) {
        return;
    }
    Trigger trigger{"stop (SIGTERM)", {}, -1};
    drive(now, trigger, out, timeline, [&](vrrp::Actions& actions) { router_->stop(now, actions); });
    router_.reset();
    record_down(now, "stop (SIGTERM)", timeline);
}

void Node::reload(const std::filesystem::path& file, vrrp::TimePoint now, std::vector<Packet>& out,
                  Timeline& timeline) {
    if (!load(file, timeline.diagnostics) || !router_) {
        return;
    }
    vrrpconf::EngineConfig fresh = vrrpconf::engine_config_of(*model_);
    std::vector<std::optional<net::IpAddress>> sources;
    for (const vrrp::InstanceConfig& c : fresh.instances) {
        sources.push_back(source_of(c));
    }
    engine_ = std::move(fresh);
    Trigger trigger{fmt::format("reload with {}", file.string()), {}, -1};
    drive(now, trigger, out, timeline, [&](vrrp::Actions& actions) {
        vrrp::ReloadPlan plan = router_->reload(engine_.instances, engine_.groups, now, sources);
        // Old instances first (their ids are the old configuration's): only their VIPs matter.
        for (const vrrp::Action& action : plan.retire) {
            if (const auto* remove = std::get_if<vrrp::RemoveAddresses>(&action)) {
                for (const vrrp::VirtualAddress& vip : remove->set.vips) {
                    const auto found = held_.find(vip.address);
                    if (found != held_.end()) {
                        timeline.vips.push_back({since_start(now), spec_.name, found->second, vip.address,
                                                 VipChange::removed});
                        held_.erase(found);
                    }
                }
            }
        }
        actions = std::move(plan.apply);
        // Instances the new configuration drops leave the timeline as DELETED.
        for (auto it = reported_.begin(); it != reported_.end();) {
            if (router_->find_instance(it->first)) {
                ++it;
                continue;
            }
            timeline.transitions.push_back(
                {since_start(now), spec_.name, it->first, it->second, "DELETED", "removed by reload", 0});
            it = reported_.erase(it);
        }
        for (const vrrp::Instance& instance : router_->instances()) {
            reported_.try_emplace(instance.name(), "INIT");
        }
    });
}

void Node::set_link(const std::string& interface, vrrp::LinkState state, vrrp::TimePoint now,
                    std::vector<Packet>& out, Timeline& timeline) {
    if (state == vrrp::LinkState::down) {
        down_links_.insert(interface);
    } else {
        down_links_.erase(interface);
    }
    if (!router_) {
        return;
    }
    Trigger trigger{fmt::format("link {} {}", interface, state == vrrp::LinkState::up ? "up" : "down"), {}, -1};
    drive(now, trigger, out, timeline,
          [&](vrrp::Actions& actions) { router_->on_link(interface, state, now, actions); });
}

bool Node::set_tracker(const std::string& name, vrrp::TrackerHealth health, vrrp::TimePoint now,
                       std::vector<Packet>& out, Timeline& timeline) {
    if (!router_) {
        preset_health_[name] = health;
        return true;
    }
    auto id = router_->find_tracker(vrrp::TrackerKind::script, name);
    const char* kind = "script";
    if (!id) {
        id = router_->find_tracker(vrrp::TrackerKind::process, name);
        kind = "process";
    }
    if (!id) {
        return false;
    }
    Trigger trigger{fmt::format("{} {} {}", kind, name, health == vrrp::TrackerHealth::up ? "succeeded" : "failed"),
                    {}, -1};
    drive(now, trigger, out, timeline,
          [&](vrrp::Actions& actions) { router_->on_tracker(*id, health, now, actions); });
    return true;
}

bool Node::set_file(const std::string& name, std::int64_t value, vrrp::TimePoint now, std::vector<Packet>& out,
                    Timeline& timeline) {
    if (!router_) {
        preset_values_[name] = value;
        return true;
    }
    const auto id = router_->find_tracker(vrrp::TrackerKind::file, name);
    if (!id) {
        return false;
    }
    Trigger trigger{fmt::format("track_file {} = {}", name, value), {}, -1};
    drive(now, trigger, out, timeline,
          [&](vrrp::Actions& actions) { router_->on_tracker_value(*id, value, now, actions); });
    return true;
}

void Node::on_timer(vrrp::TimePoint now, std::vector<Packet>& out, Timeline& timeline) {
    if (!router_) {
        return;
    }
    drive(now, Trigger{"timer", {}, -1}, out, timeline,
          [&](vrrp::Actions& actions) { router_->on_timer(now, actions); });
}

void Node::receive(const Packet& packet, const std::string& sender, vrrp::TimePoint now,
                   std::vector<Packet>& out, Timeline& timeline) {
    if (!router_) {
        return;
    }
    vrrp::Decoded decoded;
    vrrp::DropReason decode_reason = vrrp::DropReason::none;
    if (packet.family == net::Family::ipv4) {
        decode_reason = vrrp::decode_ipv4(packet.bytes, decoded);
    } else {
        decode_reason = vrrp::decode_ipv6(packet.bytes, {packet.source, packet.destination, 255}, decoded);
    }
    if (decode_reason != vrrp::DropReason::none) {
        ++drops_[fmt::format("{}: {}", sender, vrrp::drop_reason_name(decode_reason))];
        return;
    }
    for (const std::string& interface : interfaces()) {
        if (!link_up(interface)) {
            continue;
        }
        // A copy: the handlers below may not touch the Router's index, but nothing says so.
        const auto found = router_->find(interface, packet.family, decoded.advert.vrid);
        const std::vector<vrrp::InstanceId> ids(found.begin(), found.end());
        for (const vrrp::InstanceId id : ids) {
            const vrrp::Instance& instance = router_->instance(id);
            if (instance.state() == vrrp::State::init || instance.state() == vrrp::State::fault) {
                continue;
            }
            vrrp::ReceiveExpectations expect =
                vrrpconf::expectations_of(instance.config(), engine_.extras[id], instance.effective_priority());
            expect.ah_sequence = ah_sequence_[instance.name()];
            const vrrp::Verdict verdict = vrrp::validate(decoded, expect);
            if (verdict.ah_sequence) {
                ah_sequence_[instance.name()] = *verdict.ah_sequence;
            }
            if (!verdict.accepted()) {
                ++drops_[fmt::format("({}) from {}: {}", instance.name(), sender, vrrp::drop_reason_name(verdict.reason))];
                continue;
            }
            last_heard_[instance.name()] = {sender, decoded.advert.priority};
            Trigger trigger{fmt::format("advert from {} priority {}", sender, decoded.advert.priority), sender,
                            decoded.advert.priority};
            drive(now, trigger, out, timeline, [&](vrrp::Actions& actions) {
                router_->on_advert(id, vrrp::received_advert(decoded.advert, decoded.meta), now, actions);
            });
            if (!router_) {
                return;
            }
        }
    }
}

} // namespace vigil::simulate
