// `vigil simulate`: the options of issue 16, read into simulate::Options, run, printed.
#include "cli/subcommand.hpp"

#include "simulate/report.hpp"
#include "simulate/simulator.hpp"
#include "util/log.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace vigil::cli {
namespace {

constexpr std::string_view simulate_usage =
    "Usage: vigil simulate --node NAME=FILE [--node ...] [--config-id NAME=ID]\n"
    "                      [--event TIME:KIND:NODE[:ARG]]... [--scenario FILE] [--until TIME]\n"
    "                      [--latency TIME] [--seed N] [--adverts] [--json[=transitions|flags|vips|adverts]]\n"
    "KIND: start crash stop link-down link-up script-fail script-ok reload partition heal file loss\n";

int usage_error(const std::string& message) {
    fmt::print(stderr, "vigil simulate: {}\n{}", message, simulate_usage);
    return exit_usage;
}

// "--name=value" or "--name value": the value, advancing `i`; nullopt when absent.
std::optional<std::string_view> value_of(std::string_view name, Arguments args, std::size_t& i) {
    const std::string_view a = args[i];
    if (a.size() > name.size() && a.starts_with(name) && a[name.size()] == '=') {
        return a.substr(name.size() + 1);
    }
    if (a == name && i + 1 < args.size()) {
        return args[++i];
    }
    return std::nullopt;
}

bool split_pair(std::string_view text, std::string& key, std::string& value) {
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
        return false;
    }
    key = text.substr(0, eq);
    value = text.substr(eq + 1);
    return true;
}

void discard_log(log::Level, std::string_view) noexcept {}

} // namespace

int simulate_main(const CommonOptions&, Arguments args) {
    simulate::Options options;
    std::vector<std::pair<std::string, std::string>> ids;
    std::vector<simulate::ParseError> errors;
    std::optional<simulate::JsonView> json;
    auto adverts = simulate::AdvertLines::hide;
    std::size_t order = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "-h" || a == "--help") {
            fmt::print("{}", simulate_usage);
            return exit_ok;
        }
        if (a == "--adverts") {
            adverts = simulate::AdvertLines::show;
        } else if (a == "--json" || a == "--json=transitions") {
            json = simulate::JsonView::transitions;
        } else if (a == "--json=flags") {
            json = simulate::JsonView::flags;
        } else if (a == "--json=vips") {
            json = simulate::JsonView::vips;
        } else if (a == "--json=adverts") {
            json = simulate::JsonView::adverts;
        } else if (const auto node_arg = value_of("--node", args, i)) {
            std::string name;
            std::string file;
            if (!split_pair(*node_arg, name, file)) {
                return usage_error(fmt::format("--node wants NAME=FILE, not '{}'", *node_arg));
            }
            options.nodes.push_back({name, file, name});
        } else if (const auto id_arg = value_of("--config-id", args, i)) {
            std::string name;
            std::string id;
            if (!split_pair(*id_arg, name, id)) {
                return usage_error(fmt::format("--config-id wants NAME=ID, not '{}'", *id_arg));
            }
            ids.emplace_back(name, id);
        } else if (const auto event_arg = value_of("--event", args, i)) {
            if (auto event = simulate::parse_event(*event_arg, "--event", errors)) {
                event->order = order++;
                options.events.push_back(std::move(*event));
            }
        } else if (const auto scenario_arg = value_of("--scenario", args, i)) {
            std::ifstream in{std::string{*scenario_arg}};
            if (!in) {
                fmt::print(stderr, "vigil simulate: cannot read {}\n", *scenario_arg);
                return exit_error;
            }
            std::stringstream text;
            text << in.rdbuf();
            for (simulate::Event& event : simulate::parse_scenario(text.str(), *scenario_arg, errors)) {
                event.order = order++;
                options.events.push_back(std::move(event));
            }
        } else if (const auto until_arg = value_of("--until", args, i)) {
            options.until = simulate::parse_time(*until_arg);
            if (!options.until) {
                return usage_error(fmt::format("bad --until '{}' (like 30s or 2500ms)", *until_arg));
            }
        } else if (const auto latency_arg = value_of("--latency", args, i)) {
            const auto latency = simulate::parse_time(*latency_arg);
            if (!latency) {
                return usage_error(fmt::format("bad --latency '{}' (like 100us)", *latency_arg));
            }
            options.latency = *latency;
        } else if (const auto seed_arg = value_of("--seed", args, i)) {
            const auto [p, ec] = std::from_chars(seed_arg->data(), seed_arg->data() + seed_arg->size(), options.seed);
            if (ec != std::errc{} || p != seed_arg->data() + seed_arg->size()) {
                return usage_error(fmt::format("bad --seed '{}'", *seed_arg));
            }
        } else {
            return usage_error(fmt::format("unknown argument '{}'", a));
        }
    }
    if (!errors.empty()) {
        for (const simulate::ParseError& e : errors) {
            fmt::print(stderr, "{}\n", e.message);
        }
        return exit_usage;
    }
    if (options.nodes.empty()) {
        return usage_error("no --node given");
    }
    for (const auto& [name, id] : ids) {
        bool found = false;
        for (simulate::NodeSpec& node : options.nodes) {
            if (node.name == name) {
                node.config_id = id;
                found = true;
            }
        }
        if (!found) {
            return usage_error(fmt::format("--config-id for unknown node {}", name));
        }
    }

    log::set_sink(&discard_log); // the engine's own log lines are not the timeline
    const simulate::Result result = simulate::run(options);
    log::set_sink(nullptr);
    if (!result.ok) {
        for (const std::string& d : result.timeline.diagnostics) {
            fmt::print(stderr, "{}\n", d);
        }
        return exit_error;
    }
    if (json) {
        fmt::print("{}", simulate::json_report(result.timeline, *json));
        for (const std::string& d : result.timeline.diagnostics) {
            fmt::print(stderr, "{}\n", d);
        }
    } else {
        fmt::print("{}", simulate::text_report(result.timeline, adverts));
    }
    return exit_ok;
}

} // namespace vigil::cli
