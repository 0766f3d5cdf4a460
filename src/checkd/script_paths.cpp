#include "checkd/script_paths.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <string_view>

namespace vigil::checkd {
namespace {

bool executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// find_path(): the first PATH entry holding an executable regular file named `word` (an
// empty entry is the current directory).
std::string search_path(const std::string& word) {
    std::string path;
    if (const char* env = std::getenv("PATH")) {
        path = env;
    } else {
        path.resize(::confstr(_CS_PATH, nullptr, 0));
        ::confstr(_CS_PATH, path.data(), path.size());
        path.resize(path.find('\0') == std::string::npos ? path.size() : path.find('\0'));
    }
    std::string_view rest = path;
    while (true) {
        const std::size_t colon = rest.find(':');
        const std::string_view dir = rest.substr(0, colon);
        std::string candidate(dir);
        if (!candidate.empty()) {
            candidate += '/';
        }
        candidate += word;
        if (executable_file(candidate)) {
            return candidate;
        }
        if (colon == std::string_view::npos) {
            return {};
        }
        rest.remove_prefix(colon + 1);
    }
}

std::string_view file_part(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool same_file(const std::string& a, const std::string& b) {
    struct stat sa {};
    struct stat sb {};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

} // namespace

std::string resolve_script_path(const std::string& word) {
    if (word.empty() || word.size() >= PATH_MAX || word.front() == '<') {
        return word;
    }
    std::string found = word;
    if (word.find('/') == std::string::npos) {
        found = search_path(word);
        if (found.empty()) {
            return word;
        }
    }
    char* real = ::realpath(found.c_str(), nullptr);
    if (real == nullptr) {
        return found;
    }
    std::string canonical(real);
    std::free(real);
    const std::string_view own_name = file_part(found);
    if (file_part(canonical) == own_name) {
        return canonical;
    }
    // The canonical directory with the name as written, when that is the same file.
    std::string renamed = canonical.substr(0, canonical.size() - file_part(canonical).size());
    renamed += own_name;
    return same_file(canonical, renamed) ? renamed : canonical;
}

std::shared_ptr<const config::Config> with_resolved_scripts(std::shared_ptr<const config::Config> config) {
    if (!config || !config->lvs_) {
        return config;
    }
    std::shared_ptr<config::Config> copy;
    const auto& servers = config->lvs_->virtual_servers_;
    for (std::size_t v = 0; v < servers.size(); ++v) {
        for (std::size_t r = 0; r < servers[v].real_servers_.size(); ++r) {
            const auto& checkers = servers[v].real_servers_[r].checkers_;
            for (std::size_t c = 0; c < checkers.size(); ++c) {
                const auto* misc = std::get_if<config::MiscCheck>(&checkers[c].detail_);
                if (misc == nullptr || !misc->script_ || misc->script_->argv_.empty()) {
                    continue;
                }
                std::string resolved = resolve_script_path(misc->script_->argv_.front());
                if (resolved == misc->script_->argv_.front()) {
                    continue;
                }
                if (!copy) {
                    copy = std::make_shared<config::Config>(*config);
                }
                auto& target = std::get<config::MiscCheck>((*copy->lvs_).virtual_servers_[v].real_servers_[r].checkers_[c].detail_);
                (*target.script_).argv_.front() = std::move(resolved);
            }
        }
    }
    return copy ? std::shared_ptr<const config::Config>(std::move(copy)) : config;
}

} // namespace vigil::checkd
