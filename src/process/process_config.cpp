#include "process/process_config.hpp"

#include "script/script_spawner.hpp"

#include <fmt/format.h>

#include <unistd.h>

namespace vigil::process {

namespace {

bool any_notify(const config::Notifies& n) {
    return n.master_ || n.backup_ || n.fault_ || n.stop_ || n.generic_ || n.master_rx_lower_pri_ ||
           n.deleted_script_;
}

} // namespace

bool runs_scripts(const config::Config& config) {
    const config::GlobalDefs& g = config.global_;
    if (g.startup_script_ || g.shutdown_script_ || g.notify_fifo_script_ || g.vrrp_notify_fifo_script_ ||
        !config.scripts_.empty()) {
        return true;
    }
    for (const config::VrrpInstance& vi : config.instances_) {
        if (any_notify(vi.notify_)) {
            return true;
        }
    }
    for (const config::SyncGroup& sg : config.sync_groups_) {
        if (any_notify(sg.notify_)) {
            return true;
        }
    }
    return false;
}

bool has_vrrp(const config::Config& config) noexcept {
    return !config.instances_.empty() || !config.static_addresses_.empty() || !config.static_routes_.empty() ||
           !config.static_rules_.empty();
}

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
    p.max_auto_priority = config.global_.max_auto_priority_.value_or(0);
    p.reload_time_file = config.global_.reload_time_file_.value_or("");
    p.reload_repeat = config.global_.reload_repeat_;
    p.has_vrrp = has_vrrp(config);
    const config::GlobalDefs& g = config.global_;
    if (g.startup_script_) {
        p.startup_script = script::exec_argv(g.startup_script_->argv_, g.startup_script_->text_);
    }
    if (g.shutdown_script_) {
        p.shutdown_script = script::exec_argv(g.shutdown_script_->argv_, g.shutdown_script_->text_);
    }
    p.startup_script_timeout = g.startup_script_timeout_;
    p.shutdown_script_timeout = g.shutdown_script_timeout_;
    // Only startup_script/shutdown_script run as this user in the parent.
    std::optional<script::ScriptUser> user;
    if (!p.startup_script.empty() || !p.shutdown_script.empty()) {
        user = script::default_script_user(g.script_user_ ? std::optional(g.script_user_->user_) : std::nullopt,
                                   g.script_user_ ? g.script_user_->group_ : std::nullopt);
    }
    if (user) {
        p.script_uid = user->uid;
        p.script_gid = user->gid;
    }
    p.net_namespace_ipvs = config.root_.net_namespace_ipvs_;
    p.vrrp_nft_table = g.nftables_ ? g.nftables_ : g.vrrp_iptables_ ? std::optional<std::string>("keepalived") : std::nullopt;
    if (g.checker_) {
        p.ipvs_nft_table = g.checker_->nftables_ipvs_;
    }
    p.config_directory = g.tmp_config_directory_;
    p.disable_local_igmp = g.disable_local_igmp_;
    p.has_lvs = config.lvs_ && config.lvs_->has_virtual_server_keyword_;
    // keepalived's have_bfd_config: any bfd_instance block, even one it does not run.
    p.has_bfd = !config.bfd_instances_.empty();
    p.global = std::make_shared<const config::GlobalDefs>(config.global_);
    p.root = std::make_shared<const config::RootSettings>(config.root_);
    return p;
}

std::vector<std::string> unsupported_reload_changes(const ProcessConfig& running, const ProcessConfig& fresh) {
    std::vector<std::string> lines;
    const auto refuse = [&lines](bool changed, std::string_view what) {
        if (changed) {
            lines.push_back(fmt::format("Cannot change {} at a reload - please restart keepalived", what));
        }
    };
    refuse(running.net_namespace != fresh.net_namespace, "network namespace");
    refuse(running.net_namespace_ipvs != fresh.net_namespace_ipvs, "IPVS network namespace");
    refuse(running.instance != fresh.instance, "instance name");
    refuse(running.vrrp_nft_table != fresh.vrrp_nft_table, "nftables table name");
    refuse(running.ipvs_nft_table != fresh.ipvs_nft_table, "IPVS nftables table name");
    refuse(running.config_directory != fresh.config_directory, "config_directory");
    refuse(running.disable_local_igmp != fresh.disable_local_igmp, "disable_local_igmp");
    return lines;
}

} // namespace vigil::process
