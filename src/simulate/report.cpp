#include "simulate/report.hpp"

#include "util/json_string.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>
#include <vector>

namespace vigil::simulate {
namespace {

std::string fixed_ms(vrrp::Duration d) {
    const std::int64_t us = d.count();
    return fmt::format("{}{}.{:03}", us < 0 ? "-" : "", std::abs(us) / 1000, std::abs(us) % 1000);
}

using util::json_string;

} // namespace

std::string text_report(const Timeline& timeline, AdvertLines adverts) {
    // One chronological list: transitions, VIP moves and (optionally) adverts; at one instant
    // adverts first, then transitions, then VIP moves (the order the daemon acts in).
    using Line = std::variant<const AdvertSent*, const Transition*, const VipMove*>;
    std::vector<std::pair<vrrp::Duration, Line>> lines;
    if (adverts == AdvertLines::show) {
        for (const AdvertSent& a : timeline.adverts) {
            lines.emplace_back(a.at, &a);
        }
    }
    for (const Transition& t : timeline.transitions) {
        lines.emplace_back(t.at, &t);
    }
    for (const VipMove& v : timeline.vips) {
        lines.emplace_back(v.at, &v);
    }
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        return a.first < b.first || (a.first == b.first && a.second.index() < b.second.index());
    });
    std::string out = "time (ms)   node  instance  what\n";
    for (const auto& [at, line] : lines) {
        out += fmt::format("{:>10}  ", fixed_ms(at));
        if (const auto* const* a = std::get_if<const AdvertSent*>(&line)) {
            out += fmt::format("{}  {}  advert VRRPv{} VRID {} priority {}{}\n", (*a)->node, (*a)->instance,
                               (*a)->version, (*a)->vrid, (*a)->priority,
                               (*a)->fate.empty() ? "" : " (" + (*a)->fate + ")");
        } else if (const auto* const* t = std::get_if<const Transition*>(&line)) {
            out += fmt::format("{}  {}  {} -> {}  ({})\n", (*t)->node, (*t)->instance, (*t)->from, (*t)->to,
                               (*t)->reason);
        } else if (const auto* const* v = std::get_if<const VipMove*>(&line)) {
            out += fmt::format("{}  {}  {} {}\n", (*v)->node, (*v)->instance,
                               (*v)->change == VipChange::added ? "+" : "-", (*v)->address.to_string());
        }
    }
    out += fmt::format("{:>10}  end\n", fixed_ms(timeline.end));
    if (!timeline.flags.empty()) {
        out += "\nflags:\n";
        for (const Flag& f : timeline.flags) {
            out += fmt::format("  {}: {}\n", f.kind, f.message);
        }
    }
    if (!timeline.diagnostics.empty()) {
        out += "\nconfiguration:\n";
        for (const std::string& d : timeline.diagnostics) {
            out += "  " + d + "\n";
        }
    }
    return out;
}

std::string json_report(const Timeline& timeline, JsonView view) {
    std::vector<std::string> items;
    switch (view) {
    case JsonView::transitions:
        for (const Transition& t : timeline.transitions) {
            items.push_back(fmt::format(
                R"({{"time_ms": {}, "node": {}, "instance": {}, "from": {}, "to": {}, "reason": {}, "priority": {}}})",
                fixed_ms(t.at), json_string(t.node), json_string(t.instance), json_string(t.from),
                json_string(t.to), json_string(t.reason), t.priority));
        }
        break;
    case JsonView::flags:
        for (const Flag& f : timeline.flags) {
            items.push_back(fmt::format(R"({{"time_ms": {}, "until_ms": {}, "kind": {}, "message": {}}})",
                                        fixed_ms(f.at), fixed_ms(f.until), json_string(f.kind),
                                        json_string(f.message)));
        }
        break;
    case JsonView::vips:
        for (const VipMove& v : timeline.vips) {
            items.push_back(fmt::format(R"({{"time_ms": {}, "node": {}, "instance": {}, "address": {}, "change": {}}})",
                                        fixed_ms(v.at), json_string(v.node), json_string(v.instance),
                                        json_string(v.address.to_string()),
                                        v.change == VipChange::added ? "\"added\"" : "\"removed\""));
        }
        break;
    case JsonView::adverts:
        for (const AdvertSent& a : timeline.adverts) {
            items.push_back(fmt::format(
                R"({{"time_ms": {}, "node": {}, "instance": {}, "vrid": {}, "priority": {}, "version": {}, "fate": {}}})",
                fixed_ms(a.at), json_string(a.node), json_string(a.instance), a.vrid, a.priority, a.version,
                json_string(a.fate.empty() ? "delivered" : a.fate)));
        }
        break;
    }
    if (items.empty()) {
        return "[]\n";
    }
    return "[\n  " + fmt::format("{}", fmt::join(items, ",\n  ")) + "\n]\n";
}

} // namespace vigil::simulate
