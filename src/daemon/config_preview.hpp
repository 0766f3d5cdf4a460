#pragma once
// The configuration on disk loaded as a SIGHUP reload would load it (config_loader.hpp's
// rules), but silently: for `vigil reload --preview` and the check `vigil reload` makes
// before it asks the parent to reload. Diagnostics come back as text instead of log lines.

#include "daemon/command_line.hpp"
#include "daemon/config_loader.hpp"
#include "vrrpd/vrrp_main.hpp"

namespace vigil::daemon {

vrrpd::PreviewLoad preview_config(const Options& options, const ReloadCheck& running);

} // namespace vigil::daemon
