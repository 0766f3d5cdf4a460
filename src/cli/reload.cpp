// `vigil reload [--preview] [--json]`: show what reloading the configuration on disk would
// change, or reload it and wait for the result (root only) (vigil(1)).
#include "cli/connection.hpp"

#include <fmt/format.h>

namespace vigil::cli {

namespace {

std::string joined(const control::Json& object, std::string_view key) {
    std::string out;
    if (const control::Json* list = object.find(key); list && list->array_items()) {
        for (const control::Json& item : *list->array_items()) {
            out += fmt::format("{}{}", out.empty() ? "" : ", ", item.string() ? *item.string() : "");
        }
    }
    return out;
}

void print_preview(const control::Json& p) {
    const control::Json* changes = p.find("changes");
    if (changes == nullptr || changes->array_items() == nullptr || changes->array_items()->empty()) {
        fmt::print("no instance would change\n");
    } else {
        for (const control::Json& c : *changes->array_items()) {
            const std::string now = text_of(c, "state_now");
            const std::string after = text_of(c, "state_after");
            std::string states;
            if (!now.empty() && !after.empty() && now != after) {
                states = fmt::format(": {} -> {}", now, after);
            } else if (!after.empty()) {
                states = fmt::format(": {}", after);
            } else if (!now.empty()) {
                states = fmt::format(": was {}", now);
            }
            fmt::print("{} {}{}\n", text_of(c, "change"), text_of(c, "name"), states);
            if (const control::Json* details = c.find("details"); details && details->array_items()) {
                for (const control::Json& d : *details->array_items()) {
                    fmt::print("  {}\n", d.string() ? *d.string() : std::string());
                }
            }
            if (const std::string added = joined(c, "vips_added"); !added.empty()) {
                fmt::print("  VIPs added: {}\n", added);
            }
            if (const std::string removed = joined(c, "vips_removed"); !removed.empty()) {
                fmt::print("  VIPs removed: {}\n", removed);
            }
        }
    }
    if (const control::Json* d = p.find("diagnostics"); d && d->array_items()) {
        for (const control::Json& line : *d->array_items()) {
            fmt::print("{}\n", line.string() ? *line.string() : std::string());
        }
    }
}

} // namespace

int reload_main(const CommonOptions& common, Arguments arguments) {
    bool json = false;
    bool preview = false;
    if (!parse_flags("reload", arguments, {{"json", &json}, {"preview", &preview}}, nullptr)) {
        return exit_usage;
    }
    control::Request request{nullptr, control::Method::reload};
    request.preview = preview;
    int status = exit_error;
    const auto reply = call(common, request, preview ? reply_timeout : reload_timeout, status);
    if (!reply) {
        return status;
    }
    if (json) {
        fmt::print("{}\n", control::to_json_text(reply->result));
        return exit_ok;
    }
    if (preview) {
        if (!flag_of(reply->result, "loadable").value_or(true)) {
            fmt::print("the configuration on disk would be refused:\n");
            print_preview(reply->result);
            return exit_error;
        }
        print_preview(reply->result);
        return exit_ok;
    }
    fmt::print("reloaded\n");
    if (const control::Json* p = reply->result.find("preview")) {
        print_preview(*p);
    }
    return exit_ok;
}

} // namespace vigil::cli
