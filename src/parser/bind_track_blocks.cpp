// vrrp_script, track_file and vrrp_track_process blocks (reference §3.5-§3.7), with the
// checks and wording of keepalived 2.2.7 (vrrp_parser.c, vrrp_track.c, track_file.c).
#include "parser/bind_blocks.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/bind_scripts.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

namespace vigil::parser {

namespace {

namespace h = handlers;

// ---- vrrp_script ----
using VS = config::VrrpScript;

constexpr unsigned long timer_hz = 1000000;

void vs_script(BindContext& ctx, const Statement& s, VS& vs) {
    vs.script_.reset();
    if (auto c = read_script_params(ctx, s)) {
        vs.script_ = std::move(*c);
    }
}

void vs_interval(BindContext& ctx, const Statement& s, VS& vs) {
    const auto v = ctx.unsigned_at(s, 1, 0, UINT_MAX / timer_hz, Lenient::yes);
    if (!v) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("({}): vrrp script interval '{}' must be between 1 and {} - ignoring",
                                                    vs.name_, s.words[1].text, UINT_MAX / timer_hz));
        }
        return;
    }
    if (*v == 0) {
        ctx.error(s.words[1].where, fmt::format("({}): vrrp script interval must be greater than 0, setting to 1", vs.name_));
    }
    vs.interval_ = config::seconds{*v == 0 ? 1 : *v};
}

void vs_timeout(BindContext& ctx, const Statement& s, VS& vs) {
    const auto v = ctx.unsigned_at(s, 1, 0, UINT_MAX / timer_hz, Lenient::yes);
    if (!v) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("({}): vrrp script timeout '{}' invalid - ignoring", vs.name_,
                                                    s.words[1].text));
        }
        return;
    }
    if (*v == 0) {
        ctx.error(s.words[1].where, fmt::format("({}): vrrp script timeout must be greater than 0, setting to 1", vs.name_));
    }
    vs.timeout_ = config::seconds{*v == 0 ? 1 : *v};
}

void vs_weight(BindContext& ctx, const Statement& s, VS& vs) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    const auto r = read_int(*text, -253, 253, 10, ctx.warn_prefix(Lenient::yes));
    for (const auto& m : r.messages) {
        ctx.error(s.words[1].where, m);
    }
    if (!ctx.keeps(Lenient::yes, r, -253LL, 253LL)) {
        ctx.error(s.words[1].where, fmt::format("vrrp_script {} weight {} must be in [-253, 253]", vs.name_, *text));
    }
    vs.weight_ = static_cast<int>(r.value);  // keepalived keeps what strtol read
    if (BindContext::has(s, 2)) {
        if (s.words[2].text == "reverse") {
            vs.direction_ = config::TrackDirection::reverse;
        } else {
            ctx.error(s.words[2].where, fmt::format("vrrp_script {} unknown weight option {}", vs.name_, s.words[2].text));
        }
    }
}

void vs_count(BindContext& ctx, const Statement& s, unsigned& out, std::string_view name, std::string_view what) {
    if (const auto v = ctx.unsigned_at(s, 1, 1, INT_MAX, Lenient::yes)) {
        out = static_cast<unsigned>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("({}): vrrp script {} value '{}' invalid, defaulting to 1", name, what,
                                                s.words[1].text));
        out = 1;
    }
}

void vs_rise(BindContext& ctx, const Statement& s, VS& vs) {
    vs_count(ctx, s, vs.rise_, vs.name_, "rise");
}

void vs_fall(BindContext& ctx, const Statement& s, VS& vs) {
    vs_count(ctx, s, vs.fall_, vs.name_, "fall");
}

// `user USER [GROUP]`: an unknown one removes the script at the end of the block.
void vs_user(BindContext& ctx, const Statement& s, VS& vs) {
    const auto user = ctx.word(s, 1);
    if (!user) {
        return;
    }
    const auto group = BindContext::has(s, 2) ? std::optional<std::string_view>{s.words[2].text} : std::nullopt;
    const std::string key = fmt::format("vrrp_script/{}/remove", vs.name_);
    if (!ctx.user_group_exists(*user, group)) {
        ctx.error(s.where, fmt::format("Unable to set uid/gid for script {}",
                                       vs.script_ ? vs.script_->text_ : std::string{}));
        ctx.remember(key, "yes");
        return;
    }
    ctx.remember(key, "no");
    vs.user_ = config::UserGroup{std::string{*user}, group ? std::optional<std::string>{std::string{*group}} : std::nullopt};
}

constexpr Keyword<VS> script_keywords[] = {
    {"script", Shape::line, vs_script},
    {"interval", Shape::line, vs_interval},
    {"timeout", Shape::line, vs_timeout},
    {"weight", Shape::line, vs_weight},
    {"rise", Shape::line, vs_rise},
    {"fall", Shape::line, vs_fall},
    {"user", Shape::line, vs_user},
    {"init_fail", Shape::line, h::flag<&VS::init_fail_>},
};

// ---- track_file ----
using TF = config::TrackFile;

void tf_file(BindContext& ctx, const Statement& s, TF& tf) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "track file file name missing");
        return;
    }
    if (tf.file_) {
        ctx.error(s.where, fmt::format("File already set for track file {} - ignoring {}", tf.name_, s.words[1].text));
        return;
    }
    tf.file_ = std::string{s.words[1].text};
}

void tf_weight(BindContext& ctx, const Statement& s, TF& tf) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("No weight specified for track file {} - ignoring", tf.name_));
        return;
    }
    if (tf.weight_ != 1) {
        ctx.error(s.where, fmt::format("Weight already set for track file {} - ignoring {}", tf.name_, s.words[1].text));
        return;
    }
    if (const auto v = ctx.int_at(s, 1, -254, 254)) {
        tf.weight_ = static_cast<int>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Weight ({}) for track_file {} must be between [-254..254] inclusive. "
                                                "Ignoring...", s.words[1].text, tf.name_));
        tf.weight_ = 1;
    }
    if (BindContext::has(s, 2)) {
        if (s.words[2].text == "reverse") {
            tf.direction_ = config::TrackDirection::reverse;
        } else {
            ctx.error(s.words[2].where, fmt::format("track_file {} unknown weight option {}", tf.name_, s.words[2].text));
        }
    }
}

void tf_init_file(BindContext& ctx, const Statement& s, TF& tf) {
    tf.init_file_value_ = 0;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        std::string_view word = s.words[i].text;
        word.remove_prefix(std::min(word.find_first_not_of(" \t\f\n\r\v"), word.size()));
        if (!word.empty() && (std::isdigit(static_cast<unsigned char>(word.front())) != 0 || word.front() == '-')) {
            if (const auto v = ctx.int_at(s, i, INT_MIN, INT_MAX)) {
                if (*v < -254 || *v > 254) {
                    ctx.error(s.words[i].where, fmt::format("Track file {} init value {} is outside sensible range "
                                                            "[-254, 254]", tf.name_, *v));
                }
                tf.init_file_value_ = *v;
            } else {
                ctx.error(s.words[i].where, fmt::format("Track file {} init value {} is invalid", tf.name_, word));
                tf.init_file_value_ = 0;
            }
        } else if (word == "overwrite") {
            tf.init_file_overwrite_ = true;
        } else {
            ctx.error(s.words[i].where, fmt::format("Unknown track file init option {}", word));
        }
    }
}

constexpr Keyword<TF> track_file_keywords[] = {
    {"file", Shape::line, tf_file},
    {"weight", Shape::line, tf_weight},
    {"init_file", Shape::line, tf_init_file},
};

// ---- vrrp_track_process ----
using TP = config::TrackProcess;

void tp_process(BindContext& ctx, const Statement& s, TP& tp) {
    if (tp.process_) {
        if (const auto w = ctx.word(s, 1)) {
            ctx.error(s.where, fmt::format("Process already set for track process {} - ignoring {}", tp.name_, *w));
        }
        return;
    }
    const auto p = ctx.word(s, 1);
    if (!p) {
        return;
    }
    tp.process_ = std::string{*p};
    for (std::size_t i = 2; i < s.words.size(); ++i) {
        tp.params_.emplace_back(s.words[i].text);
    }
    if (s.words.size() > 2) {
        tp.full_command_ = true;
    }
}

void tp_param_match(BindContext& ctx, const Statement& s, TP& tp) {
    if (!BindContext::has(s, 1)) {
        tp.param_match_ = config::ParamMatch::exact;
        tp.full_command_ = true;
        return;
    }
    const auto w = s.words[1].text;
    if (w == "initial") {
        tp.param_match_ = config::ParamMatch::initial;
        tp.full_command_ = true;
    } else if (w == "partial") {
        tp.param_match_ = config::ParamMatch::partial;
        tp.full_command_ = true;
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid param_match type {} - ignoring", w));
    }
}

void tp_weight(BindContext& ctx, const Statement& s, TP& tp) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("No weight specified for track process {} - ignoring", tp.name_));
        return;
    }
    if (tp.weight_ != 0) {
        ctx.error(s.where, fmt::format("Weight already set for track process {} - ignoring {}", tp.name_, s.words[1].text));
        return;
    }
    const auto v = ctx.int_at(s, 1, -254, 254, Lenient::yes);
    if (!v) {
        ctx.error(s.words[1].where, fmt::format("Weight ({}) for vrrp_track_process {} must be between [-254..254] "
                                                "inclusive. Ignoring...", s.words[1].text, tp.name_));
        return;
    }
    if (BindContext::has(s, 2)) {
        if (s.words[2].text == "reverse") {
            tp.direction_ = config::TrackDirection::reverse;
        } else {
            ctx.error(s.words[2].where, fmt::format("vrrp_track_process {} unknown weight option {}", tp.name_,
                                                    s.words[2].text));
        }
    }
    tp.weight_ = static_cast<int>(*v);
}

void tp_quorum(BindContext& ctx, const Statement& s, TP& tp) {
    const auto v = ctx.unsigned_at(s, 1, 1, 65535, Lenient::yes);
    if (!v) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("Quorum ({}) for vrrp_track_process {} must be between [1..65535] "
                                                    "inclusive. Ignoring...", s.words[1].text, tp.name_));
        }
        return;
    }
    if (*v > tp.quorum_max_.value_or(UINT_MAX)) {
        ctx.error(s.words[1].where, "Quorum is greater than quorum_max - ignoring");
        return;
    }
    tp.quorum_ = static_cast<unsigned>(*v);
}

void tp_quorum_max(BindContext& ctx, const Statement& s, TP& tp) {
    const auto v = ctx.unsigned_at(s, 1, 0, 65535, Lenient::yes);
    if (!v) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("quorum_max ({}) for vrrp_track_process {} must be between "
                                                    "[0..65535] inclusive. Ignoring...", s.words[1].text, tp.name_));
        }
        return;
    }
    if ((*v != 0 || tp.quorum_ > 1) && *v < tp.quorum_) {
        ctx.error(s.words[1].where, "quorum_max is less than quorum - ignoring");
        return;
    }
    tp.quorum_max_ = static_cast<unsigned>(*v);
    if (*v == 0) {
        tp.quorum_ = 0;
    } else if (tp.quorum_ == 0) {
        tp.quorum_ = 1;
    }
}

void tp_delay(BindContext& ctx, const Statement& s, TP& tp) {
    const auto kw = s.keyword();
    const auto v = ctx.decimal_at(s, 1, 1, 3600UL * timer_hz, 6, Lenient::yes);
    if (!v) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("{} ({}) for vrrp_track_process {} must be between "
                                                    "[0.000001..3600] inclusive. Ignoring...", kw, s.words[1].text, tp.name_));
        }
        return;
    }
    const config::microseconds d{*v};
    if (kw != "fork_delay") {
        tp.terminate_delay_ = d;
    }
    if (kw != "terminate_delay") {
        tp.fork_delay_ = d;
    }
    if (kw == "delay") {
        tp.delay_ = d;
    }
}

constexpr Keyword<TP> track_process_keywords[] = {
    {"process", Shape::line, tp_process},
    {"param_match", Shape::line, tp_param_match},
    {"weight", Shape::line, tp_weight},
    {"quorum", Shape::line, tp_quorum},
    {"quorum_max", Shape::line, tp_quorum_max},
    {"delay", Shape::line, tp_delay},
    {"terminate_delay", Shape::line, tp_delay},
    {"fork_delay", Shape::line, tp_delay},
    {"full_command", Shape::line, h::flag<&TP::full_command_>},
};

} // namespace

bool bind_script(BindContext& ctx, const Statement& s, config::VrrpScript& script) {
    bind_block<VS>(ctx, s.block, script_keywords, script);
    // vrrp_vscript_end_handler
    const std::string key = fmt::format("vrrp_script/{}/remove", script.name_);
    bool remove = ctx.recall(key) == "yes";
    if (!script.script_ || script.script_->argv_.empty()) {
        ctx.error(s.where, fmt::format("No script set for vrrp_script {} - removing", script.name_));
        remove = true;
    } else if (!remove && !script.user_ && !ctx.default_script_user(s.where)) {
        ctx.error(s.where, fmt::format("Unable to set default user for vrrp script {} - removing", script.name_));
        remove = true;
    }
    return !remove;
}

bool bind_track_file(BindContext& ctx, const Statement& s, config::TrackFile& tf) {
    bind_block<TF>(ctx, s.block, track_file_keywords, tf);
    if (!tf.file_) {
        ctx.error(s.where, fmt::format("No file set for track_file {} - ignoring", tf.name_));
        return false;
    }
    return true;
}

bool bind_track_process(BindContext& ctx, const Statement& s, config::TrackProcess& tp) {
    bind_block<TP>(ctx, s.block, track_process_keywords, tp);
    if (!tp.process_) {
        ctx.error(s.where, fmt::format("track process '{}' process name not specified", tp.name_));
        return false;
    }
    return true;
}

} // namespace vigil::parser
