#pragma once
// Semantic checks and config-time derivations of keepalived 2.2.7 (reference §4
// "Config-time derivations", §3 tables, §6 script security), applied to a bound model.
//
// Contract: after validate_config() every VrrpInstance has state_, priority_, version_,
// family_ and accept_ set; invalid instances and sync groups are removed (as keepalived
// removes them); each problem is reported once. Interface existence and user lookups go
// through the injected SystemCatalog so that tests need no real interfaces.

#include "config/model.hpp"
#include "parser/diagnostics.hpp"

#include <string_view>

namespace vigil::parser {

class SystemCatalog {
public:
    virtual ~SystemCatalog() = default;
    virtual bool interface_exists(std::string_view name) const = 0;
    virtual bool user_exists(std::string_view name) const = 0;
    // A command word as execvp would find it (PATH search when it has no '/').
    virtual bool executable_exists(std::string_view command) const = 0;

    // Script security's file check (reference §6): the command's file, found as execvp
    // would and with symlinks resolved, and every directory above it are owned by root and
    // not writable by group or others (sticky directories excepted). `setid_root`: the file
    // is setuid or setgid root, so it runs as root whoever starts it.
    struct ScriptFile {
        bool found = true;
        bool secure = true;
        bool setid_root = false;
    };
    virtual ScriptFile script_file(std::string_view /*command*/) const { return {}; }
};

// Every interface and user exists (golden tests, fuzzing).
class PermissiveCatalog final : public SystemCatalog {
public:
    bool interface_exists(std::string_view) const override { return true; }
    bool user_exists(std::string_view) const override { return true; }
    bool executable_exists(std::string_view) const override { return true; }
};

void validate_config(config::Config& cfg, const SystemCatalog& system, Diagnostics& diagnostics);

} // namespace vigil::parser
