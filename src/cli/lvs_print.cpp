#include "cli/lvs_print.hpp"

#include "cli/connection.hpp"
#include "control/explain.hpp"

#include <fmt/format.h>

namespace vigil::cli {

namespace {

const control::JsonArray& items(const control::Json& object, std::string_view key) {
    static const control::JsonArray none;
    const control::Json* v = object.find(key);
    return v != nullptr && v->array_items() != nullptr ? *v->array_items() : none;
}

std::string when(const control::Json* time) {
    return time != nullptr && time->number() ? control::time_of_day(*time->number()) : std::string("-");
}

void print_checker(const control::Json& c) {
    const control::Json* last = c.find("last_attempt");
    const std::string word = last != nullptr ? text_of(*last, "result") : std::string();
    const std::string code =
        last != nullptr && last->find("code") != nullptr ? fmt::format(" {}", number_of(*last, "code")) : std::string();
    const std::string at = word.empty() || word == "none" ? std::string() : " at " + when(last->find("time"));
    fmt::print("    {} {}{}: last {}{}{}, {} failed in a row, {} of {} retries left, since {}\n", text_of(c, "type"),
               text_of(c, "state"), flag_of(c, "enabled").value_or(true) ? "" : " (suspended)",
               word.empty() ? "none" : word, code, at, number_of(c, "consecutive_failures"),
               number_of(c, "retries_left"), number_of(c, "retry"), when(c.find("since")));
}

} // namespace

int print_lvs_status(const control::Json& result) {
    fmt::print("{:<32} {:<5} {:<6} {:<7} {:>5}  {}\n", "VIRTUAL SERVER", "PROTO", "SCHED", "QUORUM", "ALIVE",
               "SORRY SERVER");
    for (const control::Json& v : items(result, "virtual_servers")) {
        const auto& servers = items(v, "real_servers");
        std::size_t alive = 0;
        for (const control::Json& r : servers) {
            alive += flag_of(r, "alive").value_or(false) ? 1 : 0;
        }
        const control::Json* quorum = v.find("quorum");
        const control::Json* sorry = v.find("sorry");
        std::string sorry_text = sorry != nullptr ? text_of(*sorry, "server") : std::string();
        if (sorry_text.empty()) {
            sorry_text = "-";
        } else if (flag_of(*sorry, "active").value_or(false)) {
            sorry_text += " (in use)";
        }
        fmt::print("{:<32} {:<5} {:<6} {:<7} {:>5}  {}\n", text_of(v, "name"), text_of(v, "protocol"),
                   text_of(v, "scheduler"),
                   quorum != nullptr && flag_of(*quorum, "up").value_or(false) ? "up" : "lost",
                   fmt::format("{}/{}", alive, servers.size()), sorry_text);
        for (const control::Json& r : servers) {
            const control::Json* weight = r.find("weight");
            const char* state = flag_of(r, "alive").value_or(false)       ? "alive"
                                : flag_of(r, "inhibited").value_or(false) ? "inhibited"
                                                                           : "down";
            fmt::print("  {:<30} {:<9} weight {} (configured {}){}\n", text_of(r, "name"), state,
                       weight != nullptr ? number_of(*weight, "current") : 0,
                       weight != nullptr ? number_of(*weight, "configured") : 0,
                       flag_of(r, "in_ipvs").value_or(false) ? "" : ", not in IPVS");
            for (const control::Json& c : items(r, "checkers")) {
                print_checker(c);
            }
        }
    }
    return exit_ok;
}

int print_lvs_stats(const control::Json& result) {
    for (const control::Json& v : items(result, "virtual_servers")) {
        fmt::print("Virtual Server: {}\n", text_of(v, "name"));
        for (const control::Json& r : items(v, "real_servers")) {
            fmt::print("  Real Server: {}\n", text_of(r, "name"));
            for (const control::Json& c : items(r, "checkers")) {
                fmt::print("    {}: {} failed attempts, {} in a row\n", text_of(c, "type"), number_of(c, "failures"),
                           number_of(c, "consecutive_failures"));
            }
        }
    }
    return exit_ok;
}

} // namespace vigil::cli
