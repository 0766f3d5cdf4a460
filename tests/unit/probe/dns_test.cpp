#include "probe/dns_exchange.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace vigil;
using namespace vigil::probe;
using namespace std::chrono_literals;

TEST_CASE("the query: RD, one question, labels, type, class IN (RFC 1035 §4.1)") {
    const auto query = build_dns_query(0x1234, "www.example.com", config::DnsType::a);
    const std::vector<std::uint8_t> expected{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                                             3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
                                             3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
    CHECK(query == expected);
}

TEST_CASE("root and trailing dots as keepalived writes them") {
    const std::vector<std::uint8_t> header{0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    auto tail = [&](std::string_view name) {
        const auto q = build_dns_query(1, name, config::DnsType::soa);
        return std::vector<std::uint8_t>(q.begin() + 12, q.end());
    };
    CHECK(tail("") == std::vector<std::uint8_t>{0, 0, 6, 0, 1});
    CHECK(tail(".") == std::vector<std::uint8_t>{0, 0, 6, 0, 1});
    CHECK(tail("com.") == std::vector<std::uint8_t>{3, 'c', 'o', 'm', 0, 0, 6, 0, 1});
}

TEST_CASE("replies: ID, QR and RCODE decide; short ones wait") {
    const std::uint8_t ok[] = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0};
    const std::uint8_t nxdomain[] = {0x12, 0x34, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0};
    const std::uint8_t other_id[] = {0x12, 0x35, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0};
    const std::uint8_t query[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    const std::uint8_t eight[] = {0x12, 0x34, 0x80, 0x00, 0, 0, 0, 0};
    CHECK(judge_dns_reply(0x1234, ok).reply == DnsReply::success);
    CHECK(judge_dns_reply(0x1234, nxdomain).reply == DnsReply::error);
    CHECK(judge_dns_reply(0x1234, nxdomain).rcode == 3);
    CHECK(judge_dns_reply(0x1234, other_id).reply == DnsReply::ignored);
    CHECK(judge_dns_reply(0x1234, query).reply == DnsReply::ignored);
    CHECK(judge_dns_reply(0x1234, std::span(eight).first(7)).reply == DnsReply::ignored);
    CHECK(judge_dns_reply(0x1234, eight).reply == DnsReply::success);  // keepalived's 8-byte minimum
}

TEST_CASE("the exchange: one deadline for send and reply, keepalived's wording") {
    const TimePoint t0{};
    DnsExchange dns(7, "example.com", config::DnsType::soa, 2s, "[192.0.2.53]:53");
    dns.start(ConnectStatus::connected, t0);
    CHECK(dns.wants_write());
    dns.on_sent(dns.output().size(), t0 + 1s);
    CHECK(dns.wants_read());
    CHECK(dns.deadline() == t0 + 2s);
    const std::uint8_t refused[] = {0, 7, 0x81, 0x85, 0, 0, 0, 0, 0, 0, 0, 0};
    std::copy(std::begin(refused), std::end(refused), dns.input_area().begin());
    dns.on_received(sizeof refused, t0 + 1s);
    CHECK(dns.end() == DialogueEnd::failed);
    CHECK(dns.failure() == "read error occurred. (rcode = 5)");

    DnsExchange silent(7, "", config::DnsType::soa, 2s, "[192.0.2.53]:53");
    silent.start(ConnectStatus::connected, t0);
    silent.on_sent(silent.output().size(), t0);
    silent.on_deadline(t0 + 2s);
    CHECK(silent.failure() == "read timeout from socket");

    DnsExchange refused_port(7, "", config::DnsType::soa, 2s, "[192.0.2.53]:53");
    refused_port.start(ConnectStatus::connected, t0);
    refused_port.on_sent(refused_port.output().size(), t0);
    refused_port.on_receive_failed(111, t0);
    CHECK(refused_port.failure() == "failed to read socket; errno 111 (Connection refused)");

    DnsExchange unreachable(7, "", config::DnsType::soa, 2s, "[192.0.2.53]:53");
    unreachable.start(ConnectStatus::failed, t0);
    CHECK(unreachable.failure() == "network unreachable for [192.0.2.53]:53");
}
