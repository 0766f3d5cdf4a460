#pragma once
// The VRRP child's configuration: the pure mapping of vrrpconf/engine_config (engine
// configuration, per-instance extras, netlink forms) plus the runnable trackers: the
// vrrp_scripts with their resolved user and exec argv, and the track_files to watch.

#include "config/model.hpp"
#include "script/script_spawner.hpp"
#include "track/file_tracker.hpp"
#include "track/script_tracker.hpp"
#include "vrrpconf/engine_config.hpp"

#include <vector>

namespace vigil::vrrpd {

using vrrpconf::AddressOptions;
using vrrpconf::InstanceExtras;
using vrrpconf::address_attributes;
using vrrpconf::address_options;
using vrrpconf::expectations_of;

struct EngineConfig : vrrpconf::EngineConfig {
    std::vector<track::TrackedScript> scripts; // used_scripts whose user could be set
    std::vector<track::WatchedFile> files;     // used_files
};

// `default_user`: keepalived's default script user (script_user / keepalived_script / us).
// Logs keepalived's warnings for track scripts it does not find and scripts it has to drop.
EngineConfig engine_config_of(const config::Config& config, const script::ScriptUser& default_user);

} // namespace vigil::vrrpd
