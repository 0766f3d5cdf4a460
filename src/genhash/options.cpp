#include "genhash/options.hpp"

#include <getopt.h>

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

namespace vigil::genhash {
namespace {

const option long_options[] = {
    {"help", no_argument, nullptr, 'h'},
    {"verbose", no_argument, nullptr, 'v'},
    {"use-ssl", no_argument, nullptr, 'S'},
    {"use-sni", no_argument, nullptr, 'I'},
    {"server", required_argument, nullptr, 's'},
    {"use-virtualhost", required_argument, nullptr, 'V'},
    {"port", required_argument, nullptr, 'p'},
    {"url", required_argument, nullptr, 'u'},
    {"fwmark", required_argument, nullptr, 'm'},
    {"protocol", required_argument, nullptr, 'P'},
    {"timeout", required_argument, nullptr, 't'},
    {nullptr, 0, nullptr, 0},
};

// keepalived's inet_stosockaddr: the family from the presence of ':', anything from the
// first '-' or '/' dropped (ranges and masks), then inet_pton.
std::optional<net::IpAddress> parse_server(std::string_view text) {
    const bool v6 = text.find(':') != std::string_view::npos;
    const auto cut = text.find_first_of(text.find('-') != std::string_view::npos ? "-" : "/");
    const auto address = net::IpAddress::parse(text.substr(0, cut));
    if (!address || (address->family() == net::Family::ipv6) != v6) {
        return std::nullopt;
    }
    return address;
}

// strtoul after leading blanks; refused with a sign or trailing characters.
std::optional<unsigned long> parse_unsigned(const char* text, bool allow_empty) {
    const char* start = text + std::strspn(text, " \t");
    char* end = nullptr;
    const unsigned long value = std::strtoul(start, &end, 10);
    if (*end != '\0' || start[0] == '-' || (!allow_empty && start[0] == '\0')) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::string usage_text(const char* program, Invocation invocation) {
    return fmt::format(
        "Usage: {}{} COMMAND [OPTIONS]\n"
        "Commands:\n"
        "   -s server-address -p port -u url\n"
        "   -S -s server-address -p port -u url\n"
        "   -h\n\n"
        "Options:\n"
        "Either long or short options are allowed.\n"
        "   --use-ssl         -S       Use SSL connection to remote server.\n"
        "   --use-sni         -I       Use SNI during SSL handshake (uses virtualhost setting; see -V).\n"
        "   --server          -s       Use the specified remote server address.\n"
        "   --port            -p       Use the specified remote server port.\n"
        "   --url             -u       Use the specified remote server url.\n"
        "   --use-virtualhost -V       Use the specified virtualhost in GET query.\n"
        "   --verbose         -v       Use verbose mode output.\n"
        "   --help            -h       Display this short inlined help screen.\n"
        "   --fwmark          -m       Use the specified FW mark.\n"
        "   --protocol        -P       Use the specified HTTP protocol - '1.0', 1.0c', '1.1'.\n"
        "                                1.0c means 1.0 with 'Connection: close'\n"
        "   --timeout         -t       Timeout in seconds\n",
        program, invocation == Invocation::genhash ? "" : " --genhash");
}

std::variant<Options, Refused> parse_options(int argc, char* argv[], Invocation invocation) {
    Options out;
    Refused refused;
    if (argc <= 2) {
        return refused;
    }
    if (invocation == Invocation::genhash) {
        optind = 0;  // glibc: start afresh; otherwise continue after keepalived's -T
    }
    opterr = 0;
    bool server = false;
    bool port = false;
    bool url = false;
    bool bad_option = false;
    int current = optind == 0 ? 1 : optind;
    for (;;) {
        int index = -1;
        const int c = getopt_long(argc, argv, ":hvSs:V:p:u:m:P:t:I", long_options, &index);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'h': bad_option = true; break;
        case 'v': out.verbose = true; break;
        case 'S': out.ssl = true; break;
        case 'I': out.sni = true; break;
        case 's': {
            const auto address = parse_server(optarg);
            if (!address) {
                refused.messages += fmt::format("server should be an IP, not {}\n", optarg);
                return refused;
            }
            out.server = *address;
            server = true;
            break;
        }
        case 'V': out.virtualhost = optarg; break;
        case 'p': {
            char* end = nullptr;
            const long value = std::strtol(optarg, &end, 10);
            if (*end != '\0' || value <= 0 || value > 65535) {
                refused.messages += fmt::format("invalid port number '{}'\n", optarg);
                return refused;
            }
            out.port = static_cast<std::uint16_t>(value);
            port = true;
            break;
        }
        case 'u':
            out.url = optarg;
            url = true;
            break;
        case 'm': {
            const auto value = parse_unsigned(optarg, true);
            if (!value) {
                refused.messages += fmt::format("invalid fwmark '{}'\n", optarg);
                return refused;
            }
            out.fwmark = static_cast<std::uint32_t>(*value);
            break;
        }
        case 'P': {
            const std::string_view version = optarg;
            if (version == "1.0") {
                out.protocol = config::HttpProtocol::http_1_0;
            } else if (version == "1.0c" || version == "1.0C") {
                out.protocol = config::HttpProtocol::http_1_0c;
            } else if (version == "1.1") {
                out.protocol = config::HttpProtocol::http_1_1;
            } else {
                refused.messages += fmt::format("invalid HTTP protocol version '{}'\n", optarg);
                return refused;
            }
            break;
        }
        case 't': {
            const auto value = parse_unsigned(optarg, false);
            if (!value) {
                refused.messages += fmt::format("invalid timeout '{}'\n", optarg);
                return refused;
            }
            out.timeout_us = static_cast<std::uint32_t>(*value) * 1000000U;
            break;
        }
        case '?':
            if (optopt != 0 && argv[current][1] != '-') {
                refused.messages += fmt::format("Unknown option -{}\n", static_cast<char>(optopt));
            } else {
                refused.messages += fmt::format("Unknown option {}\n", argv[current]);
            }
            bad_option = true;
            break;
        case ':':
            if (optopt != 0 && argv[current][1] != '-') {
                refused.messages += fmt::format("Missing parameter for option -{}\n", static_cast<char>(optopt));
            } else {
                // keepalived prints long_options[longindex].name, and glibc leaves longindex
                // at -1 for a long option without its argument: it prints nothing there.
                refused.messages += fmt::format("Missing parameter for option --{}\n",
                                                index >= 0 ? long_options[index].name : "");
            }
            bad_option = true;
            break;
        default:
            refused.messages += fmt::format("Unknown option `-{}`\n", static_cast<char>(c));
            return refused;
        }
        current = optind;
    }
    if (bad_option) {
        return refused;
    }
    if (optind < argc) {
        std::string text = "Unexpected argument(s):";
        while (optind < argc) {
            text += ' ';
            text += argv[optind++];
        }
        refused.messages += text + "\n";
        return refused;
    }
    if (!server || !port || !url) {
        return refused;
    }
    return out;
}

} // namespace vigil::genhash
