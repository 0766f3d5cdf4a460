// SNMP Set (RFC 2741 section 7.2.4) as keepalived 2.2.7 serves it: the session's TestSet /
// CommitSet / UndoSet / CleanupSet sequence, and the validation of the writable objects of
// KEEPALIVED-MIB (vrrpInstanceBasePriority, vrrpInstancePreempt, vrrpInstanceAccept,
// realServerWeight). tests/integration/snmp.sh compares snmpset with keepalived's.
#include "agentx_output.hpp"
#include "snmp/agentx_session.hpp"
#include "snmp/mibs.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

using namespace vigil::snmp;
using namespace vigil::snmp::agentx;

namespace {

using Clock = AgentxSession::Clock;
const Clock::time_point t0{std::chrono::seconds(1000)};
const Oid writable{1, 3, 6, 1, 4, 1, 9586, 100, 5, 2, 3, 1, 7, 1};

// A one-row table whose column 7 accepts any integer and records what is applied.
struct Master {
    MibTree tree;
    std::vector<std::int32_t> applied;
    AgentxSession session;
    std::uint32_t next_id = 500;

    Master()
        : session("vigil", {{keepalived_vrrp_oid, "The MIB module for KEEPALIVED-VRRP"}},
                  [this]() -> const MibTree& { return tree; }) {
        auto table = std::make_unique<Table>(keepalived_vrrp_oid.with({3, 1}), std::vector<std::uint32_t>{2, 7},
                                             [](std::size_t, std::uint32_t) { return std::optional{Value::integer(1)}; });
        table->add_row(Oid{1});
        table->set_writer([this](std::size_t, std::uint32_t column, const Value& v) {
            if (column != 7) {
                return SetCheck::refuse(SetError::not_writable);
            }
            if (v.syntax != Syntax::integer) {
                return SetCheck::refuse(SetError::wrong_type);
            }
            const std::int32_t n = v.as_integer();
            return SetCheck::accept([this, n] { applied.push_back(n); });
        });
        tree.add(std::move(table));
    }

    std::vector<Pdu> sent() { return vigil::snmp::test::take_sent(session); }
    void deliver(const Pdu& pdu) {
        std::vector<std::byte> bytes;
        encode(pdu, bytes);
        session.receive(bytes, t0);
    }
    // A PDU of transaction `transaction` (a set's four PDUs share it).
    Pdu request(PduType type, Body body, std::uint32_t transaction) {
        Pdu p;
        p.header.type = type;
        p.header.session_id = 42;
        p.header.transaction_id = transaction;
        p.header.packet_id = next_id++;
        p.body = std::move(body);
        return p;
    }
    void establish() {
        session.start(t0);
        for (int round = 0; round < 2; ++round) {
            for (const Pdu& p : sent()) {
                Pdu r;
                r.header.type = PduType::response;
                r.header.session_id = 42;
                r.header.transaction_id = p.header.transaction_id;
                r.header.packet_id = p.header.packet_id;
                r.body = ResponsePdu{0, ResponseError::no_error, 0, {}};
                deliver(r);
            }
        }
        REQUIRE(session.phase() == AgentxSession::Phase::ready);
    }
    // Sends one PDU and returns the response's error and index (the PDU must be answered).
    std::pair<ResponseError, std::uint16_t> ask(PduType type, Body body, std::uint32_t transaction) {
        deliver(request(type, std::move(body), transaction));
        auto out = sent();
        REQUIRE(out.size() == 1);
        const auto& r = std::get<ResponsePdu>(out[0].body);
        return {r.error, r.index};
    }
};

VarBindsPdu set_of(std::vector<VarBind> varbinds) { return VarBindsPdu{std::move(varbinds)}; }

} // namespace

TEST_CASE("a set is applied once, at CleanupSet after CommitSet (keepalived's net-snmp)") {
    Master m;
    m.establish();
    CHECK(m.ask(PduType::test_set, set_of({{writable, Value::integer(150)}}), 7).first == ResponseError::no_error);
    CHECK(m.applied.empty());
    CHECK(m.ask(PduType::commit_set, EmptyPdu{}, 7).first == ResponseError::no_error);
    CHECK(m.applied.empty());
    m.deliver(m.request(PduType::cleanup_set, EmptyPdu{}, 7));
    CHECK(m.sent().empty()); // section 7.2.4.4: CleanupSet is not answered
    CHECK(m.applied == std::vector<std::int32_t>{150});
    // Nothing stays pending: a second CleanupSet or CommitSet changes nothing.
    m.deliver(m.request(PduType::cleanup_set, EmptyPdu{}, 7));
    CHECK(m.ask(PduType::commit_set, EmptyPdu{}, 7).first == ResponseError::processing_error);
    CHECK(m.applied.size() == 1);
}

TEST_CASE("TestSet answers the first refused varbind by its index, and nothing stays pending") {
    Master m;
    m.establish();
    const auto [error, index] = m.ask(PduType::test_set,
                                      set_of({{writable, Value::integer(150)},
                                              {writable, Value::octets("150")},
                                              {keepalived_vrrp_oid.with({3, 1, 2, 1}), Value::integer(1)}}),
                                      8);
    CHECK(error == ResponseError::wrong_type);
    CHECK(index == 2);
    CHECK(m.ask(PduType::commit_set, EmptyPdu{}, 8).first == ResponseError::processing_error);
    m.deliver(m.request(PduType::cleanup_set, EmptyPdu{}, 8));
    CHECK(m.applied.empty());
    // A read-only column, an unknown row, an object outside every table: notWritable.
    for (const Oid& name : {keepalived_vrrp_oid.with({3, 1, 2, 1}), keepalived_vrrp_oid.with({3, 1, 7, 9}),
                            keepalived_vrrp_oid.with({99, 1})}) {
        const auto r = m.ask(PduType::test_set, set_of({{name, Value::integer(1)}}), 9);
        CHECK(r.first == ResponseError::not_writable);
        CHECK(r.second == 1);
    }
}

TEST_CASE("UndoSet forgets the set; CommitSet of another transaction is a processingError") {
    Master m;
    m.establish();
    REQUIRE(m.ask(PduType::test_set, set_of({{writable, Value::integer(1)}, {writable, Value::integer(2)}}), 10)
                .first == ResponseError::no_error);
    CHECK(m.ask(PduType::commit_set, EmptyPdu{}, 11).first == ResponseError::processing_error);
    CHECK(m.ask(PduType::commit_set, EmptyPdu{}, 10).first == ResponseError::no_error);
    CHECK(m.ask(PduType::undo_set, EmptyPdu{}, 10).first == ResponseError::no_error);
    m.deliver(m.request(PduType::cleanup_set, EmptyPdu{}, 10));
    CHECK(m.applied.empty());
}

TEST_CASE("a pending set is dropped with its session, and bounded") {
    Master m;
    m.establish();
    REQUIRE(m.ask(PduType::test_set, set_of({{writable, Value::integer(5)}}), 12).first == ResponseError::no_error);
    m.session.disconnected();
    m.establish();
    CHECK(m.ask(PduType::commit_set, EmptyPdu{}, 12).first == ResponseError::processing_error);
    m.deliver(m.request(PduType::cleanup_set, EmptyPdu{}, 12));
    CHECK(m.applied.empty());
    std::vector<VarBind> many(AgentxSession::max_set_varbinds + 1, VarBind{writable, Value::integer(1)});
    CHECK(m.ask(PduType::test_set, set_of(many), 13).first == ResponseError::resource_unavailable);
    CHECK(m.ask(PduType::commit_set, EmptyPdu{}, 13).first == ResponseError::processing_error);
}

namespace {

struct RecordingVrrp final : VrrpControl {
    std::vector<std::string> calls;
    void set_base_priority(const std::string& instance, std::uint8_t priority) override {
        calls.push_back(instance + " priority " + std::to_string(priority));
    }
    void set_preempt(const std::string& instance, bool preempt) override {
        calls.push_back(instance + (preempt ? " preempt" : " nopreempt"));
    }
};

Snapshot two_instances() {
    Snapshot s;
    InstanceInfo v2;
    v2.name = "VI_1";
    v2.version = 2;
    InstanceInfo v3;
    v3.name = "VI_3";
    v3.version = 3;
    s.instances = {v2, v3};
    return s;
}

Oid instance_column(std::uint32_t column, std::uint32_t row) { return keepalived_vrrp_oid.with({3, 1, column, row}); }

} // namespace

TEST_CASE("vrrpInstanceTable: base priority 1..254 and preempt 1/2 are writable, as keepalived's") {
    const Snapshot s = two_instances();
    RecordingVrrp control;
    MibTree tree;
    add_keepalived_vrrp(tree, s, &control);
    const auto error = [&](std::uint32_t column, std::uint32_t row, Value v) {
        return tree.test_set({instance_column(column, row), std::move(v)}).error;
    };
    // keepalived refuses 0 (and 256, whose low byte is 0); ours refuses everything outside
    // 1..254 rather than keep the low byte (300 would be 44 there).
    CHECK(error(7, 1, Value::integer(0)) == SetError::wrong_value);
    CHECK(error(7, 1, Value::integer(256)) == SetError::wrong_value);
    CHECK(error(7, 1, Value::integer(300)) == SetError::wrong_value);
    CHECK(error(7, 1, Value::integer(255)) == SetError::wrong_value);
    CHECK(error(7, 1, Value::integer(-1)) == SetError::wrong_value);
    CHECK(error(7, 1, Value::octets("150")) == SetError::wrong_type);
    CHECK(error(7, 1, Value::gauge32(150)) == SetError::wrong_type);
    CHECK(error(13, 1, Value::integer(3)) == SetError::wrong_value);
    CHECK(error(13, 1, Value::integer(0)) == SetError::wrong_value);
    // vrrpInstanceAccept: noAccess for VRRPv3 (Debian's build), read-only for VRRPv2.
    CHECK(error(27, 2, Value::integer(1)) == SetError::no_access);
    CHECK(error(27, 2, Value::octets("x")) == SetError::no_access);
    CHECK(error(27, 1, Value::integer(1)) == SetError::not_writable);
    CHECK(error(2, 1, Value::octets("VI_9")) == SetError::not_writable);
    CHECK(error(8, 1, Value::integer(150)) == SetError::not_writable);
    CHECK(error(7, 3, Value::integer(150)) == SetError::not_writable);
    CHECK(control.calls.empty()); // validation only
    for (auto [column, row, n] : {std::tuple{7U, 1U, 1}, std::tuple{7U, 2U, 254}, std::tuple{13U, 1U, 2},
                                  std::tuple{13U, 2U, 1}}) {
        SetCheck check = tree.test_set({instance_column(column, row), Value::integer(n)});
        REQUIRE(check.error == SetError::no_error);
        REQUIRE(check.commit);
        check.commit();
    }
    CHECK(control.calls ==
          std::vector<std::string>{"VI_1 priority 1", "VI_3 priority 254", "VI_1 nopreempt", "VI_3 preempt"});
}

TEST_CASE("without a control the VRRP MIB stays read-only") {
    const Snapshot s = two_instances();
    MibTree tree;
    add_keepalived_vrrp(tree, s);
    CHECK(tree.test_set({instance_column(7, 1), Value::integer(150)}).error == SetError::not_writable);
    CHECK(tree.test_set({instance_column(27, 2), Value::integer(1)}).error == SetError::not_writable);
}

TEST_CASE("realServerWeight: real servers only, 0..255, by (virtual server, real server)") {
    CheckSnapshot s;
    VirtualServerInfo plain;
    plain.servers.resize(1);
    VirtualServerInfo with_sorry;
    with_sorry.servers.resize(3);
    with_sorry.servers[0].sorry = true;
    s.virtual_servers = {plain, with_sorry};
    std::vector<std::string> calls;
    CheckControlFunction control([&](std::size_t vs, std::size_t rs, std::uint32_t w) {
        calls.push_back(std::to_string(vs) + "/" + std::to_string(rs) + "=" + std::to_string(w));
    });
    MibTree tree;
    add_keepalived_check(tree, s, &control);
    const auto weight = [](std::uint32_t vs, std::uint32_t rs) { return keepalived_check_oid.with({4, 1, 7, vs, rs}); };
    CHECK(tree.test_set({weight(2, 1), Value::integer(5)}).error == SetError::not_writable); // sorry server
    CHECK(tree.test_set({weight(2, 4), Value::integer(5)}).error == SetError::not_writable); // no such row
    CHECK(tree.test_set({weight(1, 1), Value::integer(256)}).error == SetError::wrong_value);
    CHECK(tree.test_set({weight(1, 1), Value::integer(-1)}).error == SetError::wrong_value);
    CHECK(tree.test_set({weight(1, 1), Value::octets("5")}).error == SetError::wrong_type);
    CHECK(tree.test_set({keepalived_check_oid.with({4, 1, 2, 1, 1}), Value::integer(1)}).error ==
          SetError::not_writable);
    for (auto [vs, rs, w] : {std::tuple{1U, 1U, 0}, std::tuple{2U, 3U, 255}, std::tuple{2U, 2U, 7}}) {
        SetCheck check = tree.test_set({weight(vs, rs), Value::integer(w)});
        REQUIRE(check.error == SetError::no_error);
        check.commit();
    }
    CHECK(calls == std::vector<std::string>{"0/0=0", "1/1=255", "1/0=7"});
}
