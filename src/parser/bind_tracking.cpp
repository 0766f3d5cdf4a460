// vrrp_sync_group, vrrp_script, track_file, vrrp_track_process, garp_group (reference
// §3.4-§3.8) and the pieces instances and groups share (trackers, notifies).
#include "parser/bind_blocks.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <array>

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

std::optional<config::GarpExtraIf> bind_garp_extra_if(BindContext& ctx, const Statement& s) {
    config::GarpExtraIf out;
    std::size_t index = 1;
    if (s.words.size() > 1 && s.words[1].text == "all") {
        out.all_ = true;
        index = 2;
    }
    const auto v = ctx.integer(s, index, 0, 86400);
    if (!v) {
        return std::nullopt;
    }
    out.interval_ = config::seconds{*v};
    return out;
}

void bind_tracked(BindContext& ctx, const Statement& s, std::vector<config::TrackedObject>& out, int min_weight,
                  int max_weight, std::string_view owner) {
    const bool interfaces = s.keyword() == "track_interface";
    std::string_view what = s.keyword();
    what.remove_prefix(6);  // "track_"
    out.reserve(out.size() + s.block.size());
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        config::TrackedObject t;
        t.name_ = std::string{line.words[0].text};
        t.location_ = BindContext::location(line.words[0].where);
        bool ok = true;
        for (std::size_t i = 1; i < line.words.size(); ++i) {
            const auto w = line.words[i].text;
            if (w == "weight") {
                const auto v = ctx.integer(line, i + 1, -254, 254);
                ++i;
                if (!v && i < line.words.size() && interfaces) {
                    ctx.error(line.words[i].where,
                              fmt::format("({}) weight {} for {} must be between [{}..{}] inclusive. Ignoring...", owner,
                                          line.words[i].text, t.name_, min_weight, max_weight));
                    ok = false;
                } else if (!v && i < line.words.size()) {
                    ctx.error(line.words[i].where,
                              fmt::format("({}) track {} {}: weight must be between [{}..{}] inclusive, ignoring...",
                                          owner, what, t.name_, min_weight, max_weight));
                    ok = false;
                } else if (!v) {
                    ok = false;
                } else if ((*v < min_weight || *v > max_weight) && interfaces) {
                    ctx.error(line.words[i].where,
                              fmt::format("({}) weight {} for {} must be between [{}..{}] inclusive. Ignoring...", owner,
                                          *v, t.name_, min_weight, max_weight));
                    ok = false;
                } else if (*v < min_weight || *v > max_weight) {
                    ctx.error(line.words[i].where,
                              fmt::format("({}) track {} {}: weight must be between [{}..{}] inclusive, ignoring...",
                                          owner, what, t.name_, min_weight, max_weight));
                    ok = false;
                } else {
                    t.weight_ = static_cast<int>(*v);
                }
            } else if (w == "reverse") {
                t.direction_ = config::TrackDirection::reverse;
            } else if (w == "noreverse" && !interfaces) {
                t.direction_ = config::TrackDirection::normal;
            } else {
                ctx.error(line.words[i].where,
                          fmt::format("({}) unknown track {} option {} - ignoring", owner, what, w));
            }
        }
        if (!ok) {
            continue;
        }
        bool duplicate = false;
        for (const auto& existing : out) {
            duplicate = duplicate || existing.name_ == t.name_;
        }
        if (duplicate) {
            ctx.error(line.words[0].where, fmt::format("({}) duplicate {} {} - ignoring", owner, s.keyword(), t.name_));
            continue;
        }
        out.push_back(std::move(t));
    }
}

bool bind_notify(BindContext& ctx, const Statement& s, config::Notifies& n) {
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
    } else if (kw == "notify_master_rx_lower_pri") {
        slot = &n.master_rx_lower_pri_;
    } else if (kw == "notify_deleted") {
        n.deleted_ = true;
        if (s.words.size() > 1) {
            n.deleted_script_ = ctx.command(s);
        }
        return true;
    } else {
        return false;
    }
    if (auto c = ctx.command(s)) {
        *slot = std::move(*c);
    }
    return true;
}

namespace {

namespace h = handlers;

// ---- vrrp_sync_group ----
using SG = config::SyncGroup;

void sg_group(BindContext& ctx, const Statement& s, SG& sg) {
    for (const auto& line : s.block) {
        for (const auto& w : line.words) {
            bool duplicate = false;
            for (const auto& m : sg.members_) {
                duplicate = duplicate || m == w.text;
            }
            if (duplicate) {
                ctx.error(w.where, fmt::format("VRRP sync group {}: {} is already in the group - ignoring", sg.name_, w.text));
                continue;
            }
            sg.members_.emplace_back(w.text);
        }
    }
}

void sg_notify(BindContext& ctx, const Statement& s, SG& sg) {
    bind_notify(ctx, s, sg.notify_);
}


void sg_global_tracking(BindContext& ctx, const Statement& s, SG& sg) {
    ctx.warning(s.words[0].where, fmt::format("({}) global_tracking is deprecated. Use track_interface/script/file/bfd "
                                              "on the sync group", sg.name_));
    sg.global_tracking_ = true;
}

constexpr Keyword<SG> sync_group_keywords[] = {
    {"group", Shape::block, sg_group},
    {"track_interface", Shape::block, tracked_handler<&config::Trackers::interfaces_, -253, 253, SG>},
    {"track_script", Shape::block, tracked_handler<&config::Trackers::scripts_, -253, 253, SG>},
    {"track_file", Shape::block, tracked_handler<&config::Trackers::files_, -254, 254, SG>},
    {"track_process", Shape::block, tracked_handler<&config::Trackers::processes_, -254, 254, SG>},
    {"track_bfd", Shape::block, tracked_handler<&config::Trackers::bfds_, -253, 253, SG>},
    {"notify_master", Shape::line, sg_notify},
    {"notify_backup", Shape::line, sg_notify},
    {"notify_fault", Shape::line, sg_notify},
    {"notify_stop", Shape::line, sg_notify},
    {"notify", Shape::line, sg_notify},
    {"notify_deleted", Shape::line, sg_notify},
    {"notify_master_rx_lower_pri", Shape::line, sg_notify},
    {"smtp_alert", Shape::line, h::boolean<&SG::smtp_alert_>},
    {"notify_priority_changes", Shape::line, h::boolean<&SG::notify_priority_changes_>},
    {"global_tracking", Shape::line, sg_global_tracking},
    {"sync_group_tracking_weight", Shape::line, h::flag<&SG::sync_group_tracking_weight_>},
};

// ---- vrrp_script ----
using VS = config::VrrpScript;

void vs_script(BindContext& ctx, const Statement& s, VS& vs) {
    h::command<&VS::script_>(ctx, s, vs);
}

void vs_interval(BindContext& ctx, const Statement& s, VS& vs, config::seconds VS::*member, std::string_view what) {
    const auto v = ctx.integer(s, 1, 0, 0xffffffffLL / 1000000);
    if (!v) {
        return;
    }
    if (*v == 0) {
        ctx.error(s.words[1].where, fmt::format("({}): vrrp script {} must be greater than 0, setting to 1", vs.name_, what));
        vs.*member = config::seconds{1};
        return;
    }
    vs.*member = config::seconds{*v};
}

void vs_interval_kw(BindContext& ctx, const Statement& s, VS& vs) {
    vs_interval(ctx, s, vs, &VS::interval_, "interval");
}

void vs_timeout(BindContext& ctx, const Statement& s, VS& vs) {
    const auto v = ctx.integer(s, 1, 0, 0xffffffffLL / 1000000);
    if (!v) {
        return;
    }
    if (*v == 0) {
        ctx.error(s.words[1].where, fmt::format("({}): vrrp script timeout must be greater than 0, setting to 1", vs.name_));
    }
    vs.timeout_ = config::seconds{*v == 0 ? 1 : *v};
}

void vs_weight(BindContext& ctx, const Statement& s, VS& vs) {
    const auto v = ctx.integer(s, 1, -253, 253);
    if (!v) {
        if (s.words.size() > 1) {
            ctx.error(s.words[1].where, fmt::format("vrrp_script {} weight {} must be in [-253, 253]", vs.name_, s.words[1].text));
        }
        return;
    }
    vs.weight_ = static_cast<int>(*v);
    for (std::size_t i = 2; i < s.words.size(); ++i) {
        if (s.words[i].text == "reverse") {
            vs.direction_ = config::TrackDirection::reverse;
        } else if (s.words[i].text == "noreverse") {
            vs.direction_ = config::TrackDirection::normal;
        } else {
            ctx.error(s.words[i].where, fmt::format("({}) unknown vrrp_script weight option {}", vs.name_, s.words[i].text));
        }
    }
}

void vs_count(BindContext& ctx, const Statement& s, unsigned& out, std::string_view name) {
    if (auto v = ctx.integer(s, 1, 1, 2147483647)) {
        out = static_cast<unsigned>(*v);
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("({}): vrrp script {} value '{}' invalid, defaulting to 1", name,
                                                s.keyword(), s.words[1].text));
        out = 1;
    }
}

void vs_rise(BindContext& ctx, const Statement& s, VS& vs) {
    vs_count(ctx, s, vs.rise_, vs.name_);
}
void vs_fall(BindContext& ctx, const Statement& s, VS& vs) {
    vs_count(ctx, s, vs.fall_, vs.name_);
}

void vs_user(BindContext& ctx, const Statement& s, VS& vs) {
    if (auto u = ctx.word(s, 1)) {
        vs.user_ = config::UserGroup{std::string{*u}, s.words.size() > 2 ? std::optional<std::string>{std::string{s.words[2].text}}
                                                                          : std::nullopt};
    }
}

constexpr Keyword<VS> script_keywords[] = {
    {"script", Shape::line, vs_script},
    {"interval", Shape::line, vs_interval_kw},
    {"timeout", Shape::line, vs_timeout},
    {"weight", Shape::line, vs_weight},
    {"rise", Shape::line, vs_rise},
    {"fall", Shape::line, vs_fall},
    {"user", Shape::line, vs_user},
    {"init_fail", Shape::line, h::flag<&VS::init_fail_>},
};

// ---- track_file ----
using TF = config::TrackFile;

void tf_weight(BindContext& ctx, const Statement& s, TF& tf) {
    if (auto v = ctx.integer(s, 1, -2147483647LL, 2147483647LL)) {
        tf.weight_ = static_cast<int>(*v);
    }
    for (std::size_t i = 2; i < s.words.size(); ++i) {
        if (s.words[i].text == "reverse") {
            tf.direction_ = config::TrackDirection::reverse;
        } else {
            ctx.error(s.words[i].where, fmt::format("({}) unknown track_file weight option {}", tf.name_, s.words[i].text));
        }
    }
}

void tf_init_file(BindContext& ctx, const Statement& s, TF& tf) {
    tf.init_file_value_ = 0;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        if (s.words[i].text == "overwrite") {
            tf.init_file_overwrite_ = true;
        } else if (auto v = ctx.integer(s, i, -2147483647LL, 2147483647LL)) {
            tf.init_file_value_ = *v;
        }
    }
}

constexpr Keyword<TF> track_file_keywords[] = {
    {"file", Shape::line, h::string<&TF::file_>},
    {"weight", Shape::line, tf_weight},
    {"init_file", Shape::line, tf_init_file},
};

// ---- vrrp_track_process ----
using TP = config::TrackProcess;

void tp_process(BindContext& ctx, const Statement& s, TP& tp) {
    if (auto p = ctx.word(s, 1)) {
        tp.process_ = std::string{*p};
        tp.params_.clear();
        for (std::size_t i = 2; i < s.words.size(); ++i) {
            tp.params_.emplace_back(s.words[i].text);
        }
    }
}

void tp_param_match(BindContext& ctx, const Statement& s, TP& tp) {
    const auto w = ctx.word(s, 1);
    if (w == "initial") {
        tp.param_match_ = config::ParamMatch::initial;
    } else if (w == "partial") {
        tp.param_match_ = config::ParamMatch::partial;
    } else if (w) {
        ctx.error(s.words[1].where, fmt::format("({}) unknown param_match {}", tp.name_, *w));
    }
}

void tp_weight(BindContext& ctx, const Statement& s, TP& tp) {
    if (auto v = ctx.integer(s, 1, -254, 254)) {
        tp.weight_ = static_cast<int>(*v);
    }
    for (std::size_t i = 2; i < s.words.size(); ++i) {
        if (s.words[i].text == "reverse") {
            tp.direction_ = config::TrackDirection::reverse;
        } else {
            ctx.error(s.words[i].where, fmt::format("({}) unknown weight option {}", tp.name_, s.words[i].text));
        }
    }
}

constexpr Keyword<TP> track_process_keywords[] = {
    {"process", Shape::line, tp_process},
    {"param_match", Shape::line, tp_param_match},
    {"weight", Shape::line, tp_weight},
    {"quorum", Shape::line, h::integer<&TP::quorum_, 1, 65535>},
    {"quorum_max", Shape::line, h::integer<&TP::quorum_max_, 1, 65535>},
    {"delay", Shape::line, h::timer<&TP::delay_, 0, 3600000000LL>},
    {"fork_delay", Shape::line, h::timer<&TP::fork_delay_, 0, 3600000000LL>},
    {"terminate_delay", Shape::line, h::timer<&TP::terminate_delay_, 0, 3600000000LL>},
    {"full_command", Shape::line, h::flag<&TP::full_command_>},
};

// ---- garp_group ----
using GG = config::GarpGroup;

void gg_interface(BindContext& ctx, const Statement& s, GG& gg) {
    if (auto w = ctx.word(s, 1)) {
        gg.interfaces_.emplace_back(*w);
    }
}

void gg_interfaces(BindContext&, const Statement& s, GG& gg) {
    for (const auto& line : s.block) {
        for (const auto& w : line.words) {
            gg.interfaces_.emplace_back(w.text);
        }
    }
}

constexpr Keyword<GG> garp_group_keywords[] = {
    {"garp_interval", Shape::line, h::timer<&GG::garp_interval_, 0, 4294967295LL>},
    {"gna_interval", Shape::line, h::timer<&GG::gna_interval_, 0, 4294967295LL>},
    {"interface", Shape::line, gg_interface},
    {"interfaces", Shape::block, gg_interfaces},
};

} // namespace

void bind_sync_group(BindContext& ctx, const Statement& s, config::SyncGroup& sg) {
    bind_block<SG>(ctx, s.block, sync_group_keywords, sg);
}

void bind_script(BindContext& ctx, const Statement& s, config::VrrpScript& script) {
    bind_block<VS>(ctx, s.block, script_keywords, script);
}

void bind_track_file(BindContext& ctx, const Statement& s, config::TrackFile& tf) {
    bind_block<TF>(ctx, s.block, track_file_keywords, tf);
}

void bind_track_process(BindContext& ctx, const Statement& s, config::TrackProcess& tp) {
    bind_block<TP>(ctx, s.block, track_process_keywords, tp);
}

void bind_garp_group(BindContext& ctx, const Statement& s, config::GarpGroup& gg) {
    bind_block<GG>(ctx, s.block, garp_group_keywords, gg);
}

} // namespace vigil::parser
