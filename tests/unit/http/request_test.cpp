#include "http/request.hpp"

#include <doctest/doctest.h>

using namespace vigil;

TEST_CASE("HTTP/1.0 without a virtualhost: Host is the address and port") {
    http::RequestSpec spec{"/ok.html", config::HttpProtocol::http_1_0, std::nullopt,
                           *net::IpAddress::parse("192.0.2.10"), 80};
    CHECK(http::build_request(spec) ==
          "GET /ok.html HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 192.0.2.10:80\r\n\r\n");
}

TEST_CASE("1.1 and 1.0C ask the server to close; IPv6 literals are bracketed") {
    http::RequestSpec spec{"/", config::HttpProtocol::http_1_1, std::nullopt,
                           *net::IpAddress::parse("2001:db8::1"), 8080};
    CHECK(http::build_request(spec) ==
          "GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: [2001:db8::1]:8080\r\n\r\n");
    spec.protocol = config::HttpProtocol::http_1_0c;
    spec.virtualhost = "www.example.com";
    CHECK(http::build_request(spec) ==
          "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: www.example.com\r\n\r\n");
}

TEST_CASE("a request longer than keepalived's buffer is cut at 2047 bytes") {
    const std::string path(3000, 'a');
    http::RequestSpec spec{path, config::HttpProtocol::http_1_0, std::nullopt,
                           *net::IpAddress::parse("192.0.2.10"), 80};
    const auto request = http::build_request(spec);
    CHECK(request.size() == 2047);
    CHECK(request.find("Host:") == std::string::npos);
}

TEST_CASE("Host precedence: url, checker, real server, virtual server; SNI skips the real server") {
    config::HttpUrl url;
    config::HttpCheck check;
    config::RealServer rs;
    config::VirtualServer vs;
    CHECK_FALSE(http::request_host(url, check, rs, vs));
    vs.virtualhost_ = "vs";
    CHECK(*http::request_host(url, check, rs, vs) == "vs");
    rs.virtualhost_ = std::string("rs");
    CHECK(*http::request_host(url, check, rs, vs) == "rs");
    CHECK(*http::sni_host(url, check, vs) == "vs");
    check.virtualhost_ = "check";
    CHECK(*http::request_host(url, check, rs, vs) == "check");
    url.virtualhost_ = "url";
    CHECK(*http::request_host(url, check, rs, vs) == "url");
    CHECK(*http::sni_host(url, check, vs) == "url");
}
