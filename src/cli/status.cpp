// `vigil status [--json]`: every instance and sync group, then every virtual server, real
// server and checker when the checker process runs (vigil(1)).
#include "cli/connection.hpp"
#include "cli/lvs_print.hpp"
#include "control/explain.hpp"

#include <fmt/format.h>

namespace vigil::cli {

namespace {

void print_instance(const control::Json& i) {
    const control::Json* prio = i.find("priority");
    const control::Json* master = i.find("master");
    const control::Json* last = i.find("last_transition");
    const control::Json* vips = i.find("vips");
    const std::size_t vip_count = vips != nullptr && vips->array_items() != nullptr ? vips->array_items()->size() : 0;
    const bool held = flag_of(i, "vips_held").value_or(false);
    const std::string heard = master != nullptr ? text_of(*master, "address") : std::string();
    std::string who;
    if (text_of(i, "state") == "MASTER") {
        who = fmt::format("{}{}", heard, heard.empty() ? "us" : " (us)");
    } else if (heard.empty()) {
        who = fmt::format("-");
    } else {
        who = fmt::format("{} prio {}", heard, number_of(*master, "priority"));
    }
    std::string transition = "-";
    if (last != nullptr && number_of(*last, "time") > 0) {
        transition = fmt::format("{} ({})", control::time_of_day(number_of(*last, "time")), text_of(*last, "reason"));
    }
    fmt::print("{:<16} {:<7} {:>3} {:>4}  {:<28} {:>2} {:<4} {}\n", text_of(i, "name"), text_of(i, "state"),
               prio != nullptr ? number_of(*prio, "configured") : 0, prio != nullptr ? number_of(*prio, "effective") : 0,
               who, vip_count, held ? "held" : "", transition);
    if (const control::Json* trackers = i.find("trackers"); trackers != nullptr && trackers->array_items() != nullptr) {
        for (const control::Json& t : *trackers->array_items()) {
            fmt::print("  track_{} {}: {}, weight {}, delta {}{}\n", text_of(t, "kind"), text_of(t, "name"),
                       text_of(t, "health"), number_of(t, "weight"), number_of(t, "delta"),
                       flag_of(t, "causes_fault").value_or(false) ? ", FAULT" : "");
        }
    }
}

int print_status(const control::Json& result) {
    fmt::print("{:<16} {:<7} {:>3} {:>4}  {:<28} {:>2} {:<4} {}\n", "INSTANCE", "STATE", "PRI", "EFF", "MASTER",
               "VIPS", "", "LAST TRANSITION");
    if (const control::Json* instances = result.find("instances"); instances && instances->array_items()) {
        for (const control::Json& i : *instances->array_items()) {
            print_instance(i);
        }
    }
    if (const control::Json* groups = result.find("sync_groups"); groups && groups->array_items()) {
        for (const control::Json& g : *groups->array_items()) {
            std::string members;
            if (const control::Json* m = g.find("members"); m && m->array_items()) {
                for (const control::Json& name : *m->array_items()) {
                    members += fmt::format("{}{}", members.empty() ? "" : ", ", name.string() ? *name.string() : "");
                }
            }
            fmt::print("sync group {}: {} ({})\n", text_of(g, "name"), text_of(g, "state"), members);
        }
    }
    return exit_ok;
}

} // namespace

int status_main(const CommonOptions& common, Arguments arguments) {
    bool json = false;
    if (!parse_flags("status", arguments, {{"json", &json}}, nullptr)) {
        return exit_usage;
    }
    return query_both(common, control::Method::status, json, &print_status, &print_lvs_status);
}

} // namespace vigil::cli
