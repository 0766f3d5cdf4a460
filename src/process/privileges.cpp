#include "process/privileges.hpp"

#include "util/log.hpp"

#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <memory>

namespace vigil::process {
namespace {

constexpr std::array<cap_value_t, 8> kept{CAP_NET_ADMIN, CAP_NET_RAW, CAP_SETUID,
                                          CAP_SETGID,   CAP_KILL,    CAP_CHOWN,
                                          CAP_DAC_OVERRIDE, CAP_SYS_NICE};

struct CapFree {
    void operator()(cap_t caps) const noexcept { cap_free(caps); }
};
using UniqueCaps = std::unique_ptr<std::remove_pointer_t<cap_t>, CapFree>;

bool is_kept(cap_value_t cap) {
    for (cap_value_t k : kept) {
        if (k == cap) {
            return true;
        }
    }
    return false;
}

} // namespace

PrivilegeResult shed_privileges() noexcept {
    if (::geteuid() != 0) {
        return PrivilegeResult::not_root;
    }
    // Bounding set first (needs CAP_SETPCAP, which we are about to lose).
    const cap_value_t last = static_cast<cap_value_t>(cap_max_bits()) - 1;
    for (cap_value_t cap = 0; cap <= last; ++cap) {
        if (!is_kept(cap) && cap != CAP_SETPCAP && CAP_IS_SUPPORTED(cap)) {
            if (cap_drop_bound(cap) != 0) {
                log::detail("Unable to drop capability {} from the bounding set", cap);
            }
        }
    }
    cap_drop_bound(CAP_SETPCAP);
    UniqueCaps caps(cap_init());
    if (!caps) {
        return PrivilegeResult::failed;
    }
    for (cap_flag_t flag : {CAP_EFFECTIVE, CAP_PERMITTED}) {
        if (cap_set_flag(caps.get(), flag, static_cast<int>(kept.size()), kept.data(), CAP_SET) != 0) {
            return PrivilegeResult::failed;
        }
    }
    if (cap_set_proc(caps.get()) != 0) {
        log::info("Unable to reduce capabilities - running with full privileges");
        return PrivilegeResult::failed;
    }
    log::detail("Capabilities reduced to {}", effective_capabilities());
    return PrivilegeResult::reduced;
}

std::string effective_capabilities() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("CapEff:")) {
            return line.substr(line.find_first_not_of(" \t", 7));
        }
    }
    return {};
}

} // namespace vigil::process
