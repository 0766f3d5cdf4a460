#pragma once
// genhash's command line, parsed as keepalived 2.2.7 parses it (check_genhash.c): the same
// short and long options through getopt_long, the same messages on stderr, and the usage
// text for everything it refuses (exit status 1).
//
//   genhash [-S] [-I] -s IP -p PORT -u URL [-V VHOST] [-P 1.0|1.0c|1.1] [-t SECS] [-m MARK] [-v] [-h]

#include "net/ip_address.hpp"
#include "config/lvs_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace vigil::genhash {

struct Options {
    bool verbose = false;
    bool ssl = false;
    bool sni = false;
    net::IpAddress server;
    std::uint16_t port = 0;
    std::string url;
    std::optional<std::string> virtualhost;
    config::HttpProtocol protocol = config::HttpProtocol::http_1_0;
    // keepalived keeps the timeout in a 32-bit count of microseconds: unset is UINT_MAX
    // (71 minutes), and -t N is N * 1,000,000 wrapped to 32 bits.
    std::uint32_t timeout_us = UINT32_MAX;
    std::uint32_t fwmark = 0;
};

// How genhash was started: as `genhash` (argv[0]), or as `keepalived --genhash` / `-T`,
// which continues the keepalived command line after that option (`first_index`).
enum class Invocation : std::uint8_t { genhash, keepalived_option };

// The parse failed: print `messages` (already newline-terminated), then the usage.
struct Refused {
    std::string messages;
};

std::variant<Options, Refused> parse_options(int argc, char* argv[], Invocation invocation);

std::string usage_text(const char* program, Invocation invocation);

} // namespace vigil::genhash
