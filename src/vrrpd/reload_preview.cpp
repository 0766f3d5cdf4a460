#include "vrrpd/reload_preview.hpp"

#include "util/log.hpp"
#include "vrrp/reload_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::vrrpd {

std::string vip_text(const vrrp::VirtualAddress& vip) {
    return fmt::format("{}/{}", vip.address.to_string(), vip.prefix_length);
}

namespace {

double seconds(vrrp::Duration d) {
    return std::chrono::duration<double>(d).count();
}

std::vector<std::string> all_vips(const vrrp::InstanceConfig& c) {
    std::vector<std::string> out;
    for (const auto* list : {&c.vips, &c.evips}) {
        for (const vrrp::VirtualAddress& v : *list) {
            out.push_back(vip_text(v));
        }
    }
    return out;
}

std::string tracker_text(const vrrp::TrackRef& t) {
    static constexpr const char* kinds[] = {"interface", "script", "file", "process", "bfd"};
    return fmt::format("track_{} {} weight {}{}", kinds[static_cast<int>(t.kind)], t.name, t.weight,
                       t.reverse == vrrp::TrackerReverse::reverse ? " reverse" : "");
}

// The settings of `from` that `to` changes, as "name old -> new".
std::vector<std::string> differences(const vrrp::InstanceConfig& from, const vrrp::InstanceConfig& to) {
    std::vector<std::string> d;
    auto field = [&d](std::string_view name, const auto& a, const auto& b) {
        if (a != b) {
            d.push_back(fmt::format("{} {} -> {}", name, a, b));
        }
    };
    field("name", from.name, to.name);
    field("interface", from.interface, to.interface);
    field("priority", unsigned(from.priority), unsigned(to.priority));
    field("advert_int", seconds(from.advert_interval), seconds(to.advert_interval));
    field("version", unsigned(from.version), unsigned(to.version));
    field("state", std::string_view(from.initial_state == vrrp::InitialState::master ? "MASTER" : "BACKUP"),
          std::string_view(to.initial_state == vrrp::InitialState::master ? "MASTER" : "BACKUP"));
    field("nopreempt", from.preempt == vrrp::PreemptMode::nopreempt, to.preempt == vrrp::PreemptMode::nopreempt);
    field("preempt_delay", seconds(from.preempt_delay), seconds(to.preempt_delay));
    field("accept", from.accept == vrrp::AcceptMode::accept, to.accept == vrrp::AcceptMode::accept);
    field("auth_type", unsigned(from.auth_type), unsigned(to.auth_type));
    if (from.auth_data != to.auth_data) {
        d.emplace_back("auth_pass changed");
    }
    if (from.unicast_peers != to.unicast_peers) {
        d.emplace_back("unicast_peer changed");
    }
    if (from.routes != to.routes) {
        d.emplace_back("virtual_routes changed");
    }
    if (from.rules != to.rules) {
        d.emplace_back("virtual_rules changed");
    }
    for (const vrrp::TrackRef& t : from.trackers) {
        if (std::find(to.trackers.begin(), to.trackers.end(), t) == to.trackers.end()) {
            d.push_back("no longer " + tracker_text(t));
        }
    }
    for (const vrrp::TrackRef& t : to.trackers) {
        if (std::find(from.trackers.begin(), from.trackers.end(), t) == from.trackers.end()) {
            d.push_back("adds " + tracker_text(t));
        }
    }
    return d;
}

} // namespace

control::ReloadPreview preview_reload(const vrrp::Router& running, std::vector<vrrp::InstanceConfig> instances,
                                      std::vector<vrrp::SyncGroupConfig> groups, vrrp::TimePoint now,
                                      std::span<const std::optional<net::IpAddress>> sources) {
    control::ReloadPreview preview;
    const log::Mute mute; // the copy's reload logs as the real one would
    vrrp::Router copy = running;
    vrrp::ReloadPlan plan;
    try {
        plan = copy.reload(std::move(instances), std::move(groups), now, sources);
    } catch (const std::exception& e) {
        preview.loadable = false;
        preview.diagnostics.push_back(std::string("the engine refuses this configuration: ") + e.what());
        return preview;
    }
    std::vector<std::optional<vrrp::InstanceId>> new_to_old(copy.instances().size());
    for (vrrp::InstanceId o = 0; o < plan.old_to_new.size(); ++o) {
        if (plan.old_to_new[o]) {
            new_to_old[*plan.old_to_new[o]] = o;
        }
    }
    for (vrrp::InstanceId o = 0; o < plan.old_to_new.size(); ++o) {
        if (!plan.old_to_new[o]) {
            const vrrp::Instance& old = running.instance(o);
            control::InstanceChange c;
            c.name = old.name();
            c.change = "removed";
            c.vips_removed = all_vips(old.config());
            c.state_now = std::string(vrrp::to_string(old.state()));
            preview.changes.push_back(std::move(c));
        }
    }
    for (vrrp::InstanceId n = 0; n < copy.instances().size(); ++n) {
        const vrrp::Instance& next = copy.instance(n);
        control::InstanceChange c;
        c.name = next.name();
        c.state_after = std::string(vrrp::to_string(next.state()));
        if (!new_to_old[n]) {
            c.change = "added";
            c.vips_added = all_vips(next.config());
            preview.changes.push_back(std::move(c));
            continue;
        }
        const vrrp::Instance& old = running.instance(*new_to_old[n]);
        c.state_now = std::string(vrrp::to_string(old.state()));
        // A backup that now outranks the master it hears takes over at its next advert
        // (RFC 5798 section 6.4.2: with preempt it ignores the lower priority and its
        // Master_Down_Timer expires).
        if (next.state() == vrrp::State::backup && old.master_address() && next.config().preempt == vrrp::PreemptMode::preempt &&
            next.effective_priority() > old.master_priority()) {
            c.state_after = fmt::format("MASTER (preempts {} with priority {} > {})", old.master_address()->to_string(),
                                        next.effective_priority(), old.master_priority());
        }
        c.details = differences(old.config(), next.config());
        const std::vector<std::string> before = all_vips(old.config());
        const std::vector<std::string> after = all_vips(next.config());
        for (const std::string& v : after) {
            if (std::find(before.begin(), before.end(), v) == before.end()) {
                c.vips_added.push_back(v);
            }
        }
        for (const std::string& v : before) {
            if (std::find(after.begin(), after.end(), v) == after.end()) {
                c.vips_removed.push_back(v);
            }
        }
        if (!c.details.empty() || !c.vips_added.empty() || !c.vips_removed.empty() || c.state_now != c.state_after) {
            // (state_after differs from state_now only by the engine's prediction)
            c.change = "changed";
            preview.changes.push_back(std::move(c));
        }
    }
    return preview;
}

} // namespace vigil::vrrpd
