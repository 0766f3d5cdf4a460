#pragma once
// net_namespace_ipvs: the checker child talks to IPVS in another network namespace, as
// keepalived 2.2.7 does (namespaces.c set_netns_name/restore_net_namespace around the
// generic netlink connect). A socket keeps the namespace it was created in, so the switch
// lasts only while the IPVS socket is opened; the child itself, its probes and scripts stay
// in the daemon's namespace.

#include "util/unique_fd.hpp"

#include <string>

namespace vigil::checkd {

// Enters the IPVS namespace for its lifetime and returns to the previous one in its
// destructor. NAME is an `ip netns` name (/var/run/netns/NAME); an empty name is the
// default namespace (that of pid 1), as keepalived reads `net_namespace_ipvs` without a
// name. A failure logs keepalived's lines and leaves entered() false (and the namespace
// unchanged).
class IpvsNamespaceScope {
public:
    explicit IpvsNamespaceScope(const std::string& name) noexcept;
    IpvsNamespaceScope(const IpvsNamespaceScope&) = delete;
    IpvsNamespaceScope& operator=(const IpvsNamespaceScope&) = delete;
    ~IpvsNamespaceScope();

    [[nodiscard]] bool entered() const noexcept { return entered_; }

private:
    UniqueFd previous_;
    bool entered_ = false;
};

} // namespace vigil::checkd
