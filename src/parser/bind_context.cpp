#include "parser/bind_context.hpp"

#include "parser/script_value.hpp"
#include "util/rounding.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace vigil::parser {

namespace {

bool is_digits(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<long long> parse_integer(std::string_view text) {
    std::string_view digits = text;
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
        digits.remove_prefix(1);
    }
    if (!is_digits(digits)) {
        return std::nullopt;
    }
    long long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return text.front() == '-' ? -value : value;
}

std::optional<double> parse_decimal(std::string_view text) {
    std::string_view body = text;
    bool negative = false;
    if (!body.empty() && (body.front() == '-' || body.front() == '+')) {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
    const auto dot = body.find('.');
    const auto whole = body.substr(0, dot);
    const auto fraction = dot == std::string_view::npos ? std::string_view{} : body.substr(dot + 1);
    if ((whole.empty() && fraction.empty()) || (!whole.empty() && !is_digits(whole)) ||
        (!fraction.empty() && !is_digits(fraction)) || (dot != std::string_view::npos && fraction.empty() && whole.empty())) {
        return std::nullopt;
    }
    double value = 0;
    for (char c : whole) {
        value = value * 10 + (c - '0');
    }
    double scale = 0.1;
    for (char c : fraction) {
        value += (c - '0') * scale;
        scale /= 10;
    }
    return negative ? -value : value;
}

std::string format_seconds(std::chrono::microseconds value) {
    const auto us = value.count();
    const auto whole = us / 1000000;
    auto frac = us % 1000000;
    if (frac == 0) {
        return std::to_string(whole);
    }
    std::string digits = fmt::format("{:06d}", frac < 0 ? -frac : frac);
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
    }
    return fmt::format("{}{}.{}", us < 0 && whole == 0 ? "-" : "", whole, digits);
}

config::Location BindContext::location(const Location& where) {
    if (where.file == nullptr) {
        return config::Location{nullptr, where.line, where.column};
    }
    if (!where.file->shared_path) {
        where.file->shared_path = std::make_shared<const std::string>(where.file->path);
    }
    return config::Location{where.file->shared_path, where.line, where.column};
}

void BindContext::error(const Location& where, std::string message) {
    diagnostics_.report(Severity::error, ExitClass::config_error, where, std::move(message));
}

void BindContext::warning(const Location& where, std::string message) {
    diagnostics_.report(Severity::warning, ExitClass::config_error, where, std::move(message));
}

namespace {

// Checks made after binding, as keepalived's after the whole file is read: its log line has
// no "(file: Line N) " prefix (observed), while -t's GNU format keeps the object's position.
Diagnostic located(Severity severity, ExitClass exit_class, const config::Location& where, std::string message) {
    Diagnostic d;
    d.severity = severity;
    d.exit_class = exit_class;
    d.prefix = LinePrefix::none;
    if (where.file_) {
        d.file = *where.file_;
    }
    d.line = where.line_;
    d.column = where.column_;
    d.message = std::move(message);
    return d;
}

} // namespace

void BindContext::error(const config::Location& where, std::string message) {
    diagnostics_.add(located(Severity::error, ExitClass::config_error, where, std::move(message)));
}

void BindContext::warning(const config::Location& where, std::string message) {
    diagnostics_.add(located(Severity::warning, ExitClass::config_error, where, std::move(message)));
}

void BindContext::notice(const config::Location& where, std::string message) {
    diagnostics_.add(located(Severity::warning, ExitClass::none, where, std::move(message)));
}

void BindContext::security(const config::Location& where, std::string message) {
    diagnostics_.add(located(Severity::error, ExitClass::security, where, std::move(message)));
}

std::optional<std::string_view> BindContext::word(const Statement& s, std::size_t index) {
    if (index < s.words.size()) {
        return s.words[index].text;
    }
    error(s.where, fmt::format("Configuration line starting `{}` is missing a parameter after keyword `{}` at word position {}",
                               s.keyword(), s.words.empty() ? std::string_view{} : s.words.back().text, index + 1));
    return std::nullopt;
}

void BindContext::out_of_range(const Location& at, std::string_view text, bool negative, std::string_view range) {
    if (negative) {
        error(at, fmt::format("negative number '{}'", text));
    } else {
        error(at, fmt::format("number '{}' outside range {}", text, range));
    }
}

std::optional<long long> BindContext::integer(const Statement& s, std::size_t index, long long min, long long max) {
    const auto text = word(s, index);
    if (!text) {
        return std::nullopt;
    }
    const auto value = parse_integer(*text);
    if (!value) {
        error(where(s, index), fmt::format("invalid number '{}'", *text));
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        out_of_range(where(s, index), *text, *value < 0 && min >= 0, fmt::format("[{}, {}]", min, max));
        return std::nullopt;
    }
    return value;
}

std::optional<std::chrono::microseconds> BindContext::timer(const Statement& s, std::size_t index, double min, double max) {
    const auto text = word(s, index);
    if (!text) {
        return std::nullopt;
    }
    const auto value = parse_decimal(*text);
    if (!value) {
        error(where(s, index), fmt::format("invalid number '{}'", *text));
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        out_of_range(where(s, index), *text, *value < 0 && min >= 0, fmt::format("[{:f}, {:f}]", min, max));
        return std::nullopt;
    }
    return std::chrono::microseconds{util::round_half_away(*value * 1e6)};
}

std::optional<bool> BindContext::boolean(const Statement& s, std::size_t index) {
    if (index >= s.words.size()) {
        return true;
    }
    const auto text = s.words[index].text;
    if (text == "on" || text == "true" || text == "yes") {
        return true;
    }
    if (text == "off" || text == "false" || text == "no") {
        return false;
    }
    error(where(s, index), fmt::format("Invalid boolean value '{}' for {}", text, s.keyword()));
    return std::nullopt;
}

std::optional<net::IpAddress> BindContext::address(const Statement& s, std::size_t index) {
    const auto text = word(s, index);
    if (!text) {
        return std::nullopt;
    }
    auto value = net::IpAddress::parse(*text);
    if (!value) {
        error(where(s, index), fmt::format("Invalid address '{}' for {}", *text, s.keyword()));
    }
    return value;
}

std::optional<config::Command> BindContext::command(const Statement& s) {
    auto value = parse_script_value(s);
    switch (value.status) {
    case ScriptStatus::empty:
        word(s, 1);
        return std::nullopt;
    case ScriptStatus::unparsable:
        error(value.where, fmt::format("Unable to parse script '{}' - ignoring", value.command_line));
        return std::nullopt;
    case ScriptStatus::ok:
        break;
    }
    config::Command out;
    out.text_ = std::move(value.command_line);
    out.argv_ = std::move(value.argv);
    out.user_ = std::move(value.user);
    out.group_ = std::move(value.group);
    return out;
}

} // namespace vigil::parser
