#include "process/process_name.hpp"

#include "util/log.hpp"

#include <sys/prctl.h>

namespace vigil::process {
namespace {

void set_comm(const std::optional<std::string>& name) {
    const std::string& value = name ? *name : std::string("keepalived");
    if (::prctl(PR_SET_NAME, value.c_str()) != 0) {
        log::info("Failed to set process name '{}'", value);
    }
}

std::optional<std::string> tuning_name(const config::GlobalDefs& g, const config::ProcessTuning config::CheckerGlobals::*member,
                                       const char* fallback) {
    if (g.checker_ && ((*g.checker_).*member).process_name_) {
        return ((*g.checker_).*member).process_name_;
    }
    return g.process_names_ ? std::optional<std::string>(fallback) : std::nullopt;
}

} // namespace

std::optional<std::string> configured_process_name(const config::GlobalDefs& g, ProcessRole role) {
    switch (role) {
    case ProcessRole::parent: return g.process_name_;
    case ProcessRole::vrrp:
        if (g.vrrp_process_name_) {
            return g.vrrp_process_name_;
        }
        return g.process_names_ ? std::optional<std::string>("keepalived_vrrp") : std::nullopt;
    case ProcessRole::checker: return tuning_name(g, &config::CheckerGlobals::checker_, "keepalived_lvs");
    case ProcessRole::bfd: return tuning_name(g, &config::CheckerGlobals::bfd_, "keepalived_bfd");
    }
    return std::nullopt;
}

void ProcessName::start(const config::GlobalDefs& global) {
    current_ = configured_process_name(global, role_);
    if (current_) {
        set_comm(current_);
    }
}

void ProcessName::reload(const config::GlobalDefs& global) {
    std::optional<std::string> next = configured_process_name(global, role_);
    if (next != current_) {
        set_comm(next);
        current_ = std::move(next);
    }
}

} // namespace vigil::process
