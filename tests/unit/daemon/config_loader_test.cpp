// The daemon's verdict on a configuration at start-up and on SIGHUP: refused only where
// keepalived 2.2.7 refuses to run it (verdicts from the binary, tests/system/configs and the
// issue-9 notes), reload_check_config's pre-check, and the journal form of diagnostics.
#include "daemon/config_loader.hpp"

#include "util/log.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace vigil::daemon;
using namespace vigil::process;
using vigil::parser::Diagnostic;
using vigil::parser::ExitClass;
using vigil::parser::LinePrefix;
using vigil::parser::Severity;

namespace {

std::vector<std::string> logged;
void capture(vigil::log::Level, std::string_view line) { logged.emplace_back(line); }

// A scratch directory with keepalived.conf, the log captured, the interfaces fixed.
struct Scratch {
    std::filesystem::path dir;
    Options options;
    Scratch() {
        char name[] = "/tmp/vigil-config-loader-XXXXXX";
        REQUIRE(::mkdtemp(name) != nullptr);
        dir = name;
        options.config_file_ = (dir / "keepalived.conf").string();
        ::setenv("VIGIL_TEST_INTERFACES", "eth0 eth1", 1);
        logged.clear();
        vigil::log::set_sink(&capture);
    }
    ~Scratch() {
        vigil::log::set_sink(nullptr);
        ::unsetenv("VIGIL_TEST_INTERFACES");
        std::filesystem::remove_all(dir);
    }
    void write(const std::string& text) const { std::ofstream(options.config_file_) << text; }
    bool logged_line(std::string_view text) const {
        for (const std::string& l : logged) {
            if (l == text) {
                return true;
            }
        }
        return false;
    }
};

std::string instance(const std::string& body, const std::string& name = "VI_1") {
    return "vrrp_instance " + name + " {\n" + body + "}\n";
}

const std::string master = "    state MASTER\n    interface eth0\n    virtual_router_id 33\n"
                           "    priority 100\n    nopreempt\n    virtual_ipaddress {\n        192.0.2.100\n    }\n";

// No diagnostic at all: `keepalived -t` exits 0.
const std::string clean = "    state BACKUP\n    interface eth0\n    virtual_router_id 34\n"
                          "    priority 90\n    virtual_ipaddress {\n        192.0.2.101\n    }\n";

Diagnostic error(std::string message) {
    Diagnostic d;
    d.message = std::move(message);
    return d;
}

} // namespace

TEST_CASE("keepalived's refusals, by its wording") {
    for (const char* m : {"Configuration line starting `priority` is missing a parameter after keyword `priority` at word "
                          "position 2",
                          "Non-existent interface specified in configuration", "(VI_1) the virtual router id must be set",
                          "(VI_1) Unknown interface!", "(VI_1) No VIP specified; at least one is required",
                          "(VI_1) Unicast peers are not supported in strict mode",
                          "(VI_1): Unicast instances must have unicast_src_ip or interface",
                          "VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0",
                          "(VI_2) duplicate VRID conflict with VI_1 VRID 51"}) {
        CAPTURE(m);
        CHECK(keepalived_refusal(error(m)) == ExitCode::config);
    }
    // What keepalived logs and lives with.
    for (const char* m : {"Unknown keyword 'priorty'", "(VI_1) No VIP specified; at least one is sensible",
                          "Disabling track script chk_nginx since not found/accessible",
                          "(VI_1) State MASTER must match being address owner", "number '0' outside range [0.000001, 4294.967295]",
                          "(VI_1) Strict mode does not support authentication. Ignoring."}) {
        CAPTURE(m);
        CHECK_FALSE(keepalived_refusal(error(m)).has_value());
    }
    Diagnostic warning = error("(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing");
    warning.severity = Severity::warning;
    CHECK_FALSE(keepalived_refusal(warning).has_value());
    // includem/includea: the parent stops with KEEPALIVED_EXIT_NO_CONFIG.
    Diagnostic include = error("Config files missing '/nonexistent/x.conf'.");
    include.exit_class = ExitClass::security;
    CHECK(keepalived_refusal(include) == ExitCode::no_config);
    include.exit_class = ExitClass::none; // plain include: a warning
    include.severity = Severity::warning;
    CHECK_FALSE(keepalived_refusal(include).has_value());
}

TEST_CASE("journal line: keepalived's line, then the exact position") {
    Diagnostic d = error("Unknown keyword 'priorty'");
    d.file = "/etc/keepalived/keepalived.conf";
    d.line = 18;
    d.column = 2;
    CHECK(journal_line(d) ==
          "(/etc/keepalived/keepalived.conf: Line 18) Unknown keyword 'priorty' [/etc/keepalived/keepalived.conf:18:2]");
    d.prefix = LinePrefix::none;
    d.message = "Disabling track script chk_nginx since not found/accessible";
    d.line = 7;
    d.column = 1;
    CHECK(journal_line(d) ==
          "Disabling track script chk_nginx since not found/accessible [/etc/keepalived/keepalived.conf:7:1]");
    CHECK(journal_line(error("Non-existent interface specified in configuration")) ==
          "Non-existent interface specified in configuration");
}

TEST_CASE("start-up: warnings and tolerated errors run, keepalived's refusals do not") {
    Scratch s;
    s.write(instance(master)); // the tutorial's warning: nopreempt cleared
    LoadedModel loaded = load_model(s.options, ConfigUse::start);
    REQUIRE(loaded.config);
    CHECK(loaded.config->instances_.size() == 1);
    // The VRRP child's reading reports it: kept for that child to log once forked.
    CHECK_FALSE(s.logged_line("(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing [" +
                              s.options.config_file_ + ":1:1]"));
    CHECK(loaded.child_lines.vrrp == std::vector<std::string>{
                                         "(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing [" +
                                         s.options.config_file_ + ":1:1]"});
    CHECK(s.logged_line("Configuration file " + s.options.config_file_));

    s.write(instance("    priorty 90\n" + master)); // a typo: logged, the rest runs
    loaded = load_model(s.options, ConfigUse::start);
    CHECK(loaded.config);

    s.write(instance(master) + instance(master, "VI_2")); // duplicate VRID
    loaded = load_model(s.options, ConfigUse::start);
    CHECK_FALSE(loaded.config);
    CHECK(loaded.refusal == ExitCode::config);
    // keepalived's VRRP child refuses it: that child is still forked, says why and exits 2.
    CHECK(loaded.refused_in == vigil::parser::Phase::vrrp);
    CHECK(loaded.refused_model);

    s.write("global_defs {\n    reload_check_config\n}\n" + instance("    priorty 90\n" + master));
    loaded = load_model(s.options, ConfigUse::start);
    CHECK_FALSE(loaded.config); // with reload_check_config any config error stops keepalived
    CHECK(loaded.refusal == ExitCode::config);
    CHECK(loaded.refused_in == vigil::parser::Phase::vrrp);
}

TEST_CASE("start-up: the parent names the main file only in lines of other files") {
    Scratch s;
    std::ofstream((s.dir / "extra.conf").string()) << "global_defs {\n    router_idd x\n}\n";
    s.write("global_defs {\n    router_idd y\n}\ninclude extra.conf\n" + instance(clean));
    const LoadedModel loaded = load_model(s.options, ConfigUse::start);
    REQUIRE(loaded.config);
    REQUIRE(logged.size() >= 3);
    CHECK(logged[0] == "Configuration file " + s.options.config_file_);
    CHECK(logged[1].starts_with("(Line 2) Unknown keyword 'router_idd'"));
    CHECK(logged[2].starts_with("(extra.conf: Line 2) Unknown keyword 'router_idd'")); // as the include names it
    CHECK(loaded.child_lines.vrrp.empty());
}

TEST_CASE("SIGHUP: the running configuration's reload_check_config decides the pre-check") {
    Scratch s;
    const std::string check_log = (s.dir / "check.log").string();
    s.write("global_defs {\n    reload_check_config " + check_log + "\n}\n" + instance(clean));
    LoadedModel loaded = load_model(s.options, ConfigUse::start);
    REQUIRE(loaded.config);
    const ReloadCheck running = reload_check_of(*loaded.config);
    CHECK(running == check_log);

    std::ofstream(check_log) << "old run\n";
    logged.clear();
    s.write(instance("    priorty 90\n" + master)); // errors, and no reload_check_config any more
    loaded = load_model(s.options, ConfigUse::reload, running);
    CHECK_FALSE(loaded.config);
    CHECK(logged == std::vector<std::string>{"New config failed validation, see " + check_log + " for details"});
    std::ifstream in(check_log);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    CHECK(text.find("old run") == std::string::npos);
    CHECK(text.find(":1:") != std::string::npos); // the position, as -t prints it
    CHECK(text.find("Unknown keyword 'priorty'") != std::string::npos);

    // Without the check a reload with errors goes ahead; the log says so first.
    logged.clear();
    loaded = load_model(s.options, ConfigUse::reload);
    CHECK(loaded.config);
    REQUIRE(logged.size() >= 2);
    CHECK(logged[0] == "Reloading ...");
    CHECK(logged[1] == "Configuration file " + s.options.config_file_);

    // What keepalived would not survive is refused and the running configuration stays.
    s.write(instance(clean) + instance(clean, "VI_2"));
    logged.clear();
    loaded = load_model(s.options, ConfigUse::reload);
    CHECK_FALSE(loaded.config);
    CHECK(logged.back() == "New config failed validation - keeping the running configuration");
}
