// `vigil events [--follow] [--json]`: the transitions since the daemon started, then (with
// --follow) each new one as it happens, until interrupted (vigil(1)).
#include "cli/connection.hpp"
#include "control/explain.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace vigil::cli {

namespace {

void print_event(const control::Json& e, bool json) {
    if (json) {
        fmt::print("{}\n", control::to_json_text(e));
    } else {
        fmt::print("{} {} {}: {} -> {} ({}{})\n", control::time_of_day(number_of(e, "time")), text_of(e, "kind"),
                   text_of(e, "name"), text_of(e, "from"), text_of(e, "to"), text_of(e, "reason"),
                   text_of(e, "kind") == "instance" ? fmt::format(", priority {}", number_of(e, "priority"))
                                                    : std::string());
    }
    std::fflush(stdout);
}

} // namespace

int events_main(const CommonOptions& common, Arguments arguments) {
    bool json = false;
    bool follow = false;
    if (!parse_flags("events", arguments, {{"json", &json}, {"follow", &follow}}, nullptr)) {
        return exit_usage;
    }
    control::Request request{nullptr, control::Method::events};
    request.follow = follow;
    int status = exit_error;
    auto reply = call(common, request, reply_timeout, status);
    if (!reply) {
        return status;
    }
    if (const control::Json* events = reply->result.find("events"); events && events->array_items()) {
        for (const control::Json& e : *events->array_items()) {
            print_event(e, json);
        }
    }
    if (!follow) {
        return exit_ok;
    }
    std::string error;
    while (const auto line = reply->connection->read_line(std::chrono::milliseconds(-1), error)) {
        auto parsed = control::parse_json(*line);
        if (const control::Json* message = std::get_if<control::Json>(&parsed)) {
            if (const control::Json* e = message->find("event")) {
                print_event(*e, json);
            }
        }
    }
    fmt::print(stderr, "vigil events: {}\n", error);
    return exit_error;
}

} // namespace vigil::cli
