#include "vrrpd/dump.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

using namespace vigil::vrrpd;

namespace {
InstanceSnapshot sample() {
    InstanceSnapshot i;
    i.name = "VI_1";
    i.state = 2;
    i.wantstate = 2;
    i.vrid = 51;
    i.base_priority = 100;
    i.effective_priority = 90;
    i.interface = "eth0";
    i.vips = {"192.0.2.100/32 dev eth0 scope global"};
    i.stats.advert_sent = 12;
    i.stats.become_master = 1;
    i.stats.auth_failure = 3;
    i.scripts = {{"script_master", "'/bin/echo' 'a b'"}};
    return i;
}
} // namespace

TEST_CASE("USR2 stats file: keepalived's layout") {
    const std::string text = format_stats({sample()});
    CHECK(text ==
          "VRRP Instance: VI_1\n"
          "  Advertisements:\n"
          "    Received: 0\n"
          "    Sent: 12\n"
          "  Became master: 1\n"
          "  Released master: 0\n"
          "  Packet Errors:\n"
          "    Length: 0\n"
          "    TTL: 0\n"
          "    Invalid Type: 0\n"
          "    Advertisement Interval: 0\n"
          "    Address List: 0\n"
          "  Authentication Errors:\n"
          "    Invalid Type: 0\n"
          "    Type Mismatch: 0\n"
          "    Failure: 3\n"
          "  Priority Zero:\n"
          "    Received: 0\n"
          "    Sent: 0\n");
}

TEST_CASE("JSON dump: array of {data, stats} with keepalived's keys") {
    const std::string json = format_json({sample(), sample()});
    CHECK(json.starts_with("[{\"data\":{\"iname\":\"VI_1\","));
    CHECK(json.find("\"state\":2,") != std::string::npos);
    CHECK(json.find("\"effective_priority\":90,") != std::string::npos);
    CHECK(json.find("\"vips\":[\"192.0.2.100/32 dev eth0 scope global\"]") != std::string::npos);
    CHECK(json.find("\"script_master\":\"'/bin/echo' 'a b'\"") != std::string::npos);
    CHECK(json.find("\"stats\":{\"advert_rcvd\":0,\"advert_sent\":12,") != std::string::npos);
    CHECK(json.find("}},{\"data\"") != std::string::npos);
    CHECK(json.ends_with("}}]\n"));
    // Valid JSON (python is part of the build dependencies).
    char t[] = "/tmp/vigil-json-XXXXXX";
    REQUIRE(mkdtemp(t) != nullptr);
    const std::string path = std::string(t) + "/k.json";
    std::ofstream(path) << json;
    if (std::system("command -v python3 >/dev/null") == 0) {
        CHECK(std::system(("python3 -c 'import json,sys; json.load(open(sys.argv[1]))' " + path).c_str()) == 0);
    }
    std::system(("rm -rf " + std::string(t)).c_str());
}

TEST_CASE("data dump: keepalived's instance lines, in its order") {
    DataSnapshot d;
    InstanceSnapshot i = sample();
    i.version = 2;
    i.total_priority = 90;
    i.last_transition = 1796665037.650494;
    i.read_timeout = 0;
    i.master_down_timer_us = 3609375;
    i.multicast_address = "224.0.0.18";
    i.source_address = "192.0.2.1";
    i.auth_type = "PASS";
    i.auth_data = "1111";
    i.vips = {"192.0.2.100/24 dev eth0 scope global set"};
    i.fd_in = 13;
    i.fd_out = 14;
    i.notify_lines = {{"Master", "'/usr/bin/echo' 'a b', uid:gid 0:0"}};
    d.instances.push_back(i);
    SocketSnapshot k;
    k.fd_in = 13;
    k.fd_out = 14;
    k.interface = "eth0";
    k.instances = {{"VI_1", 51}};
    d.sockets.push_back(k);
    InterfaceSnapshot lo;
    lo.name = "lo";
    lo.index = 1;
    lo.ipv4 = "127.0.0.1";
    lo.flags = 0x49; // UP, LOOPBACK, RUNNING
    lo.seen_up = true;
    lo.mtu = 65536;
    lo.hw_type = 772;
    d.interfaces.push_back(lo);
    const std::string text = format_data("------< Global definitions >------\n", d);
    CHECK(text.find("   Last transition = 1796665037.650494 (") != std::string::npos);
    std::string expected_tail =
        "   Read timeout = DISABLED\n"
        "   Master down timer = 3609375 usecs\n"
        "   Interface = eth0\n"
        "   Using src_ip = 192.0.2.1\n"
        "   Multicast address 224.0.0.18\n"
        "   Gratuitous ARP delay = 5\n"
        "   Gratuitous ARP repeat = 5\n"
        "   Gratuitous ARP refresh = 0\n"
        "   Gratuitous ARP refresh repeat = 1\n"
        "   Gratuitous ARP lower priority delay = 5\n"
        "   Gratuitous ARP lower priority repeat = 5\n"
        "   Down timer adverts = 3\n"
        "   Send advert after receive lower priority advert = true\n"
        "   Send advert after receive higher priority advert = false\n"
        "   Virtual Router ID = 51\n"
        "   Priority = 100\n"
        "   Effective priority = 90\n"
        "   Total priority = 90\n"
        "   Advert interval = 1 sec\n"
        "   Accept = enabled\n"
        "   Preempt = enabled\n"
        "   Promote_secondaries = disabled\n"
        "   Authentication type = SIMPLE_PASSWORD\n"
        "   Password = 1111\n"
        "   Virtual IP (1):\n"
        "     192.0.2.100/24 dev eth0 scope global set\n"
        "   fd_in 13, fd_out 14\n"
        "   Using smtp notification = no\n"
        "   Notify deleted = Fault\n"
        "   Master state transition script = '/usr/bin/echo' 'a b', uid:gid 0:0\n"
        "   Notify priority changes = false\n"
        "------< VRRP Sockpool >------\n"
        " fd_in 13 fd_out = 14\n"
        "   Interface = eth0\n"
        "   Family = IPv4\n"
        "   Protocol = VRRP\n"
        "   Type = Multicast\n"
        "   Rx buf size = 0\n"
        "   VRRP instances\n"
        "     VI_1 vrid 51\n"
        "------< Interfaces >------\n"
        " Name = lo\n"
        "   index = 1\n"
        "   IPv4 address = 127.0.0.1\n"
        "   IPv6 address = (none)\n"
        "   State = UP, RUNNING, no broadcast, loopback, no multicast\n"
        "   Seen up = 1\n"
        "   Delayed state change running = false\n"
        "   Up debounce timer = 0us\n"
        "   Down debounce timer = 0us\n"
        "   MTU = 65536\n"
        "   HW Type = LOOPBACK\n"
        "   NIC netlink status update\n"
        "   Reset ARP config counter 0\n"
        "   Original arp_ignore 0\n"
        "   Original arp_filter 0\n"
        "   Original promote_secondaries 0\n"
        "   Reset promote_secondaries counter 0\n";
    CHECK(text.starts_with("------< Global definitions >------\n"
                           "------< VRRP Topology >------\n"
                           " VRRP Instance = VI_1\n"
                           "   VRRP Version = 2\n"
                           "   State = MASTER\n"
                           "   Flags: none\n"
                           "   Wantstate = MASTER\n"
                           "   Number of config faults = 0\n"
                           "   Number of interface and track script faults = 0\n"
                           "   Number of track scripts init = 0\n"));
    CHECK(text.substr(text.find("   Read timeout")) == expected_tail);
}

TEST_CASE("data dump: a backup's master, unicast peers, sync groups, scripts, track files") {
    DataSnapshot d;
    InstanceSnapshot i = sample();
    i.state = 1;
    i.version = 3;
    i.adver_int_us = 1000000;
    i.master_adver_int_us = 500000;
    i.master_address = "198.51.100.2";
    i.master_priority = 120;
    i.unicast = true;
    i.unicast_peers = {"198.51.100.2 min_ttl 0 max_ttl 255"};
    i.sync_group = "G1";
    d.instances.push_back(i);
    SyncGroupSnapshot g;
    g.name = "G1";
    g.state = 1;
    g.members = {"VI_1"};
    d.sync_groups.push_back(g);
    ScriptSnapshot s;
    s.name = "chk";
    s.command = "'/usr/bin/true'";
    s.good = true;
    s.result = 1;
    s.init_state = "unknown";
    s.tracking = {"VI_1, weight 0"};
    d.scripts.push_back(s);
    TrackFileSnapshot f;
    f.name = "tf";
    f.file = "/tmp/tf";
    f.weight = 5;
    f.tracking = {"VI_1, weight 0"};
    d.track_files.push_back(f);
    const std::string text = format_data("", d);
    for (const char* needle :
         {"   Sync group = G1\n   State = BACKUP\n   Master router = 198.51.100.2\n   Master priority = 120\n"
          "   Master advert int = 0.50 sec\n   Flags:\n     Using unicast\n",
          "   Advert interval = 1000 milli-sec\n   Master advert interval = 500 milli-sec\n",
          "   Unicast TTL = 255\n   Check unicast src : no\n   Unicast Peer :\n"
          "     198.51.100.2 min_ttl 0 max_ttl 255\n   Unicast checksum compatibility = no\n   No sockets allocated\n",
          "------< VRRP Sync groups >------\n VRRP Sync Group = G1, BACKUP\n   Num member fault 0, num member init 0\n"
          "   VRRP member instances :\n     VI_1\n   Using smtp notification = no\n",
          "------< VRRP Scripts >------\n VRRP Script = chk\n   Command = '/usr/bin/true'\n   Interval = 1 sec\n"
          "   Timeout = 1 sec\n   Weight = 0\n   Rise = 1\n   Fall = 1\n   Result = 1\n   Insecure = no\n"
          "   Init state = unknown\n   Status = GOOD\n   Script uid:gid = 0:0\n   VRRP instances :\n"
          "   Tracking instances :\n     VI_1, weight 0\n   State = idle\n",
          "------< VRRP Track files >------\n Track file = tf\n   File = /tmp/tf\n   Status = 0\n   Weight = 5\n"
          "   Tracking instances :\n     VI_1, weight 0\n"}) {
        CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
    }
    CHECK(text.find("Authentication type") == std::string::npos); // VRRPv3: none at all
    CHECK(text.find("------< Interfaces >------") == std::string::npos);
}

TEST_CASE("systemd STATUS= text") {
    std::vector<InstanceSnapshot> v(3);
    v[0].state = 2;
    v[1].state = 1;
    v[2].state = 1;
    CHECK(format_status(v) == "VRRP: 3 instances, 1 MASTER, 2 BACKUP");
    v.resize(1);
    v[0].state = 3;
    CHECK(format_status(v) == "VRRP: 1 instance, 1 FAULT");
    CHECK(format_status({}) == "VRRP: 0 instances");
}

TEST_CASE("data dump: a VMAC instance, flags without lines, track processes") {
    DataSnapshot d;
    InstanceSnapshot i = sample();
    i.interface = "vrrp.62";
    i.vmac_base = "eth1";
    i.vmac_up = true;
    i.other_flags = true;
    d.instances.push_back(i);
    TrackProcessSnapshot p;
    p.name = "sleeper";
    p.process = "sleep";
    p.weight = 10;
    p.tracking = {"VI_1, weight 0"};
    d.track_processes.push_back(p);
    InterfaceSnapshot v;
    v.name = "vrrp.62";
    v.index = 7;
    v.vmac_base = "eth1";
    v.vmac_base_up = true;
    v.vmac_base_running = true;
    v.hw_type = 1;
    v.mtu = 1500;
    v.tracking = {"VI_1, weight 255"};
    d.interfaces.push_back(v);
    const std::string text = format_data("", d);
    for (const char* needle :
         {"   State = MASTER\n   Flags:\n   Wantstate = MASTER\n",
          "   Use VMAC, i/f name vrrp.62, is_up = true, xmit_base = false\n   Interface = vrrp.62, vmac on eth1\n",
          "------< VRRP Track processes >------\n VRRP Track process = sleeper\n   Process = sleep\n"
          "   Min processes = 1\n   Current processes = 0\n   Have quorum = false\n   Weight = 10\n"
          "   Terminate delay = 0.000000s\n   Fork delay = 0.000000s\n   Fork delay timer not running\n"
          "   Terminate delay timer not running\n   Full command = false\n   Tracking instances :\n     VI_1, weight 0\n",
          "   Down debounce timer = 0us\n   VMAC type private, underlying interface = eth1, state = UP, RUNNING\n"
          "   I/f created by keepalived\n   MTU = 1500\n   HW Type = ETHERNET\n",
          "   Tracking VRRP instances :\n     VI_1, weight 255\n"}) {
        CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
    }
}
