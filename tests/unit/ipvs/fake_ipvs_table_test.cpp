#include "ipvs/fake_ipvs_table.hpp"

#include <cerrno>
#include <doctest/doctest.h>
#include <ostream>

using namespace vigil::ipvs;

namespace {

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

std::error_code err(int value) {
    return {value, std::system_category()};
}

const ServiceKey web = ServiceKey::of_address(Protocol::tcp, ip("192.0.2.1"), 80);

Destination dest(const char* address, std::uint16_t port, std::int32_t weight = 1) {
    Destination d;
    d.address = ip(address);
    d.port = port;
    d.weight = weight;
    return d;
}

std::vector<DestinationEntry> destinations(FakeIpvsTable& table, const ServiceKey& key) {
    std::vector<DestinationEntry> out;
    REQUIRE_FALSE(table.list_destinations(key, out));
    return out;
}

} // namespace

TEST_CASE("services: add, EEXIST, edit replaces every setting, remove, ESRCH") {
    FakeIpvsTable table;
    Service s = Service::with_key(web);
    CHECK_FALSE(table.add_service(s));
    CHECK(table.add_service(s) == err(EEXIST));

    Service edited = s;
    edited.scheduler = "sh";
    edited.flags = service_flag::persistent | service_flag::sched2;
    edited.timeout = 300;
    edited.netmask = 0xffffff00U;
    edited.persistence_engine = "sip";
    CHECK_FALSE(table.edit_service(edited));
    ServiceEntry got;
    REQUIRE_FALSE(table.get_service(web, got));
    CHECK(got.service == edited);

    CHECK_FALSE(table.remove_service(web));
    CHECK(table.remove_service(web) == err(ESRCH));
    CHECK(table.edit_service(s) == err(ESRCH));
    CHECK(table.get_service(web, got) == err(ESRCH));
}

TEST_CASE("services: unknown scheduler or engine is ENOENT, long names and bad IPv6 netmask EINVAL") {
    FakeIpvsTable table;
    Service s = Service::with_key(web);
    s.scheduler = "twos"; // not in Debian 12's kernel
    CHECK(table.add_service(s) == err(ENOENT));
    s.scheduler = "rr";
    s.persistence_engine = "nope";
    CHECK(table.add_service(s) == err(ENOENT));
    s.persistence_engine.clear();
    s.scheduler = "a-very-long-scheduler";
    CHECK(table.add_service(s) == err(EINVAL));

    Service v6 = Service::with_key(ServiceKey::of_address(Protocol::udp, ip("2001:db8::1"), 53));
    CHECK(v6.netmask == 128);
    v6.netmask = 0;
    CHECK(table.add_service(v6) == err(EINVAL));
    v6.netmask = 64;
    CHECK_FALSE(table.add_service(v6));
    std::vector<ServiceEntry> all;
    REQUIRE_FALSE(table.list_services(all));
    REQUIRE(all.size() == 1);
    CHECK(all[0].service == v6);
}

TEST_CASE("services: a fwmark key ignores protocol, address and port; families are distinct") {
    FakeIpvsTable table;
    const auto mark4 = ServiceKey::of_fwmark(Family::ipv4, 7);
    const auto mark6 = ServiceKey::of_fwmark(Family::ipv6, 7);
    CHECK_FALSE(table.add_service(Service::with_key(mark4)));
    CHECK_FALSE(table.add_service(Service::with_key(mark6)));
    CHECK(table.add_service(Service::with_key(mark4)) == err(EEXIST));
    CHECK(mark4.to_string() == "FWM 7");
    CHECK(mark6.to_string() == "FWM 7 IPv6");
    CHECK(web.to_string() == "TCP 192.0.2.1:80");
}

TEST_CASE("destinations: the kernel's checks and their order") {
    FakeIpvsTable table;
    CHECK(table.add_destination(web, dest("198.51.100.1", 80)) == err(ESRCH));
    REQUIRE_FALSE(table.add_service(Service::with_key(web)));

    CHECK(table.add_destination(web, dest("198.51.100.1", 80, -1)) == err(ERANGE));
    Destination thresholds = dest("198.51.100.1", 80);
    thresholds.lower_threshold = 10;
    thresholds.upper_threshold = 5;
    CHECK(table.add_destination(web, thresholds) == err(ERANGE));
    Destination gue = dest("198.51.100.1", 80);
    gue.forwarding = Forwarding::tunnel;
    gue.tunnel_type = TunnelType::gue;
    CHECK(table.add_destination(web, gue) == err(EINVAL));
    CHECK(table.add_destination(web, dest("224.0.0.1", 80)) == err(EINVAL));
    CHECK(table.add_destination(web, dest("0.0.0.0", 80)) == err(EINVAL));

    // Another family: only as a tunnel.
    CHECK(table.add_destination(web, dest("2001:db8::10", 80)) == err(EINVAL));
    Destination tunnel6 = dest("2001:db8::10", 80);
    tunnel6.forwarding = Forwarding::tunnel;
    CHECK_FALSE(table.add_destination(web, tunnel6));

    CHECK_FALSE(table.add_destination(web, dest("198.51.100.1", 80)));
    CHECK(table.add_destination(web, dest("198.51.100.1", 80)) == err(EEXIST));
    CHECK(table.edit_destination(web, dest("198.51.100.2", 80)) == err(ENOENT));
    CHECK(table.remove_destination(web, dest("198.51.100.2", 80)) == err(ENOENT));
}

TEST_CASE("destinations: newest first; edit changes forwarding, weight, thresholds, tunnel") {
    FakeIpvsTable table;
    REQUIRE_FALSE(table.add_service(Service::with_key(web)));
    REQUIRE_FALSE(table.add_destination(web, dest("198.51.100.1", 80, 3)));
    REQUIRE_FALSE(table.add_destination(web, dest("198.51.100.2", 80, 5)));
    auto list = destinations(table, web);
    REQUIRE(list.size() == 2);
    CHECK(list[0].destination.address == ip("198.51.100.2"));
    CHECK(list[1].destination.weight == 3);

    Destination edited = dest("198.51.100.1", 80, 0);
    edited.forwarding = Forwarding::tunnel;
    edited.tunnel_type = TunnelType::gue;
    edited.tunnel_port = 6080;
    edited.tunnel_flags = tunnel_flag::csum;
    edited.upper_threshold = 100;
    edited.lower_threshold = 10;
    CHECK_FALSE(table.edit_destination(web, edited));
    list = destinations(table, web);
    CHECK(list[1].destination == edited);

    CHECK_FALSE(table.remove_destination(web, dest("198.51.100.2", 80)));
    CHECK(destinations(table, web).size() == 1);
    // Removing the service removes its destinations.
    CHECK_FALSE(table.remove_service(web));
    REQUIRE_FALSE(table.add_service(Service::with_key(web)));
    CHECK(destinations(table, web).empty());
}

TEST_CASE("flush empties the table; listing an absent service's destinations gives none") {
    FakeIpvsTable table;
    REQUIRE_FALSE(table.add_service(Service::with_key(web)));
    REQUIRE_FALSE(table.add_destination(web, dest("198.51.100.1", 80)));
    CHECK_FALSE(table.flush());
    std::vector<ServiceEntry> all;
    REQUIRE_FALSE(table.list_services(all));
    CHECK(all.empty());
    CHECK(destinations(table, web).empty());
}

TEST_CASE("timeouts: kernel defaults, 0 leaves one unchanged, too large is EINVAL") {
    FakeIpvsTable table;
    Timeouts t;
    REQUIRE_FALSE(table.get_timeouts(t));
    CHECK(t == Timeouts{900, 120, 300});
    CHECK_FALSE(table.set_timeouts({7200, 0, 60}));
    REQUIRE_FALSE(table.get_timeouts(t));
    CHECK(t == Timeouts{7200, 120, 60});
    CHECK(table.set_timeouts({0, 0, 2147483647U}) == err(EINVAL));
}

TEST_CASE("sync daemons: one per role, defaults reported, EEXIST and ESRCH") {
    FakeIpvsTable table;
    SyncDaemon master;
    master.interface = "eth0";
    master.sync_id = 7;
    CHECK_FALSE(table.start_sync_daemon(master));
    CHECK(table.start_sync_daemon(master) == err(EEXIST));
    SyncDaemon backup = master;
    backup.role = SyncRole::backup;
    backup.group = ip("198.51.100.1");
    CHECK(table.start_sync_daemon(backup) == err(EINVAL));
    backup.group = ip("ff02::1:2");
    CHECK_FALSE(table.start_sync_daemon(backup));

    std::vector<SyncDaemon> running;
    REQUIRE_FALSE(table.list_sync_daemons(running));
    REQUIRE(running.size() == 2);
    CHECK(running[0].role == SyncRole::master);
    CHECK(running[0].port == 8848);
    CHECK(running[0].ttl == 1);
    CHECK(running[0].max_len == 1472);
    CHECK(running[0].group == ip("224.0.0.81"));
    CHECK(running[1].group == ip("ff02::1:2"));

    // The sync protocol cannot carry a destination of another family than its service.
    REQUIRE_FALSE(table.add_service(Service::with_key(web)));
    Destination tunnel6 = dest("2001:db8::10", 80);
    tunnel6.forwarding = Forwarding::tunnel;
    CHECK(table.add_destination(web, tunnel6) == err(EINVAL));

    CHECK_FALSE(table.stop_sync_daemon(SyncRole::master));
    CHECK(table.stop_sync_daemon(SyncRole::master) == err(ESRCH));
    SyncDaemon nameless;
    CHECK(table.start_sync_daemon(nameless) == err(ENODEV));
}

TEST_CASE("info, journal, injected failures and batches") {
    FakeIpvsTable table;
    Info info;
    REQUIRE_FALSE(table.get_info(info));
    CHECK(info.version_string() == "1.2.1");
    CHECK(info.connection_table_size == 4096);

    table.fail_next(err(ENOMEM));
    CHECK(table.add_service(Service::with_key(web)) == err(ENOMEM));
    std::vector<Command> batch{
        {Operation::add_service, Service::with_key(web), {}},
        {Operation::add_destination, Service::with_key(web), dest("198.51.100.1", 80)},
        {Operation::add_destination, Service::with_key(web), dest("198.51.100.1", 80)},
    };
    std::vector<std::error_code> results(batch.size());
    table.execute_all(batch, results);
    CHECK_FALSE(results[0]);
    CHECK_FALSE(results[1]);
    CHECK(results[2] == err(EEXIST));
    REQUIRE(table.journal().size() == 4);
    CHECK(table.journal()[0].result == err(ENOMEM));
    CHECK(table.journal()[3].command == batch[2]);
    CHECK(std::string(operation_name(table.journal()[1].command.operation)) == "add_service");

    DestinationEntry counters;
    counters.active_connections = 4;
    counters.stats.connections = 9;
    CHECK(table.set_destination_counters(web, dest("198.51.100.1", 80), counters));
    const auto list = destinations(table, web);
    CHECK(list[0].active_connections == 4);
    CHECK(list[0].stats.connections == 9);
}
