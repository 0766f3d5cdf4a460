// vrrp_sync_group and garp_group (reference §3.4, §3.8) and the pieces instances and groups
// share (tracker lines, notify scripts), with the checks and wording of keepalived 2.2.7
// (vrrp_parser.c, vrrp_track.c). vrrp_script, track_file and vrrp_track_process blocks are in
// bind_track_blocks.cpp.
#include "parser/bind_blocks.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/bind_scripts.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

namespace vigil::parser {

config::RawStatement raw_statement(const Statement& s) {
    config::RawStatement out;
    out.words_.reserve(s.words.size());
    for (const auto& w : s.words) {
        out.words_.emplace_back(w.text);
    }
    out.has_block_ = s.has_block;
    for (const auto& child : s.block) {
        out.children_.push_back(raw_statement(child));
    }
    return out;
}

std::optional<config::GarpExtraIf> bind_garp_extra_if(BindContext& ctx, const Statement& s, std::string_view owner) {
    const auto kw = s.keyword();
    if (kw == "vrrp_vmac_garp_intvl" || kw == "vmac_garp_intvl") {
        ctx.error(s.words[0].where, fmt::format("Keyword \"{}\" is deprecated - please use \"{}\"", kw,
                                                kw == "vmac_garp_intvl" ? "garp_extra_if" : "vrrp_garp_extra_if"));
    }
    // The global keyword reads [1, 86400] and has no owner in its messages; an instance's
    // reads [0, 86400] and prefixes "(NAME): ".
    const bool global = owner.empty();
    const std::string prefix = global ? std::string{} : fmt::format("({}): ", owner);
    config::GarpExtraIf out;
    std::optional<unsigned long> delay;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        if (s.words[i].text == "all") {
            out.all_ = true;
        } else if (const auto v = ctx.unsigned_at(s, i, global ? 1 : 0, 86400, Lenient::yes)) {
            delay = *v;
        } else {
            ctx.error(s.words[i].where, fmt::format("{}{} '{}' invalid - ignoring", prefix, kw, s.words[i].text));
            return std::nullopt;
        }
    }
    if (!delay || (global && *delay == 0)) {
        ctx.error(s.where, fmt::format("{}{} specified without time - ignoring", prefix, kw));
        return std::nullopt;
    }
    out.interval_ = config::seconds{*delay};
    return out;
}

namespace {

template <typename T>
bool defined(const std::vector<T>& items, std::string_view name) {
    return std::any_of(items.begin(), items.end(), [&](const T& t) { return t.name_ == name; });
}

template <typename T>
const T* find_named(const std::vector<T>& items, std::string_view name) {
    for (const auto& t : items) {
        if (t.name_ == name) {
            return &t;
        }
    }
    return nullptr;
}

bool tracked(const std::vector<config::TrackedObject>& out, std::string_view name) {
    return std::any_of(out.begin(), out.end(), [&](const config::TrackedObject& t) { return t.name_ == name; });
}

// The "weight W [reverse|noreverse]" tail of a tracker line (alloc_track_*), per kind.
struct WeightRules {
    std::string_view unknown_option;   // "(%s) unknown track script option %s - ignoring" ...
    std::string_view without_value;
    int min;
    int max;
    std::string_view out_of_range;
    bool clamp_254;                    // +/-254 becomes +/-253 with a message
    bool noreverse;                    // noreverse is accepted
    std::string_view unknown_weight_option;
    bool unknown_weight_option_drops;  // the line is ignored after it
};

// alloc_track_if/script/file/process/bfd: one line of a track_* block.
void tracker_line(BindContext& ctx, const Statement& line, std::vector<config::TrackedObject>& out,
                  std::string_view kind, std::string_view owner) {
    const auto name = line.words[0].text;
    const auto& cfg = ctx.config();
    std::optional<int> default_weight;
    if (kind == "track_interface") {
        if (!ctx.lookup_interface(name, BindContext::IfLookup::create_if_dynamic)) {
            ctx.error(line.where, fmt::format("({}) tracked interface {} doesn't exist", owner, name));
            return;
        }
    } else if (kind == "track_script") {
        const auto* script = find_named(cfg.scripts_, name);
        if (script == nullptr) {
            ctx.error(line.where, fmt::format("({}) track script {} not found, ignoring...", owner, name));
            return;
        }
    } else if (kind == "track_file") {
        const auto& files = ctx.vrrp_track_files();
        if (std::find(files.begin(), files.end(), name) == files.end()) {
            ctx.error(line.where, fmt::format("({}) track file {} not found, ignoring...", owner, name));
            return;
        }
    } else if (kind == "track_process") {
        if (!defined(cfg.track_processes_, name)) {
            ctx.error(line.where, fmt::format("({}) track process {} not found, ignoring...", owner, name));
            return;
        }
    } else {
        const auto& bfds = ctx.vrrp_bfds();
        const bool tracked_by_vrrp = std::any_of(cfg.bfd_instances_.begin(), cfg.bfd_instances_.end(),
                                                 [&](const auto& b) { return b.tracked_by_vrrp_ && b.name_ == name; });
        if (!tracked_by_vrrp || std::find(bfds.begin(), bfds.end(), name) == bfds.end()) {
            ctx.error(line.where, fmt::format("({}) track bfd {} not found, ignoring...", owner, name));
            return;
        }
    }
    if (tracked(out, name)) {
        ctx.error(line.where, fmt::format("({}) duplicate {} {} - ignoring", owner, kind, name));
        return;
    }
    config::TrackedObject t;
    t.name_ = std::string{name};
    t.location_ = BindContext::location(line.words[0].where);
    const auto words = line.words.size();
    if (words >= 2) {
        const auto option = line.words[1].text;
        if (option != "weight") {
            if (kind == "track_interface") {
                ctx.error(line.where, fmt::format("({}) unknown track_interface {} option {} - ignoring", owner, name, option));
            } else if (kind == "track_bfd") {
                ctx.error(line.where, fmt::format("({}) unknown track bfd {} option {} - ignoring", owner, name, option));
            } else {
                std::string_view what = kind;
                what.remove_prefix(6);
                ctx.error(line.where, fmt::format("({}) unknown track {} option {} - ignoring", owner, what, option));
            }
            return;
        }
        if (words == 2) {
            std::string_view what = kind == "track_interface" ? "track_interface" : kind;
            if (kind != "track_interface") {
                what.remove_prefix(6);
            }
            ctx.error(line.where, fmt::format("({}) weight without value specified for {}{} {} - ignoring", owner,
                                              kind == "track_interface" ? "" : "track ", what, name));
            return;
        }
        const int lo = kind == "track_bfd" ? -253 : -254;
        const int hi = kind == "track_bfd" ? 253 : 254;
        const auto v = ctx.int_at(line, 2, lo, hi, Lenient::yes);
        if (!v) {
            if (kind == "track_interface") {
                ctx.error(line.where, fmt::format("({}) weight {} for {} must be between [-253..253] inclusive. Ignoring...",
                                                  owner, line.words[2].text, name));
                t.weight_ = 0;
            } else if (kind == "track_script") {
                ctx.error(line.where, fmt::format("({}) track script {}: weight must be between [-253..253] inclusive, "
                                                  "ignoring...", owner, name));
            } else if (kind == "track_file") {
                ctx.error(line.where, fmt::format("({}) weight for track file {} must be in [-254..254] inclusive. "
                                                  "Ignoring...", owner, name));
            } else if (kind == "track_process") {
                ctx.error(line.where, fmt::format("({}) weight for track process {} must be in [-254..254] inclusive. "
                                                  "Ignoring...", owner, name));
            } else {
                ctx.error(line.where, fmt::format("({}) weight for track bfd {} must be in [-253..253] inclusive. "
                                                  "Ignoring...", owner, name));
            }
        } else {
            int w = static_cast<int>(*v);
            if ((kind == "track_interface" || kind == "track_script") && (w == -254 || w == 254)) {
                ctx.error(line.where, fmt::format("({}) weight for {} cannot be +/-254. Setting to +/-253", owner, name));
                w = w < 0 ? -253 : 253;
            }
            t.weight_ = w;
        }
        if (words >= 4) {
            const auto dir = line.words[3].text;
            if (dir == "reverse") {
                t.direction_ = config::TrackDirection::reverse;
            } else if (dir == "noreverse" && kind != "track_interface") {
                t.direction_ = config::TrackDirection::normal;
            } else if (kind == "track_interface") {
                ctx.error(line.where, fmt::format("({}) unknown track_interace {} weight option {} - ignoring", owner,
                                                  name, dir));
            } else if (kind == "track_file") {
                ctx.error(line.where, fmt::format("({}) unknown track file {} weight option {} - ignoring", owner, name, dir));
                return;
            } else {
                ctx.error(line.where, fmt::format("({}) unknown {} {} weight option {} - ignoring", owner, kind, name, dir));
            }
        }
    }
    (void)default_weight;
    out.push_back(std::move(t));
}

} // namespace

void bind_tracked(BindContext& ctx, const Statement& s, std::vector<config::TrackedObject>& out, int, int,
                  std::string_view owner) {
    out.reserve(out.size() + s.block.size());
    for (const auto& line : s.block) {
        if (!line.words.empty()) {
            tracker_line(ctx, line, out, s.keyword(), owner);
        }
    }
}

bool bind_notify(BindContext& ctx, const Statement& s, config::Notifies& n, std::string_view owner, NotifyOwner kind) {
    const auto kw = s.keyword();
    config::OptionalCommand* slot = nullptr;
    if (kw == "notify_master") {
        slot = &n.master_;
    } else if (kw == "notify_backup") {
        slot = &n.backup_;
    } else if (kw == "notify_fault") {
        slot = &n.fault_;
    } else if (kw == "notify_stop") {
        slot = &n.stop_;
    } else if (kw == "notify") {
        slot = &n.generic_;
    } else if (kw == "notify_master_rx_lower_pri" && kind == NotifyOwner::instance) {
        slot = &n.master_rx_lower_pri_;
    } else if (kw == "notify_deleted" && kind == NotifyOwner::instance) {
        if (n.deleted_) {
            ctx.error(s.where, fmt::format("({}) notify_deleted already specified - ignoring {}", owner,
                                           BindContext::has(s, 1) ? s.words[1].text : std::string_view{}));
            return true;
        }
        if (BindContext::has(s, 1)) {
            if (auto c = read_notify_script(ctx, s)) {
                n.deleted_script_ = std::move(*c);
            }
        }
        n.deleted_ = true;
        return true;
    } else {
        return false;
    }
    // The "already specified" flag is the script itself: a dropped one can be given again.
    if (*slot) {
        const auto first = ctx.word(s, 1);
        if (!first) {
            return true;
        }
        if (kind == NotifyOwner::instance) {
            ctx.error(s.where, fmt::format("({}) {} script already specified - ignoring {}", owner, kw, *first));
        } else {
            ctx.error(s.where, fmt::format("vrrp group {}: {} script already specified - ignoring {}", owner, kw, *first));
        }
        return true;
    }
    if (auto c = read_notify_script(ctx, s)) {
        *slot = std::move(*c);
    }
    return true;
}

namespace {

namespace h = handlers;

// ---- vrrp_sync_group ----
using SG = config::SyncGroup;

void sg_group(BindContext& ctx, const Statement& s, SG& sg) {
    if (!ctx.first_time(fmt::format("sync_group/{}/group", sg.name_))) {
        ctx.error(s.where, fmt::format("Group list already specified for sync group {}", sg.name_));
        return;
    }
    if (s.block.empty()) {
        ctx.error(s.where, fmt::format("Warning - sync group {} has empty group block", sg.name_));
    }
    for (const auto& line : s.block) {
        for (const auto& w : line.words) {
            sg.members_.emplace_back(w.text);
        }
    }
}

void sg_notify(BindContext& ctx, const Statement& s, SG& sg) {
    bind_notify(ctx, s, sg.notify_, sg.name_, NotifyOwner::sync_group);
}

void sg_smtp_alert(BindContext& ctx, const Statement& s, SG& sg) {
    if (!BindContext::has(s, 1)) {
        sg.smtp_alert_ = true;
        return;
    }
    const int v = check_true_false(s.words[1].text);
    if (v < 0) {
        ctx.error(s.words[1].where, fmt::format("Invalid vrrp_group smtp_alert parameter {}", s.words[1].text));
        return;
    }
    sg.smtp_alert_ = v == 1;
}

void sg_notify_priority_changes(BindContext& ctx, const Statement& s, SG& sg) {
    if (!BindContext::has(s, 1)) {
        sg.notify_priority_changes_ = true;
        return;
    }
    const int v = check_true_false(s.words[1].text);
    if (v < 0) {
        ctx.error(s.words[1].where, fmt::format("({}) Invalid value '{}' for sync group notify_priority_changes specified",
                                                sg.name_, s.words[1].text));
        return;
    }
    sg.notify_priority_changes_ = v == 1;
}

void sg_global_tracking(BindContext& ctx, const Statement& s, SG& sg) {
    ctx.error(s.words[0].where, fmt::format("({}) global_tracking is deprecated. Use track_interface/script/file on "
                                            "the sync group", sg.name_));
    sg.global_tracking_ = true;
}

template <auto List>
void sg_tracked(BindContext& ctx, const Statement& s, SG& sg) {
    bind_tracked(ctx, s, sg.track_.*List, 0, 0, sg.name_);
}

constexpr Keyword<SG> sync_group_keywords[] = {
    {"group", Shape::block, sg_group},
    {"track_interface", Shape::block, sg_tracked<&config::Trackers::interfaces_>},
    {"track_script", Shape::block, sg_tracked<&config::Trackers::scripts_>},
    {"track_file", Shape::block, sg_tracked<&config::Trackers::files_>},
    {"track_process", Shape::block, sg_tracked<&config::Trackers::processes_>},
    {"track_bfd", Shape::block, sg_tracked<&config::Trackers::bfds_>},
    {"notify_backup", Shape::line, sg_notify},
    {"notify_master", Shape::line, sg_notify},
    {"notify_fault", Shape::line, sg_notify},
    {"notify_stop", Shape::line, sg_notify},
    {"notify", Shape::line, sg_notify},
    {"smtp_alert", Shape::line, sg_smtp_alert},
    {"global_tracking", Shape::line, sg_global_tracking},
    {"sync_group_tracking_weight", Shape::line, h::flag<&SG::sync_group_tracking_weight_>},
    {"notify_priority_changes", Shape::line, sg_notify_priority_changes},
};

// ---- garp_group ----
using GG = config::GarpGroup;

void gg_interval(BindContext& ctx, const Statement& s, std::optional<config::microseconds>& out, std::string_view what) {
    if (const auto v = ctx.decimal_at(s, 1, 0, INT_MAX, 6, Lenient::yes)) {
        out = config::microseconds{*v};
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("garp_group {} '{}' invalid", what, s.words[1].text));
    }
}

void gg_garp_interval(BindContext& ctx, const Statement& s, GG& gg) {
    gg_interval(ctx, s, gg.garp_interval_, "garp_interval");
}

void gg_gna_interval(BindContext& ctx, const Statement& s, GG& gg) {
    gg_interval(ctx, s, gg.gna_interval_, "gna_interval");
}

// Whether another garp_group line already holds the interface (the same line read again by
// another of keepalived's readings does not count).
bool claimed_elsewhere(BindContext& ctx, std::string_view name, const Location& where) {
    const auto holder = ctx.recall(fmt::format("garp_group/{}", name));
    return !holder.empty() &&
           holder != fmt::format("{}:{}:{}", where.file != nullptr ? where.file->path : "", where.line, where.column);
}

// An interface takes one garp_group: the first one wins.
bool claim_garp_interface(BindContext& ctx, std::string_view name, const Location& where, std::string_view shown) {
    if (claimed_elsewhere(ctx, name, where)) {
        ctx.error(where, fmt::format("garp_group already specified for {} - ignoring", shown));
        return false;
    }
    ctx.remember(fmt::format("garp_group/{}", name),
                 fmt::format("{}:{}:{}", where.file != nullptr ? where.file->path : "", where.line, where.column));
    return true;
}

void gg_interface(BindContext& ctx, const Statement& s, GG& gg) {
    const auto name = ctx.word(s, 1);
    if (!name) {
        return;
    }
    if (!ctx.lookup_interface(*name, BindContext::IfLookup::create_if_dynamic)) {
        ctx.error(s.where, fmt::format("WARNING - interface {} specified for garp_group doesn't exist", *name));
        return;
    }
    if (claim_garp_interface(ctx, *name, s.where, *name)) {
        gg.interfaces_.emplace_back(*name);
    }
}

void gg_interfaces(BindContext& ctx, const Statement& s, GG& gg) {
    std::vector<std::string_view> names;
    for (const auto& line : s.block) {
        for (const auto& w : line.words) {
            names.push_back(w.text);
        }
    }
    if (names.empty()) {
        ctx.error(s.where, "Warning - empty garp_group interfaces block");
        return;
    }
    gg.aggregation_group_ = 1;
    for (const auto& other : ctx.config().garp_groups_) {
        if (other.aggregation_group_ != 0) {
            ++gg.aggregation_group_;
        }
    }
    for (const auto name : names) {
        if (!ctx.lookup_interface(name, BindContext::IfLookup::create_if_dynamic)) {
            ctx.error(s.where, fmt::format("WARNING - interface {} specified for garp_group doesn't exist", name));
            continue;
        }
        // keepalived names the block's second word in this message: with only one word, its
        // strvec_slot ends the reading (missing parameter, reported after the block).
        if (names.size() < 2 && claimed_elsewhere(ctx, name, s.where)) {
            ctx.missing_parameter(s.block_close.line != 0 ? s.block_close : s.where, names[0], names[0], 1);
            return;
        }
        if (claim_garp_interface(ctx, name, s.where, names.size() > 1 ? names[1] : std::string_view{})) {
            gg.interfaces_.emplace_back(name);
        }
    }
}

constexpr Keyword<GG> garp_group_keywords[] = {
    {"garp_interval", Shape::line, gg_garp_interval},
    {"gna_interval", Shape::line, gg_gna_interval},
    {"interface", Shape::line, gg_interface},
    {"interfaces", Shape::block, gg_interfaces},
};

} // namespace

void bind_sync_group(BindContext& ctx, const Statement& s, config::SyncGroup& sg) {
    bind_block<SG>(ctx, s.block, sync_group_keywords, sg);
}

bool bind_garp_group(BindContext& ctx, const Statement& s, config::GarpGroup& gg) {
    bind_block<GG>(ctx, s.block, garp_group_keywords, gg);
    if (!gg.garp_interval_ && !gg.gna_interval_) {
        ctx.error(s.where, fmt::format("garp group {} does not have any delay set - removing", gg.aggregation_group_));
        return false;
    }
    return true;
}

} // namespace vigil::parser
