#include "rawip/raw_advert_socket.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <linux/filter.h>
#include <net/if.h>
#include <netinet/in.h>
#include <span>
#include <string>
#include <sys/socket.h>

namespace vigil::rawip {
namespace {

// linux/in.h and linux/in6.h values that older libc headers lack.
#ifndef IP_MULTICAST_ALL
constexpr int IP_MULTICAST_ALL = 49;
#endif
#ifndef IPV6_MULTICAST_ALL
constexpr int IPV6_MULTICAST_ALL = 29;
#endif

constexpr int tos_internet_control = 0xc0; // IPTOS_PREC_INTERNETCONTROL
constexpr int vrrp_checksum_offset = 6;    // RFC 5798 section 5.2.8, filled by the kernel (IPv6)

std::error_code last_error() noexcept {
    return {errno, std::system_category()};
}

[[noreturn]] void fail(const char* what) {
    throw std::system_error(last_error(), what);
}

template <typename T>
void set_option(const UniqueFd& fd, int level, int name, const T& value, const char* what) {
    if (::setsockopt(fd.get(), level, name, &value, sizeof value) != 0) {
        fail(what);
    }
}

void set_int(const UniqueFd& fd, int level, int name, int value, const char* what) {
    set_option(fd, level, name, value, what);
}

UniqueFd open_raw(net::Family family, std::uint8_t protocol) {
    const int domain = family == net::Family::ipv4 ? AF_INET : AF_INET6;
    UniqueFd fd(::socket(domain, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol));
    if (!fd) {
        fail("raw VRRP socket");
    }
    return fd;
}

void bind_to_device(const UniqueFd& fd, int ifindex) {
    std::array<char, IF_NAMESIZE> name{};
    if (::if_indextoname(static_cast<unsigned>(ifindex), name.data()) == nullptr) {
        fail("if_indextoname");
    }
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, name.data(),
                     static_cast<socklen_t>(std::strlen(name.data()) + 1)) != 0) {
        fail("SO_BINDTODEVICE");
    }
}

sockaddr_in to_sockaddr4(const net::IpAddress& address) noexcept {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    std::memcpy(&sa.sin_addr, address.bytes().data(), 4);
    return sa;
}

// Link-local unicast and link-scope multicast addresses need the interface as scope.
sockaddr_in6 to_sockaddr6(const net::IpAddress& address, int ifindex) noexcept {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    std::memcpy(&sa.sin6_addr, address.bytes().data(), 16);
    const auto b = address.bytes();
    const bool link_scope = address.is_link_local() || (b[0] == 0xff && (b[1] & 0x0f) == 0x02);
    if (link_scope) {
        sa.sin6_scope_id = static_cast<std::uint32_t>(ifindex);
    }
    return sa;
}

net::IpAddress from_in_addr(const in_addr& a) noexcept {
    std::array<std::uint8_t, 4> bytes{};
    std::memcpy(bytes.data(), &a, 4);
    return net::IpAddress::v4(bytes);
}

net::IpAddress from_in6_addr(const in6_addr& a) noexcept {
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &a, 16);
    return net::IpAddress::v6(bytes);
}

// A msghdr for one buffer, with an address and room for ancillary data.
msghdr message(void* name, socklen_t name_length, iovec& iov, std::span<std::byte> control) {
    msghdr msg{};
    msg.msg_name = name;
    msg.msg_namelen = name_length;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    return msg;
}

// The send socket only sends: nothing is queued for it.
void drop_everything_received(const UniqueFd& fd) {
    set_int(fd, SOL_SOCKET, SO_RCVBUF, 0, "SO_RCVBUF");
    static sock_filter reject_all[] = {{BPF_RET | BPF_K, 0, 0, 0}};
    sock_fprog program{1, reject_all};
    set_option(fd, SOL_SOCKET, SO_ATTACH_FILTER, program, "SO_ATTACH_FILTER");
}

void setup_receive_ipv4(const UniqueFd& fd, const AdvertEndpoint& e) {
    set_int(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
    set_int(fd, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
    sockaddr_in local{};
    if (e.unicast_source) {
        local = to_sockaddr4(*e.unicast_source);
    } else {
        ip_mreqn group{};
        std::memcpy(&group.imr_multiaddr, e.multicast_group.bytes().data(), 4);
        group.imr_ifindex = e.ifindex;
        set_option(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, group, "IP_ADD_MEMBERSHIP");
        local = to_sockaddr4(e.multicast_group);
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        fail("bind VRRP receive socket");
    }
}

void setup_receive_ipv6(const UniqueFd& fd, const AdvertEndpoint& e) {
    set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
    set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
    set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
    set_int(fd, IPPROTO_IPV6, IPV6_CHECKSUM, vrrp_checksum_offset, "IPV6_CHECKSUM");
    sockaddr_in6 local{};
    if (e.unicast_source) {
        local = to_sockaddr6(*e.unicast_source, e.ifindex);
    } else {
        ipv6_mreq group{};
        std::memcpy(&group.ipv6mr_multiaddr, e.multicast_group.bytes().data(), 16);
        group.ipv6mr_interface = static_cast<unsigned>(e.ifindex);
        set_option(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, group, "IPV6_ADD_MEMBERSHIP");
        local = to_sockaddr6(e.multicast_group, e.ifindex);
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        fail("bind VRRP receive socket");
    }
}

void setup_send_ipv4(const UniqueFd& fd, const AdvertEndpoint& e) {
    set_int(fd, IPPROTO_IP, IP_HDRINCL, 1, "IP_HDRINCL");
    set_int(fd, IPPROTO_IP, IP_TOS, tos_internet_control, "IP_TOS");
    if (!e.unicast_source) {
        ip_mreqn interface {};
        interface.imr_ifindex = e.ifindex;
        set_option(fd, IPPROTO_IP, IP_MULTICAST_IF, interface, "IP_MULTICAST_IF");
        set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
    }
}

void setup_send_ipv6(const UniqueFd& fd, const AdvertEndpoint& e) {
    set_int(fd, IPPROTO_IPV6, IPV6_CHECKSUM, vrrp_checksum_offset, "IPV6_CHECKSUM");
    set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, vrrp::vrrp_ttl, "IPV6_MULTICAST_HOPS");
    set_int(fd, IPPROTO_IPV6, IPV6_TCLASS, tos_internet_control, "IPV6_TCLASS");
    if (!e.unicast_source) {
        set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, e.ifindex, "IPV6_MULTICAST_IF");
        set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
    }
}

} // namespace

RawAdvertSocket::RawAdvertSocket(const AdvertEndpoint& endpoint)
    : endpoint_(endpoint), receive_(open_raw(endpoint.family, endpoint.protocol)),
      send_(open_raw(endpoint.family, endpoint.protocol)) {
    switch (endpoint.family) {
    case net::Family::ipv4:
        setup_receive_ipv4(receive_, endpoint);
        setup_send_ipv4(send_, endpoint);
        break;
    case net::Family::ipv6:
        setup_receive_ipv6(receive_, endpoint);
        setup_send_ipv6(send_, endpoint);
        break;
    }
    bind_to_device(receive_, endpoint.ifindex);
    bind_to_device(send_, endpoint.ifindex);
    drop_everything_received(send_);
}

namespace {

// RFC 791 section 3.1: header fields the receive path reads.
constexpr std::size_t ipv4_header_minimum = 20;
constexpr std::size_t ipv4_ttl_offset = 8;
constexpr std::size_t ipv4_source_offset = 12;

// Room for every control message a receive socket is set up to deliver.
using ReceiveControl =
    std::array<std::byte, CMSG_SPACE(sizeof(in6_pktinfo)) + CMSG_SPACE(sizeof(in_pktinfo)) +
                              CMSG_SPACE(sizeof(int))>;

// Fills `out` from one received message of `length` bytes in `buffer`. IPv4: the kernel
// hands over the whole IP packet, so the source and TTL are read from its header (the same
// values recvmsg() would report as the sender's address); no msg_name is requested. IPv6:
// the source from msg_name. Destination, interface and IPv6 hop limit: control messages.
void describe(const msghdr& msg, std::size_t length, std::span<std::byte> buffer,
              net::Family family, int default_ifindex, ReceivedAdvert& out) noexcept {
    out.packet = buffer.first(length);
    out.source = net::IpAddress{};
    out.destination = net::IpAddress{};
    out.ttl.reset();
    out.ifindex = default_ifindex;
    switch (family) {
    case net::Family::ipv4:
        if (length >= ipv4_header_minimum) {
            in_addr source{};
            std::memcpy(&source, buffer.data() + ipv4_source_offset, sizeof source);
            out.source = from_in_addr(source);
            out.ttl = static_cast<std::uint8_t>(buffer[ipv4_ttl_offset]);
        }
        break;
    case net::Family::ipv6:
        if (msg.msg_name != nullptr && msg.msg_namelen >= sizeof(sockaddr_in6)) {
            out.source = from_in6_addr(static_cast<const sockaddr_in6*>(msg.msg_name)->sin6_addr);
        }
        break;
    }
    auto& m = const_cast<msghdr&>(msg); // CMSG_NXTHDR takes a non-const msghdr
    for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            out.destination = from_in_addr(info.ipi_addr);
            out.ifindex = info.ipi_ifindex;
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            out.destination = from_in6_addr(info.ipi6_addr);
            out.ifindex = static_cast<int>(info.ipi6_ifindex);
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
            int hops = 0;
            std::memcpy(&hops, CMSG_DATA(c), sizeof hops);
            out.ttl = static_cast<std::uint8_t>(hops);
        }
    }
}

} // namespace

std::error_code RawAdvertSocket::receive(std::span<std::byte> buffer,
                                         ReceivedAdvert& out) noexcept {
    sockaddr_in6 from{};
    iovec iov{buffer.data(), buffer.size()};
    alignas(cmsghdr) ReceiveControl control{};
    msghdr msg = endpoint_.family == net::Family::ipv6 ? message(&from, sizeof from, iov, control)
                                                        : message(nullptr, 0, iov, control);
    const ssize_t n = ::recvmsg(receive_.get(), &msg, 0);
    if (n < 0) {
        return last_error();
    }
    if ((msg.msg_flags & MSG_TRUNC) != 0) {
        return std::make_error_code(std::errc::message_size);
    }
    describe(msg, static_cast<std::size_t>(n), buffer, endpoint_.family, endpoint_.ifindex, out);
    return {};
}

std::error_code RawAdvertSocket::receive_batch(ReceiveBatch& batch, std::size_t& count) noexcept {
    count = 0;
    const std::size_t slots = std::min(batch.slots(), max_batch);
    if (slots == 0) {
        return {};
    }
    // Only the fields the kernel reads are set: this runs for every wake-up.
    std::array<mmsghdr, max_batch> messages;
    std::array<iovec, max_batch> iovs;
    std::array<sockaddr_in6, max_batch> names;
    alignas(cmsghdr) std::array<ReceiveControl, max_batch> controls;
    const bool want_name = endpoint_.family == net::Family::ipv6;
    for (std::size_t i = 0; i < slots; ++i) {
        const std::span<std::byte> slot = batch.slot(i);
        iovs[i] = iovec{slot.data(), slot.size()};
        messages[i].msg_hdr = want_name ? message(&names[i], sizeof names[i], iovs[i], controls[i])
                                        : message(nullptr, 0, iovs[i], controls[i]);
        messages[i].msg_len = 0;
    }
    const int n = ::recvmmsg(receive_.get(), messages.data(), static_cast<unsigned>(slots),
                             MSG_DONTWAIT, nullptr);
    if (n < 0) {
        return last_error();
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        const msghdr& msg = messages[i].msg_hdr;
        if ((msg.msg_flags & MSG_TRUNC) != 0) {
            continue; // as receive(): std::errc::message_size, the packet is gone
        }
        // Compacted: slot `count` may differ from slot `i` only after a dropped packet.
        ReceivedAdvert& out = batch[count];
        describe(msg, messages[i].msg_len, batch.slot(i), endpoint_.family, endpoint_.ifindex, out);
        ++count;
    }
    return {};
}

std::error_code RawAdvertSocket::send(std::span<const std::byte> packet,
                                      const AdvertDestination& to) noexcept {
    switch (endpoint_.family) {
    case net::Family::ipv4:
        return send_ipv4(packet, to);
    case net::Family::ipv6:
        return send_ipv6(packet, to);
    }
    return std::make_error_code(std::errc::address_family_not_supported);
}

std::error_code RawAdvertSocket::send_ipv4(std::span<const std::byte> packet,
                                           const AdvertDestination& to) noexcept {
    const sockaddr_in dst = to_sockaddr4(to.address);
    const int flags = to.address.is_multicast() ? MSG_DONTROUTE : 0;
    if (::sendto(send_.get(), packet.data(), packet.size(), flags,
                 reinterpret_cast<const sockaddr*>(&dst), sizeof dst) < 0) {
        return last_error();
    }
    return {};
}

std::error_code RawAdvertSocket::send_ipv6(std::span<const std::byte> packet,
                                           const AdvertDestination& to) noexcept {
    sockaddr_in6 dst = to_sockaddr6(to.address, endpoint_.ifindex);
    iovec iov{const_cast<std::byte*>(packet.data()), packet.size()};
    alignas(cmsghdr)
        std::array<std::byte, CMSG_SPACE(sizeof(in6_pktinfo)) + CMSG_SPACE(sizeof(int))>
            control{};
    msghdr msg = message(&dst, sizeof dst, iov, control);

    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
    in6_pktinfo info{};
    std::memcpy(&info.ipi6_addr, to.source.bytes().data(), 16);
    info.ipi6_ifindex = static_cast<unsigned>(endpoint_.ifindex);
    std::memcpy(CMSG_DATA(c), &info, sizeof info);

    c = CMSG_NXTHDR(&msg, c);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_HOPLIMIT;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    const int hops = to.hop_limit;
    std::memcpy(CMSG_DATA(c), &hops, sizeof hops);

    const int flags = to.address.is_multicast() ? MSG_DONTROUTE : 0;
    if (::sendmsg(send_.get(), &msg, flags) < 0) {
        return last_error();
    }
    return {};
}

std::unique_ptr<AdvertSocket> open_raw_advert_socket(const AdvertEndpoint& endpoint) {
    return std::make_unique<RawAdvertSocket>(endpoint);
}

} // namespace vigil::rawip
