#pragma once
// keepalived 2.2.7's number readers (lib/parser.c read_int_func, read_unsigned_func,
// read_unsigned64_func, read_decimal_unsigned_long_func) as `keepalived -t` runs them: the
// same libc conversions (strtol/strtoul/strtoull: leading blanks, a sign, base prefixes), the
// same checks in the same order and the same wording.
//
// Contract: `ok` when keepalived uses the value; `messages` is what keepalived reports (a
// decimal can have two: too many decimal places, then out of range).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::parser {

template <typename T>
struct NumberReading {
    bool ok = false;
    T value{};
    std::vector<std::string> messages;
};

// `warn` prefixes the messages keepalived prefixes with its `warn` ("WARNING - " when the
// running daemon reads with ignore_error; none under -t): every one but read_int's and
// read_unsigned64's "outside range [MIN, MAX]".
NumberReading<long long> read_int(std::string_view text, long long min, long long max, int base = 10,
                                  std::string_view warn = {});
NumberReading<unsigned long> read_unsigned(std::string_view text, unsigned long min, unsigned long max, int base = 10,
                                           std::string_view warn = {});
NumberReading<std::uint64_t> read_unsigned64(std::string_view text, std::uint64_t min, std::uint64_t max,
                                             std::string_view warn = {});

// A decimal with up to `shift` decimal places, returned times 10^shift; min and max are in
// those units. `lenient` is keepalived's ignore_error: then a value in range is accepted even
// after a message (too many decimal places are rounded).
enum class Lenient : bool { no, yes };

// Who reads: keepalived's ignore_error readers differ between `-t` (config_test) and the
// running daemon (lib/parser.c read_int_func and the others test CONFIG_TEST_BIT).
enum class Reader : std::uint8_t { config_test, daemon };
NumberReading<unsigned long> read_decimal(std::string_view text, unsigned long min, unsigned long max, unsigned shift,
                                          Lenient lenient, std::string_view warn = {});

// check_true_false(): 1 for on|true|yes, 0 for off|false|no, -1 otherwise.
int check_true_false(std::string_view text);

} // namespace vigil::parser
