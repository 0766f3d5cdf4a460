#pragma once
// The HTTP status codes an HTTP_GET/SSL_GET url accepts (keepalived's status_code bit array):
// codes 100..599 only, as written (N or N-M), 200-299 when none is given.

#include <bitset>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vigil::http {

class StatusCodes {
public:
    static constexpr unsigned min_code = 100;
    static constexpr unsigned max_code = 599;

    // Empty `ranges`: keepalived's default, 200-299. Ranges outside 100..599 or reversed are
    // ignored (the binder has already reported them).
    explicit StatusCodes(const std::vector<std::pair<std::uint16_t, std::uint16_t>>& ranges);

    bool contains(unsigned code) const noexcept {
        return code >= min_code && code <= max_code && bits_.test(code - min_code);
    }

    // The accepted codes as keepalived's checker dump lists them: one line per run, "N" or
    // "N-M", ascending.
    std::vector<std::string> runs() const;

    friend bool operator==(const StatusCodes&, const StatusCodes&) = default;

private:
    std::bitset<max_code - min_code + 1> bits_;
};

} // namespace vigil::http
