#pragma once
// Where and how a process writes the files keepalived writes on signals (section 2
// "Signals": keepalived.data, keepalived.stats, keepalived.json, keepalived_parent.data):
// in $TMPDIR when it is absolute, else /tmp, mode 0600. What goes in them is the process's
// business (process/parent_dump.hpp, vrrpd/dump.hpp).

#include <string>
#include <string_view>

namespace vigil::runtime {

// $TMPDIR if absolute, else /tmp; `name` e.g. "keepalived.json".
std::string dump_path(std::string_view name);
// Writes atomically enough for readers (O_TRUNC, 0600); logs failures. Never throws.
void write_dump(std::string_view name, std::string_view content) noexcept;

} // namespace vigil::runtime
