#pragma once
// The files keepalived writes on signals (section 2 "Signals"), in its formats so that existing
// consumers (Prometheus exporters, tools/json_tracking/vrrp_recap) keep working:
//   SIGUSR1     keepalived.data (VRRP child), keepalived_parent.data (parent): text sections
//   SIGUSR2     keepalived.stats; SIGRTMAX-1 the same, then counters are cleared
//   SIGRTMIN+2  keepalived.json: [{"data": {...}, "stats": {...}}, ...]
// Files are written by runtime/dump_file.hpp; the global section is process/parent_dump.hpp.
// Formatting is pure over InstanceSnapshot; the VRRP child builds the snapshots.

#include "process/parent_dump.hpp"
#include "vrrp/stats.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::vrrpd {

struct InstanceSnapshot {
    std::string name;
    int state = 0;      // keepalived numbering: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT
    int wantstate = 0;
    unsigned version = 2;
    unsigned vrid = 0;
    unsigned base_priority = 100;
    unsigned effective_priority = 100;
    unsigned master_priority = 0;
    double last_transition = 0;          // epoch seconds
    std::string interface;               // ifp_ifname
    std::string vmac_interface;
    std::int64_t adver_int_us = 1000000;
    std::int64_t master_adver_int_us = 1000000;
    std::int64_t master_down_timer_us = 0;
    bool accept = true;
    bool nopreempt = false;
    std::int64_t preempt_delay_us = 0;
    bool dont_track_primary = false;
    bool skip_check_adv_addr = false;
    bool strict_mode = false;
    bool lower_prio_no_advert = false;
    bool higher_prio_send_advert = false;
    bool promote_secondaries = false;
    bool smtp_alert = false;
    bool notify_deleted = false;
    std::int64_t garp_delay_s = 5;
    std::int64_t garp_refresh_s = 0;
    unsigned garp_rep = 5;
    unsigned garp_refresh_rep = 1;
    std::int64_t garp_lower_prio_delay_s = 5;
    unsigned garp_lower_prio_rep = 5;
    std::vector<std::string> vips;   // "192.0.2.100/32 dev eth0 scope global"
    std::vector<std::string> evips;
    std::vector<std::string> vroutes;
    std::vector<std::string> vrules;
    std::vector<std::string> track_ifp;
    std::vector<std::string> track_script;
    std::string auth_type;           // "", "PASS" or "AH" (json: 0/1/2)
    std::string auth_data;
    std::string master_address;
    std::string source_address;
    std::vector<std::pair<std::string, std::string>> scripts; // script_master -> quoted argv
    vrrp::Stats stats;
};

// The child's global sections: the parent's, then sync groups, scripts and interfaces.
struct GlobalSnapshot : process::GlobalDefinitions {
    std::vector<std::string> sync_groups; // "G1: VI_1, VI_2 (MASTER)"
    std::vector<std::string> scripts;     // "chk: status OK, weight -60, interval 1 sec..."
    std::vector<std::string> interfaces;  // "eth0 (index 2) UP"
};

std::string state_name(int state);

// systemd STATUS= text (vigil extension): "VRRP: 2 instances, 1 MASTER, 1 BACKUP" (states
// with no instance are left out; FAULT and INIT counted the same way).
std::string format_status(const std::vector<InstanceSnapshot>& instances);

std::string format_stats(const std::vector<InstanceSnapshot>& instances);
std::string format_json(const std::vector<InstanceSnapshot>& instances);
std::string format_data(const GlobalSnapshot& global, const std::vector<InstanceSnapshot>& instances);

// `'/bin/echo' 'a b'` style quoting of an argv for the data and JSON dumps.
std::string quoted_argv(const std::vector<std::string>& argv);

} // namespace vigil::vrrpd
