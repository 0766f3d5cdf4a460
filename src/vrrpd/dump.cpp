#include "vrrpd/dump.hpp"

#include "util/json_string.hpp"

#include <fmt/format.h>

#include <array>
#include <ctime>

namespace vigil::vrrpd {
namespace {

using util::json_string;

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? "," : "") + json_string(items[i]);
    }
    return out + "]";
}

int auth_type_number(std::string_view t) { return t == "PASS" ? 1 : t == "AH" ? 2 : 0; }

std::string interval_text(std::int64_t us) {
    if (us % 1000000 == 0) {
        return fmt::format("{} sec", us / 1000000);
    }
    return fmt::format("{} milli-sec", us / 1000);
}

enum class Empty { show, skip };

// "TITLE\n" then one "     ITEM" line per item (data dump lists).
void append_list(std::string& out, std::string_view title, const std::vector<std::string>& items, Empty empty) {
    if (items.empty() && empty == Empty::skip) {
        return;
    }
    out += title;
    out += '\n';
    for (const std::string& item : items) {
        out += fmt::format("     {}\n", item);
    }
}

std::string epoch_text(double epoch) {
    const auto t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S %Y", &tm);
    return fmt::format("{} ({})", t, buf);
}

} // namespace

std::string state_name(int state) {
    switch (state) {
    case 0:
        return "INIT";
    case 1:
        return "BACKUP";
    case 2:
        return "MASTER";
    case 3:
        return "FAULT";
    default:
        return "UNKNOWN";
    }
}

std::string format_status(const std::vector<InstanceSnapshot>& instances) {
    std::array<unsigned, 4> counts{};
    for (const InstanceSnapshot& i : instances) {
        if (i.state >= 0 && i.state < 4) {
            ++counts[static_cast<std::size_t>(i.state)];
        }
    }
    std::string out = fmt::format("VRRP: {} instance{}", instances.size(), instances.size() == 1 ? "" : "s");
    for (int state : {2, 1, 3, 0}) {
        if (counts[static_cast<std::size_t>(state)] > 0) {
            out += fmt::format(", {} {}", counts[static_cast<std::size_t>(state)], state_name(state));
        }
    }
    return out;
}

std::string quoted_argv(const std::vector<std::string>& argv) {
    std::string out;
    for (const std::string& a : argv) {
        out += (out.empty() ? "'" : " '") + a + "'";
    }
    return out;
}

std::string format_stats(const std::vector<InstanceSnapshot>& instances) {
    std::string out;
    for (const InstanceSnapshot& i : instances) {
        const vrrp::Stats& s = i.stats;
        out += fmt::format("VRRP Instance: {}\n", i.name);
        out += fmt::format("  Advertisements:\n    Received: {}\n    Sent: {}\n", s.advert_rcvd, s.advert_sent);
        out += fmt::format("  Became master: {}\n  Released master: {}\n", s.become_master, s.release_master);
        out += fmt::format("  Packet Errors:\n    Length: {}\n    TTL: {}\n    Invalid Type: {}\n"
                           "    Advertisement Interval: {}\n    Address List: {}\n",
                           s.packet_len_err, s.ip_ttl_err, s.invalid_type_rcvd, s.advert_interval_err,
                           s.addr_list_err);
        out += fmt::format("  Authentication Errors:\n    Invalid Type: {}\n    Type Mismatch: {}\n    Failure: {}\n",
                           s.invalid_authtype, s.authtype_mismatch, s.auth_failure);
        out += fmt::format("  Priority Zero:\n    Received: {}\n    Sent: {}\n", s.pri_zero_rcvd, s.pri_zero_sent);
    }
    return out;
}

std::string format_json(const std::vector<InstanceSnapshot>& instances) {
    std::string out = "[";
    for (std::size_t n = 0; n < instances.size(); ++n) {
        const InstanceSnapshot& i = instances[n];
        const vrrp::Stats& s = i.stats;
        out += n ? "," : "";
        out += "{\"data\":{";
        out += fmt::format("\"iname\":{},", json_string(i.name));
        out += fmt::format("\"dont_track_primary\":{},", int(i.dont_track_primary));
        out += fmt::format("\"skip_check_adv_addr\":{},", int(i.skip_check_adv_addr));
        out += fmt::format("\"strict_mode\":{},", int(i.strict_mode));
        out += fmt::format("\"vmac_ifname\":{},", json_string(i.vmac_interface));
        out += fmt::format("\"ifp_ifname\":{},", json_string(i.interface));
        out += fmt::format("\"master_priority\":{},", i.master_priority);
        out += fmt::format("\"last_transition\":{:.6f},", i.last_transition);
        out += fmt::format("\"garp_delay\":{},", i.garp_delay_s);
        out += fmt::format("\"garp_refresh\":{},", i.garp_refresh_s);
        out += fmt::format("\"garp_rep\":{},", i.garp_rep);
        out += fmt::format("\"garp_refresh_rep\":{},", i.garp_refresh_rep);
        out += fmt::format("\"garp_lower_prio_delay\":{},", i.garp_lower_prio_delay_s);
        out += fmt::format("\"garp_lower_prio_rep\":{},", i.garp_lower_prio_rep);
        out += fmt::format("\"lower_prio_no_advert\":{},", int(i.lower_prio_no_advert));
        out += fmt::format("\"higher_prio_send_advert\":{},", int(i.higher_prio_send_advert));
        out += fmt::format("\"vrid\":{},", i.vrid);
        out += fmt::format("\"base_priority\":{},", i.base_priority);
        out += fmt::format("\"effective_priority\":{},", i.effective_priority);
        out += fmt::format("\"vipset\":{},", i.vips.empty() ? "false" : "true");
        out += fmt::format("\"promote_secondaries\":{},", i.promote_secondaries ? "true" : "false");
        out += fmt::format("\"adver_int\":{:.6f},", static_cast<double>(i.adver_int_us) / 1e6);
        out += fmt::format("\"master_adver_int\":{:.6f},", static_cast<double>(i.master_adver_int_us) / 1e6);
        out += fmt::format("\"accept\":{},", int(i.accept));
        out += fmt::format("\"nopreempt\":{},", i.nopreempt ? "true" : "false");
        out += fmt::format("\"preempt_delay\":{},", i.preempt_delay_us / 1000000);
        out += fmt::format("\"state\":{},", i.state);
        out += fmt::format("\"wantstate\":{},", i.wantstate);
        out += fmt::format("\"version\":{},", i.version);
        out += fmt::format("\"smtp_alert\":{},", i.smtp_alert ? "true" : "false");
        out += fmt::format("\"notify_deleted\":{},", i.notify_deleted ? "true" : "false");
        for (const auto& [key, value] : i.scripts) {
            out += fmt::format("{}:{},", json_string(key), json_string(value));
        }
        out += fmt::format("\"vips\":{},", json_list(i.vips));
        out += fmt::format("\"evips\":{},", json_list(i.evips));
        out += fmt::format("\"vroutes\":{},", json_list(i.vroutes));
        out += fmt::format("\"vrules\":{},", json_list(i.vrules));
        out += fmt::format("\"track_ifp\":{},", json_list(i.track_ifp));
        out += fmt::format("\"track_script\":{},", json_list(i.track_script));
        out += fmt::format("\"auth_type\":{},", auth_type_number(i.auth_type));
        out += fmt::format("\"auth_data\":{}", json_string(i.auth_data));
        out += "},\"stats\":{";
        out += fmt::format("\"advert_rcvd\":{},\"advert_sent\":{},\"become_master\":{},\"release_master\":{},"
                           "\"packet_len_err\":{},\"advert_interval_err\":{},\"ip_ttl_err\":{},"
                           "\"invalid_type_rcvd\":{},\"addr_list_err\":{},\"invalid_authtype\":{},"
                           "\"authtype_mismatch\":{},\"auth_failure\":{},\"pri_zero_rcvd\":{},\"pri_zero_sent\":{}",
                           s.advert_rcvd, s.advert_sent, s.become_master, s.release_master, s.packet_len_err,
                           s.advert_interval_err, s.ip_ttl_err, s.invalid_type_rcvd, s.addr_list_err,
                           s.invalid_authtype, s.authtype_mismatch, s.auth_failure, s.pri_zero_rcvd,
                           s.pri_zero_sent);
        out += "}}";
    }
    return out + "]\n";
}

std::string format_data(const GlobalSnapshot& g, const std::vector<InstanceSnapshot>& instances) {
    std::string out = process::format_parent_data(g);
    out += "\n------< VRRP Topology >------\n";
    for (const InstanceSnapshot& i : instances) {
        out += fmt::format(" VRRP Instance = {}\n", i.name);
        out += fmt::format("   VRRP Version = {}\n", i.version);
        out += fmt::format("   State = {}\n", state_name(i.state));
        out += fmt::format("   Wantstate = {}\n", state_name(i.wantstate));
        out += fmt::format("   Last transition = {}\n", epoch_text(i.last_transition));
        out += fmt::format("   Interface = {}\n", i.interface);
        if (!i.source_address.empty()) {
            out += fmt::format("   Using src_ip = {}\n", i.source_address);
        }
        out += fmt::format("   Virtual Router ID = {}\n", i.vrid);
        out += fmt::format("   Priority = {}\n", i.base_priority);
        out += fmt::format("   Effective priority = {}\n", i.effective_priority);
        out += fmt::format("   Master down timer = {} usecs\n", i.master_down_timer_us);
        out += fmt::format("   Advert interval = {}\n", interval_text(i.adver_int_us));
        if (!i.master_address.empty()) {
            out += fmt::format("   Master router = {}\n", i.master_address);
            out += fmt::format("   Master priority = {}\n", i.master_priority);
        }
        out += fmt::format("   Accept = {}\n", i.accept ? "enabled" : "disabled");
        out += fmt::format("   Preempt = {}\n", i.nopreempt ? "disabled" : "enabled");
        out += fmt::format("   Preempt delay = {} secs\n", i.preempt_delay_us / 1000000);
        out += fmt::format("   Gratuitous ARP delay = {}\n", i.garp_delay_s);
        out += fmt::format("   Gratuitous ARP repeat = {}\n", i.garp_rep);
        out += fmt::format("   Gratuitous ARP refresh = {}\n", i.garp_refresh_s);
        out += fmt::format("   Gratuitous ARP refresh repeat = {}\n", i.garp_refresh_rep);
        out += fmt::format("   Gratuitous ARP lower priority delay = {}\n", i.garp_lower_prio_delay_s);
        out += fmt::format("   Gratuitous ARP lower priority repeat = {}\n", i.garp_lower_prio_rep);
        if (!i.auth_type.empty()) {
            out += fmt::format("   Authentication type = {}\n",
                               i.auth_type == "PASS" ? "SIMPLE_PASSWORD" : "IPSEC_AH");
            out += fmt::format("   Password = {}\n", i.auth_data);
        }
        append_list(out, fmt::format("   Virtual IP ({}):", i.vips.size()), i.vips, Empty::show);
        append_list(out, fmt::format("   Virtual IP Excluded ({}):", i.evips.size()), i.evips, Empty::skip);
        append_list(out, fmt::format("   Virtual Routes ({}):", i.vroutes.size()), i.vroutes, Empty::skip);
        append_list(out, fmt::format("   Virtual Rules ({}):", i.vrules.size()), i.vrules, Empty::skip);
        append_list(out, "   Tracked interfaces :", i.track_ifp, Empty::skip);
        append_list(out, "   Tracked scripts :", i.track_script, Empty::skip);
        for (const auto& [key, value] : i.scripts) {
            std::string label = key.substr(key.find('_') + 1);
            out += fmt::format("   {} state transition script = {}\n", label, value);
        }
    }
    out += "\n------< VRRP Sync groups >------\n";
    for (const std::string& s : g.sync_groups) {
        out += fmt::format(" VRRP Sync Group = {}\n", s);
    }
    out += "\n------< VRRP Scripts >------\n";
    for (const std::string& s : g.scripts) {
        out += fmt::format(" VRRP Script = {}\n", s);
    }
    out += "\n------< Interfaces >------\n";
    for (const std::string& s : g.interfaces) {
        out += fmt::format(" Name = {}\n", s);
    }
    return out;
}

} // namespace vigil::vrrpd
