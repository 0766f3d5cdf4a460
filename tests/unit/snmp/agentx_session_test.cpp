// The sub-agent's side of RFC 2741 section 7, with the test playing the master agent.
#include "agentx_output.hpp"
#include "snmp/agentx_session.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace vigil::snmp;
using namespace vigil::snmp::agentx;

namespace {

using Clock = AgentxSession::Clock;
const Clock::time_point t0{std::chrono::seconds(1000)};

struct Master {
    MibTree tree;
    AgentxSession session;
    std::uint32_t next_id = 500;

    Master()
        : session("vigil", {{Oid{1, 3, 6, 1, 2, 1, 68}, "The MIB module for VRRP"}},
                  [this]() -> const MibTree& { return tree; }) {
        tree.add(std::make_unique<Scalar>(Oid{1, 3, 6, 1, 2, 1, 68, 1, 1},
                                          [] { return std::optional{Value::integer(2)}; }));
        tree.add(std::make_unique<Scalar>(Oid{1, 3, 6, 1, 2, 1, 68, 1, 2},
                                          [] { return std::optional{Value::integer(1)}; }));
    }

    // Every PDU the session wrote since the last call.
    std::vector<Pdu> sent() { return vigil::snmp::test::take_sent(session); }
    void deliver(const Pdu& pdu, Clock::time_point now = t0) {
        std::vector<std::byte> bytes;
        encode(pdu, bytes);
        session.receive(bytes, now);
    }
    void respond(const Pdu& request, std::uint32_t session_id, ResponseError error = ResponseError::no_error) {
        Pdu r;
        r.header.type = PduType::response;
        r.header.session_id = session_id;
        r.header.transaction_id = request.header.transaction_id;
        r.header.packet_id = request.header.packet_id;
        r.body = ResponsePdu{0, error, 0, {}};
        deliver(r);
    }
    Pdu request(PduType type, Body body) {
        Pdu p;
        p.header.type = type;
        p.header.session_id = 42;
        p.header.transaction_id = next_id;
        p.header.packet_id = next_id++;
        p.body = std::move(body);
        return p;
    }
    // Open, registration and agent caps all accepted: session 42.
    void establish() {
        session.start(t0);
        auto open = sent();
        REQUIRE(open.size() == 1);
        respond(open[0], 42);
        for (const Pdu& p : sent()) {
            respond(p, 42);
        }
        REQUIRE(session.phase() == AgentxSession::Phase::ready);
    }
};

std::vector<VarBind> trap(std::uint32_t n) {
    return {{Oid{1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0}, Value::object_id(Oid{1, 3, 6, 1, 2, 1, 68, 0, n})}};
}

} // namespace

TEST_CASE("Open, then Register and AddAgentCaps per subtree, then ready") {
    Master m;
    m.session.start(t0);
    auto open = m.sent();
    REQUIRE(open.size() == 1);
    CHECK(open[0].header.type == PduType::open);
    CHECK(std::get<OpenPdu>(open[0].body).description == "vigil");
    m.respond(open[0], 42);
    CHECK(m.session.phase() == AgentxSession::Phase::registering);
    auto regs = m.sent();
    REQUIRE(regs.size() == 2);
    CHECK(regs[0].header.type == PduType::register_);
    CHECK(regs[0].header.session_id == 42);
    CHECK(std::get<RegisterPdu>(regs[0].body).subtree == Oid{1, 3, 6, 1, 2, 1, 68});
    CHECK(std::get<RegisterPdu>(regs[0].body).priority == 127);
    CHECK(regs[1].header.type == PduType::add_agent_caps);
    CHECK(std::get<AgentCapsPdu>(regs[1].body).description == "The MIB module for VRRP");
    m.respond(regs[0], 42);
    CHECK(m.session.phase() == AgentxSession::Phase::registering);
    m.respond(regs[1], 42);
    CHECK(m.session.phase() == AgentxSession::Phase::ready);
}

TEST_CASE("a refused Open finishes the session") {
    Master m;
    m.session.start(t0);
    m.respond(m.sent().at(0), 0, ResponseError::open_failed);
    CHECK(m.session.finished());
}

TEST_CASE("Get and GetNext are answered from the view, echoing the request's ids") {
    Master m;
    m.establish();
    m.deliver(m.request(PduType::get_next, GetPdu{{{Oid{1, 3, 6, 1, 2, 1, 68}, false, Oid{1, 3, 6, 1, 2, 1, 69}},
                                                   {Oid{1, 3, 6, 1, 2, 1, 68, 1, 2, 0}, false, Oid{1, 3, 6, 1, 2, 1, 69}}}}));
    m.deliver(m.request(PduType::get, GetPdu{{{Oid{1, 3, 6, 1, 2, 1, 68, 1, 2, 0}, false, {}},
                                              {Oid{1, 3, 6, 1, 2, 1, 68, 1, 3, 0}, false, {}}}}));
    auto out = m.sent();
    REQUIRE(out.size() == 2);
    CHECK(out[0].header.type == PduType::response);
    CHECK(out[0].header.packet_id == 500);
    CHECK(out[0].header.transaction_id == 500);
    CHECK(out[0].header.session_id == 42);
    const auto& next = std::get<ResponsePdu>(out[0].body).varbinds;
    REQUIRE(next.size() == 2);
    CHECK(next[0] == VarBind{Oid{1, 3, 6, 1, 2, 1, 68, 1, 1, 0}, Value::integer(2)});
    CHECK(next[1].name == Oid{1, 3, 6, 1, 2, 1, 68, 1, 2, 0});
    CHECK(next[1].value.syntax == Syntax::end_of_mib_view);
    const auto& get = std::get<ResponsePdu>(out[1].body).varbinds;
    REQUIRE(get.size() == 2);
    CHECK(get[0].value == Value::integer(1));
    CHECK(get[1].value.syntax == Syntax::no_such_object);
}

TEST_CASE("GetBulk: non-repeaters once, repeaters until the end of the view") {
    Master m;
    m.establish();
    m.deliver(m.request(PduType::get_bulk, GetBulkPdu{1, 5,
                                                      {{Oid{1, 3, 6, 1, 2, 1, 68, 1, 1}, false, {}},
                                                       {Oid{1, 3, 6, 1, 2, 1, 68}, false, {}}}}));
    auto out = m.sent();
    const auto& vbs = std::get<ResponsePdu>(out.at(0).body).varbinds;
    REQUIRE(vbs.size() == 4);
    CHECK(vbs[0].name == Oid{1, 3, 6, 1, 2, 1, 68, 1, 1, 0});
    CHECK(vbs[1].name == Oid{1, 3, 6, 1, 2, 1, 68, 1, 1, 0});
    CHECK(vbs[2].name == Oid{1, 3, 6, 1, 2, 1, 68, 1, 2, 0});
    CHECK(vbs[3].value.syntax == Syntax::end_of_mib_view);
}

TEST_CASE("sets are refused: TestSet notWritable, CleanupSet unanswered") {
    Master m;
    m.establish();
    m.deliver(m.request(PduType::test_set, VarBindsPdu{{{Oid{1, 3, 6, 1, 2, 1, 68, 1, 2, 0}, Value::integer(2)}}}));
    m.deliver(m.request(PduType::cleanup_set, EmptyPdu{}));
    auto out = m.sent();
    REQUIRE(out.size() == 1);
    CHECK(std::get<ResponsePdu>(out[0].body).error == ResponseError::not_writable);
    CHECK(std::get<ResponsePdu>(out[0].body).index == 1);
}

TEST_CASE("notifications wait for the session, then go out in order") {
    Master m;
    m.session.notify(trap(1), t0);
    m.session.notify(trap(2), t0);
    CHECK(m.session.output().empty());
    m.establish();
    auto out = m.sent();
    REQUIRE(out.size() == 2);
    CHECK(out[0].header.type == PduType::notify);
    CHECK(std::get<VarBindsPdu>(out[0].body).varbinds == trap(1));
    CHECK(std::get<VarBindsPdu>(out[1].body).varbinds == trap(2));
    m.session.notify(trap(3), t0);
    CHECK(m.sent().size() == 1);
}

TEST_CASE("the notification queue keeps the newest") {
    Master m;
    for (std::uint32_t i = 0; i < AgentxSession::max_queued_notifications + 3; ++i) {
        m.session.notify(trap(i), t0);
    }
    m.establish();
    auto out = m.sent();
    REQUIRE(out.size() == AgentxSession::max_queued_notifications);
    CHECK(std::get<VarBindsPdu>(out.front().body).varbinds == trap(3));
}

TEST_CASE("an unanswered request ends the session after the response timeout") {
    Master m;
    m.session.start(t0);
    m.sent();
    CHECK(m.session.deadline() == t0 + AgentxSession::response_timeout);
    m.session.on_timer(t0 + std::chrono::seconds(1));
    CHECK_FALSE(m.session.finished());
    m.session.on_timer(t0 + AgentxSession::response_timeout);
    CHECK(m.session.finished());
}

TEST_CASE("an idle session pings the master") {
    Master m;
    m.establish();
    CHECK(m.session.deadline() == t0 + AgentxSession::ping_interval);
    m.session.on_timer(t0 + AgentxSession::ping_interval);
    auto out = m.sent();
    REQUIRE(out.size() == 1);
    CHECK(out[0].header.type == PduType::ping);
    m.respond(out[0], 42);
    CHECK(m.session.phase() == AgentxSession::Phase::ready);
}

TEST_CASE("a master's Close finishes the session; start() opens a new one") {
    Master m;
    m.establish();
    m.deliver(m.request(PduType::close, ClosePdu{CloseReason::shutdown}));
    CHECK(m.session.finished());
    m.session.start(t0);
    CHECK(m.sent().at(0).header.type == PduType::open);
}

TEST_CASE("PDUs split across reads are reassembled; an unparsable request gets parseError") {
    Master m;
    m.establish();
    Pdu get = m.request(PduType::get, GetPdu{{{Oid{1, 3, 6, 1, 2, 1, 68, 1, 1, 0}, false, {}}}});
    std::vector<std::byte> bytes;
    encode(get, bytes);
    m.session.receive(std::span(bytes).first(7), t0);
    CHECK(m.session.output().empty());
    m.session.receive(std::span(bytes).subspan(7), t0);
    CHECK(m.sent().size() == 1);

    // A Get whose OID claims more sub-identifiers than it has.
    std::vector<std::byte> bad{std::byte{1}, std::byte{5}, std::byte{0x10}, std::byte{0}};
    for (int i = 0; i < 12; ++i) {
        bad.push_back(std::byte{0});
    }
    for (const int b : {0, 0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 1}) {
        bad.push_back(static_cast<std::byte>(b));
    }
    m.session.receive(bad, t0);
    auto out = m.sent();
    REQUIRE(out.size() == 1);
    CHECK(std::get<ResponsePdu>(out[0].body).error == ResponseError::parse_error);
    CHECK_FALSE(m.session.finished());
}
