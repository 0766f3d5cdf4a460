// The IPVS set-up around the engine (check_daemon.c start_check, ipvswrapper.c ipvs_start):
// opening the generic netlink family (loading ip_vs when it is missing), lvs_timeouts
// (the kernel's values saved once and put back at stop or when a reload drops them),
// the sync daemons the checker owns (lvs_sync_daemon without `inst`: both roles for the
// child's whole life), and lvs_flush at start-up.
#include "checkd/checker_child.hpp"
#include "checkd/ipvs_namespace.hpp"

#include "ipvs/keepalived_wording.hpp"
#include "script/script_spawner.hpp"
#include "util/log.hpp"

#include <sys/wait.h>

#include <fstream>

namespace vigil::checkd {

namespace {

// keepalived_modprobe: the kernel's modprobe helper (/proc/sys/kernel/modprobe), run and
// waited for.
bool modprobe(const char* module) {
    std::string helper = "/sbin/modprobe";
    if (std::ifstream in("/proc/sys/kernel/modprobe"); in) {
        std::string line;
        if (std::getline(in, line) && !line.empty()) {
            helper = line;
        }
    }
    const pid_t pid = script::spawn_script({helper, "-s", module}, script::ScriptUser{0, 0});
    if (pid <= 0) {
        return false;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

const config::LvsSyncDaemon* owned_sync_daemon(const config::Config& config) {
    const auto& checker = config.global_.checker_;
    if (!checker || !checker->lvs_sync_daemon_ || checker->lvs_sync_daemon_->instance_) {
        return nullptr; // none, or the VRRP child runs it (`inst`)
    }
    return &*checker->lvs_sync_daemon_;
}

ipvs::SyncDaemon sync_daemon_of(const config::LvsSyncDaemon& d, ipvs::SyncRole role) {
    ipvs::SyncDaemon daemon;
    daemon.role = role;
    daemon.interface = d.interface_;
    daemon.sync_id = d.sync_id_.value_or(0);
    daemon.max_len = static_cast<std::uint16_t>(d.maxlen_.value_or(0));
    daemon.port = static_cast<std::uint16_t>(d.port_.value_or(0));
    daemon.ttl = static_cast<std::uint8_t>(d.ttl_.value_or(0));
    daemon.group = d.group_;
    return daemon;
}

void stop_sync_daemons(ipvs::IpvsTable& table) {
    for (const auto role : {ipvs::SyncRole::master, ipvs::SyncRole::backup}) {
        (void)table.stop_sync_daemon(role); // errors ignored, as keepalived does here
    }
}

} // namespace

// net_namespace_ipvs: the socket is opened inside that namespace (and stays bound to it).
bool CheckerChild::open_ipvs(const std::optional<std::string>& ipvs_namespace) {
    std::error_code error;
    const auto open_table = [&] {
        if (!ipvs_namespace) {
            return ipvs::NetlinkIpvsTable::open(error);
        }
        const IpvsNamespaceScope scope(*ipvs_namespace);
        if (!scope.entered()) {
            error = std::make_error_code(std::errc::no_such_file_or_directory);
            return std::unique_ptr<ipvs::NetlinkIpvsTable>{};
        }
        return ipvs::NetlinkIpvsTable::open(error);
    };
    ipvs_ = open_table();
    if (!ipvs_ && modprobe("ip_vs")) {
        ipvs_ = open_table();
    }
    if (!ipvs_) {
        log::info("{}", ipvs::init_failure_message(error));
        return false;
    }
    return true;
}

void CheckerChild::apply_ipvs_settings(const config::Config* previous) {
    if (!ipvs_) {
        return; // no virtual server yet: IPVS not opened
    }
    const auto& checker = model_->global_.checker_;
    if (checker && checker->lvs_timeouts_) {
        if (!original_timeouts_) {
            ipvs::Timeouts saved;
            if (!ipvs_->get_timeouts(saved)) {
                original_timeouts_ = saved;
            }
        }
        const auto& t = *checker->lvs_timeouts_;
        ipvs::Timeouts wanted;
        wanted.tcp = t.tcp_.value_or(0);
        wanted.tcp_fin = t.tcpfin_.value_or(0);
        wanted.udp = t.udp_.value_or(0);
        if (original_timeouts_) {
            // Unset ones come from the saved originals.
            wanted.tcp = wanted.tcp != 0 ? wanted.tcp : original_timeouts_->tcp;
            wanted.tcp_fin = wanted.tcp_fin != 0 ? wanted.tcp_fin : original_timeouts_->tcp_fin;
            wanted.udp = wanted.udp != 0 ? wanted.udp : original_timeouts_->udp;
        }
        if (ipvs_->set_timeouts(wanted)) {
            log::info("Failed to set ipvs timeouts");
        }
    } else if (previous != nullptr && original_timeouts_) {
        (void)ipvs_->set_timeouts(*original_timeouts_);
    }

    const config::LvsSyncDaemon* wanted = owned_sync_daemon(*model_);
    const config::LvsSyncDaemon* before = previous != nullptr ? owned_sync_daemon(*previous) : nullptr;
    if (wanted != nullptr && (previous == nullptr || before == nullptr || !(*before == *wanted))) {
        stop_sync_daemons(*ipvs_);
    }
    if (wanted != nullptr) {
        for (const auto role : {ipvs::SyncRole::master, ipvs::SyncRole::backup}) {
            if (const std::error_code e = ipvs_->start_sync_daemon(sync_daemon_of(*wanted, role))) {
                log::info("{}", ipvs::failure_message(ipvs::LoggedCall::start_sync_daemon, e));
            }
        }
        sync_daemons_started_ = true;
    } else if (sync_daemons_started_) {
        stop_sync_daemons(*ipvs_);
        sync_daemons_started_ = false;
    }

    if (previous == nullptr && checker && checker->lvs_flush_) {
        if (const std::error_code e = ipvs_->flush()) {
            ipvs::Command flush;
            log::info("{}", ipvs::failure_message(flush, e));
        }
    }
}

void CheckerChild::release_ipvs_settings() noexcept {
    if (!ipvs_) {
        return;
    }
    if (sync_daemons_started_) {
        stop_sync_daemons(*ipvs_);
        sync_daemons_started_ = false;
    }
    if (original_timeouts_) {
        (void)ipvs_->set_timeouts(*original_timeouts_);
    }
}

} // namespace vigil::checkd
