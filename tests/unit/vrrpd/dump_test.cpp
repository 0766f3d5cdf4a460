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

TEST_CASE("data dump: sections and Key = value lines") {
    GlobalSnapshot g;
    g.router_id = "r1";
    const std::string text = format_data(g, {sample()});
    CHECK(text.starts_with("------< Global definitions >------\n"));
    for (const char* needle : {"------< VRRP Topology >------", " VRRP Instance = VI_1\n", "   State = MASTER\n",
                               "   Virtual Router ID = 51\n", "   Effective priority = 90\n",
                               "   Advert interval = 1 sec\n", "------< VRRP Sync groups >------",
                               "------< VRRP Scripts >------", "------< Interfaces >------"}) {
        CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
    }
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
