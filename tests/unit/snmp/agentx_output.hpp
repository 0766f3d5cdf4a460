#pragma once
// Test helper: the PDUs an AgentxSession wrote, decoded (the output is drained).

#include "snmp/agentx_session.hpp"

#include <doctest/doctest.h>

#include <span>
#include <vector>

namespace vigil::snmp::test {

inline std::vector<agentx::Pdu> take_sent(AgentxSession& session) {
    std::vector<agentx::Pdu> out;
    std::span<const std::byte> bytes = session.output();
    while (!bytes.empty()) {
        const auto size = agentx::frame_size(bytes);
        REQUIRE(size.has_value());
        agentx::Decoded d = agentx::decode(bytes.first(*size));
        REQUIRE(d.pdu.has_value());
        out.push_back(*d.pdu);
        bytes = bytes.subspan(*size);
    }
    session.output().clear();
    return out;
}

} // namespace vigil::snmp::test
