// Pool: the IPVS commands (keepalived's ipvswrapper.c ipvs_cmd, ipvs_group_cmd,
// ipvs_group_range_cmd, ipvs_group_sync_entry, ipvs_group_remove_entry).
#include "check/pool.hpp"

namespace vigil::check {

namespace {

using ipvs::Operation;

ipvs::Protocol ipvs_protocol(config::LvsProtocol protocol) noexcept {
    switch (protocol) {
    case config::LvsProtocol::udp:
        return ipvs::Protocol::udp;
    case config::LvsProtocol::sctp:
        return ipvs::Protocol::sctp;
    case config::LvsProtocol::tcp:
    case config::LvsProtocol::none:
        break;
    }
    return ipvs::Protocol::tcp;
}

bool is_service_operation(Operation operation) noexcept {
    return operation == Operation::add_service || operation == Operation::remove_service ||
           operation == Operation::edit_service;
}

bool is_fwmark_service(const config::VirtualServer& vs) noexcept {
    return vs.kind_ == config::VirtualServerKind::fwmark && vs.fwmark_ != 0;
}

// The family keepalived's srule gets: a group without a family of its own takes IPv4 when
// it has IPv4 entries, else IPv6.
net::Family rule_family(const VirtualServerState& vs) noexcept {
    if (vs.group != nullptr && !vs.family) {
        return vs.group->config->has_family(net::Family::ipv4) ? net::Family::ipv4 : net::Family::ipv6;
    }
    return vs.family.value_or(net::Family::ipv4);
}

} // namespace

unsigned& entry_count(GroupEntryState& entry, const VirtualServerState& vs) noexcept {
    if (entry.config->is_fwmark_) {
        return vs.family == net::Family::ipv4 ? entry.fwm4_alive : entry.fwm6_alive;
    }
    switch (vs.protocol) {
    case config::LvsProtocol::tcp:
        return entry.tcp_alive;
    case config::LvsProtocol::udp:
        return entry.udp_alive;
    case config::LvsProtocol::sctp:
    case config::LvsProtocol::none:
        break;
    }
    return entry.sctp_alive;
}

namespace {

// keepalived's is_vsge_alive(): note that any family set on the virtual server selects the
// IPv4 fwmark count.
bool entry_alive(GroupEntryState& entry, const VirtualServerState& vs) noexcept {
    if (entry.config->is_fwmark_) {
        const bool v4 = vs.family.has_value() || entry.config->fwmark_family_ == net::Family::ipv4;
        return (v4 ? entry.fwm4_alive : entry.fwm6_alive) != 0;
    }
    return entry_count(entry, vs) != 0;
}

bool change_needed(Operation operation, GroupEntryState& entry, const VirtualServerState& vs, const ServerState* rs) {
    switch (operation) {
    case Operation::add_service:
        return !entry_alive(entry, vs);
    case Operation::remove_service:
        return entry_count(entry, vs) == 0;
    case Operation::add_destination:
        return !rs->alive;
    case Operation::remove_destination:
        return rs->alive;
    case Operation::edit_service:
    case Operation::edit_destination:
    case Operation::flush:
        break;
    }
    return true;
}

void count_change(Operation operation, GroupEntryState& entry, const VirtualServerState& vs) {
    if (operation == Operation::add_destination) {
        ++entry_count(entry, vs);
    } else if (operation == Operation::remove_destination) {
        --entry_count(entry, vs);
    }
}

std::uint16_t group_destination_port(const ServerState& rs, std::uint16_t service_port) noexcept {
    return rs.forwarding == ipvs::Forwarding::masquerade ? rs.port : service_port;
}

// The last element of an address range: the last octet (IPv4) or the last 16-bit group
// (IPv6), which keepalived steps with wrap-around and no carry.
net::IpAddress next_in_range(const net::IpAddress& address) {
    auto bytes = address.padded_bytes();
    if (address.family() == net::Family::ipv4) {
        bytes[3] = static_cast<std::uint8_t>(bytes[3] + 1U);
    } else {
        const unsigned low = ((static_cast<unsigned>(bytes[14]) << 8U) | bytes[15]) + 1U;
        bytes[14] = static_cast<std::uint8_t>((low >> 8U) & 0xffU);
        bytes[15] = static_cast<std::uint8_t>(low & 0xffU);
    }
    return net::IpAddress{address.family(), bytes};
}

bool range_end(const net::IpAddress& address, const net::IpAddress& last) noexcept {
    if (address.family() == net::Family::ipv4) {
        return address == last;
    }
    return address.padded_bytes()[14] == last.padded_bytes()[14] && address.padded_bytes()[15] == last.padded_bytes()[15];
}

} // namespace

ipvs::Service service_rule(const VirtualServerState& vs, Operation operation) {
    const config::VirtualServer& cfg = *vs.config;
    const net::Family family = rule_family(vs);
    ipvs::Service rule;
    rule.key.family = family;
    rule.key.protocol = ipvs_protocol(vs.protocol);
    rule.scheduler = cfg.scheduler_.value_or(config::ipvs_default_scheduler);
    rule.flags = cfg.flags_ & ipvs::service_flag::user_mask;
    rule.netmask = ipvs::default_netmask(family);
    if (cfg.persistence_timeout_ != 0 && is_service_operation(operation)) {
        rule.timeout = cfg.persistence_timeout_;
        rule.flags |= ipvs::service_flag::persistent;
        if (const auto& g = cfg.persistence_granularity_) {
            if (g->family_ == net::Family::ipv4) {
                const auto& b = g->netmask_.bytes();
                rule.netmask = (static_cast<std::uint32_t>(b[0]) << 24U) | (static_cast<std::uint32_t>(b[1]) << 16U) |
                               (static_cast<std::uint32_t>(b[2]) << 8U) | b[3];
            } else {
                rule.netmask = g->prefix_;
            }
        }
        rule.persistence_engine = cfg.persistence_engine_.value_or("");
    }
    if (is_fwmark_service(cfg)) {
        rule.key = ipvs::ServiceKey::of_fwmark(family, cfg.fwmark_);
    } else if (vs.group == nullptr) {
        rule.key = ipvs::ServiceKey::of_address(rule.key.protocol, cfg.address_, cfg.port_);
    }
    return rule;
}

ipvs::Destination destination_rule(const ServerState& rs) {
    ipvs::Destination d;
    d.address = rs.address;
    d.port = rs.port;
    d.forwarding = rs.forwarding;
    d.weight = real_weight(rs.effective_weight);
    d.upper_threshold = rs.upper_threshold;
    d.lower_threshold = rs.lower_threshold;
    d.tunnel_type = rs.tunnel_type;
    d.tunnel_port = rs.tunnel_port;
    d.tunnel_flags = rs.tunnel_flags;
    return d;
}

void Pool::emit(Operation operation, const ipvs::Service& service, const ipvs::Destination* destination) {
    ipvs::Command command;
    command.operation = operation;
    command.service = service;
    if (destination != nullptr) {
        command.destination = *destination;
    }
    out_.emplace_back(IpvsChange{std::move(command)});
}

void Pool::command(Operation operation, VirtualServerState& vs, ServerState* rs) {
    ipvs::Service rule = service_rule(vs, operation);
    ipvs::Destination destination;
    if (rs != nullptr) {
        destination = destination_rule(*rs);
        if (operation == Operation::remove_destination && rs->inhibit) {
            destination.weight = 0;
            operation = Operation::edit_destination;
        } else if (operation == Operation::add_destination && rs->inhibit && rs->set) {
            operation = Operation::edit_destination;
        } else if (operation == Operation::add_destination && !rs->set) {
            rs->set = true;
            if (rs->inhibit && rs->failed_checkers != 0) {
                destination.weight = 0;
            }
        } else if (operation == Operation::remove_destination && rs->set) {
            rs->set = false;
        }
    }
    if (vs.group != nullptr) {
        group_command(operation, rule, rs != nullptr ? &destination : nullptr, vs, rs);
        return;
    }
    if (rs != nullptr && rs->forwarding != ipvs::Forwarding::masquerade) {
        destination.port = is_fwmark_service(*vs.config) ? 0 : vs.config->port_;
    }
    emit(operation, rule, rs != nullptr ? &destination : nullptr);
}

void Pool::range_command(Operation operation, ipvs::Service rule, const ipvs::Destination* destination,
                         const config::VirtualServerGroupEntry& entry) {
    const net::Family family = entry.first_.family();
    rule.key.family = family;
    rule.netmask = ipvs::default_netmask(family);
    net::IpAddress address = entry.first_;
    // At most one lap of the last octet or group.
    for (unsigned step = 0; step <= 65535U; ++step) {
        rule.key.address = address;
        emit(operation, rule, destination);
        if (range_end(address, entry.last_)) {
            break;
        }
        address = next_in_range(address);
    }
}

void Pool::group_command(Operation operation, const ipvs::Service& rule, ipvs::Destination* destination,
                         VirtualServerState& vs, ServerState* rs) {
    GroupState& group = *vs.group;
    for (GroupEntryState& entry : group.entries) {
        if (entry.config->is_fwmark_ || (operation == Operation::add_service && reloading_ && entry.reloaded)) {
            continue;
        }
        if (change_needed(operation, entry, vs, rs)) {
            ipvs::Service service = rule;
            service.key.fwmark = 0;
            service.key.port = entry.config->port_;
            if (destination != nullptr) {
                destination->port = group_destination_port(*rs, entry.config->port_);
            }
            range_command(operation, service, destination, *entry.config);
        }
        count_change(operation, entry, vs);
    }
    for (GroupEntryState& entry : group.entries) {
        if (!entry.config->is_fwmark_ || (operation == Operation::add_service && reloading_ && entry.reloaded)) {
            continue;
        }
        const net::Family family =
            entry.config->fwmark_family_.value_or(vs.family.value_or(net::Family::ipv4));
        ipvs::Service service = rule;
        service.key = ipvs::ServiceKey::of_fwmark(family, entry.config->fwmark_);
        service.netmask = ipvs::default_netmask(family);
        if (destination != nullptr) {
            destination->port = group_destination_port(*rs, 0);
        }
        if (change_needed(operation, entry, vs, rs)) {
            emit(operation, service, destination);
        }
        count_change(operation, entry, vs);
    }
}

void Pool::remove_group_entry(VirtualServerState& vs, GroupEntryState& entry) {
    ipvs::Service rule = service_rule(vs, Operation::remove_destination);
    const bool fwmark = entry.config->is_fwmark_;
    if (fwmark) {
        rule.key = ipvs::ServiceKey::of_fwmark(rule.key.family, entry.config->fwmark_);
    } else {
        rule.key.port = entry.config->port_;
    }
    if (settings_.flush_on_stop == config::LvsFlushOnStop::per_server) {
        for (const ServerState& rs : vs.servers) {
            if (!rs.alive) {
                continue;
            }
            const ipvs::Destination destination = destination_rule(rs);
            if (fwmark) {
                emit(Operation::remove_destination, rule, &destination);
            } else {
                range_command(Operation::remove_destination, rule, &destination, *entry.config);
            }
        }
    }
    if (!entry_alive(entry, vs)) {
        if (fwmark) {
            emit(Operation::remove_service, rule, nullptr);
        } else {
            range_command(Operation::remove_service, rule, nullptr, *entry.config);
        }
    }
}

void Pool::sync_group_entry(VirtualServerState& vs, const GroupEntryState& entry) {
    ipvs::Service rule = service_rule(vs, Operation::add_destination);
    const bool fwmark = entry.config->is_fwmark_;
    if (fwmark) {
        rule.key = ipvs::ServiceKey::of_fwmark(rule.key.family, entry.config->fwmark_);
    } else {
        rule.key.port = entry.config->port_;
    }
    for (const ServerState& rs : vs.servers) {
        if (!rs.reloaded || !(rs.alive || (rs.inhibit && rs.set))) {
            continue;
        }
        ipvs::Destination destination = destination_rule(rs);
        destination.weight = rs.inhibit && !rs.alive ? 0 : real_weight(rs.effective_weight);
        if (fwmark) {
            emit(Operation::add_destination, rule, &destination);
        } else {
            range_command(Operation::add_destination, rule, &destination, *entry.config);
        }
    }
}

} // namespace vigil::check
