// keepalived.data after its global section: keepalived 2.2.7's vrrp/vrrp_data.c dump_vrrp_data
// (VRRP Topology, Sockpool, Sync groups, Scripts, Track files), trackers/track_file.c and
// vrrp/vrrp_if.c dump_if (Interfaces), line for line. Pure over DataSnapshot.
#include "vrrpd/dump.hpp"

#include <fmt/format.h>

#include <net/if.h>
#include <net/if_arp.h>

#include <ctime>

namespace vigil::vrrpd {

namespace {

struct Lines {
    std::string out;
    template <typename... Args> void operator()(fmt::format_string<Args...> f, Args&&... args) {
        out += fmt::format(f, std::forward<Args>(args)...);
        out += '\n';
    }
    void list(std::string_view title, const std::vector<std::string>& items) {
        if (items.empty()) {
            return;
        }
        out += title;
        out += '\n';
        for (const std::string& item : items) {
            out += fmt::format("     {}\n", item);
        }
    }
};

const char* true_false(bool v) { return v ? "true" : "false"; }

// keepalived's "%ld.%6.6ld (ctime with the microseconds after the seconds)".
std::string timeval_text(double epoch) {
    auto seconds = static_cast<std::time_t>(epoch);
    auto micros = static_cast<long>((epoch - static_cast<double>(seconds)) * 1e6 + 0.5);
    if (micros >= 1000000) {
        ++seconds;
        micros -= 1000000;
    }
    std::tm tm{};
    localtime_r(&seconds, &tm);
    char date[32];
    char year[8];
    std::strftime(date, sizeof(date), "%a %b %e %H:%M:%S", &tm);
    std::strftime(year, sizeof(year), "%Y", &tm);
    return fmt::format("{}.{:06} ({}.{:06} {})", seconds, micros, date, micros, year);
}

// "%ld.%6.6ld (%.19s.%6.6ld)": ctime without the year.
std::string next_time_text(double epoch) {
    const auto seconds = static_cast<std::time_t>(epoch);
    const auto micros = static_cast<long>((epoch - static_cast<double>(seconds)) * 1e6 + 0.5) % 1000000;
    std::tm tm{};
    localtime_r(&seconds, &tm);
    char date[32];
    std::strftime(date, sizeof(date), "%a %b %e %H:%M:%S", &tm);
    return fmt::format("{}.{:06} ({}.{:06})", seconds, micros, date, micros);
}

void garp_delay_lines(Lines& line, const GarpDelaySnapshot& g) {
    line("------< GARP delay group {} >------", g.group);
    if (g.garp_interval_s) {
        line(" GARP interval = {:g}", *g.garp_interval_s);
        line(" GARP next time {}", next_time_text(g.garp_next));
    }
    if (g.gna_interval_s) {
        line(" GNA interval = {:g}", *g.gna_interval_s);
        line(" GNA next time {}", next_time_text(g.gna_next));
    } else if (!g.garp_interval_s) {
        line(" No configuration");
    }
    line(" Interfaces");
    for (const std::string& name : g.interfaces) {
        line("  {}", name);
    }
}

void static_track_group_lines(Lines& line, const StaticTrackGroupSnapshot& g) {
    line(" Static Track Group = {}", g.name);
    line.list("   VRRP member instances :", g.members);
}

void notify_lines(Lines& line, const std::vector<std::pair<std::string, std::string>>& scripts) {
    for (const auto& [label, text] : scripts) {
        line("   {} state transition script = {}", label, text);
    }
}

void instance_lines(Lines& line, const InstanceSnapshot& i) {
    line(" VRRP Instance = {}", i.name);
    line("   VRRP Version = {}", i.version);
    if (!i.sync_group.empty()) {
        line("   Sync group = {}", i.sync_group);
    }
    if (i.native_ipv6) {
        line("   Using Native IPv6");
    }
    line("   State = {}", state_name(i.state));
    if (i.state == 1) {
        line("   Master router = {}", i.master_address);
        line("   Master priority = {}", i.master_priority);
        if (i.version == 3) {
            line("   Master advert int = {:.2f} sec", static_cast<double>(i.master_adver_int_us) / 1e6);
        }
    }
    if (i.unicast || i.unicast_configured || i.unicast_fault_no_peers || i.other_flags) {
        line("   Flags:");
        if (i.unicast) {
            line("     Using unicast");
        } else if (i.unicast_configured) {
            line("     Unicast config option specified but using multicast");
        }
        if (i.unicast_fault_no_peers) {
            line("     If unicast go to fault state if no peers");
        }
    } else {
        line("   Flags: none");
    }
    line("   Wantstate = {}", state_name(i.wantstate));
    line("   Number of config faults = 0");
    line("   Number of interface and track script faults = {}", i.script_if_faults);
    line("   Number of track scripts init = {}", i.scripts_init);
    line("   Last transition = {}", timeval_text(i.last_transition));
    if (i.read_timeout == 0) {
        line("   Read timeout = DISABLED");
    } else {
        line("   Read timeout = {}", timeval_text(i.read_timeout));
    }
    line("   Master down timer = {} usecs", i.master_down_timer_us);
    if (!i.vmac_base.empty()) {
        line("   Use VMAC, i/f name {}, is_up = {}, xmit_base = {}", i.interface, true_false(i.vmac_up),
             true_false(i.vmac_xmit_base));
        line("   Interface = {}, vmac on {}{}", i.interface, i.vmac_base, i.vmac_xmit_base ? ", xmit base i/f" : "");
    } else {
        line("   Interface = {}", i.interface.empty() ? "not configured" : i.interface);
    }
    if (i.dont_track_primary) {
        line("   VRRP interface tracking disabled");
    }
    if (i.skip_check_adv_addr) {
        line("   Skip checking advert IP addresses");
    }
    if (i.strict_mode) {
        line("   Enforcing strict VRRP compliance");
    }
    line("   Using src_ip = {}{}", i.source_address.empty() ? "(none)" : i.source_address,
         i.source_from_config ? " (from configuration)" : "");
    if (!i.unicast) {
        if (i.native_ipv6) {
            line("   Multicast address {}, ifindex {}", i.multicast_address, i.multicast_ifindex);
        } else {
            line("   Multicast address {}", i.multicast_address);
        }
    }
    line("   Gratuitous ARP delay = {}", i.garp_delay_s);
    line("   Gratuitous ARP repeat = {}", i.garp_rep);
    line("   Gratuitous ARP refresh = {}", i.garp_refresh_s);
    line("   Gratuitous ARP refresh repeat = {}", i.garp_refresh_rep);
    line("   Gratuitous ARP lower priority delay = {}", i.garp_lower_prio_delay_s);
    line("   Gratuitous ARP lower priority repeat = {}", i.garp_lower_prio_rep);
    line("   Down timer adverts = {}", i.down_timer_adverts);
    line("   Send advert after receive lower priority advert = {}", true_false(!i.lower_prio_no_advert));
    line("   Send advert after receive higher priority advert = {}", true_false(i.higher_prio_send_advert));
    line("   Virtual Router ID = {}", i.vrid);
    line("   Priority = {}", i.base_priority);
    line("   Effective priority = {}", i.effective_priority);
    line("   Total priority = {}", i.total_priority);
    if (i.version == 2) {
        line("   Advert interval = {} sec", i.adver_int_us / 1000000);
    } else {
        line("   Advert interval = {} milli-sec", i.adver_int_us / 1000);
    }
    if (i.state == 1 && i.version == 3) {
        line("   Master advert interval = {} milli-sec", i.master_adver_int_us / 1000);
    }
    line("   Accept = {}", i.accept ? "enabled" : "disabled");
    line("   Preempt = {}", i.nopreempt ? "disabled" : "enabled");
    if (i.preempt_delay_us != 0) {
        line("   Preempt delay = {:g} secs", static_cast<double>(i.preempt_delay_us) / 1e6);
    }
    line("   Promote_secondaries = {}", i.promote_secondaries ? "enabled" : "disabled");
    if (i.auth_type == "PASS") {
        line("   Authentication type = SIMPLE_PASSWORD");
        line("   Password = {}", i.auth_data);
    } else if (i.auth_type == "AH") {
        line("   Authentication type = IPSEC_AH");
    } else if (i.version == 2) {
        line("   Authentication type = none");
    }
    if (!i.vips.empty()) {
        line.list(fmt::format("   Virtual IP ({}):", i.vips.size()), i.vips);
    }
    line.list("   Virtual IP Excluded :", i.evips);
    if (i.unicast) {
        line("   Unicast TTL = {}", i.unicast_ttl);
        line("   Check unicast src : {}", i.check_unicast_src ? "yes" : "no");
        line("   Unicast Peer :");
        for (const std::string& peer : i.unicast_peers) {
            line("     {}", peer);
        }
        line("   Unicast checksum compatibility = no");
    }
    if (i.fd_in >= 0) {
        line("   fd_in {}, fd_out {}", i.fd_in, i.fd_out);
    } else {
        line("   No sockets allocated");
    }
    line.list("   Virtual Routes :", i.vroutes);
    line.list("   Virtual Rules :", i.vrules);
    line.list("   Tracked interfaces :", i.track_ifp);
    line.list("   Tracked scripts :", i.track_script);
    line.list("   Tracked files :", i.track_file);
    line.list("   Tracked processes :", i.track_process);
    line.list("   Tracked BFDs :", i.track_bfd);
    line("   Using smtp notification = {}", i.smtp_alert ? "yes" : "no");
    line("   Notify deleted = {}", i.notify_deleted ? "Deleted" : "Fault");
    notify_lines(line, i.notify_lines);
    line("   Notify priority changes = {}", true_false(i.notify_priority_changes));
}

void socket_lines(Lines& line, const SocketSnapshot& s) {
    line(" fd_in {} fd_out = {}", s.fd_in, s.fd_out);
    line("   Interface = {}", s.interface);
    line("   Family = {}", s.ipv6 ? "IPv6" : "IPv4");
    line("   Protocol = {}", s.ah ? "AH" : "VRRP");
    line("   Type = {}icast", s.unicast_source.empty() ? "Mult" : "Un");
    if (!s.unicast_source.empty()) {
        line("   Address = {}", s.unicast_source);
    }
    line("   Rx buf size = {}", s.rx_buf_size);
    line("   VRRP instances");
    for (const auto& [name, vrid] : s.instances) {
        line("     {} vrid {}", name, vrid);
    }
}

void sync_group_lines(Lines& line, const SyncGroupSnapshot& g) {
    line(" VRRP Sync Group = {}, {}", g.name, state_name(g.state));
    line("   Num member fault {}, num member init {}", g.member_faults, g.member_inits);
    line.list("   VRRP member instances :", g.members);
    if (g.tracking_weight) {
        line("   sync group tracking weight set");
    }
    line("   Using smtp notification = {}", g.smtp_alert ? "yes" : "no");
    if (g.notify_priority_changes) {
        line("   Notify priority changes = {}", *g.notify_priority_changes ? "yes" : "no");
    }
    line.list("   Tracked interfaces :", g.track_ifp);
    line.list("   Tracked scripts :", g.track_script);
    line.list("   Tracked files :", g.track_file);
    line.list("   Tracked process :", g.track_process);
    line.list("   Tracked BFDs :", g.track_bfd);
    notify_lines(line, g.notify_lines);
}

void script_lines(Lines& line, const ScriptSnapshot& s) {
    line(" VRRP Script = {}", s.name);
    line("   Command = {}", s.command);
    line("   Interval = {} sec", s.interval_s);
    line("   Timeout = {} sec", s.timeout_s);
    line("   Weight = {}{}", s.weight, s.reverse ? " reverse" : "");
    line("   Rise = {}", s.rise);
    line("   Fall = {}", s.fall);
    line("   Result = {}", s.result);
    line("   Insecure = no");
    line("   Init state = {}", s.init_state);
    line("   Status = {}", s.good ? "GOOD" : "BAD");
    line("   Script uid:gid = {}:{}", s.uid, s.gid);
    line("   VRRP instances :");
    line.list("   Tracking instances :", s.tracking);
    line("   State = {}", s.state);
}

void track_file_lines(Lines& line, const TrackFileSnapshot& f) {
    line(" Track file = {}", f.name);
    line("   File = {}", f.file);
    line("   Status = {}", f.status);
    line("   Weight = {}{}", f.weight, f.reverse ? " reverse" : "");
    line.list("   Tracking instances :", f.tracking);
}

void track_process_lines(Lines& line, const TrackProcessSnapshot& p) {
    line(" VRRP Track process = {}", p.name);
    line("   Process = {}", p.process);
    if (!p.parameters.empty()) {
        line("   Parameters = {}", p.parameters);
    }
    if (p.has_param_match) {
        line("   Param match{}", p.param_match);
    }
    line("   Min processes = {}", p.quorum);
    if (p.quorum_max) {
        line("   Max processes = {}", *p.quorum_max);
    }
    line("   Current processes = {}", p.current);
    line("   Have quorum = {}", true_false(p.have_quorum));
    line("   Weight = {}{}", p.weight, p.reverse ? " reverse" : "");
    line("   Terminate delay = {:.6f}s", p.terminate_delay_s);
    line("   Fork delay = {:.6f}s", p.fork_delay_s);
    line("   Fork delay timer not running");
    line("   Terminate delay timer not running");
    line("   Full command = {}", true_false(p.full_command));
    line.list("   Tracking instances :", p.tracking);
}

void track_bfd_lines(Lines& line, const TrackBfdSnapshot& b) {
    line(" VRRP Track BFD = {}", b.name);
    line("   Weight = {}{}", b.weight, b.reverse ? " reverse" : "");
    line("   Bfd is {}", b.up ? "up" : "down");
    line("   Tracking VRRP instances :");
    line.list("   Tracking instances :", b.tracking);
}

void interface_lines(Lines& line, const InterfaceSnapshot& i) {
    line(" Name = {}", i.name);
    line("   index = {}{}", i.index, i.index != 0 ? "" : " (deleted)");
    line("   IPv4 address = {}", i.ipv4.empty() ? "(none)" : i.ipv4);
    line.list("   Additional IPv4 addresses :", i.more_ipv4);
    line("   IPv6 address = {}", i.ipv6.empty() ? "(none)" : i.ipv6);
    line.list("   Additional IPv6 addresses :", i.more_ipv6);
    if (!i.mac.empty()) {
        line("   MAC = {}", i.mac);
        line("   MAC broadcast = {}", i.mac_broadcast);
    }
    const std::uint32_t f = i.flags;
    line("   State = {}UP, {}RUNNING{}{}{}{}{}", (f & IFF_UP) != 0 ? "" : "not ", (f & IFF_RUNNING) != 0 ? "" : "not ",
         (f & IFF_BROADCAST) == 0 ? ", no broadcast" : "", (f & IFF_LOOPBACK) != 0 ? ", loopback" : "",
         (f & IFF_POINTOPOINT) != 0 ? ", point to point" : "", (f & IFF_NOARP) != 0 ? ", no arp" : "",
         (f & IFF_MULTICAST) == 0 ? ", no multicast" : "");
    line("   Seen up = {}", int(i.seen_up));
    line("   Delayed state change running = false");
    line("   Up debounce timer = 0us");
    line("   Down debounce timer = 0us");
    if (!i.vmac_base.empty()) {
        // keepalived makes its macvlans in private mode.
        line("   VMAC type private, underlying interface = {}, state = {}UP, {}RUNNING", i.vmac_base,
             i.vmac_base_up ? "" : "not ", i.vmac_base_running ? "" : "not ");
        line("   I/f created by keepalived");
    }
    line("   MTU = {}", i.mtu);
    if (i.hw_type == ARPHRD_LOOPBACK) {
        line("   HW Type = LOOPBACK");
    } else if (i.hw_type == ARPHRD_ETHER) {
        line("   HW Type = ETHERNET");
    } else if (i.hw_type != ARPHRD_INFINIBAND) { // keepalived logs that one instead
        line("   HW Type = UNKNOWN ({})", i.hw_type);
    }
    line("   NIC netlink status update");
    if (i.garp_interval_ms) {
        line("   Gratuitous ARP interval {}ms", *i.garp_interval_ms);
    }
    if (i.gna_interval_ms) {
        line("   Gratuitous NA interval {}ms", *i.gna_interval_ms);
    }
    line("   Reset ARP config counter {}", i.reset_arp_config);
    line("   Original arp_ignore {}", i.arp_ignore);
    line("   Original arp_filter {}", i.arp_filter);
    if (i.rp_filter) {
        line("   rp_filter {}", *i.rp_filter);
    }
    line("   Original promote_secondaries {}", i.promote_secondaries);
    line("   Reset promote_secondaries counter 0");
    line.list("   Tracking VRRP instances :", i.tracking);
}

// A "------< TITLE >------" section: the title, then `write`'s lines for each item; nothing
// at all without items (keepalived's list_empty checks).
template <typename Item>
void section(Lines& line, std::string_view title, const std::vector<Item>& items,
             void (*write)(Lines&, const Item&)) {
    if (items.empty()) {
        return;
    }
    line("------< {} >------", title);
    for (const Item& item : items) {
        write(line, item);
    }
}

} // namespace

std::string format_data(std::string_view global_section, const DataSnapshot& d) {
    Lines line;
    line.out = global_section;
    section(line, "Gratuitous ARP delays", d.garp_delays, garp_delay_lines);
    line.list("------< Static Addresses >------", d.static_addresses);
    line.list("------< Static Routes >------", d.static_routes);
    line.list("------< Static Rules >------", d.static_rules);
    section(line, "Static Track groups", d.static_track_groups, static_track_group_lines);
    section(line, "VRRP Topology", d.instances, instance_lines);
    section(line, "VRRP Sockpool", d.sockets, socket_lines);
    section(line, "VRRP Sync groups", d.sync_groups, sync_group_lines);
    section(line, "VRRP Scripts", d.scripts, script_lines);
    section(line, "VRRP Track files", d.track_files, track_file_lines);
    section(line, "VRRP Track processes", d.track_processes, track_process_lines);
    section(line, "VRRP Track BFDs", d.track_bfds, track_bfd_lines);
    section(line, "Interfaces", d.interfaces, interface_lines);
    return std::move(line.out);
}

} // namespace vigil::vrrpd
