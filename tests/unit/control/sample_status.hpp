#pragma once
// A fixed status view for golden-file tests of the control schema and the metrics: a pair's
// backup with a failing weighted script, an address owner, and a sync group.

#include "control/views.hpp"

namespace vigil::control::testing {

inline StatusView sample_status() {
    StatusView s;
    s.daemon = DaemonView{"0.1.0", 4242, 1796637723.5, "/etc/keepalived/keepalived.conf", 2, 1, 1796638000.25, 1, 3};
    InstanceView a;
    a.name = "VI_1";
    a.state = "BACKUP";
    a.want_state = "BACKUP";
    a.vrid = 51;
    a.version = 2;
    a.family = "ipv4";
    a.interface = "eth0";
    a.sync_group = "G1";
    a.base_priority = 100;
    a.effective_priority = 80;
    a.advert_interval = 1;
    a.master_down_interval = 3.6875;
    a.source_address = "192.0.2.2";
    a.master_address = "192.0.2.1";
    a.master_priority = 100;
    a.vips = {{"192.0.2.100/32", "eth0", false}, {"198.51.100.7/24", "eth1", true}};
    a.garp_delay = 5;
    a.transitions = 2;
    a.last_transition = 1796637724.0;
    a.last_reason = "higher_priority";
    a.trackers = {{"script", "chk_nginx", "down", 0, -20, false, -20, false, 1796637723.0},
                  {"interface", "eth1", "up", 0, 0, false, 0, false, std::nullopt},
                  {"file", "maint \"x\"", "up", 3, 1, false, 3, false, 1796637700.0}};
    a.counters = {{"advert_rcvd", 120}, {"advert_sent", 0}, {"become_master", 1}, {"release_master", 1},
                  {"packet_len_err", 0}, {"advert_interval_err", 0}, {"ip_ttl_err", 2}, {"invalid_type_rcvd", 0},
                  {"addr_list_err", 0}, {"invalid_authtype", 0}, {"authtype_mismatch", 0}, {"auth_failure", 1},
                  {"pri_zero_rcvd", 0}, {"pri_zero_sent", 0}};
    a.drops = {{"ttl", 2}, {"checksum", 3}, {"auth_failure", 1}};
    InstanceView b;
    b.name = "VI_6";
    b.state = "MASTER";
    b.want_state = "MASTER";
    b.vrid = 52;
    b.version = 3;
    b.family = "ipv6";
    b.interface = "eth0";
    b.base_priority = 255;
    b.effective_priority = 255;
    b.address_owner = true;
    b.nopreempt = false;
    b.advert_interval = 0.01;
    b.master_down_interval = 0.03;
    b.source_address = "fe80::1";
    b.master_address = "fe80::1";
    b.master_priority = 255;
    b.vips = {{"2001:db8::100/64", "eth0", false}};
    b.vips_held = true;
    b.garp_delay = 5;
    b.transitions = 1;
    b.last_transition = 1796637724.125;
    b.last_reason = "timeout";
    b.counters = {{"advert_rcvd", 0}, {"advert_sent", 1000}, {"become_master", 1}, {"release_master", 0},
                  {"packet_len_err", 0}, {"advert_interval_err", 0}, {"ip_ttl_err", 0}, {"invalid_type_rcvd", 0},
                  {"addr_list_err", 0}, {"invalid_authtype", 0}, {"authtype_mismatch", 0}, {"auth_failure", 0},
                  {"pri_zero_rcvd", 0}, {"pri_zero_sent", 0}};
    s.instances = {a, b};
    s.groups = {{"G1", "BACKUP", {"VI_1"}}};
    s.unattributed_drops = {{"too_short", 4}, {"bad_ip_header", 0}};
    return s;
}

inline ReloadPreview sample_preview() {
    ReloadPreview p;
    p.diagnostics = {"(/etc/keepalived/keepalived.conf: Line 3) Unknown keyword 'foo'"};
    p.changes = {{"VI_1", "changed", {"priority 100 -> 90"}, {"192.0.2.101/32"}, {}, "MASTER", "BACKUP"},
                 {"VI_2", "added", {}, {"192.0.2.102/32"}, {}, "", "BACKUP"},
                 {"VI_3", "removed", {}, {}, {"192.0.2.103/32"}, "BACKUP", ""}};
    return p;
}

} // namespace vigil::control::testing
