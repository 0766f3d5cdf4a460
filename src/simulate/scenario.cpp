#include "simulate/scenario.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

namespace vigil::simulate {
namespace {

constexpr std::array<std::pair<std::string_view, EventKind>, 12> kinds{{
    {"start", EventKind::start},
    {"crash", EventKind::crash},
    {"stop", EventKind::stop},
    {"link-down", EventKind::link_down},
    {"link-up", EventKind::link_up},
    {"script-fail", EventKind::script_fail},
    {"script-ok", EventKind::script_ok},
    {"file", EventKind::file},
    {"reload", EventKind::reload},
    {"partition", EventKind::partition},
    {"heal", EventKind::heal},
    {"loss", EventKind::loss},
}};

bool needs_arg(EventKind kind) noexcept {
    switch (kind) {
    case EventKind::script_fail:
    case EventKind::script_ok:
    case EventKind::file:
    case EventKind::reload:
    case EventKind::loss:
        return true;
    case EventKind::start:
    case EventKind::crash:
    case EventKind::stop:
    case EventKind::link_down:
    case EventKind::link_up:
    case EventKind::partition:
    case EventKind::heal:
        break;
    }
    return false;
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

// Splits `text` into at most four fields: on blanks when it has any, else on ':'. The last
// field keeps the rest (a reload FILE may hold ':' in the blank-separated form).
std::vector<std::string_view> fields_of(std::string_view text) {
    std::vector<std::string_view> out;
    const bool blanks = text.find_first_of(" \t") != std::string_view::npos;
    std::size_t i = 0;
    while (i < text.size() && out.size() < 4) {
        if (blanks) {
            while (i < text.size() && is_blank(text[i])) {
                ++i;
            }
            if (i == text.size()) {
                break;
            }
        }
        std::size_t end = i;
        if (out.size() == 3) {
            end = text.size();
            while (blanks && end > i && is_blank(text[end - 1])) {
                --end;
            }
        } else {
            while (end < text.size() && (blanks ? !is_blank(text[end]) : text[end] != ':')) {
                ++end;
            }
        }
        out.push_back(text.substr(i, end - i));
        i = blanks ? end : end + 1;
    }
    return out;
}

} // namespace

std::string_view to_string(EventKind kind) noexcept {
    for (const auto& [name, k] : kinds) {
        if (k == kind) {
            return name;
        }
    }
    return "?";
}

std::optional<vrrp::Duration> parse_time(std::string_view text) noexcept {
    std::int64_t scale = 0; // microseconds per unit
    if (text.ends_with("ms")) {
        scale = 1'000;
        text.remove_suffix(2);
    } else if (text.ends_with("us")) {
        scale = 1;
        text.remove_suffix(2);
    } else if (text.ends_with("s")) {
        scale = 1'000'000;
        text.remove_suffix(1);
    } else if (text == "0") {
        return vrrp::Duration{0};
    } else {
        return std::nullopt;
    }
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || whole.front() == '-' || whole.front() == '+' ||
        (dot != std::string_view::npos && fraction.empty())) {
        return std::nullopt;
    }
    std::int64_t units = 0;
    const auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), units);
    if (ec != std::errc{} || p != whole.data() + whole.size() || units > 1'000'000'000) {
        return std::nullopt;
    }
    std::int64_t micros = units * scale;
    std::int64_t place = scale;
    for (const char c : fraction) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        place /= 10;
        micros += (c - '0') * place; // digits below a microsecond are dropped
    }
    return vrrp::Duration{micros};
}

std::string format_ms(vrrp::Duration d) {
    const std::int64_t us = d.count();
    if (us % 1000 == 0) {
        return fmt::format("{}", us / 1000);
    }
    std::string text = fmt::format("{}.{:03}", us / 1000, us % 1000);
    while (text.back() == '0') {
        text.pop_back();
    }
    return text;
}

std::optional<Event> parse_event(std::string_view text, std::string_view where,
                                 std::vector<ParseError>& errors) {
    const auto fail = [&](std::string message) -> std::optional<Event> {
        errors.push_back({fmt::format("{}: error: {} in '{}'", where, message, text)});
        return std::nullopt;
    };
    const std::vector<std::string_view> f = fields_of(text);
    if (f.size() < 3) {
        return fail("an event is TIME:KIND:NODE[:ARG]");
    }
    Event event;
    const auto at = parse_time(f[0]);
    if (!at) {
        return fail(fmt::format("bad time '{}' (like 10s, 2500ms, 1.5s)", f[0]));
    }
    event.at = *at;
    bool known = false;
    for (const auto& [name, kind] : kinds) {
        if (name == f[1]) {
            event.kind = kind;
            known = true;
        }
    }
    if (!known) {
        return fail(fmt::format("unknown event kind '{}'", f[1]));
    }
    if (f[2].empty()) {
        return fail("missing node name");
    }
    event.node = f[2];
    if (f.size() == 4) {
        event.arg = f[3];
    }
    if (needs_arg(event.kind) && event.arg.empty()) {
        return fail(fmt::format("'{}' needs an argument", f[1]));
    }
    return event;
}

std::vector<Event> parse_scenario(std::string_view text, std::string_view name,
                                  std::vector<ParseError>& errors) {
    std::vector<Event> events;
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
            line = line.substr(0, hash);
        }
        std::size_t col = 0;
        while (col < line.size() && is_blank(line[col])) {
            ++col;
        }
        line.remove_prefix(col);
        while (!line.empty() && is_blank(line.back())) {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        const std::string where = fmt::format("{}:{}:{}", name, line_no, col + 1);
        if (auto event = parse_event(line, where, errors)) {
            events.push_back(std::move(*event));
        }
    }
    return events;
}

} // namespace vigil::simulate
