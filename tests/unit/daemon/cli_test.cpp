// keepalived's command line (reference §1).
#include "daemon/command_line.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <syslog.h>
#include <vector>

using namespace vigil::daemon;

namespace {

std::variant<Options, CommandLineError> parse(std::vector<std::string> args) {
    args.insert(args.begin(), "keepalived");
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    return parse_command_line(static_cast<int>(args.size()), argv.data());
}

} // namespace

TEST_CASE("short and long options") {
    const auto r = parse({"-n", "-l", "-D", "-D", "--use-file=/x.conf", "-P", "--config-id", "nodeA", "-S", "local3",
                          "-p", "/run/p", "--vrrp_pid=/run/v", "-s", "ns1", "-M"});
    const auto& o = std::get<Options>(r);
    CHECK(o.dont_fork_);
    CHECK(o.log_console_);
    CHECK(o.log_detail_ == 2);
    CHECK(o.config_file_ == "/x.conf");
    CHECK(o.vrrp_only_);
    CHECK(o.config_id_ == "nodeA");
    CHECK(o.log_facility_ == LOG_LOCAL3);
    CHECK(o.pid_file_ == "/run/p");
    CHECK(o.vrrp_pid_file_ == "/run/v");
    CHECK(o.net_namespace_ == "ns1");
    CHECK(o.core_dump_pattern_ == "core");
}

TEST_CASE("config test implies -n -R -G and takes an optional file") {
    auto o = std::get<Options>(parse({"-t"}));
    CHECK(o.config_test_);
    CHECK(o.dont_fork_);
    CHECK(o.dont_respawn_);
    CHECK(o.no_syslog_);
    CHECK_FALSE(o.config_test_file_);
    o = std::get<Options>(parse({"--config-test=/tmp/log", "--strict"}));
    CHECK(o.config_test_file_ == "/tmp/log");
    CHECK(o.strict_);
}

TEST_CASE("errors use keepalived's wording and exit 1") {
    CHECK(std::get<CommandLineError>(parse({"-y"})).message_ == "Unknown option -y");
    CHECK(std::get<CommandLineError>(parse({"--foo"})).message_ == "Unknown option --foo");
    CHECK(std::get<CommandLineError>(parse({"-f"})).message_ == "Missing parameter for option -f");
    CHECK(std::get<CommandLineError>(parse({"--use-file="})).message_ == "Missing parameter for option --use-file");
    CHECK(std::get<CommandLineError>(parse({"-g"})).message_ == "-g requires configure option --enable-log-file");
    CHECK(std::get<CommandLineError>(parse({"-y"})).exit_status_ == 1);
}

TEST_CASE("leftover arguments and bad facility do not stop parsing") {
    const auto o = std::get<Options>(parse({"-t", "extra", "args", "-S", "9"}));
    CHECK(o.unexpected_ == std::vector<std::string>{"extra", "args"});
    CHECK(o.log_facility_invalid_);
}

TEST_CASE("signum") {
    CHECK(signal_number("STOP") == SIGTERM);
    CHECK(signal_number("RELOAD") == SIGHUP);
    CHECK(signal_number("DATA") == SIGUSR1);
    CHECK(signal_number("STATS") == SIGUSR2);
    CHECK(signal_number("STATS_CLEAR") == SIGRTMAX - 1);
    CHECK(signal_number("JSON") == SIGRTMIN + 2);
    CHECK_FALSE(signal_number("TDATA"));
}

TEST_CASE("--release-vips-and-exit is vigil's one-shot; -X keeps keepalived's meaning") {
    auto o = std::get<Options>(parse({"--release-vips-and-exit", "-f", "/x.conf", "-s", "ns1"}));
    CHECK(o.release_vips_and_exit_);
    CHECK_FALSE(o.release_vips_);
    CHECK(o.config_file_ == "/x.conf");
    o = std::get<Options>(parse({"-X"}));
    CHECK(o.release_vips_);
    CHECK_FALSE(o.release_vips_and_exit_);
    o = std::get<Options>(parse({"--release-vips"}));
    CHECK(o.release_vips_);
    CHECK_FALSE(o.release_vips_and_exit_);
}
