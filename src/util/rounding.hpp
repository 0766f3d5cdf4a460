#pragma once
// std::llround without libm: the daemon uses no other libm function, and mapping libm.so
// costs every process ~0.3 MB of resident memory (issue 4).

namespace vigil::util {

// Rounds to the nearest integer, halfway cases away from zero (as std::llround), for
// |x| < 2^63. Exact: for |x| < 2^52 the fraction x - trunc(x) is computed without rounding
// error; above, every double is already an integer.
constexpr long long round_half_away(double x) noexcept {
    auto whole = static_cast<long long>(x);  // truncates toward zero
    const double fraction = x - static_cast<double>(whole);
    if (fraction >= 0.5) {
        ++whole;
    } else if (fraction <= -0.5) {
        --whole;
    }
    return whole;
}

static_assert(round_half_away(2.5) == 3 && round_half_away(-2.5) == -3);
static_assert(round_half_away(0.49999999999999994) == 0 && round_half_away(1.4999) == 1);
static_assert(round_half_away(-0.7) == -1 && round_half_away(3.0) == 3);

} // namespace vigil::util
