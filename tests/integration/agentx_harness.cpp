// A stand-alone AgentX sub-agent serving the lab1 snapshot (tests/data/snmp) through
// vigil's AgentX client and session, to test them against a real snmpd:
//   agentx_harness SOCKET      (e.g. unix:/tmp/x/agentx.sock)
// Sends one vrrpInstanceStateChange at start and one more per SIGUSR1; SIGTERM closes the
// session (Close-PDU) and exits 0. Used by tests/integration/snmp_agentx.sh.
#include "../unit/snmp/lab_snapshots.hpp"
#include "snmp/agentx_client.hpp"
#include "snmp/mibs.hpp"
#include "snmp/traps.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>

using namespace vigil::snmp;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s SOCKET\n", argv[0]);
        return 2;
    }
    std::string error;
    const auto address = parse_agentx_address(argv[1], error);
    if (!address) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 2;
    }
    const Snapshot snapshot = test::lab1();
    MibTree tree;
    add_keepalived_global(tree, snapshot);
    add_keepalived_vrrp(tree, snapshot);
    add_rfc2787(tree, snapshot);
    add_rfc6527(tree, snapshot);
    AgentxSession session("vigil agentx harness",
                          {{keepalived_global_oid, "The MIB module for Keepalived"},
                           {keepalived_vrrp_oid, "The MIB module for KEEPALIVED-VRRP"},
                           {rfc2787_oid, "The MIB module for VRRP"},
                           {rfc6527_oid, "The MIB module for VRRPV3"}},
                          [&tree]() -> const MibTree& { return tree; });
    AgentxClient client(*address, session, nullptr);

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);
    sigprocmask(SIG_BLOCK, &signals, nullptr);
    const int sfd = signalfd(-1, &signals, SFD_CLOEXEC);

    const auto clock = [] { return AgentxClient::Clock::now(); };
    client.start(clock());
    session.notify(instance_state_change(snapshot.instances[0], 2, "lab1"), clock());
    client.flush(clock());
    while (true) {
        pollfd fds[2] = {{sfd, POLLIN, 0}, {client.fd(), static_cast<short>(POLLIN | (client.wants_write() ? POLLOUT : 0)), 0}};
        int timeout = -1;
        if (client.deadline() != AgentxClient::TimePoint::max()) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(client.deadline() - clock());
            timeout = static_cast<int>(std::max<std::int64_t>(0, left.count() + 1));
        }
        if (::poll(fds, client.fd() >= 0 ? 2 : 1, timeout) < 0) {
            continue;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            signalfd_siginfo info{};
            if (::read(sfd, &info, sizeof(info)) == sizeof(info)) {
                if (info.ssi_signo == SIGUSR1) {
                    session.notify(instance_state_change(snapshot.instances[1], 2, "lab1"), clock());
                    client.flush(clock());
                } else {
                    client.stop();
                    return 0;
                }
            }
        }
        if (client.fd() >= 0 && fds[1].revents != 0) {
            std::uint32_t events = 0;
            events |= (fds[1].revents & POLLIN) != 0 ? EPOLLIN : 0u;
            events |= (fds[1].revents & POLLOUT) != 0 ? EPOLLOUT : 0u;
            events |= (fds[1].revents & (POLLERR | POLLHUP)) != 0 ? EPOLLERR : 0u;
            client.on_io(events, clock());
        }
        if (clock() >= client.deadline()) {
            client.on_timer(clock());
        }
    }
}
