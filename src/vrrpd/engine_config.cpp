#include "vrrpd/engine_config.hpp"

#include "util/log.hpp"

#include <utility>

namespace vigil::vrrpd {

EngineConfig engine_config_of(const config::Config& config, const script::ScriptUser& default_user) {
    EngineConfig out{vrrpconf::engine_config_of(config), {}, {}};
    for (const config::VrrpScript* s : out.used_scripts) {
        track::TrackedScript t;
        t.name = s->name_;
        t.argv = script::exec_argv(s->script_->argv_, s->script_->text_);
        if (s->user_) {
            std::optional<script::ScriptUser> user = script::resolve_script_user(s->user_->user_, s->user_->group_);
            if (!user) {
                log::info("Unable to set user for vrrp script {} - removing", s->name_);
                continue;
            }
            t.user = *user;
        } else {
            t.user = default_user;
        }
        t.interval = s->interval_.count() == 0 ? std::chrono::seconds{1} : s->interval_;
        t.timeout = s->timeout_.value_or(t.interval);
        if (t.timeout.count() == 0) {
            t.timeout = std::chrono::seconds{1};
        }
        t.rise = s->rise_;
        t.fall = s->fall_;
        t.initial = s->init_fail_ ? track::InitialResult::failed : track::InitialResult::assume_ok_after_one_success;
        out.scripts.push_back(std::move(t));
    }
    for (const config::TrackFile* f : out.used_files) {
        out.files.push_back({f->name_, *f->file_, f->init_file_value_, f->init_file_overwrite_});
    }
    return out;
}

} // namespace vigil::vrrpd
