#include "check/names.hpp"

#include <fmt/format.h>

namespace vigil::check {

std::string trio(const net::IpAddress& address, config::LvsProtocol protocol, unsigned port) {
    return fmt::format("[{}]:{}:{}", address.to_string(), config::lvs_protocol_name(protocol), port);
}

std::string virtual_server_text(const config::VirtualServer& vs) {
    switch (vs.kind_) {
    case config::VirtualServerKind::group:
        return fmt::format("[{}]:{}", vs.group_, vs.group_ordinal_);
    case config::VirtualServerKind::fwmark:
        if (vs.fwmark_ != 0) {
            return fmt::format("FWM {}", vs.fwmark_);
        }
        break; // keepalived tests the mark for truth: mark 0 is an unset address
    case config::VirtualServerKind::address:
        break;
    }
    return trio(vs.address_, vs.protocol_, vs.port_);
}

std::string group_entry_text(const config::VirtualServerGroupEntry& entry, config::LvsProtocol protocol,
                             EntryWording wording) {
    if (entry.is_fwmark_) {
        return wording == EntryWording::added ? fmt::format("FWM {}", entry.fwmark_) : std::to_string(entry.fwmark_);
    }
    std::string text = trio(entry.first_, protocol, entry.port_);
    if (entry.last_ != entry.first_) {
        text += "-" + entry.last_.to_string();
    }
    return text;
}

} // namespace vigil::check
