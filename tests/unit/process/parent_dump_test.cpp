// The "Global definitions" section (process/parent_dump.hpp) against keepalived 2.2.7's own
// keepalived_parent.data for the same configuration (tests/data/dumps, README there): the
// configuration goes through our parser, the process facts are those of the capture.
#include "parser/load_config.hpp"
#include "process/parent_dump.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace vigil;

namespace {

std::string read(const std::string& name) {
    std::ifstream in(std::string(VIGIL_DUMPS_DATA) + "/" + name);
    REQUIRE(in.good());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

config::Config parse(const std::string& text) {
    parser::LoadOptions options;
    options.preprocess_.include_mode = parser::IncludeMode::disabled;
    parser::LoadResult r = parser::load_config_text(text, "test.conf", options);
    return std::move(r.config_);
}

// The capture's facts: host "vm", root, umask 0177, no keepalived_script user.
process::GlobalFacts captured(process::DumpingProcess p) {
    process::GlobalFacts f;
    f.process = p;
    f.local_name = "vm";
    f.user_name = "root";
    return f;
}

} // namespace

TEST_CASE("parent dump: the tutorial configuration, keepalived's defaults") {
    const config::Config c = parse(read("tutorial.conf"));
    CHECK(process::format_global_definitions(c.global_, c.root_, captured(process::DumpingProcess::parent)) ==
          read("tutorial.keepalived_parent.data"));
}

TEST_CASE("parent dump: a configuration setting many globals") {
    const config::Config c = parse(read("rich.conf"));
    CHECK(process::format_global_definitions(c.global_, c.root_, captured(process::DumpingProcess::parent)) ==
          read("rich.keepalived_parent.data"));
}

TEST_CASE("the VRRP child's section: its default interface and the resolved lower-priority GARP") {
    const config::Config c = parse(read("rich.conf"));
    const std::string text = process::format_global_definitions(c.global_, c.root_, captured(process::DumpingProcess::vrrp));
    CHECK(text.find(" LVS TCP timeout = 60\n Default interface = eth0\n Disable local IGMP = no\n") != std::string::npos);
    CHECK(text.find(" Gratuitous ARP lower priority delay = 3\n") != std::string::npos);
    CHECK(text.find(" Gratuitous ARP lower priority repeat = 4\n") != std::string::npos);
}

TEST_CASE("global section: optional lines and their keepalived quirks") {
    const config::Config c = parse("global_defs {\n"
                                   "  instance inst1\n"
                                   "  process_name kap\n"
                                   "  vrrp_process_name kav\n"
                                   "  max_auto_priority 10\n"
                                   "  vrrp_startup_delay 1.5\n"
                                   "  log_unknown_vrids\n"
                                   "  vmac_prefix vx\n"
                                   "  nftables kt\n"
                                   "  reload_check_config\n"
                                   "  reload_file\n"
                                   "}\n");
    process::GlobalFacts f = captured(process::DumpingProcess::checker);
    f.current_rt_priority = 10;
    f.current_rlimit_rttime = 10000;
    const std::string text = process::format_global_definitions(c.global_, c.root_, f);
    for (const char* needle : {" Parent process name = kap\n", " VRRP process name = kav\n",
                               " Test config before reload, log to /dev/null\n",
                               " Reload_file = /run/keepalived.reload\n", " Max auto priority = 10\n",
                               " nftables table name = kt\n nftables base chain priority = -1\n"
                               " nftables don't force use ifindex for link local IPv6\n",
                               " Gratuitous ARP lower priority delay = 4294967295\n",
                               " vrrp_startup_delay = 1.5\n log_unknown_vrids\n VMAC prefix = vx\n"
                               " current realtime priority = 10\n current realtime time limit = 10000\n"}) {
        CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
    }
    CHECK(text.find("Default interface") == std::string::npos);
}
