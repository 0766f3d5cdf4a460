// A stand-alone org.keepalived.Vrrp1 service (vigil's VrrpBus) with two fake instances,
// VI_1 (veth0/51/IPv4) and VI_3 (veth0/52/IPv4), to test it against a private dbus-daemon
// before and apart from the daemon:
//   dbus_harness            (DBUS_SYSTEM_BUS_ADDRESS names the bus)
// Starts in INIT, moves both instances to BACKUP, then to MASTER on SIGUSR1; method calls
// are logged to stderr ("handler: print_data"...); SIGTERM sends STOP (98) for both,
// VrrpStopped, and exits 0. Used by tests/integration/dbus_service.sh.
#include "dbus/vrrp_bus.hpp"
#include "util/log.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>

using namespace vigil::dbus;

namespace {

struct Handler final : VrrpBusHandler {
    unsigned states[2] = {0, 0};
    void print_data() override { std::fprintf(stderr, "handler: print_data\n"); }
    void print_stats() override { std::fprintf(stderr, "handler: print_stats\n"); }
    void print_stats_clear() override { std::fprintf(stderr, "handler: print_stats_clear\n"); }
    void reload_config() override { std::fprintf(stderr, "handler: reload_config\n"); }
    void send_garp(std::size_t i) override { std::fprintf(stderr, "handler: send_garp %zu\n", i); }
    unsigned instance_state(std::size_t i) override { return states[i]; }
};

} // namespace

int main() {
    std::string error;
    const SdBusApi* api = SdBusApi::load(error);
    if (api == nullptr) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 77;
    }
    Handler handler;
    VrrpBus bus(*api, {}, handler, nullptr);
    const std::vector<InstanceObject> instances{{"VI_1", "veth0", 51, AddressFamily::ipv4},
                                                {"VI_3", "veth0", 52, AddressFamily::ipv4}};
    if (!bus.start(instances)) {
        return 1;
    }
    const auto set_all = [&](unsigned state) {
        for (std::size_t i = 0; i < 2; ++i) {
            handler.states[i] = state;
            bus.state_changed(i, state);
        }
    };
    set_all(1);

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGUSR1);
    sigaddset(&signals, SIGHUP);
    sigprocmask(SIG_BLOCK, &signals, nullptr);
    const int sfd = signalfd(-1, &signals, SFD_CLOEXEC);
    while (bus.connected()) {
        pollfd fds[2] = {{sfd, POLLIN, 0}, {bus.fd(), static_cast<short>(POLLIN | (bus.wants_write() ? POLLOUT : 0)), 0}};
        int timeout = -1;
        if (bus.deadline() != VrrpBus::TimePoint::max()) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(bus.deadline() - VrrpBus::Clock::now());
            timeout = static_cast<int>(std::max<std::int64_t>(0, left.count() + 1));
        }
        if (::poll(fds, 2, timeout) < 0) {
            continue;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            signalfd_siginfo info{};
            if (::read(sfd, &info, sizeof(info)) == sizeof(info)) {
                if (info.ssi_signo == SIGUSR1) {
                    set_all(2);
                } else if (info.ssi_signo == SIGHUP) {
                    bus.reload(instances);
                } else {
                    set_all(98);
                    bus.stop();
                    return 0;
                }
            }
        }
        bus.on_io();
    }
    return 1;
}
