#include "http/hex_dump.hpp"

#include <fmt/format.h>

namespace vigil::http {

void append_hex_dump(std::string& out, std::span<const char> bytes) {
    const std::size_t count = bytes.size();
    const std::size_t padded = (count + 15) / 16 * 16;
    for (std::size_t line = 0; line < padded; line += 16) {
        fmt::format_to(std::back_inserter(out), "{:04} ", line & 0xffffU);
        for (std::size_t i = line; i < line + 16; ++i) {
            if (i < count) {
                fmt::format_to(std::back_inserter(out), " {:02x}", static_cast<unsigned char>(bytes[i]));
            } else {
                out += "   ";
            }
            if (i % 16 == 7) {
                out += " -";
            }
        }
        out += "   ";
        for (std::size_t i = line; i < line + 16; ++i) {
            if (i >= count) {
                out += ' ';
                continue;
            }
            const auto c = static_cast<unsigned char>(bytes[i]);
            out += (c >= 0x20 && c <= 0x7e) ? static_cast<char>(c) : '.';
        }
        out += '\n';
    }
}

} // namespace vigil::http
