#include "runtime/log_sinks.hpp"

#include "util/unique_fd.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace vigil::runtime;
using vigil::log::Level;

namespace {
struct UtcZone {
    UtcZone() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};
const UtcZone utc_zone;
constexpr std::time_t nov_5_2026_03_04_05 = 1793847845; // Thu Nov  5 03:04:05 2026 UTC
} // namespace

TEST_CASE("syslog priority: facility daemon, keepalived's severities") {
    CHECK(syslog_priority(LOG_DAEMON, Level::info) == 30);
    CHECK(syslog_priority(LOG_DAEMON, Level::detail) == 30);
    CHECK(syslog_priority(LOG_DAEMON, Level::alert) == 25);
    CHECK(syslog_priority(LOG_LOCAL3, Level::error) == (19 << 3 | 3));
}

TEST_CASE("-S facility values") {
    CHECK(parse_log_facility("0") == LOG_LOCAL0);
    CHECK(parse_log_facility("7") == LOG_LOCAL7);
    CHECK(parse_log_facility("local5") == LOG_LOCAL5);
    CHECK(parse_log_facility("user") == LOG_USER);
    CHECK(parse_log_facility("daemon") == LOG_DAEMON);
    CHECK_FALSE(parse_log_facility("8").has_value());
    CHECK_FALSE(parse_log_facility("local8").has_value());
    CHECK_FALSE(parse_log_facility("kern").has_value());
    CHECK_FALSE(parse_log_facility("").has_value());
}

TEST_CASE("RFC 3164 line as keepalived's syslog datagrams") {
    CHECK(format_syslog_line(30, nov_5_2026_03_04_05, "Keepalived_vrrp", 18365,
                             "(VI_1) Entering MASTER STATE") ==
          "<30>Nov  5 03:04:05 Keepalived_vrrp[18365]: (VI_1) Entering MASTER STATE");
}

TEST_CASE("console line is strftime %c then the message") {
    CHECK(format_console_line(nov_5_2026_03_04_05, "Startup complete") ==
          "Thu Nov  5 03:04:05 2026: Startup complete\n");
}

TEST_CASE("idents with namespace and instance suffixes") {
    CHECK(make_ident("Keepalived_vrrp", "", "") == "Keepalived_vrrp");
    CHECK(make_ident("Keepalived_vrrp", "NS", "NAME") == "Keepalived_vrrp_NS_NAME");
    CHECK(make_ident("Keepalived", "", "NAME") == "Keepalived_NAME");
}

TEST_CASE("syslog sink sends datagrams to the socket, drops without a listener") {
    char dir_template[] = "/tmp/vigil-log-XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    const std::string path = std::string(dir_template) + "/log";

    LogSettings settings;
    settings.socket_path = path;
    settings.ident = "Keepalived_vrrp";
    {
        LogSinks sinks(settings);
        vigil::log::info("nobody listens");
        CHECK(sinks.dropped() == 1);
    }

    vigil::UniqueFd listener(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strcpy(addr.sun_path, path.c_str());
    REQUIRE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    {
        LogSinks sinks(settings);
        vigil::log::alert("VRRP child process({}) died: Respawning", 42);
        std::array<char, 512> buf{};
        const ssize_t n = ::recv(listener.get(), buf.data(), buf.size(), MSG_DONTWAIT);
        REQUIRE(n > 0);
        const std::string line(buf.data(), static_cast<std::size_t>(n));
        CHECK(line.starts_with("<25>"));
        CHECK(line.ends_with(fmt::format(" Keepalived_vrrp[{}]: VRRP child process(42) died: Respawning", getpid())));
        CHECK(sinks.dropped() == 0);
    }
    ::unlink(path.c_str());
    ::rmdir(dir_template);
}
