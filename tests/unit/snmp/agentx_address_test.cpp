// snmp_socket / -A forms (net-snmp's AgentX transport syntax).
#include "snmp/agentx_address.hpp"

#include <doctest/doctest.h>

using namespace vigil::snmp;
using Kind = AgentxAddress::Kind;

namespace {
AgentxAddress parse(const char* text) {
    std::string error;
    const auto a = parse_agentx_address(text, error);
    CAPTURE(text);
    CAPTURE(error);
    REQUIRE(a.has_value());
    return *a;
}
std::string refused(const char* text) {
    std::string error;
    CHECK_FALSE(parse_agentx_address(text, error).has_value());
    return error;
}
} // namespace

TEST_CASE("unix sockets") {
    CHECK(parse("unix:/var/agentx/master") == AgentxAddress{Kind::unix_stream, "/var/agentx/master", {}, 705});
    CHECK(parse("/tmp/x.sock") == AgentxAddress{Kind::unix_stream, "/tmp/x.sock", {}, 705});
    CHECK(parse("UNIX:/a").path == "/a");
    CHECK(to_string(parse("/tmp/x.sock")) == "unix:/tmp/x.sock");
}

TEST_CASE("TCP, with and without a port, IPv6 in brackets") {
    CHECK(parse("tcp:127.0.0.1:7050") == AgentxAddress{Kind::tcp, {}, "127.0.0.1", 7050});
    CHECK(parse("localhost:705") == AgentxAddress{Kind::tcp, {}, "localhost", 705});
    CHECK(parse("tcp:localhost") == AgentxAddress{Kind::tcp, {}, "localhost", 705});
    CHECK(parse("tcp6:[::1]:7051") == AgentxAddress{Kind::tcp, {}, "::1", 7051});
    CHECK(parse("tcp:[2001:db8::1]") == AgentxAddress{Kind::tcp, {}, "2001:db8::1", 705});
    CHECK(to_string(parse("tcp6:[::1]:7051")) == "tcp:[::1]:7051");
    CHECK(to_string(parse("tcp:127.0.0.1:7050")) == "tcp:127.0.0.1:7050");
}

TEST_CASE("what cannot reach an AgentX master") {
    CHECK(refused("udp:127.0.0.1:705").find("UDP") != std::string::npos);
    CHECK(refused("tcp:host:0").find("port") != std::string::npos);
    CHECK(refused("tcp:host:70000").find("port") != std::string::npos);
    refused("");
    refused("unix:");
    refused("tcp:[::1");
}
