#pragma once
// What configuration loading asks of the system: interfaces, users and groups, script files,
// network namespaces. Injected so that the parser stays pure and tests need no real system.

#include <optional>
#include <string_view>

namespace vigil::parser {

class SystemCatalog {
public:
    virtual ~SystemCatalog() = default;
    virtual bool interface_exists(std::string_view name) const = 0;
    virtual bool user_exists(std::string_view name) const = 0;
    virtual bool group_exists(std::string_view /*name*/) const { return true; }
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
        bool executable = true;  // root may run it (an execute bit is set)
        int error = 0;           // when not found: realpath()'s errno (0: not found on PATH)
    };
    virtual ScriptFile script_file(std::string_view /*command*/) const { return {}; }

    // keepalived's parent enters the configuration's net_namespace (empty: none) after
    // reading its settings and before the processes check anything else: false when the
    // namespace does not exist (keepalived then stops, exit status 0). The default does not
    // move.
    virtual bool enter_namespace(std::string_view /*name*/) const { return true; }
    // CPUs online (sysconf(_SC_NPROCESSORS_ONLN)): the bound of *_cpu_affinity.
    virtual long cpus_online() const { return 1024; }

    // The id of `name` in /etc/iproute2/FILE (rt_tables, rt_dsfield, rt_protos, rt_scopes,
    // rt_realms, group) read as keepalived's rttables.c reads it; nullopt when absent.
    virtual std::optional<unsigned long> iproute2_name(std::string_view /*file*/, std::string_view /*name*/) const {
        return std::nullopt;
    }
    // getprotobyname(): an IP protocol number by name.
    virtual std::optional<int> ip_protocol(std::string_view /*name*/) const { return std::nullopt; }
};

// Every interface and user exists (golden tests, fuzzing).
class PermissiveCatalog final : public SystemCatalog {
public:
    bool interface_exists(std::string_view) const override { return true; }
    bool user_exists(std::string_view) const override { return true; }
    bool executable_exists(std::string_view) const override { return true; }
};

} // namespace vigil::parser
