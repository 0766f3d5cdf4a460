#pragma once
// The bounds-checked reader is shared with the BFD codec; see util/byte_reader.hpp.

#include "util/byte_reader.hpp"

namespace vigil::vrrp {
using util::ByteReader;
} // namespace vigil::vrrp
