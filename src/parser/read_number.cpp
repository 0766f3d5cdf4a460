#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string>

namespace vigil::parser {

std::optional<unsigned long> read_unsigned(BindContext& ctx, const Location& at, std::string_view text,
                                           unsigned long min, unsigned long max) {
    const std::string number{text};
    const auto offset = number.find_first_not_of(" \t\f\r\n\v");
    const char* start = number.c_str() + (offset == std::string::npos ? number.size() : offset);
    char* end = nullptr;
    errno = 0;
    const unsigned long value = std::strtoul(start, &end, 10);
    const bool range_error = errno == ERANGE;
    if (*start == '-') {
        ctx.error(at, fmt::format("negative number '{}'", text));
    } else if (*end != '\0') {
        ctx.error(at, fmt::format("invalid number '{}'", text));
    } else if (range_error || value > UINT_MAX) {
        ctx.error(at, fmt::format("number '{}' outside unsigned integer range", text));
    } else if (value < min || value > max) {
        ctx.error(at, fmt::format("number '{}' outside range [{}, {}]", text, min, max));
    } else {
        return value;
    }
    return std::nullopt;
}

std::optional<long> read_int(BindContext& ctx, const Location& at, std::string_view text, long min, long max) {
    const std::string number{text};
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(number.c_str(), &end, 10);
    if (*end != '\0') {
        ctx.error(at, fmt::format("invalid number '{}'", text));
    } else if (errno == ERANGE || value < INT_MIN || value > INT_MAX) {
        ctx.error(at, fmt::format("number '{}' outside integer range", text));
    } else if (value < min || value > max) {
        ctx.error(at, fmt::format("number '{}' outside range [{}, {}]", text, min, max));
    } else {
        return value;
    }
    return std::nullopt;
}

namespace {

unsigned long power_of_ten(unsigned shift) {
    unsigned long out = 1;
    for (unsigned i = 0; i < shift; ++i) {
        out *= 10;
    }
    return out;
}

std::string fixed(unsigned long value, unsigned shift) {
    const auto scale = power_of_ten(shift);
    return fmt::format("{}.{:0{}}", value / scale, value % scale, shift);
}

} // namespace

std::optional<unsigned long> read_decimal(BindContext& ctx, const Location& at, std::string_view text,
                                          unsigned long min, unsigned long max, unsigned shift, KeepOnError keep) {
    if (!text.empty() && text.front() == '-') {
        ctx.error(at, fmt::format("negative number '{}'", text));
        return std::nullopt;
    }
    // keepalived drops the decimal point and pads (or rounds) the fraction to `shift`
    // digits, then reads the digits as one integer.
    const auto dot = text.find('.');
    std::size_t fraction_digits = dot == std::string_view::npos ? 0 : text.size() - dot - 1;
    bool round_up = false;
    if (fraction_digits > shift) {
        ctx.error(at, fmt::format("number '{}' has too many decimal places", text));
        round_up = text[dot + shift + 1] >= '5';
        fraction_digits = shift;
    }
    std::string digits;
    if (dot != std::string_view::npos) {
        digits = std::string{text.substr(0, dot)} + std::string{text.substr(dot + 1, fraction_digits)};
    } else {
        digits = std::string{text};
    }
    digits.append(shift - fraction_digits, '0');
    char* end = nullptr;
    errno = 0;
    unsigned long long value = std::strtoull(digits.c_str(), &end, 10);
    const bool range_error = errno == ERANGE;
    if (round_up) {
        ++value;
    }
    if (*end != '\0') {
        ctx.error(at, fmt::format("invalid number '{}'", text));
    } else if (range_error || value > ULONG_MAX) {
        ctx.error(at, fmt::format("number '{}' outside unsigned decimal range", text));
        return std::nullopt;
    } else if (value < min || value > max) {
        ctx.error(at, fmt::format("number '{}' outside range [{}, {}]", text, fixed(min, shift), fixed(max, shift)));
        return std::nullopt;
    } else {
        return static_cast<unsigned long>(value);
    }
    if (keep == KeepOnError::yes && value >= min && value <= max) {
        return static_cast<unsigned long>(value);
    }
    return std::nullopt;
}

std::optional<std::chrono::microseconds> read_timer(BindContext& ctx, const Location& at, std::string_view text,
                                                    unsigned long min_us, unsigned long max_us) {
    const auto value = read_decimal(ctx, at, text, min_us, max_us == 0 ? ULONG_MAX - 1 : max_us, 6, KeepOnError::yes);
    if (!value) {
        return std::nullopt;
    }
    // Values beyond the representable range of the model saturate (keepalived's are
    // unsigned long microseconds, far beyond any useful timer).
    const auto limit = static_cast<unsigned long>(std::chrono::microseconds::max().count());
    return std::chrono::microseconds{static_cast<long long>(*value > limit ? limit : *value)};
}

std::optional<bool> true_false(std::string_view text) {
    if (text == "true" || text == "on" || text == "yes") {
        return true;
    }
    if (text == "false" || text == "off" || text == "no") {
        return false;
    }
    return std::nullopt;
}

} // namespace vigil::parser
