#include "parser/bind_context.hpp"

#include "parser/bind_scripts.hpp"
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

std::optional<net::IpAddress> parse_sockaddr(std::string_view text) {
    const auto cut = text.find_first_of("-/");
    const auto address = text.substr(0, cut);
    auto a = net::IpAddress::parse(address);
    if (a && (a->family() == net::Family::ipv6) != (text.find(':') != std::string_view::npos)) {
        return std::nullopt;
    }
    return a;
}

bool is_link_local_multicast(const net::IpAddress& a) {
    return a.family() == net::Family::ipv6 && a.bytes()[0] == 0xff && (a.bytes()[1] & 0x0f) == 0x02;
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

namespace {
const PermissiveCatalog permissive_catalog;
} // namespace

BindContext::BindContext(Diagnostics& diagnostics) : diagnostics_{&diagnostics}, system_{&permissive_catalog} {}

namespace {

template <typename T>
std::optional<T> take(BindContext& ctx, const Statement& s, std::size_t index, const NumberReading<T>& r,
                      bool keep = false) {
    for (const auto& m : r.messages) {
        ctx.error(s.words[index].where, m);
    }
    return r.ok || keep ? std::optional<T>{r.value} : std::nullopt;
}

} // namespace

std::optional<long long> BindContext::int_at(const Statement& s, std::size_t index, long long min, long long max,
                                             Lenient lenient) {
    const auto text = word(s, index);
    if (!text) {
        return std::nullopt;
    }
    const auto r = read_int(*text, min, max, 10, warn_prefix(lenient));
    return take(*this, s, index, r, keeps(lenient, r, min, max));
}

std::optional<unsigned long> BindContext::unsigned_at(const Statement& s, std::size_t index, unsigned long min,
                                                      unsigned long max, Lenient lenient, int base) {
    const auto text = word(s, index);
    if (!text) {
        return std::nullopt;
    }
    const auto r = read_unsigned(*text, min, max, base, warn_prefix(lenient));
    return take(*this, s, index, r, keeps(lenient, r, min, max));
}

std::optional<std::uint64_t> BindContext::unsigned64_at(const Statement& s, std::size_t index, std::uint64_t min,
                                                        std::uint64_t max) {
    const auto text = word(s, index);
    return text ? take(*this, s, index, read_unsigned64(*text, min, max)) : std::nullopt;
}

std::optional<unsigned long> BindContext::decimal_at(const Statement& s, std::size_t index, unsigned long min,
                                                     unsigned long max, unsigned shift, Lenient lenient) {
    const auto text = word(s, index);
    return text ? take(*this, s, index, read_decimal(*text, min, max, shift, lenient, warn_prefix(lenient))) : std::nullopt;
}

bool BindContext::lookup_interface(std::string_view name, IfLookup mode) {
    if (system_->interface_exists(name) || dynamic_interfaces_.contains(std::string{name})) {
        return true;
    }
    if (mode == IfLookup::no_create) {
        return false;
    }
    if (config_ != nullptr && config_->global_.dynamic_interfaces_) {
        dynamic_interfaces_.emplace(name);  // "will use if created" (logged)
        return true;
    }
    non_existent_interface_ = true;
    return false;
}

bool BindContext::user_group_exists(std::string_view user, std::optional<std::string_view> group) const {
    return system_->user_exists(user) && (!group || system_->group_exists(*group));
}

std::optional<std::optional<config::UserGroup>> BindContext::default_script_user(const Location& where) {
    auto& u = script_users_;
    if (u.default_fail) {
        return std::nullopt;
    }
    if (!u.default_set) {
        u.default_set = true;
        if (system_->user_exists("keepalived_script")) {
            u.default_user = config::UserGroup{"keepalived_script", std::nullopt};
        } else {
            journal("Script user 'keepalived_script' does not exist"); // set_uid_gid()'s log line
            if (u.security) {
                error(where, "Unable to set default user keepalived_script for script");
                u.default_fail = true;
                return std::nullopt;
            }
        }
    }
    return u.default_user;
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
    diagnostics_->report(Severity::error, ExitClass::config_error, where, std::move(message));
}

void BindContext::warning(const Location& where, std::string message) {
    diagnostics_->report(Severity::warning, ExitClass::config_error, where, std::move(message));
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
    diagnostics_->add(located(Severity::error, ExitClass::config_error, where, std::move(message)));
}

void BindContext::warning(const config::Location& where, std::string message) {
    diagnostics_->add(located(Severity::warning, ExitClass::config_error, where, std::move(message)));
}

void BindContext::journal(std::string message) {
    diagnostics_->journal(std::move(message));
}

void BindContext::notice(const config::Location& where, std::string message) {
    diagnostics_->add(located(Severity::warning, ExitClass::none, where, std::move(message)));
}

void BindContext::security(const config::Location& where, std::string message) {
    diagnostics_->add(located(Severity::error, ExitClass::security, where, std::move(message)));
}

void BindContext::missing_parameter(const Location& where, std::string_view first, std::string_view previous,
                                    std::size_t index) {
    diagnostics_->report(Severity::fatal, ExitClass::aborted, where,
                        fmt::format("*** Configuration line starting `{}` is missing a parameter after keyword `{}` at "
                                    "word position {}",
                                    first, previous, index + 1));
}

std::optional<std::string_view> BindContext::word(const Statement& s, std::size_t index) {
    if (index < s.words.size()) {
        return s.words[index].text;
    }
    // keepalived's null_strvec(): the message, then exit(KEEPALIVED_EXIT_CONFIG) at once.
    missing_parameter(s.where, s.keyword(), s.words.empty() ? std::string_view{} : s.words.back().text, index);
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
    return read_notify_script(*this, s);
}

} // namespace vigil::parser
