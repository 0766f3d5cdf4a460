// The IPVS boundary against the real kernel, inside the VM tier (tests/vm/ipvs.sh runs it):
// programs IPVS through NetlinkIpvsTable and checks with ipvsadm, an independent client of the
// same kernel interface, that the table holds exactly what was asked; runs the same commands
// on FakeIpvsTable and requires the same answers. Each case has a fresh network namespace (an
// IPVS table of its own). Exits 77 unless root on a kernel with IPVS.
//
// `ipvs_netlink_test --program keepalived-equivalent` only programs the table that
// keepalived 2.2.7 builds from tests/vm/ipvs_keepalived.conf (see ipvs.sh).
#define DOCTEST_CONFIG_IMPLEMENT
#include "ipvs/fake_ipvs_table.hpp"
#include "ipvs/netlink_ipvs_table.hpp"
#include "ipvs_tables.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <ostream>
#include <sched.h>
#include <sys/socket.h>
#include <string>
#include <unistd.h>

using namespace vm_test;

namespace {

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        return out;
    }
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    ::pclose(pipe);
    return out;
}

// "UPPER LOWER" of a destination, as `ipvsadm -Ln --thresholds` shows them.
std::string thresholds(const std::string& destination) {
    return run("ipvsadm -Ln --thresholds | awk '$2 == \"" + destination + "\" { print $3, $4 }'");
}

// A fresh network namespace for the calling process (the previous one, and its IPVS table,
// go away with their last user), with lo up: IPv4 destinations need its local routing table.
std::unique_ptr<NetlinkIpvsTable> fresh_table() {
    REQUIRE(::unshare(CLONE_NEWNET) == 0);
    run("ip link set lo up");
    std::error_code error;
    auto table = NetlinkIpvsTable::open(error);
    REQUIRE_MESSAGE(table, error.message());
    return table;
}

std::error_code err(int value) {
    return {value, std::system_category()};
}

std::vector<std::error_code> execute_each(IpvsTable& table, const std::vector<Command>& commands) {
    std::vector<std::error_code> results;
    for (const auto& c : commands) {
        results.push_back(table.execute(c));
    }
    return results;
}

// Services with their destinations, in a canonical order (the kernel lists in hash order).
struct Snapshot {
    std::vector<std::pair<Service, std::vector<Destination>>> services;
    friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

Snapshot snapshot(IpvsTable& table) {
    Snapshot out;
    std::vector<ServiceEntry> services;
    REQUIRE_FALSE(table.list_services(services));
    for (const auto& entry : services) {
        std::vector<DestinationEntry> entries;
        REQUIRE_FALSE(table.list_destinations(entry.service.key, entries));
        std::vector<Destination> destinations;
        for (const auto& d : entries) {
            destinations.push_back(d.destination);
        }
        std::sort(destinations.begin(), destinations.end(), [](const Destination& a, const Destination& b) {
            return std::tie(a.address, a.port) < std::tie(b.address, b.port);
        });
        out.services.emplace_back(entry.service, destinations);
    }
    std::sort(out.services.begin(), out.services.end(),
              [](const auto& a, const auto& b) { return a.first.key < b.first.key; });
    return out;
}

void program(IpvsTable& table, const Table& t) {
    std::vector<std::error_code> results(t.commands.size());
    table.execute_all(t.commands, results);
    for (std::size_t i = 0; i < results.size(); ++i) {
        INFO(operation_name(t.commands[i].operation), " ", t.commands[i].service.key.to_string(), " ",
             t.commands[i].destination.to_string());
        CHECK_FALSE(results[i]);
    }
}

} // namespace

TEST_CASE("every kind of service and destination shows in ipvsadm exactly as asked") {
    auto table = fresh_table();
    const Table t = every_kind();
    program(*table, t);
    CHECK(run("ipvsadm -S -n") == t.ipvsadm_save);
    // ipvsadm's own rendering of the same rules, restored in a namespace of its own.
    const std::string theirs = run("printf '%s' '" + t.ipvsadm_save +
                                   "' | unshare -n sh -c 'ip link set lo up; ipvsadm -R; ipvsadm -Ln --exact'");
    CHECK(run("ipvsadm -Ln --exact") == theirs);
    CHECK(thresholds("198.51.100.3:80") == "100 10\n");

    // Read back through the boundary: every setting as programmed.
    FakeIpvsTable fake;
    program(fake, t);
    CHECK(snapshot(*table) == snapshot(fake));
    ServiceEntry one;
    REQUIRE_FALSE(table->get_service(t.commands[0].service.key, one));
    CHECK(one.service == t.commands[0].service);
    CHECK(one.stats == Stats{});
}

TEST_CASE("edits change what the command carries; removes and flush") {
    auto table = fresh_table();
    const auto key = ServiceKey::of_address(Protocol::tcp, ip("192.0.2.1"), 80);
    REQUIRE_FALSE(table->add_service(service(key, "rr")));
    REQUIRE_FALSE(table->add_destination(key, destination("198.51.100.1", 80, Forwarding::masquerade, 3)));
    REQUIRE_FALSE(table->add_destination(key, destination("198.51.100.2", 80, Forwarding::masquerade, 1)));

    Service edited = persistent(service(key, "wlc"), 600, 0xffff0000U);
    CHECK_FALSE(table->edit_service(edited));
    Destination inhibited = destination("198.51.100.1", 80, Forwarding::direct_route, 0);
    inhibited.upper_threshold = 50;
    CHECK_FALSE(table->edit_destination(key, inhibited));
    CHECK_FALSE(table->remove_destination(key, destination("198.51.100.2", 80, Forwarding::masquerade)));
    CHECK(run("ipvsadm -S -n") == "-A -t 192.0.2.1:80 -s wlc -p 600 -M 255.255.0.0\n"
                                  "-a -t 192.0.2.1:80 -r 198.51.100.1:80 -g -w 0\n");
    CHECK(thresholds("198.51.100.1:80") == "50 0\n");
    std::vector<DestinationEntry> destinations;
    REQUIRE_FALSE(table->list_destinations(key, destinations));
    REQUIRE(destinations.size() == 1);
    CHECK(destinations[0].destination == inhibited);

    CHECK_FALSE(table->remove_service(key));
    CHECK(run("ipvsadm -S -n").empty());
    program(*table, every_kind());
    CHECK_FALSE(table->flush());
    CHECK(run("ipvsadm -S -n").empty());
}

TEST_CASE("FakeIpvsTable answers as the kernel does") {
    auto table = fresh_table();
    FakeIpvsTable fake;
    using F = Forwarding;
    const auto web = ServiceKey::of_address(Protocol::tcp, ip("192.0.2.1"), 80);
    const auto v6 = ServiceKey::of_address(Protocol::udp, ip("2001:db8::1"), 53);
    const auto mark = ServiceKey::of_fwmark(Family::ipv4, 9);
    Service bad_netmask = service(v6, "rr");
    bad_netmask.netmask = 0;
    Service long_name = service(web, "a-scheduler-name-too-long");
    Service unknown_engine = service(web, "rr");
    unknown_engine.persistence_engine = "nope";
    Destination negative = destination("198.51.100.1", 80, F::masquerade, -1);
    Destination inverted = destination("198.51.100.1", 80, F::masquerade);
    inverted.lower_threshold = 2;
    inverted.upper_threshold = 1;
    const std::vector<Command> commands{
        {Operation::add_destination, service(web, "rr"), destination("198.51.100.1", 80, F::masquerade)},
        {Operation::edit_service, service(web, "rr"), {}},
        {Operation::remove_service, service(web, "rr"), {}},
        {Operation::add_service, service(web, "twos"), {}},
        {Operation::add_service, long_name, {}},
        {Operation::add_service, unknown_engine, {}},
        {Operation::add_service, bad_netmask, {}},
        {Operation::add_service, service(web, "rr"), {}},
        {Operation::add_service, service(web, "wrr"), {}},
        {Operation::edit_service, service(web, "none"), {}},
        {Operation::edit_service, service(web, "nope"), {}},
        {Operation::add_service, service(v6, "sh"), {}},
        {Operation::add_service, service(mark, "lblc"), {}},
        {Operation::add_destination, service(web, ""), negative},
        {Operation::add_destination, service(web, ""), inverted},
        {Operation::add_destination, service(web, ""), tunnel(destination("198.51.100.1", 80, F::tunnel), TunnelType::gue, 0, 0)},
        {Operation::add_destination, service(web, ""), destination("224.0.0.5", 80, F::masquerade)},
        {Operation::add_destination, service(web, ""), destination("0.0.0.0", 80, F::masquerade)},
        {Operation::add_destination, service(web, ""), destination("2001:db8::5", 80, F::masquerade)},
        {Operation::add_destination, service(web, ""), destination("2001:db8::5", 80, F::tunnel)},
        {Operation::add_destination, service(v6, ""), destination("fe80::1", 53, F::masquerade)},
        {Operation::add_destination, service(v6, ""), destination("ff02::1", 53, F::masquerade)},
        {Operation::add_destination, service(v6, ""), destination("2001:db8::2", 53, F::masquerade, 7)},
        {Operation::add_destination, service(web, ""), destination("198.51.100.1", 80, F::masquerade)},
        {Operation::add_destination, service(web, ""), destination("198.51.100.1", 80, F::direct_route)},
        {Operation::add_destination, service(mark, ""), destination("198.51.100.9", 0, F::direct_route)},
        {Operation::edit_destination, service(web, ""), destination("198.51.100.2", 80, F::masquerade)},
        {Operation::edit_destination, service(web, ""), negative},
        {Operation::edit_destination, service(web, ""), destination("198.51.100.1", 80, F::tunnel, 4)},
        {Operation::remove_destination, service(web, ""), destination("198.51.100.2", 80, F::masquerade)},
        {Operation::remove_destination, service(web, ""), destination("2001:db8::5", 80, F::tunnel)},
        {Operation::remove_service, service(mark, ""), {}},
        {Operation::remove_service, service(mark, ""), {}},
    };
    const auto real = execute_each(*table, commands);
    const auto faked = execute_each(fake, commands);
    for (std::size_t i = 0; i < commands.size(); ++i) {
        INFO("command ", i, ": ", operation_name(commands[i].operation), " ", commands[i].service.key.to_string(),
             " ", commands[i].destination.to_string());
        CHECK(faked[i] == real[i]);
    }
    CHECK(snapshot(*table) == snapshot(fake));
    ServiceEntry absent;
    CHECK(table->get_service(mark, absent) == err(ESRCH));
    CHECK(fake.get_service(mark, absent) == err(ESRCH));
    std::vector<DestinationEntry> none;
    CHECK_FALSE(table->list_destinations(mark, none));
    CHECK(none.empty());
}

TEST_CASE("timeouts, sync daemons and info") {
    auto table = fresh_table();
    FakeIpvsTable fake;
    Timeouts t, f;
    REQUIRE_FALSE(table->get_timeouts(t));
    CHECK(t == Timeouts{900, 120, 300});
    CHECK_FALSE(table->set_timeouts({7200, 0, 60}));
    REQUIRE_FALSE(table->get_timeouts(t));
    CHECK(t == Timeouts{7200, 120, 60});
    CHECK(run("ipvsadm -L --timeout") == "Timeout (tcp tcpfin udp): 7200 120 60\n");
    CHECK(table->set_timeouts({0, 0, 2147483647U}) == fake.set_timeouts({0, 0, 2147483647U}));

    SyncDaemon master;
    master.interface = "lo";
    master.sync_id = 7;
    SyncDaemon backup;
    backup.role = SyncRole::backup;
    backup.interface = "lo";
    backup.sync_id = 8;
    backup.max_len = 1400;
    backup.port = 8850;
    backup.ttl = 2;
    backup.group = ip("224.0.0.99");
    for (IpvsTable* each : {static_cast<IpvsTable*>(table.get()), static_cast<IpvsTable*>(&fake)}) {
        CHECK_FALSE(each->start_sync_daemon(master));
        CHECK_FALSE(each->start_sync_daemon(backup));
        CHECK(each->start_sync_daemon(master) == err(EEXIST));
    }
    CHECK(run("ipvsadm -L --daemon") ==
          "master sync daemon (mcast=lo, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
          "backup sync daemon (mcast=lo, syncid=8, maxlen=1400, group=224.0.0.99, port=8850, ttl=2)\n");
    std::vector<SyncDaemon> real_daemons, fake_daemons;
    REQUIRE_FALSE(table->list_sync_daemons(real_daemons));
    REQUIRE_FALSE(fake.list_sync_daemons(fake_daemons));
    CHECK(real_daemons == fake_daemons);
    SyncDaemon unknown = master;
    unknown.interface = "nosuchif0";
    unknown.role = SyncRole::master;
    CHECK(table->stop_sync_daemon(SyncRole::master) == fake.stop_sync_daemon(SyncRole::master));
    CHECK(table->stop_sync_daemon(SyncRole::master) == fake.stop_sync_daemon(SyncRole::master));
    CHECK(table->start_sync_daemon(unknown) == err(ENODEV));
    CHECK_FALSE(table->stop_sync_daemon(SyncRole::backup));
    CHECK(run("ipvsadm -L --daemon").empty());

    Info info;
    REQUIRE_FALSE(table->get_info(info));
    CHECK(info.version_string() == "1.2.1");
    CHECK(info.connection_table_size == 4096);
}

TEST_CASE("counters: a datagram to the virtual address counts in the service and destination") {
    auto table = fresh_table();
    run("ip addr add 192.0.2.1/32 dev lo");
    const auto key = ServiceKey::of_address(Protocol::udp, ip("192.0.2.1"), 9);
    REQUIRE_FALSE(table->add_service(service(key, "rr")));
    REQUIRE_FALSE(table->add_destination(key, destination("198.51.100.1", 9, Forwarding::masquerade)));
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    std::memcpy(&to.sin_addr, ip("192.0.2.1").bytes().data(), 4);
    for (int i = 0; i < 3; ++i) {
        CHECK(::sendto(fd, "x", 1, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 1);
    }
    ::close(fd);
    // The kernel folds its per-CPU counters into what it reports every 2 s (the estimator).
    ServiceEntry entry;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
        REQUIRE_FALSE(table->get_service(key, entry));
    } while (entry.stats.packets_in < 3 && std::chrono::steady_clock::now() < deadline && ::usleep(100000) == 0);
    CHECK(entry.stats.connections == 1);
    CHECK(entry.stats.packets_in == 3);
    CHECK(entry.stats.bytes_in == 3 * 29); // IPv4 + UDP headers and one byte
    std::vector<DestinationEntry> destinations;
    REQUIRE_FALSE(table->list_destinations(key, destinations));
    REQUIRE(destinations.size() == 1);
    CHECK(destinations[0].stats.packets_in == 3);
    CHECK(destinations[0].active_connections + destinations[0].inactive_connections == 1);
    CHECK(run("ipvsadm -Ln --stats --exact | awk '$2 == \"192.0.2.1:9\" { print $3, $4, $6 }'") == "1 3 87\n");
}

TEST_CASE("a batch of 2000 destinations is pipelined") {
    auto table = fresh_table();
    const auto key = ServiceKey::of_address(Protocol::tcp, ip("192.0.2.1"), 80);
    std::vector<Command> commands{{Operation::add_service, service(key, "wrr"), {}}};
    for (int i = 0; i < 2000; ++i) {
        Destination d = destination("198.51.100.1", static_cast<std::uint16_t>(10000 + i), Forwarding::masquerade);
        d.address = IpAddress{Family::ipv4, {198, 51, 100, static_cast<std::uint8_t>(1 + i % 250)}};
        commands.push_back({Operation::add_destination, service(key, "wrr"), d});
    }
    commands.push_back(commands.back()); // EEXIST, in the middle of nothing else
    std::vector<std::error_code> results(commands.size());
    const auto start = std::chrono::steady_clock::now();
    table->execute_all(commands, results);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    MESSAGE("2001 commands in ", std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(),
            " ms (TCG)");
    CHECK(std::count(results.begin(), results.end(), std::error_code{}) == 2001);
    CHECK(results.back() == err(EEXIST));
    std::vector<DestinationEntry> destinations;
    REQUIRE_FALSE(table->list_destinations(key, destinations));
    CHECK(destinations.size() == 2000);
    CHECK(run("ipvsadm -Ln | grep -c -- '->  *198'") == "2000\n");
}

int main(int argc, char** argv) {
    if (::geteuid() != 0) {
        std::puts("SKIP: needs root");
        return 77;
    }
    std::error_code error;
    if (!NetlinkIpvsTable::open(error)) {
        std::printf("SKIP: no IPVS here: %s\n", error.message().c_str());
        return 77;
    }
    if (argc == 3 && std::strcmp(argv[1], "--program") == 0 && std::strcmp(argv[2], "keepalived-equivalent") == 0) {
        auto table = NetlinkIpvsTable::open(error);
        const Table t = keepalived_equivalent();
        std::vector<std::error_code> results(t.commands.size());
        table->execute_all(t.commands, results);
        int failed = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (results[i]) {
                std::printf("%s %s %s: %s\n", operation_name(t.commands[i].operation),
                            t.commands[i].service.key.to_string().c_str(),
                            t.commands[i].destination.to_string().c_str(), results[i].message().c_str());
                ++failed;
            }
        }
        SyncDaemon daemon;
        daemon.interface = "lo";
        daemon.sync_id = 7;
        failed += table->set_timeouts({7200, 60, 120}) ? 1 : 0;
        failed += table->start_sync_daemon(daemon) ? 1 : 0;
        daemon.role = SyncRole::backup;
        failed += table->start_sync_daemon(daemon) ? 1 : 0;
        return failed == 0 ? 0 : 1;
    }
    doctest::Context context(argc, argv);
    return context.run();
}
