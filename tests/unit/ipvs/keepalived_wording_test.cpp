#include "ipvs/keepalived_wording.hpp"

#include <cerrno>
#include <doctest/doctest.h>
#include <ostream>

using namespace vigil::ipvs;

namespace {

std::error_code err(int value) {
    return {value, std::system_category()};
}

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

} // namespace

TEST_CASE("keepalived's failure lines name the sockopt command, the text and the rule") {
    Command add;
    add.operation = Operation::add_destination;
    add.service.key = ServiceKey::of_address(Protocol::tcp, ip("192.168.132.226"), 60080);
    add.destination.address = ip("192.168.138.116");
    add.destination.port = 60080;
    // As observed in keepalived 2.2.7's log (reference §2).
    CHECK(failure_message(add, err(EEXIST)) ==
          "IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error: Destination already exists(17) "
          "(192.168.132.226:tcp:60080 -> 192.168.138.116:60080)");
    CHECK(failure_message(add, err(ESRCH)) ==
          "IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error: No such service(3) "
          "(192.168.132.226:tcp:60080 -> 192.168.138.116:60080)");

    Command remove_service;
    remove_service.operation = Operation::remove_service;
    remove_service.service.key = ServiceKey::of_fwmark(Family::ipv6, 7);
    CHECK(failure_message(remove_service, err(ESRCH)) ==
          "IPVS cmd IP_VS_SO_SET_DEL(1156) error: No such service(3) (Fwm 7 inet6)");
    CHECK(failure_message(LoggedCall::start_sync_daemon, err(EEXIST)) ==
          "IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: Daemon has already run(17)");
    CHECK(failure_message(Command{}, err(EPERM)) ==
          "IPVS cmd IP_VS_SO_SET_FLUSH(1157) error: Permission denied (you must be root)(1)");
    CHECK(init_failure_message(err(ENOPROTOOPT)) == "IPVS: Can't initialize ipvs: Protocol not available");
}

TEST_CASE("texts depend on the call where keepalived's table says so") {
    CHECK(error_text(LoggedCall::add_service, EEXIST) == "Service already exists");
    CHECK(error_text(LoggedCall::edit_service, ENOENT) == "Scheduler or persistence engine not found");
    CHECK(error_text(LoggedCall::edit_destination, ENOENT) == "No such destination");
    CHECK(error_text(LoggedCall::remove_destination, ENOENT) == "No such destination");
    CHECK(error_text(LoggedCall::stop_sync_daemon, ESRCH) == "No daemon is running");
    CHECK(error_text(LoggedCall::add_destination, ERANGE) == "Numerical result out of range");
    CHECK(rule_text(ServiceKey::of_address(Protocol::udp, ip("2001:db8::1"), 53)) == "2001:db8::1:udp:53");
    CHECK(rule_text(ServiceKey::of_address(Protocol::sctp, ip("192.0.2.1"), 9)) == "192.0.2.1:sctp:9");
}
