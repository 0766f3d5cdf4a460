#include "vrrpd/dump.hpp"

#include "util/json_string.hpp"

#include <fmt/format.h>

#include <array>

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

} // namespace vigil::vrrpd
