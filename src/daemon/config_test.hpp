#pragma once
// `keepalived -t` (config test) and `-d` (dump) on top of the parser library.
//
// Exit status of -t (reference §1, the 2.2.7 binary, not its man page): 0 clean, 4 fatal,
// 5 errors or warnings but keepalived would run, 6 script-security violation or failed
// include check. A missing main config prints "Config files missing '<file>'." and exits 0.
// vigil's --strict turns every warning into an error (at least 5).

#include "daemon/command_line.hpp"
#include "parser/load_config.hpp"
#include "parser/validate_config.hpp"

#include <string>
#include <utility>
#include <vector>

namespace vigil::daemon {

// Interfaces and users of the running system (if_nametoindex, getpwnam). When the
// environment variable VIGIL_TEST_INTERFACES is set (a space-separated list), exactly
// those interfaces exist and every user but keepalived_script exists: deterministic
// golden tests without network namespaces.
// For -t (NamespaceMode::enter) the catalog enters the configuration's net_namespace (or
// the -s one, which overrides it) as keepalived's config test does, so that interfaces are
// looked up there; the daemon enters its namespace itself.
enum class NamespaceMode { stay, enter };

class SystemCatalog final : public parser::SystemCatalog {
public:
    SystemCatalog();
    SystemCatalog(NamespaceMode mode, std::string override_namespace);
    bool interface_exists(std::string_view name) const override;
    bool user_exists(std::string_view name) const override;
    bool group_exists(std::string_view name) const override;
    bool executable_exists(std::string_view command) const override;
    ScriptFile script_file(std::string_view command) const override;
    bool enter_namespace(std::string_view name) const override;
    long cpus_online() const override;
    std::optional<unsigned long> iproute2_name(std::string_view file, std::string_view name) const override;
    std::optional<int> ip_protocol(std::string_view name) const override;

private:
    NamespaceMode namespace_mode_{NamespaceMode::stay};
    std::string override_namespace_;
    bool fixed_{false};
    std::vector<std::string> interfaces_;
    // Interfaces looked up so far (name, exists): a config names the same few interfaces in
    // every instance, and each if_nametoindex() costs a socket and an ioctl. The catalog
    // lives for one load, so the answers are as fresh as the load.
    mutable std::vector<std::pair<std::string, bool>> looked_up_;
};

parser::LoadOptions load_options(const Options& options, const parser::SystemCatalog& system);

// Runs -t (and -d when given with it): diagnostics to stderr or appended to the -t FILE,
// the dump to stdout. Returns the process exit status.
int run_config_test(const Options& options);

// The exit status of a config test from its diagnostics.
int config_test_status(const parser::Diagnostics& diagnostics, const Options& options);

} // namespace vigil::daemon
