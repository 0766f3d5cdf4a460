// `vigil stats [--json]`: per instance, the counters of keepalived's stats dump, printed as
// keepalived 2.2.7 writes /tmp/keepalived.stats on SIGUSR2 (same names, order and layout),
// then every advert dropped per reason; then, when the checker process runs, each checker's
// failed attempts (vigil(1), docs/control-protocol.md).
#include "cli/connection.hpp"
#include "cli/lvs_print.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace vigil::cli {
namespace {

// keepalived's vrrp_print_stats(): a line's text, or a heading (no counter).
struct StatsLine {
    std::string_view text;
    std::string_view counter; // empty: a heading
};

constexpr std::array<StatsLine, 18> keepalived_layout{{
    {"  Advertisements:", ""},
    {"    Received: ", "advert_rcvd"},
    {"    Sent: ", "advert_sent"},
    {"  Became master: ", "become_master"},
    {"  Released master: ", "release_master"},
    {"  Packet Errors:", ""},
    {"    Length: ", "packet_len_err"},
    {"    TTL: ", "ip_ttl_err"},
    {"    Invalid Type: ", "invalid_type_rcvd"},
    {"    Advertisement Interval: ", "advert_interval_err"},
    {"    Address List: ", "addr_list_err"},
    {"  Authentication Errors:", ""},
    {"    Invalid Type: ", "invalid_authtype"},
    {"    Type Mismatch: ", "authtype_mismatch"},
    {"    Failure: ", "auth_failure"},
    {"  Priority Zero:", ""},
    {"    Received: ", "pri_zero_rcvd"},
    {"    Sent: ", "pri_zero_sent"},
}};

// The non-zero members of a {"reason": count} object under `heading`, or "none".
void print_drops(const control::Json* drops, std::string_view heading, std::string_view indent) {
    fmt::print("{}\n", heading);
    bool any = false;
    if (drops && drops->members()) {
        for (const auto& [reason, count] : *drops->members()) {
            if (count.number().value_or(0) != 0) {
                fmt::print("{}{}: {}\n", indent, reason, count.number().value_or(0));
                any = true;
            }
        }
    }
    if (!any) {
        fmt::print("{}none\n", indent);
    }
}

} // namespace

int stats_main(const CommonOptions& common, Arguments arguments) {
    bool json = false;
    if (!parse_flags("stats", arguments, {{"json", &json}}, nullptr)) {
        return exit_usage;
    }
    const auto vrrp = [](const control::Json& result) {
        if (const control::Json* instances = result.find("instances"); instances && instances->array_items()) {
            for (const control::Json& i : *instances->array_items()) {
                fmt::print("VRRP Instance: {}\n", text_of(i, "name"));
                const control::Json* counters = i.find("counters");
                for (const StatsLine& line : keepalived_layout) {
                    if (line.counter.empty()) {
                        fmt::print("{}\n", line.text);
                        continue;
                    }
                    const control::Json* value = counters ? counters->find(line.counter) : nullptr;
                    fmt::print("{}{}\n", line.text, value ? value->number().value_or(0) : 0);
                }
                print_drops(i.find("drops"), "  Dropped, per reason:", "    ");
            }
        }
        print_drops(result.find("unattributed_drops"), "Dropped before an instance was known:", "  ");
        return exit_ok;
    };
    return query_both(common, control::Method::stats, json, vrrp, &print_lvs_stats);
}

} // namespace vigil::cli
