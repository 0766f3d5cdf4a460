#pragma once
// The log rate limiter is shared with the BFD core; see util/rate_limiter.hpp.

#include "util/rate_limiter.hpp"

namespace vigil::vrrp {
using util::RateLimiter;
} // namespace vigil::vrrp
