#include "http/status_codes.hpp"

#include <fmt/format.h>

namespace vigil::http {

StatusCodes::StatusCodes(const std::vector<std::pair<std::uint16_t, std::uint16_t>>& ranges) {
    for (const auto& [low, high] : ranges) {
        if (low < min_code || high > max_code || low > high) {
            continue;
        }
        for (unsigned code = low; code <= high; ++code) {
            bits_.set(code - min_code);
        }
    }
    if (bits_.none()) {
        for (unsigned code = 200; code <= 299; ++code) {
            bits_.set(code - min_code);
        }
    }
}

std::vector<std::string> StatusCodes::runs() const {
    std::vector<std::string> out;
    unsigned code = min_code;
    while (code <= max_code) {
        if (!contains(code)) {
            ++code;
            continue;
        }
        const unsigned first = code;
        while (code + 1 <= max_code && contains(code + 1)) {
            ++code;
        }
        out.push_back(first == code ? fmt::format("{}", first) : fmt::format("{}-{}", first, code));
        ++code;
    }
    return out;
}

} // namespace vigil::http
