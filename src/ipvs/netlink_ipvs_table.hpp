#pragma once
// IpvsTable over the generic netlink family "IPVS" (linux/ip_vs.h) with libnl-genl-3.
// Messages are built with libnl's genlmsg_put/nla_put, written to the socket back to back (a
// window at a time, so that the acknowledgements fit in the receive buffer) and matched to
// their answers by sequence number; dumps and gets read their replies until NLMSG_DONE or the
// acknowledgement. The kernel's errno is kept from each answer.

#include "ipvs/ipvs_table.hpp"
#include "netlink/nl_ptr.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>

struct nlmsghdr;

namespace vigil::ipvs {

class NetlinkIpvsTable final : public IpvsTable {
public:
    // Opens the socket in the caller's network namespace and resolves the family (the kernel
    // loads ip_vs on demand). On failure returns null and sets `error`: ENOPROTOOPT when the
    // kernel has no IPVS (keepalived's "Protocol not available"), else the socket's errno.
    static std::unique_ptr<NetlinkIpvsTable> open(std::error_code& error) noexcept;

    std::error_code execute(const Command& command) noexcept override;
    void execute_all(std::span<const Command> commands, std::span<std::error_code> results) noexcept override;
    std::error_code list_services(std::vector<ServiceEntry>& out) noexcept override;
    std::error_code get_service(const ServiceKey& key, ServiceEntry& out) noexcept override;
    std::error_code list_destinations(const ServiceKey& key, std::vector<DestinationEntry>& out) noexcept override;
    std::error_code get_timeouts(Timeouts& out) noexcept override;
    std::error_code set_timeouts(const Timeouts& timeouts) noexcept override;
    std::error_code start_sync_daemon(const SyncDaemon& daemon) noexcept override;
    std::error_code stop_sync_daemon(SyncRole role) noexcept override;
    std::error_code list_sync_daemons(std::vector<SyncDaemon>& out) noexcept override;
    std::error_code get_info(Info& out) noexcept override;

private:
    NetlinkIpvsTable(netlink::NlSocketPtr socket, int family) noexcept;

    // A request with its generic netlink header for `command` (IPVS_CMD_*) and `flags`.
    netlink::NlMsgPtr message(int command, int flags) noexcept;
    // The request for one Command, or its error (EINVAL for an unknown operation, ENOMEM).
    std::error_code build(const Command& command, netlink::NlMsgPtr& out) noexcept;
    // Sends one request and hands each reply to on_reply (a std::error_code(nlmsghdr*) that
    // stops the exchange with its error); returns the kernel's answer.
    template <typename OnReply>
    std::error_code request(const netlink::NlMsgPtr& msg, OnReply&& on_reply) noexcept;
    // Writes `count` requests (bytes in `out`, sequence numbers base, base+1, ...) and reads
    // until each has its NLMSG_ERROR or NLMSG_DONE; answers[k] receives request k's.
    template <typename OnReply>
    void exchange(std::span<const std::byte> out, std::uint32_t base, std::size_t count,
                  std::span<std::error_code> answers, OnReply&& on_reply) noexcept;

    netlink::NlSocketPtr socket_;
    int family_;
    std::uint32_t next_sequence_ = 0x49500000; // our own range: libnl's resolver kept its own
    std::unique_ptr<std::byte[]> buffer_;      // receive buffer (pages touched only when used)
};

} // namespace vigil::ipvs
