#pragma once
// keepalived's dump_buffer() layout, which genhash -v prints (lib/utils.c): 16 bytes a line,
// "OOOO " (offset, 4 decimal digits, from 0 at each call), each byte as "%3.2x", " -" after
// the 8th, then three spaces and the 16 bytes as ASCII ('.' for anything outside 0x20-0x7e).
// The last line is padded to 16 columns; nothing is written for an empty buffer.

#include <span>
#include <string>

namespace vigil::http {

void append_hex_dump(std::string& out, std::span<const char> bytes);

} // namespace vigil::http
