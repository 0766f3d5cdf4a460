#include "daemon/config_test.hpp"

#include "parser/dump_config.hpp"

#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <netdb.h>
#include <pwd.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

namespace vigil::daemon {

SystemCatalog::SystemCatalog() {
    if (const char* list = std::getenv("VIGIL_TEST_INTERFACES"); list != nullptr) {
        fixed_ = true;
        std::string_view rest{list};
        while (!rest.empty()) {
            const auto start = rest.find_first_not_of(' ');
            if (start == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(start);
            const auto end = rest.find(' ');
            interfaces_.emplace_back(rest.substr(0, end));
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
        }
    }
}

SystemCatalog::SystemCatalog(NamespaceMode mode, std::string override_namespace) : SystemCatalog() {
    namespace_mode_ = mode;
    override_namespace_ = std::move(override_namespace);
}

bool SystemCatalog::enter_namespace(std::string_view name) const {
    const std::string target = override_namespace_.empty() ? std::string{name} : override_namespace_;
    if (namespace_mode_ == NamespaceMode::stay || target.empty()) {
        return true;
    }
    // keepalived: open("/var/run/netns/NAME"), setns(CLONE_NEWNET).
    const std::string path = "/var/run/netns/" + target;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool entered = ::setns(fd, CLONE_NEWNET) == 0;
    ::close(fd);
    looked_up_.clear();
    return entered;
}

std::optional<unsigned long> SystemCatalog::iproute2_name(std::string_view file, std::string_view name) const {
    // rttables.c read_file(): lines of exactly two words "ID NAME"; ID by strtoul base 0.
    std::FILE* f = std::fopen(fmt::format("/etc/iproute2/{}", file).c_str(), "re");
    if (f == nullptr) {
        return std::nullopt;
    }
    std::optional<unsigned long> found;
    char buf[128];
    while (!found && std::fgets(buf, sizeof buf, f) != nullptr) {
        char id_text[128];
        char found_name[128];
        char extra[2];
        if (std::sscanf(buf, "%127s %127s %1s", id_text, found_name, extra) != 2 || id_text[0] == '-') {
            continue;
        }
        char* end = nullptr;
        const unsigned long id = std::strtoul(id_text, &end, 0);
        if (end == id_text || *end != '\0') {
            continue;
        }
        if (name == found_name) {
            found = id;
        }
    }
    std::fclose(f);
    return found;
}

std::optional<int> SystemCatalog::ip_protocol(std::string_view name) const {
    const protoent* pe = getprotobyname(std::string{name}.c_str());
    endprotoent();
    if (pe == nullptr) {
        return std::nullopt;
    }
    return pe->p_proto;
}

long SystemCatalog::cpus_online() const {
    return ::sysconf(_SC_NPROCESSORS_ONLN);
}

bool SystemCatalog::group_exists(std::string_view name) const {
    if (fixed_) {
        return name != "keepalived_script";  // as for users: the one name Debian never creates
    }
    return getgrnam(std::string{name}.c_str()) != nullptr;
}

bool SystemCatalog::interface_exists(std::string_view name) const {
    if (fixed_) {
        for (const auto& i : interfaces_) {
            if (i == name) {
                return true;
            }
        }
        return false;
    }
    for (const auto& [known, exists] : looked_up_) {
        if (known == name) {
            return exists;
        }
    }
    const bool exists = if_nametoindex(std::string{name}.c_str()) != 0;
    looked_up_.emplace_back(name, exists);
    return exists;
}

bool SystemCatalog::user_exists(std::string_view name) const {
    if (fixed_) {
        return name != "keepalived_script";
    }
    return getpwnam(std::string{name}.c_str()) != nullptr;
}

namespace {
std::string resolve_command(std::string_view command);
} // namespace

bool SystemCatalog::executable_exists(std::string_view command) const {
    if (command.empty()) {
        return false;
    }
    if (command.find('/') != std::string_view::npos) {
        return access(std::string{command}.c_str(), F_OK) == 0;
    }
    return !resolve_command(command).empty();
}

namespace {

// execvp's view of `command`: as given when it has a '/', else the first executable match
// on PATH (default PATH as execvp's). Empty when nothing matches.
std::string resolve_command(std::string_view command) {
    if (command.find('/') != std::string_view::npos) {
        return std::string{command};
    }
    const char* env = std::getenv("PATH");
    std::string_view path = env != nullptr ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    while (!path.empty()) {
        const auto colon = path.find(':');
        const auto dir = path.substr(0, colon);
        if (!dir.empty()) {
            std::string candidate = fmt::format("{}/{}", dir, command);
            if (access(candidate.c_str(), X_OK) == 0) {
                return candidate;
            }
        }
        path.remove_prefix(colon == std::string_view::npos ? path.size() : colon + 1);
    }
    return {};
}

// keepalived's check_security() on one path component: owned by root, and neither a
// regular file nor a non-sticky directory writable by others or by a non-root group.
bool safe_component(const struct stat& st) {
    if (st.st_uid != 0) {
        return false;
    }
    const bool checked = S_ISREG(st.st_mode) || (S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) == 0);
    return !checked || ((st.st_gid == 0 || (st.st_mode & S_IWGRP) == 0) && (st.st_mode & S_IWOTH) == 0);
}

} // namespace

parser::SystemCatalog::ScriptFile SystemCatalog::script_file(std::string_view command) const {
    ScriptFile out;
    const std::string resolved = resolve_command(command);
    char* real = resolved.empty() ? nullptr : ::realpath(resolved.c_str(), nullptr);
    if (real == nullptr) {
        out.found = false;
        out.error = resolved.empty() ? 0 : errno;
        return out;
    }
    std::string path(real);
    std::free(real);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        out.found = false;
        return out;
    }
    out.setid_root = ((st.st_mode & S_ISUID) != 0 && st.st_uid == 0) || ((st.st_mode & S_ISGID) != 0 && st.st_gid == 0);
    out.executable = S_ISREG(st.st_mode) && (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
    out.secure = safe_component(st);
    // Every directory above it, up to and including "/".
    while (out.secure && path.size() > 1) {
        const auto slash = path.rfind('/');
        path.resize(slash == 0 ? 1 : slash);
        out.secure = ::stat(path.c_str(), &st) == 0 && safe_component(st);
    }
    return out;
}

parser::LoadOptions load_options(const Options& options, const parser::SystemCatalog& system) {
    parser::LoadOptions out;
    out.preprocess_.config_id = options.config_id_;
    out.preprocess_.log_opened_files = options.log_detail_ > 0;
    out.reader_ = options.config_test_ ? parser::Reader::config_test : parser::Reader::daemon;
    if (options.all_config_) {
        out.preprocess_.include_check = parser::IncludeCheck::all;
    }
    out.system_ = &system;
    return out;
}

int config_test_status(const parser::Diagnostics& diagnostics, const Options& options) {
    int status = diagnostics.exit_status();
    if (options.log_facility_invalid_ && status == 0) {
        status = 5;
    }
    if (options.strict_ && status == 0) {
        for (const auto& d : diagnostics.all()) {
            if (d.severity == parser::Severity::warning && d.audience == parser::Audience::all) {
                status = 5;
            }
        }
    }
    return status;
}

int run_config_test(const Options& options) {
    const SystemCatalog system{NamespaceMode::enter, options.net_namespace_.value_or("")};
    const auto result = parser::load_config_file(options.config_file_, load_options(options, system));
    std::FILE* out = stderr;
    std::FILE* file = nullptr;
    if (options.config_test_file_) {
        file = std::fopen(options.config_test_file_->c_str(), "ae");
        if (file != nullptr) {
            out = file;
        }
    }
    for (const auto& d : result.diagnostics_.all()) {
        if (d.audience == parser::Audience::journal) {
            continue; // keepalived -t does not print what only its running processes log
        }
        fmt::print(out, "{}\n", parser::format_gnu(d));
    }
    if (file != nullptr) {
        std::fclose(file);
    }
    if (options.dump_conf_) {
        fmt::print(stdout, "{}", parser::dump_config(result.config_));
        std::fflush(stdout);
    }
    return config_test_status(result.diagnostics_, options);
}

} // namespace vigil::daemon
