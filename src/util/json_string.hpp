#pragma once
// A JSON string literal (RFC 8259 section 7): quotes, backslash and control characters
// escaped; other bytes (UTF-8 included) pass through.

#include <string>
#include <string_view>

namespace vigil::util {

std::string json_string(std::string_view text);

} // namespace vigil::util
