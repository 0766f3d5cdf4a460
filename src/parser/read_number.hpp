#pragma once
// keepalived 2.2.7's number readers (lib/parser.c read_unsigned_strvec, read_int_strvec,
// read_decimal_unsigned_strvec, read_timer) for the LVS, checker and BFD keywords whose
// handlers use them: the readings of number_reader.hpp, their messages reported at the word.
// They follow `keepalived -t`: a value with an error is dropped (nullopt), except where
// keepalived's decimal reader keeps it (see read_decimal).
//
// Messages (located at the word): "negative number 'X'", "invalid number 'X'",
// "number 'X' outside unsigned integer range", "number 'X' outside integer range",
// "number 'X' outside range [MIN, MAX]", "number 'X' has too many decimal places".

#include "parser/bind_context.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::parser {

// strtoul semantics (leading blanks and '+' accepted, base 10) within [min, max].
std::optional<unsigned long> read_unsigned(BindContext& ctx, const Location& at, std::string_view text,
                                           unsigned long min, unsigned long max);
// strtol semantics within [min, max] (both within int).
std::optional<long> read_int(BindContext& ctx, const Location& at, std::string_view text, long min, long max);

enum class KeepOnError : std::uint8_t { no, yes };

// A decimal with up to `shift` fraction digits, returned as value * 10^shift, within
// [min, max] (in those units). With KeepOnError::yes (keepalived's ignore_error) a value
// whose text has trailing junk ("invalid number") is still returned when its leading
// digits are in range, as keepalived does even under -t.
std::optional<unsigned long> read_decimal(BindContext& ctx, const Location& at, std::string_view text,
                                          unsigned long min, unsigned long max, unsigned shift, KeepOnError keep);

// read_timer: seconds with microsecond resolution; `max` 0 means keepalived's maximum
// (ULONG_MAX - 1 microseconds). Keeps values like read_decimal with KeepOnError::yes.
std::optional<std::chrono::microseconds> read_timer(BindContext& ctx, const Location& at, std::string_view text,
                                                    unsigned long min_us, unsigned long max_us);

// on|true|yes -> true, off|false|no -> false, else nullopt (no message).
std::optional<bool> true_false(std::string_view text);

} // namespace vigil::parser
