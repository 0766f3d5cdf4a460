// The IPVS attributes we send, read back with the same parsers that read the kernel's replies
// (the kernel answers with the same nests), and the raw forms the kernel expects.
#include "ipvs/genl_codec.hpp"
#include "netlink/nl_ptr.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <doctest/doctest.h>
#include <ostream>
#include <linux/ip_vs.h>
#include <netlink/genl/genl.h>

using namespace vigil::ipvs;
using vigil::netlink::NlMsgPtr;

namespace {

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

NlMsgPtr reply(int command) {
    NlMsgPtr msg(nlmsg_alloc());
    REQUIRE(msg);
    REQUIRE(genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, 0x20, 0, 0, static_cast<std::uint8_t>(command),
                        IPVS_GENL_VERSION) != nullptr);
    return msg;
}

// The attribute `type` inside the top-level nest `nest` of `msg`.
nlattr* inner(const NlMsgPtr& msg, int nest, int type) {
    nlattr* top[IPVS_CMD_ATTR_MAX + 1] = {};
    REQUIRE(genlmsg_parse(nlmsg_hdr(msg.get()), 0, top, IPVS_CMD_ATTR_MAX, nullptr) == 0);
    REQUIRE(top[nest] != nullptr);
    nlattr* attrs[IPVS_DEST_ATTR_MAX + 1] = {}; // the largest of the nests
    REQUIRE(nla_parse_nested(attrs, IPVS_DEST_ATTR_MAX, top[nest], nullptr) == 0);
    return attrs[type];
}

} // namespace

TEST_CASE("a service round-trips; port, netmask and flags have the kernel's forms") {
    Service s = Service::with_key(ServiceKey::of_address(Protocol::udp, ip("192.0.2.1"), 53));
    s.scheduler = "sh";
    s.flags = service_flag::persistent | service_flag::sched1 | service_flag::one_packet;
    s.timeout = 360;
    s.netmask = 0xffffff00U;
    s.persistence_engine = "sip";
    auto msg = reply(IPVS_CMD_NEW_SERVICE);
    REQUIRE(genl::put_service(msg.get(), s, genl::Detail::full) == 0);

    ServiceEntry back;
    REQUIRE_FALSE(genl::parse_service(nlmsg_hdr(msg.get()), back));
    CHECK(back.service == s);

    std::uint16_t port = 0;
    std::memcpy(&port, nla_data(inner(msg, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_PORT)), 2);
    CHECK(port == htons(53));
    std::uint32_t netmask = 0;
    std::memcpy(&netmask, nla_data(inner(msg, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_NETMASK)), 4);
    CHECK(netmask == htonl(0xffffff00U));
    ip_vs_flags flags{};
    std::memcpy(&flags, nla_data(inner(msg, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_FLAGS)), sizeof flags);
    CHECK(flags.flags == s.flags);
    CHECK(flags.mask == ~0U);
    CHECK(nla_len(inner(msg, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_ADDR)) == 16);
}

TEST_CASE("IPv6 and fwmark services; the key form carries no settings") {
    Service v6 = Service::with_key(ServiceKey::of_address(Protocol::sctp, ip("2001:db8::1"), 9));
    v6.netmask = 64;
    auto msg = reply(IPVS_CMD_NEW_SERVICE);
    REQUIRE(genl::put_service(msg.get(), v6, genl::Detail::full) == 0);
    ServiceEntry back;
    REQUIRE_FALSE(genl::parse_service(nlmsg_hdr(msg.get()), back));
    CHECK(back.service == v6);
    std::uint32_t netmask = 0;
    std::memcpy(&netmask, nla_data(inner(msg, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_NETMASK)), 4);
    CHECK(netmask == 64); // a prefix length, not a mask

    Service mark = Service::with_key(ServiceKey::of_fwmark(Family::ipv6, 42));
    mark.scheduler = "rr";
    auto msg2 = reply(IPVS_CMD_NEW_SERVICE);
    REQUIRE(genl::put_service(msg2.get(), mark, genl::Detail::full) == 0);
    REQUIRE_FALSE(genl::parse_service(nlmsg_hdr(msg2.get()), back));
    CHECK(back.service == mark);
    CHECK(inner(msg2, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_PROTOCOL) == nullptr);

    auto key_only = reply(IPVS_CMD_DEL_SERVICE);
    REQUIRE(genl::put_service(key_only.get(), mark, genl::Detail::key) == 0);
    CHECK(inner(key_only, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_SCHED_NAME) == nullptr);
    CHECK(genl::parse_service(nlmsg_hdr(key_only.get()), back) == std::error_code(EPROTO, std::system_category()));
}

TEST_CASE("a destination round-trips with its tunnel settings and family") {
    Destination d;
    d.address = ip("2001:db8::10");
    d.port = 8080;
    d.forwarding = Forwarding::tunnel;
    d.weight = 2147483647;
    d.upper_threshold = 1000;
    d.lower_threshold = 100;
    d.tunnel_type = TunnelType::gue;
    d.tunnel_port = 6080;
    d.tunnel_flags = tunnel_flag::remcsum;
    auto msg = reply(IPVS_CMD_NEW_DEST);
    REQUIRE(genl::put_destination(msg.get(), d, genl::Detail::full) == 0);
    DestinationEntry back;
    REQUIRE_FALSE(genl::parse_destination(nlmsg_hdr(msg.get()), Family::ipv4, back));
    CHECK(back.destination == d); // the family comes from IPVS_DEST_ATTR_ADDR_FAMILY
    std::uint16_t port = 0;
    std::memcpy(&port, nla_data(inner(msg, IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_TUN_PORT)), 2);
    CHECK(port == htons(6080));

    auto key_only = reply(IPVS_CMD_DEL_DEST);
    REQUIRE(genl::put_destination(key_only.get(), d, genl::Detail::key) == 0);
    CHECK(inner(key_only, IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_WEIGHT) == nullptr);
    CHECK(inner(key_only, IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_ADDR_FAMILY) != nullptr);
}

TEST_CASE("sync daemon, timeouts and info") {
    SyncDaemon daemon;
    daemon.role = SyncRole::backup;
    daemon.interface = "eth1";
    daemon.sync_id = 9;
    daemon.max_len = 1400;
    daemon.port = 8849;
    daemon.ttl = 3;
    daemon.group = ip("ff02::1:2");
    auto msg = reply(IPVS_CMD_NEW_DAEMON);
    REQUIRE(genl::put_daemon(msg.get(), daemon) == 0);
    SyncDaemon back;
    REQUIRE_FALSE(genl::parse_daemon(nlmsg_hdr(msg.get()), back));
    CHECK(back == daemon);

    SyncDaemon plain;
    plain.interface = "lo";
    auto msg2 = reply(IPVS_CMD_NEW_DAEMON);
    REQUIRE(genl::put_daemon(msg2.get(), plain) == 0);
    CHECK(inner(msg2, IPVS_CMD_ATTR_DAEMON, IPVS_DAEMON_ATTR_MCAST_PORT) == nullptr);
    CHECK(inner(msg2, IPVS_CMD_ATTR_DAEMON, IPVS_DAEMON_ATTR_MCAST_GROUP) == nullptr);

    auto config = reply(IPVS_CMD_SET_CONFIG);
    REQUIRE(genl::put_timeouts(config.get(), Timeouts{7200, 0, 60}) == 0);
    Timeouts t;
    REQUIRE_FALSE(genl::parse_timeouts(nlmsg_hdr(config.get()), t));
    CHECK(t == Timeouts{7200, 0, 60});

    auto info = reply(IPVS_CMD_SET_INFO);
    REQUIRE(nla_put_u32(info.get(), IPVS_INFO_ATTR_VERSION, 0x010201) == 0);
    REQUIRE(nla_put_u32(info.get(), IPVS_INFO_ATTR_CONN_TAB_SIZE, 4096) == 0);
    Info i;
    REQUIRE_FALSE(genl::parse_info(nlmsg_hdr(info.get()), i));
    CHECK(i.version_string() == "1.2.1");
    CHECK(i.connection_table_size == 4096);
}
