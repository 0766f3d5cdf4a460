#include "parser/number_reader.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace vigil::parser {

namespace {

constexpr const char* white_space = " \t\f\n\r\v";

} // namespace

NumberReading<long long> read_int(std::string_view text, long long min, long long max, int base,
                                  std::string_view warn) {
    const std::string number{text};
    NumberReading<long long> out;
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(number.c_str(), &end, base);
    out.value = value;
    if (*end != '\0') {
        out.messages.push_back(fmt::format("{}invalid number '{}'", warn, number));
    } else if (errno == ERANGE || value < INT_MIN || value > INT_MAX) {
        out.messages.push_back(fmt::format("{}number '{}' outside integer range", warn, number));
    } else if (value < min || value > max) {
        out.messages.push_back(fmt::format("number '{}' outside range [{}, {}]", number, min, max));
    } else {
        out.ok = true;
    }
    return out;
}

NumberReading<unsigned long> read_unsigned(std::string_view text, unsigned long min, unsigned long max, int base,
                                           std::string_view warn) {
    const std::string number{text};
    NumberReading<unsigned long> out;
    const std::size_t offset = std::strspn(number.c_str(), white_space);
    char* end = nullptr;
    errno = 0;
    const unsigned long value = std::strtoul(number.c_str() + offset, &end, base);
    out.value = value;
    if (number[offset] == '-') {
        out.messages.push_back(fmt::format("{}negative number '{}'", warn, number));
    } else if (*end != '\0') {
        out.messages.push_back(fmt::format("{}invalid number '{}'", warn, number));
    } else if (errno == ERANGE || value > UINT_MAX) {
        out.messages.push_back(fmt::format("{}number '{}' outside unsigned integer range", warn, number));
    } else if (value < min || value > max) {
        out.messages.push_back(fmt::format("{}number '{}' outside range [{}, {}]", warn, number, min, max));
    } else {
        out.ok = true;
    }
    return out;
}

NumberReading<std::uint64_t> read_unsigned64(std::string_view text, std::uint64_t min, std::uint64_t max,
                                             std::string_view warn) {
    const std::string number{text};
    NumberReading<std::uint64_t> out;
    const std::size_t offset = std::strspn(number.c_str(), white_space);
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(number.c_str() + offset, &end, 10);
    out.value = value;
    if (number[offset] == '-') {
        out.messages.push_back(fmt::format("{}negative number '{}'", warn, number));
    } else if (*end != '\0') {
        out.messages.push_back(fmt::format("{}invalid number '{}'", warn, number));
    } else if (errno == ERANGE) {
        out.messages.push_back(fmt::format("{}number '{}' outside unsigned 64 bit range", warn, number));
    } else if (value < min || value > max) {
        out.messages.push_back(fmt::format("number '{}' outside range [{}, {}]", number, min, max));
    } else {
        out.ok = true;
    }
    return out;
}

NumberReading<unsigned long> read_decimal(std::string_view text, unsigned long min, unsigned long max, unsigned shift,
                                          Lenient lenient, std::string_view warn) {
    const std::string param{text};
    NumberReading<unsigned long> out;
    if (!param.empty() && param[0] == '-') {
        out.messages.push_back(fmt::format("{}negative number '{}'", warn, param));
        return out;
    }
    const auto dot = param.find('.');
    std::size_t decimals = dot == std::string::npos ? 0 : param.size() - dot - 1;
    bool round_up = false;
    if (decimals > shift) {
        out.messages.push_back(fmt::format("{}number '{}' has too many decimal places", warn, param));
        round_up = param[dot + shift + 1] >= '5';
        decimals = shift;
    }
    std::string digits = dot == std::string::npos ? param : param.substr(0, dot) + param.substr(dot + 1, decimals);
    digits.append(shift - decimals, '0');
    char* end = nullptr;
    errno = 0;
    unsigned long long value = std::strtoull(digits.c_str(), &end, 10);
    const bool valid = *end == '\0';
    const int saved_errno = errno;
    if (round_up) {
        ++value;
    }
    out.value = static_cast<unsigned long>(value);
    if (!valid) {
        out.messages.push_back(fmt::format("{}invalid number '{}'", warn, param));
    } else if (saved_errno == ERANGE) {
        out.messages.push_back(fmt::format("{}number '{}' outside unsigned decimal range", warn, param));
        return out;
    } else if (value < min || value > max) {
        unsigned long unit = 1;
        for (unsigned d = 0; d < shift; ++d) {
            unit *= 10;
        }
        out.messages.push_back(fmt::format("{}number '{}' outside range [{}.{:0{}}, {}.{:0{}}]", warn, param, min / unit,
                                           min % unit, shift, max / unit, max % unit, shift));
    } else {
        out.ok = true;
        return out;
    }
    out.ok = lenient == Lenient::yes && value >= min && value <= max;
    return out;
}

int check_true_false(std::string_view text) {
    if (text == "true" || text == "on" || text == "yes") {
        return 1;
    }
    if (text == "false" || text == "off" || text == "no") {
        return 0;
    }
    return -1;
}

} // namespace vigil::parser
