#include "daemon/process_config.hpp"

#include "daemon/script_spawner.hpp"

#include <unistd.h>

namespace vigil::daemon {

ProcessConfig process_config_of(const config::Config& config) {
    ProcessConfig p;
    if (config.global_.router_id_) {
        p.router_id = *config.global_.router_id_;
    } else {
        char host[256] = {};
        ::gethostname(host, sizeof(host) - 1);
        p.router_id = host;
    }
    p.instance = config.root_.instance_.value_or("");
    p.net_namespace = config.root_.net_namespace_.value_or("");
    p.use_pid_dir = config.root_.use_pid_dir_;
    p.child_wait_time = config.root_.child_wait_time_;
    p.has_vrrp = !config.instances_.empty() || !config.static_addresses_.empty() ||
                 !config.static_routes_.empty() || !config.static_rules_.empty();
    const config::GlobalDefs& g = config.global_;
    if (g.startup_script_) {
        p.startup_script = exec_argv(g.startup_script_->argv_, g.startup_script_->text_);
    }
    if (g.shutdown_script_) {
        p.shutdown_script = exec_argv(g.shutdown_script_->argv_, g.shutdown_script_->text_);
    }
    p.startup_script_timeout = g.startup_script_timeout_;
    p.shutdown_script_timeout = g.shutdown_script_timeout_;
    const std::optional<ScriptUser> user =
        default_script_user(g.script_user_ ? std::optional(g.script_user_->user_) : std::nullopt,
                            g.script_user_ ? g.script_user_->group_ : std::nullopt);
    if (user) {
        p.script_uid = user->uid;
        p.script_gid = user->gid;
    }
    p.has_lvs = config.lvs_.virtual_servers_ > 0 || config.lvs_.virtual_server_groups_ > 0;
    return p;
}

} // namespace vigil::daemon
