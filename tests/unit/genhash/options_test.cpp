#include "genhash/options.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace vigil;
using genhash::Invocation;

namespace {

std::variant<genhash::Options, genhash::Refused> parse(std::vector<std::string> words) {
    words.insert(words.begin(), "genhash");
    std::vector<char*> argv;
    for (auto& w : words) {
        argv.push_back(w.data());
    }
    argv.push_back(nullptr);
    return genhash::parse_options(static_cast<int>(words.size()), argv.data(), Invocation::genhash);
}

std::string refused(std::vector<std::string> words) {
    auto result = parse(std::move(words));
    REQUIRE(std::holds_alternative<genhash::Refused>(result));
    return std::get<genhash::Refused>(result).messages;
}

} // namespace

TEST_CASE("the usual command line") {
    auto result = parse({"-S", "-I", "-s", "192.0.2.10", "-p", "443", "-u", "/x", "-V", "www.example", "-P", "1.1",
                         "-t", "3", "-m", "7", "-v"});
    REQUIRE(std::holds_alternative<genhash::Options>(result));
    const auto& o = std::get<genhash::Options>(result);
    CHECK(o.ssl);
    CHECK(o.sni);
    CHECK(o.verbose);
    CHECK(o.server.to_string() == "192.0.2.10");
    CHECK(o.port == 443);
    CHECK(o.url == "/x");
    CHECK(*o.virtualhost == "www.example");
    CHECK(o.protocol == config::HttpProtocol::http_1_1);
    CHECK(o.timeout_us == 3000000U);
    CHECK(o.fwmark == 7);
}

TEST_CASE("defaults: HTTP/1.0 and keepalived's 32-bit 'no timeout'") {
    auto result = parse({"-s", "2001:db8::1", "-p", "80", "-u", "/"});
    REQUIRE(std::holds_alternative<genhash::Options>(result));
    const auto& o = std::get<genhash::Options>(result);
    CHECK(o.protocol == config::HttpProtocol::http_1_0);
    CHECK(o.timeout_us == UINT32_MAX);
    CHECK(o.server.family() == net::Family::ipv6);
}

TEST_CASE("keepalived's refusals") {
    CHECK(refused({"-s"}).empty());  // two words or fewer: just the usage
    CHECK(refused({"-s", "x", "-p", "80", "-u", "/"}) == "server should be an IP, not x\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "0", "-u", "/"}) == "invalid port number '0'\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "80", "-u", "/", "-P", "2"}) == "invalid HTTP protocol version '2'\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "80", "-u", "/", "-t", "-1"}) == "invalid timeout '-1'\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "80", "-u", "/", "-x"}) == "Unknown option -x\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "80", "-u", "/", "--nope"}) == "Unknown option --nope\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "80", "-u"}) == "Missing parameter for option -u\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "80", "-u", "/", "more"}) == "Unexpected argument(s): more\n");
    CHECK(refused({"-s", "192.0.2.1", "-p", "80", "-v"}).empty());  // no url
}

TEST_CASE("the usage names the program as invoked") {
    CHECK(genhash::usage_text("genhash", Invocation::genhash).rfind("Usage: genhash COMMAND [OPTIONS]\n", 0) == 0);
    CHECK(genhash::usage_text("/usr/sbin/keepalived", Invocation::keepalived_option)
              .rfind("Usage: /usr/sbin/keepalived --genhash COMMAND", 0) == 0);
}
