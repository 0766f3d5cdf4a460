#include "daemon/command_line.hpp"

#include "process/banner.hpp"

#include <getopt.h>
#include <signal.h>
#include <syslog.h>

#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

namespace vigil::daemon {

namespace {

enum LongOnly : int {
    opt_all = 1000,
    opt_signum,
    opt_config_fd,
    opt_flush_log_file,
    opt_strict,
    opt_control_socket,
    opt_metrics_listen,
    opt_metrics_compat,
    opt_release_vips_and_exit,
};

// keepalived's options (keepalived/core/main.c parse_cmdline), plus vigil's --strict: the one
// table, from which the short-option string and the argument checks are derived.
const struct option long_options[] = {
    {"use-file", required_argument, nullptr, 'f'},
    {"vrrp", no_argument, nullptr, 'P'},
    {"check", no_argument, nullptr, 'C'},
    {"no_bfd", no_argument, nullptr, 'B'},
    {"all", no_argument, nullptr, opt_all},
    {"log-console", no_argument, nullptr, 'l'},
    {"log-detail", no_argument, nullptr, 'D'},
    {"log-facility", required_argument, nullptr, 'S'},
    {"log-file", optional_argument, nullptr, 'g'},
    {"flush-log-file", no_argument, nullptr, opt_flush_log_file},
    {"no-syslog", no_argument, nullptr, 'G'},
    {"umask", required_argument, nullptr, 'u'},
    {"release-vips", no_argument, nullptr, 'X'},
    {"dont-release-vrrp", no_argument, nullptr, 'V'},
    {"dont-release-ipvs", no_argument, nullptr, 'I'},
    {"dont-respawn", no_argument, nullptr, 'R'},
    {"dont-fork", no_argument, nullptr, 'n'},
    {"dump-conf", no_argument, nullptr, 'd'},
    {"pid", required_argument, nullptr, 'p'},
    {"vrrp_pid", required_argument, nullptr, 'r'},
    {"checkers_pid", required_argument, nullptr, 'c'},
    {"bfd_pid", required_argument, nullptr, 'b'},
    {"genhash", no_argument, nullptr, 'T'},
    {"address-monitoring", no_argument, nullptr, 'a'},
    {"snmp", no_argument, nullptr, 'x'},
    {"snmp-agent-socket", required_argument, nullptr, 'A'},
    {"namespace", required_argument, nullptr, 's'},
    {"core-dump", no_argument, nullptr, 'm'},
    {"core-dump-pattern", optional_argument, nullptr, 'M'},
    {"all-config", no_argument, nullptr, 'e'},
    {"config-id", required_argument, nullptr, 'i'},
    {"signum", required_argument, nullptr, opt_signum},
    {"config-test", optional_argument, nullptr, 't'},
    {"config-fd", required_argument, nullptr, opt_config_fd},
    {"version", no_argument, nullptr, 'v'},
    {"help", no_argument, nullptr, 'h'},
    {"strict", no_argument, nullptr, opt_strict},
    {"control-socket", required_argument, nullptr, opt_control_socket},
    {"metrics-listen", required_argument, nullptr, opt_metrics_listen},
    {"metrics-compat", required_argument, nullptr, opt_metrics_compat},
    {"release-vips-and-exit", no_argument, nullptr, opt_release_vips_and_exit},
    {nullptr, 0, nullptr, 0},
};

// getopt's short-option string for the table: ':' first (a missing argument is reported as
// ':'), then each short option with ':' (argument) or '::' (optional argument).
std::string short_options() {
    std::string text = ":";
    for (const option* o = long_options; o->name != nullptr; ++o) {
        if (o->val < 256) {
            text += static_cast<char>(o->val);
            text += o->has_arg == required_argument ? ":" : o->has_arg == optional_argument ? "::" : "";
        }
    }
    return text;
}

bool requires_argument(int val) {
    for (const option* o = long_options; o->name != nullptr; ++o) {
        if (o->val == val) {
            return o->has_arg == required_argument;
        }
    }
    return false;
}

// The option as the user spelled it, for messages: "-x" or "--name".
std::string spelled(char* const argv[], int index) {
    std::string text = argv[index] != nullptr ? argv[index] : "";
    if (text.rfind("--", 0) == 0) {
        return text.substr(0, text.find('='));
    }
    return text.substr(0, 2);
}

std::optional<int> parse_facility(std::string_view text) {
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '7') {
        return LOG_LOCAL0 + ((text[0] - '0') << 3);
    }
    if (text.size() == 6 && text.substr(0, 5) == "local" && text[5] >= '0' && text[5] <= '7') {
        return LOG_LOCAL0 + ((text[5] - '0') << 3);
    }
    if (text == "user") {
        return LOG_USER;
    }
    if (text == "daemon") {
        return LOG_DAEMON;
    }
    return std::nullopt;
}

} // namespace

std::variant<Options, CommandLineError> parse_command_line(int argc, char* const argv[]) {
    Options o;
    for (int i = 0; i < argc; ++i) {
        o.command_line_.emplace_back(argv[i]);
    }
    opterr = 0;
    optind = 0;  // glibc: 0 re-initialises getopt state (parse may run more than once)
    int index = 0;
    const std::string short_letters = short_options();
    bool first_option = true;
    for (;; first_option = false) {
        index = -1;
        const int c = getopt_long(argc, argv, short_letters.c_str(), long_options, &index);
        if (c == -1) {
            break;
        }
        // A required argument given as an empty string counts as missing (reference §1).
        const bool empty_arg = optarg != nullptr && *optarg == '\0';
        switch (c) {
        case '?':
            return CommandLineError{optopt != 0 ? fmt::format("Unknown option -{}", static_cast<char>(optopt))
                                                : fmt::format("Unknown option {}", spelled(argv, optind - 1)),
                                    1};
        case ':':
            return CommandLineError{fmt::format("Missing parameter for option {}",
                                                optopt != 0 && argv[optind - 1][1] != '-' ? fmt::format("-{}", static_cast<char>(optopt))
                                                                                          : spelled(argv, optind - 1)),
                                    1};
        default: break;
        }
        if (requires_argument(c) && empty_arg) {
            return CommandLineError{fmt::format("Missing parameter for option {}", spelled(argv, argv[optind - 1][0] == '-' ? optind - 1 : optind - 2)), 1};
        }
        switch (c) {
        case 'v': o.version_ = true; break;
        case 'h': o.help_ = true; break;
        case 'l': o.log_console_ = true; break;
        case 'n': o.dont_fork_ = true; break;
        case 'd': o.dump_conf_ = true; break;
        case 'u': {
            char* end = nullptr;
            const unsigned long mask = std::strtoul(optarg, &end, 0);
            if (end == nullptr || *end != '\0' || mask > 0777) {
                return CommandLineError{fmt::format("Invalid umask '{}'", optarg), 1};
            }
            o.umask_ = static_cast<mode_t>(mask);
            break;
        }
        case 'D': ++o.log_detail_; break;
        case 'R': o.dont_respawn_ = true; break;
        case 'S':
            o.log_facility_ = parse_facility(optarg);
            o.log_facility_invalid_ = !o.log_facility_;
            break;
        case 'f': o.config_file_ = optarg; break;
        case 'p': o.pid_file_ = optarg; break;
        case 'i': o.config_id_ = optarg; break;
        case 'm': o.core_dump_ = true; break;
        case 'M':
            o.core_dump_ = true;
            o.core_dump_pattern_ = optarg != nullptr && *optarg != '\0' ? optarg : "core";
            break;
        case 'g':
        case opt_flush_log_file:
            return CommandLineError{fmt::format("{} requires configure option --enable-log-file",
                                                c == 'g' ? "-g" : "--flush-log-file"),
                                    1};
        case 'G': o.no_syslog_ = true; break;
        case 't':
            o.config_test_ = true;
            if (optarg != nullptr && *optarg != '\0') {
                o.config_test_file_ = optarg;
            }
            break;
        case 'P': o.vrrp_only_ = true; break;
        case 'C': o.check_only_ = true; break;
        case 'B': o.no_bfd_ = true; break;
        case 'X': o.release_vips_ = true; break;
        case opt_release_vips_and_exit: o.release_vips_and_exit_ = true; break;
        case 'V': o.dont_release_vrrp_ = true; break;
        case 'I': o.dont_release_ipvs_ = true; break;
        case 'r': o.vrrp_pid_file_ = optarg; break;
        case 'c': o.checkers_pid_file_ = optarg; break;
        case 'b': o.bfd_pid_file_ = optarg; break;
        case 'a': o.address_monitoring_ = true; break;
        case 'e': o.all_config_ = true; break;
        case 'x': o.snmp_ = true; break;
        case 'A': o.snmp_agent_socket_ = optarg; break;
        case 's': o.net_namespace_ = optarg; break;
        case 'T':
            // keepalived hands the rest of the command line to genhash (getopt continues).
            o.genhash_ = true;
            o.genhash_first_ = first_option;
            o.genhash_long_ = index >= 0;
            return o;
        case opt_all: o.run_all_ = true; break;
        case opt_signum: o.signum_ = optarg; break;
        case opt_config_fd: {
            char* end = nullptr;
            const long fd = std::strtol(optarg, &end, 10);
            if (end == nullptr || *end != '\0' || fd < 0) {
                return CommandLineError{fmt::format("Invalid config-fd '{}'", optarg), 1};
            }
            o.config_fd_ = static_cast<int>(fd);
            break;
        }
        case opt_strict: o.strict_ = true; break;
        case opt_control_socket: o.control_socket_ = optarg; break;
        case opt_metrics_listen: o.metrics_listen_ = optarg; break;
        case opt_metrics_compat: o.metrics_compat_ = optarg; break;
        default: return CommandLineError{fmt::format("Unknown option {}", spelled(argv, argv[optind - 1][0] == '-' ? optind - 1 : optind - 2)), 1};
        }
    }
    for (int i = optind; i < argc; ++i) {
        o.unexpected_.emplace_back(argv[i]);
    }
    if (o.config_test_) {
        o.dont_fork_ = true;
        o.dont_respawn_ = true;
        o.no_syslog_ = true;
    }
    return o;
}

std::optional<int> signal_number(std::string_view sigfunc) {
    if (sigfunc == "STOP") {
        return SIGTERM;
    }
    if (sigfunc == "RELOAD") {
        return SIGHUP;
    }
    if (sigfunc == "DATA") {
        return SIGUSR1;
    }
    if (sigfunc == "STATS") {
        return SIGUSR2;
    }
    if (sigfunc == "STATS_CLEAR") {
        return SIGRTMAX - 1;
    }
    if (sigfunc == "JSON") {
        return SIGRTMIN + 2;
    }
    return std::nullopt;
}

std::string usage_text(std::string_view program) {
    return fmt::format(
        "Usage: {} [OPTION...]\n"
        "  -f, --use-file=FILE          Use the specified configuration file\n"
        "                                default '{}'\n"
        "  -P, --vrrp                   Only run with VRRP subsystem\n"
        "  -C, --check                  Only run with Health-checker subsystem\n"
        "  -B, --no_bfd                 Don't run BFD subsystem\n"
        "      --all                    Force all child processes to run, even if have no configuration\n"
        "  -l, --log-console            Log messages to local console\n"
        "  -D, --log-detail             Detailed log messages\n"
        "  -S, --log-facility=([0-7]|local[0-7]|user|daemon)\n"
        "                               Set syslog facility to LOG_LOCAL[0-7], user or daemon (default)\n"
        "  -G, --no-syslog              Don't log via syslog\n"
        "  -u, --umask=MASK             umask for file creation (in numeric form)\n"
        "  -X, --release-vips           Drop VIP on transition from signal.\n"
        "  -V, --dont-release-vrrp      Don't remove VRRP VIPs and VROUTEs on daemon stop\n"
        "  -I, --dont-release-ipvs      Don't remove IPVS topology on daemon stop\n"
        "  -R, --dont-respawn           Don't respawn child processes\n"
        "  -n, --dont-fork              Don't fork the daemon process\n"
        "  -d, --dump-conf              Dump the configuration data\n"
        "  -p, --pid=FILE               Use specified pidfile for parent process\n"
        "  -r, --vrrp_pid=FILE          Use specified pidfile for VRRP child process\n"
        "  -T, --genhash                Enter into genhash utility mode (this should be the first option used).\n"
        "  -c, --checkers_pid=FILE      Use specified pidfile for checkers child process\n"
        "  -a, --address-monitoring     Report all address additions/deletions notified via netlink\n"
        "  -b, --bfd_pid=FILE           Use specified pidfile for BFD child process\n"
        "  -x, --snmp                   Enable SNMP subsystem\n"
        "  -A, --snmp-agent-socket=FILE Use the specified socket for master agent\n"
        "  -s, --namespace=NAME         Run in network namespace NAME (overrides config)\n"
        "  -m, --core-dump              Produce core dump if terminate abnormally\n"
        "  -M, --core-dump-pattern=PATN Also set /proc/sys/kernel/core_pattern to PATN (default 'core')\n"
        "  -e, --all-config             Error if any configuration file missing (same as includet)\n"
        "  -i, --config-id id           Skip any configuration lines beginning '@' that don't match id\n"
        "                                or any lines beginning @^ that do match.\n"
        "                                The config-id defaults to the node name if option not used\n"
        "      --signum=SIGFUNC         Return signal number for STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON\n"
        "  -t, --config-test[=LOG_FILE] Check the configuration for obvious errors, output to\n"
        "                                stderr by default\n"
        "      --strict                 With -t: treat every warning as an error (vigil extension)\n"
        "      --control-socket=PATH    The control socket for vigil(1) (vigil extension)\n"
        "                                default '/run/vigil/control.sock'; '' for none\n"
        "      --metrics-listen=ADDR:PORT  Serve Prometheus metrics on /metrics (vigil extension)\n"
        "      --metrics-compat=mehdy,gen2brain  Add the keepalived exporters' metric names\n"
        "      --release-vips-and-exit  Remove the VIPs, routes and rules the configuration would\n"
        "                                install, and exit (vigil extension: after an unclean stop)\n"
        "  -v, --version                Display the version number\n"
        "  -h, --help                   Display this help message\n",
        program, default_config_file);
}

std::string version_text() {
    return fmt::format("{}\n\nvigil " VIGIL_VERSION ": a keepalived 2.2.7 compatible VRRP daemon (VRRP only: no LVS, "
                       "checkers or BFD)\n\nConfig options:  VRRP VRRP_AUTH VRRP_VMAC NFTABLES JSON\n",
                       process::version_banner);
}

} // namespace vigil::daemon
