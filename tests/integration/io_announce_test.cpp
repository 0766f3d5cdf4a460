// Root integration test of PacketAnnouncer: GARP and unsolicited NA frames sent in namespace
// "a", captured by tcpdump in namespace "b" and decoded by tshark.
#include "arp/packet_announcer.hpp"
#include "io_netns.hpp"
#include "util/log.hpp"

#include <fstream>
#include <net/if.h>
#include <signal.h>
#include <sstream>
#include <stdlib.h>
#include <vector>

using namespace vigil;
using io_test::contains;
using io_test::run;

namespace {

std::vector<std::string> logged;
void capture_log(log::Level /*level*/, std::string_view line) {
    logged.emplace_back(line);
}

net::IpAddress ip(const char* text) {
    return *net::IpAddress::parse(text);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("GARP and NA decode in tshark as keepalived's") {
    if (!contains(run("command -v tcpdump >/dev/null && command -v tshark >/dev/null && echo yes"),
                  "yes")) {
        MESSAGE("tcpdump or tshark missing: nothing to check");
        return;
    }
    char dir_template[] = "/tmp/vgio-announce-XXXXXX";
    const char* dir = ::mkdtemp(dir_template);
    REQUIRE(dir != nullptr);
    // On every exit path: stop our tcpdump (by its recorded pid) and remove the directory.
    struct Cleanup {
        std::string dir;
        ~Cleanup() { run("kill $(cat " + dir + "/pid) 2>/dev/null; rm -rf " + dir); }
    } cleanup{dir};
    const std::string pcap = std::string(dir) + "/frames.pcap";
    const std::string tcpdump_log = std::string(dir) + "/tcpdump.log";

    io_test::NamespacePair pair;
    const int index = static_cast<int>(::if_nametoindex("vgioA"));
    // /sys shows the namespace of whoever mounted it, so read the MAC through ip.
    const std::string link = run("ip -o link show vgioA");
    const auto at = link.find("link/ether ");
    REQUIRE(at != std::string::npos);
    const std::string mac_text = link.substr(at + 11, 17);
    arp::MacAddress mac{};
    {
        unsigned v[6]{};
        REQUIRE(std::sscanf(mac_text.c_str(), "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3],
                            &v[4], &v[5]) == 6);
        for (int i = 0; i < 6; ++i) {
            mac[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v[i]);
        }
    }

    pair.enter_b();
    // Bounded: tcpdump exits after 2 frames or 20 s.
    run("timeout 20 tcpdump -i vgioB -U -n -c 2 -w " + pcap +
        " 'arp or (icmp6 and ip6[40] == 136)' >" + tcpdump_log + " 2>&1 & echo $! >" + dir +
        "/pid");
    pair.enter_a();
    REQUIRE(io_test::eventually([&] { return contains(read_file(tcpdump_log), "listening on"); }));

    log::set_detail(true);
    log::set_sink(&capture_log);
    arp::PacketAnnouncer announcer;
    const arp::AnnounceLink where{index, "vgioA", mac};
    CHECK_FALSE(announcer.announce(where, ip("192.0.2.100")));
    CHECK_FALSE(announcer.announce(where, ip("2001:db8::100")));
    log::set_sink(nullptr);
    log::set_detail(false);
    CHECK(logged == std::vector<std::string>{
                        "Sending gratuitous ARP on vgioA for 192.0.2.100",
                        "Sending unsolicited Neighbour Advert on vgioA for 2001:db8::100"});

    REQUIRE(
        io_test::eventually([&] { return contains(read_file(tcpdump_log), "2 packets captured"); },
                            std::chrono::seconds(10)));
    const std::string arp_fields =
        run("tshark -r " + pcap +
            " -Y arp -T fields -E separator=' ' -e eth.dst -e eth.src "
            "-e arp.opcode -e arp.src.hw_mac -e arp.src.proto_ipv4 -e arp.dst.hw_mac "
            "-e arp.dst.proto_ipv4 -e arp.isgratuitous");
    CHECK(contains(arp_fields, "ff:ff:ff:ff:ff:ff " + mac_text + " 1 " + mac_text +
                                   " 192.0.2.100 ff:ff:ff:ff:ff:ff 192.0.2.100 1"));
    const std::string na_fields =
        run("tshark -r " + pcap +
            " -Y icmpv6 -T fields -E separator=' ' "
            "-e eth.dst -e ipv6.src -e ipv6.dst -e ipv6.hlim -e icmpv6.type "
            "-e icmpv6.nd.na.flag.r -e icmpv6.nd.na.flag.s -e icmpv6.nd.na.flag.o "
            "-e icmpv6.nd.na.target_address -e icmpv6.opt.linkaddr -e icmpv6.checksum.status");
    CHECK(contains(na_fields, "33:33:00:00:00:01 2001:db8::100 ff02::1 255 136 0 0 1 "
                              "2001:db8::100 " +
                                  mac_text + " 1"));
    const std::string verbose = run("tshark -r " + pcap + " -V");
    CHECK(contains(verbose, "[Is gratuitous: True]"));
    CHECK(contains(verbose, "Neighbor Advertisement"));
    CHECK_FALSE(contains(verbose, "Bad"));
}
