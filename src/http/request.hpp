#pragma once
// The GET request HTTP_GET, SSL_GET and genhash send (check_http.c's request template):
//
//   GET <path> HTTP/1.<0|1>\r\n
//   User-Agent: KeepAliveClient\r\n
//   [Connection: close\r\n]            (http_protocol 1.0C and 1.1)
//   Host: <virtualhost> | <ip>:<port> | [<ipv6>]:<port>\r\n
//   \r\n
//
// keepalived formats it into a 2048-byte buffer, so a request longer than 2047 bytes is cut
// there (a long path then loses its Host line); this does the same.

#include "net/ip_address.hpp"
#include "config/lvs_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::http {

inline constexpr std::size_t max_request_length = 2047;

struct RequestSpec {
    std::string_view path;
    config::HttpProtocol protocol = config::HttpProtocol::http_1_0;
    // The Host header's name; without one, the connected address and port (RFC 7230 §5.4,
    // RFC 2732 brackets for IPv6).
    std::optional<std::string_view> virtualhost;
    net::IpAddress address;
    std::uint16_t port = 0;
};

std::string build_request(const RequestSpec& spec);

// The virtualhost a check sends (Host header): the url's, else the checker's, else the real
// server's, else the virtual server's (check_http.c http_request_thread).
std::optional<std::string_view> request_host(const config::HttpUrl& url, const config::HttpCheck& check,
                                             const config::RealServer& rs, const config::VirtualServer& vs);
// The name sent as SNI with enable_sni: the url's, else the checker's, else the virtual
// server's; keepalived 2.2.7 skips the real server's here (check_ssl.c ssl_connect).
std::optional<std::string_view> sni_host(const config::HttpUrl& url, const config::HttpCheck& check,
                                         const config::VirtualServer& vs);

} // namespace vigil::http
