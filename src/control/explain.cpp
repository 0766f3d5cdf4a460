#include "control/explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace vigil::control {

std::string time_of_day(double epoch_seconds) {
    const auto t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    return fmt::format("{:02}:{:02}:{:02} UTC", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string reason_words(const std::string& reason) {
    if (reason == "init") {
        return "start-up (or added by a reload)";
    }
    if (reason == "timeout") {
        return "no advert from a master within the Master_Down_Interval";
    }
    if (reason == "higher_priority") {
        return "a better master advertised";
    }
    if (reason == "fault") {
        return "a tracked object, the link or the source address failed";
    }
    if (reason == "recovered") {
        return "every fault cleared";
    }
    if (reason == "vip_deleted") {
        return "a virtual address was deleted by hand";
    }
    if (reason == "sync_group") {
        return "its sync group moved";
    }
    if (reason == "stop") {
        return "shutdown";
    }
    return "none recorded";
}

namespace {

std::string tracker_keyword(const TrackerView& t) {
    return "track_" + t.kind;
}

std::string health_words(const TrackerView& t) {
    if (t.kind == "file") {
        return fmt::format("value {}", t.value);
    }
    if (t.health == "unknown") {
        return "without a result yet";
    }
    if (t.kind == "script") {
        return t.health == "up" ? "succeeding" : "failing";
    }
    if (t.kind == "process") {
        return t.health == "up" ? "running (quorum)" : "below quorum";
    }
    return t.health;
}

std::string since_words(const TrackerView& t) {
    return t.since ? " since " + time_of_day(*t.since) : std::string();
}

std::string headline(const InstanceView& i) {
    const std::string master = i.master_address.value_or("");
    const bool heard_other = !master.empty() && master != i.source_address.value_or("");
    if (i.state == "MASTER") {
        if (i.address_owner) {
            return "MASTER: we own the virtual addresses (priority 255)";
        }
        if (i.last_reason == "timeout") {
            return fmt::format("MASTER: no advert from a better master for the Master_Down_Interval "
                               "({:.3f} s); our priority is {}",
                               i.master_down_interval, i.effective_priority);
        }
        if (i.last_reason == "sync_group") {
            return fmt::format("MASTER: sync group {} is MASTER", i.sync_group.value_or("?"));
        }
        return fmt::format("MASTER: {}", reason_words(i.last_reason));
    }
    if (i.state == "BACKUP") {
        if (heard_other && i.master_priority > i.effective_priority) {
            return fmt::format("BACKUP: master {} advertises priority {} > our {}", master,
                               i.master_priority, i.effective_priority);
        }
        if (heard_other && i.master_priority == i.effective_priority) {
            return fmt::format("BACKUP: master {} advertises priority {} = our {}, and its address "
                               "is higher than ours",
                               master, i.master_priority, i.effective_priority);
        }
        if (heard_other && i.nopreempt) {
            return fmt::format("BACKUP: master {} advertises priority {} < our {}, but nopreempt "
                               "is set: we do not take over",
                               master, i.master_priority, i.effective_priority);
        }
        if (heard_other && i.preempt_delay > 0) {
            return fmt::format("BACKUP: master {} advertises priority {} < our {}; preempt_delay "
                               "({:.3f} s) is running",
                               master, i.master_priority, i.effective_priority, i.preempt_delay);
        }
        if (i.sync_group && i.want_state != i.state) {
            return fmt::format("BACKUP: held by sync group {} (on its own it would be {})",
                               *i.sync_group, i.want_state);
        }
        return fmt::format("BACKUP: no master heard yet; we take over if none advertises within "
                           "the Master_Down_Interval ({:.3f} s)",
                           i.master_down_interval);
    }
    if (i.state == "FAULT") {
        std::string causes;
        for (const TrackerView& t : i.trackers) {
            if (t.causes_fault) {
                causes += fmt::format("{}{} {} {}{}", causes.empty() ? "" : "; ", tracker_keyword(t),
                                      t.name, health_words(t), since_words(t));
            }
        }
        if (!causes.empty()) {
            return "FAULT: " + causes;
        }
        if (!i.source_address) {
            return fmt::format("FAULT: interface {} has no usable address, or is down", i.interface);
        }
        if (i.sync_group && i.want_state != i.state) {
            return fmt::format("FAULT: sync group {} is in FAULT", *i.sync_group);
        }
        return "FAULT: " + reason_words(i.last_reason);
    }
    if (i.state == "INIT") {
        return "INIT: waiting for the first result of its unweighted trackers";
    }
    return i.state;
}

// The priority the weighted trackers (all but track_file, whose effect is value x weight)
// can give us at the lowest and the highest, clamped as the engine clamps it (1..254).
struct PriorityRange {
    int lowest;
    int highest;
    bool any = false; // a weighted tracker exists
};

PriorityRange priority_range(const InstanceView& i) {
    PriorityRange r{static_cast<int>(i.base_priority), static_cast<int>(i.base_priority)};
    for (const TrackerView& t : i.trackers) {
        if (t.weight == 0 || t.kind == "file") {
            continue;
        }
        const int delta = t.reverse ? -t.weight : t.weight; // what it adds when it counts
        (delta < 0 ? r.lowest : r.highest) += delta;
        r.any = true;
    }
    r.lowest = std::clamp(r.lowest, 1, 254);
    r.highest = std::clamp(r.highest, 1, 254);
    return r;
}

// Facts of the configuration itself, true whatever happens at run time.
void config_facts(const InstanceView& i, std::vector<std::string>& lines) {
    if (i.initial_state == "MASTER" && !i.address_owner) {
        lines.push_back("state MASTER is configured: nopreempt cannot apply to it (keepalived clears "
                        "nopreempt with state MASTER at load, with a warning), so we take over from any "
                        "master advertising a lower priority");
    }
    if (i.address_owner) {
        return; // the trackers' weights are never applied (priority 255)
    }
    for (const TrackerView& t : i.trackers) {
        if (t.weight == 0 || t.kind == "file") {
            continue;
        }
        const int delta = t.reverse ? -t.weight : t.weight;
        const int reached = std::clamp(static_cast<int>(i.base_priority) + delta, 1, 254);
        if (reached - static_cast<int>(i.base_priority) != delta) {
            lines.push_back(fmt::format("{} {} weight {}: alone it moves us only to {} (priority stays "
                                        "within 1..254)",
                                        tracker_keyword(t), t.name, t.weight, reached));
        }
    }
    const PriorityRange r = priority_range(i);
    const std::string master = i.master_address.value_or("");
    const bool heard_other = !master.empty() && master != i.source_address.value_or("");
    if (r.any && heard_other && i.state != "MASTER") {
        const int theirs = static_cast<int>(i.master_priority);
        if (r.highest < theirs) {
            lines.push_back(fmt::format("no tracker of ours can make us master while {} advertises {}: "
                                        "our weights reach at most {}",
                                        master, theirs, r.highest));
        } else if (r.lowest > theirs && i.nopreempt) {
            lines.push_back(fmt::format("our weights keep us at {} or more, above {}'s {}: only nopreempt "
                                        "keeps us BACKUP",
                                        r.lowest, master, theirs));
        }
    }
}

} // namespace

std::vector<std::string> explain(const InstanceView& i) {
    std::vector<std::string> lines;
    lines.push_back(headline(i));
    for (const TrackerView& t : i.trackers) {
        if (t.delta < 0) {
            lines.push_back(fmt::format("{} {} {}{} lowers us by {}", tracker_keyword(t), t.name,
                                        health_words(t), since_words(t), -t.delta));
        } else if (t.delta > 0) {
            lines.push_back(fmt::format("{} {} {}{} raises us by {}", tracker_keyword(t), t.name,
                                        health_words(t), since_words(t), t.delta));
        } else if (t.causes_fault && i.state != "FAULT") {
            lines.push_back(fmt::format("{} {} {}{} requires FAULT", tracker_keyword(t), t.name,
                                        health_words(t), since_words(t)));
        }
    }
    if (i.address_owner) {
        lines.push_back("priority: 255 (address owner), never changed by trackers");
    } else {
        lines.push_back(fmt::format("priority: configured {}, effective {}", i.base_priority,
                                    i.effective_priority));
    }
    if (i.nopreempt) {
        lines.push_back("nopreempt: a higher priority alone does not make us take over from a live master");
    }
    if (i.sync_group) {
        lines.push_back(fmt::format("sync group {}: its members change state together", *i.sync_group));
    }
    if (i.last_transition > 0) {
        lines.push_back(fmt::format("last transition: {}, {}", time_of_day(i.last_transition),
                                    reason_words(i.last_reason)));
    }
    if (i.vips_held) {
        lines.push_back(fmt::format("holds {} virtual address(es)", i.vips.size()));
    }
    config_facts(i, lines);
    return lines;
}

} // namespace vigil::control
