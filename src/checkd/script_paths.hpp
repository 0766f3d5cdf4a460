#pragma once
// MISC_CHECK scripts by the path keepalived 2.2.7 runs and logs them under (lib/notify.c
// check_script_secure at the checker child's start and reload): a command word without '/'
// is looked up in PATH (_CS_PATH when unset) for a regular, executable file; the result is
// then made canonical (realpath), keeping the word's own file name when the canonical file
// has another name but that name in the canonical directory is the same file (tools that
// behave by the name they are called by). "/bin/test" on a merged-/usr system becomes
// "/usr/bin/test": the path "Misc check for [...] by [PATH]" names and the one executed.
// A command that cannot be resolved is kept as written.

#include "config/model.hpp"

#include <memory>
#include <string>

namespace vigil::checkd {

// The path keepalived resolves `word` to (the rules above), or `word` unchanged.
std::string resolve_script_path(const std::string& word);

// `config` with every MISC_CHECK command word resolved; the same object when none changes.
std::shared_ptr<const config::Config> with_resolved_scripts(std::shared_ptr<const config::Config> config);

} // namespace vigil::checkd
