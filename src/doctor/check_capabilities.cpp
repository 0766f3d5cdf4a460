#include "doctor/checks.hpp"

namespace vigil::doctor {

bool check_capabilities(std::uint64_t cap_eff, Findings& out) {
    constexpr std::uint64_t net_admin = 1ULL << 12; // linux/capability.h CAP_NET_ADMIN
    constexpr std::uint64_t net_raw = 1ULL << 13;   // CAP_NET_RAW
    if ((cap_eff & net_raw) == 0) {
        out.push_back({"capabilities", Severity::problem,
                       "no CAP_NET_RAW: cannot listen for adverts or probe the VIPs (and the daemon could not "
                       "send adverts)",
                       "run vigil doctor as root (sudo vigil doctor)"});
        return false;
    }
    if ((cap_eff & net_admin) == 0) {
        out.push_back({"capabilities", Severity::note,
                       "no CAP_NET_ADMIN: fine for these checks; the daemon itself needs it to add VIPs", {}});
    }
    return true;
}

} // namespace vigil::doctor
