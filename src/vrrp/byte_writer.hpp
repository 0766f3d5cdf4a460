#pragma once
// The big-endian appender is shared with the BFD codec; see util/byte_writer.hpp.

#include "util/byte_writer.hpp"

namespace vigil::vrrp {
using util::ByteWriter;
} // namespace vigil::vrrp
