// KEEPALIVED-MIB `check` (…9586.100.5.3), as keepalived 2.2.7's checker child serves it
// (check_snmp.c): virtualServerGroupTable (1), virtualServerGroupMemberTable (2),
// virtualServerTable (3), realServerTable (4), the lvs_sync_daemon scalars (6) and the LVS
// timeouts (7). Columns keepalived leaves out for a row (a fwmark's address, an unset
// script, a sorry server's status...) are skipped in a walk, as there.
#include "snmp/check_snapshot.hpp"
#include "snmp/mibs.hpp"
#include "snmp/table_rows.hpp"

#include <memory>

namespace vigil::snmp {

std::uint32_t VirtualServerInfo::real_total() const noexcept {
    std::uint32_t n = 0;
    for (const RealServerInfo& rs : servers) {
        n += rs.sorry ? 0 : 1;
    }
    return n;
}

std::uint32_t VirtualServerInfo::real_up() const noexcept {
    std::uint32_t n = 0;
    for (const RealServerInfo& rs : servers) {
        n += !rs.sorry && rs.alive ? 1 : 0;
    }
    return n;
}

namespace {

constexpr std::uint32_t svc_hashed = 0x0002;
constexpr std::uint32_t svc_onepacket = 0x0004;
constexpr std::uint32_t svc_sched1 = 0x0008;
constexpr std::uint32_t svc_sched2 = 0x0010;
constexpr std::uint32_t svc_sched3 = 0x0020;

// keepalived's numbering of the schedulers (KEEPALIVED-MIB virtualServerLoadBalancingAlgo).
int scheduler_number(const std::string& s) {
    static constexpr const char* names[] = {"rr", "wrr",  "lc", "wlc", "lblc", "lblcr", "dh",
                                            "sh", "sed", "nq", "fo",  "ovf",  "mh",    "twos"};
    for (int i = 0; i < 14; ++i) {
        if (s == names[i]) {
            return i + 1;
        }
    }
    return 99;
}

std::uint32_t seconds(std::uint64_t us) { return static_cast<std::uint32_t>(us / 1000000); }
std::uint32_t low(std::uint64_t v) { return static_cast<std::uint32_t>(v & 0xffffffffU); }
std::uint32_t high(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }

// Columns 27-36 and 38-50 of virtualServerTable, 18-39 of realServerTable: the same counters
// in the same order, from `first` (VS 27 / RS 18 ≙ inpkts...). `column` is relative: 0 =
// the first Counter32 (in packets).
std::optional<Value> counter_cell(const IpvsCounters& c, std::uint32_t column) {
    switch (column) {
    case 0: return Value::counter32(low(c.packets_in));
    case 1: return Value::counter32(low(c.packets_out));
    case 2: return Value::counter64(c.bytes_in);
    case 3: return Value::counter64(c.bytes_out);
    case 4: return Value::gauge32(low(c.connection_rate));
    case 5: return Value::gauge32(low(c.packet_rate_in));
    case 6: return Value::gauge32(low(c.packet_rate_out));
    case 7: return Value::gauge32(low(c.byte_rate_in));
    case 8: return Value::gauge32(low(c.byte_rate_out));
    default: return std::nullopt;
    }
}

// The 64-bit block: conns64, inpkts64, outpkts64, then low/high of the five rates.
std::optional<Value> counter64_cell(const IpvsCounters& c, std::uint32_t column) {
    const std::uint64_t rates[] = {c.connection_rate, c.packet_rate_in, c.packet_rate_out, c.byte_rate_in,
                                   c.byte_rate_out};
    switch (column) {
    case 0: return Value::counter64(c.connections);
    case 1: return Value::counter64(c.packets_in);
    case 2: return Value::counter64(c.packets_out);
    default: break;
    }
    if (column >= 3 && column < 13) {
        const std::uint64_t r = rates[(column - 3) / 2];
        return Value::gauge32((column - 3) % 2 == 0 ? low(r) : high(r));
    }
    return std::nullopt;
}

std::optional<Value> forwarding_cell(const ForwardingInfo& f, int which) {
    switch (which) {
    case 0: // loadBalancingKind
        if (f.method == 0) {
            return std::nullopt;
        }
        return Value::integer(f.method);
    case 1: // tunnelType
        if (f.method != 3) {
            return std::nullopt;
        }
        return Value::integer(f.tunnel_type);
    case 2: // tunnelPort
        if (f.method != 3 || f.tunnel_type != 2) {
            return std::nullopt;
        }
        return Value::gauge32(f.tunnel_port);
    default: // tunnelChecksum
        if (f.method != 3 || f.tunnel_type == 1) {
            return std::nullopt;
        }
        return Value::integer(f.tunnel_checksum);
    }
}

Value address_type(int family) { return Value::integer(family == 4 ? 1 : 2); }

std::optional<Value> group_member_cell(const GroupMemberInfo& m, std::uint32_t column) {
    const bool range = !m.fwmark && m.first != m.last;
    switch (column) {
    case 2: return Value::integer(m.fwmark ? 1 : range ? 3 : 2);
    case 3: return m.fwmark ? std::optional{Value::gauge32(m.fwmark_value)} : std::nullopt;
    case 4: return m.fwmark ? std::nullopt : std::optional{address_type(m.first.size() == 4 ? 4 : 6)};
    case 5: return m.fwmark || range ? std::nullopt : std::optional{Value::octets(m.first)};
    case 6: return !range ? std::nullopt : std::optional{Value::octets(m.first)};
    case 7: return !range ? std::nullopt : std::optional{Value::octets(m.last)};
    case 8: return m.fwmark ? std::nullopt : std::optional{Value::gauge32(m.port)};
    default: return std::nullopt;
    }
}

std::optional<Value> virtual_server_cell(const VirtualServerInfo& v, std::uint32_t column) {
    const bool plain = v.type == 2;
    if (column >= 28 && column <= 36) {
        return counter_cell(v.counters, column - 28);
    }
    if (column >= 38 && column <= 50) {
        return counter64_cell(v.counters, column - 38);
    }
    switch (column) {
    case 2: return Value::integer(v.type);
    case 3: return optional_octets(v.group);
    case 4: return v.type == 1 ? std::optional{Value::gauge32(v.fwmark)} : std::nullopt;
    case 5: return address_type(v.address_family);
    case 6: return plain ? std::optional{Value::octets(v.address)} : std::nullopt;
    case 7: return plain ? std::optional{Value::gauge32(v.port)} : std::nullopt;
    case 8: return v.type == 1 ? std::nullopt : std::optional{Value::integer(v.protocol)};
    case 9: return Value::integer(scheduler_number(v.scheduler));
    case 10: return forwarding_cell(v.forwarding, 0);
    case 11: return truth(v.alive);
    case 12: return optional_octets(v.virtualhost);
    case 13: return truth(v.persistence_timeout != 0);
    case 14: return v.persistence_timeout != 0 ? std::optional{Value::gauge32(v.persistence_timeout)} : std::nullopt;
    case 15: {
        if (v.address_bytes_family == 6) {
            return std::nullopt;
        }
        // The four bytes as they lie in memory (an IPv4 netmask in network order).
        const std::uint32_t g = v.granularity;
        const char bytes[4] = {static_cast<char>(g >> 24), static_cast<char>(g >> 16), static_cast<char>(g >> 8),
                               static_cast<char>(g)};
        return Value::octets(std::string_view(bytes, 4));
    }
    case 16: return Value::gauge32(seconds(v.delay_loop_us));
    case 17: return truth(v.ha_suspend);
    case 18: return truth(v.alpha);
    case 19: return truth(v.omega);
    case 20: return Value::gauge32(v.real_total());
    case 21: return Value::gauge32(v.real_up());
    case 22: return Value::gauge32(v.quorum);
    case 23: return truth(v.quorum_up);
    case 24: return optional_octets(v.quorum_up_script);
    case 25: return optional_octets(v.quorum_down_script);
    case 26: return Value::gauge32(v.hysteresis);
    case 27: return Value::gauge32(low(v.counters.connections));
    case 37: return truth((v.flags & svc_onepacket) != 0);
    case 51: {
        if (v.address_bytes_family == 4) {
            return std::nullopt;
        }
        // keepalived reads the same four bytes as a host-order number.
        const std::uint32_t g = v.granularity;
        return Value::gauge32(v.address_bytes_family == 6 ? g
                                                          : ((g & 0xffU) << 24) | ((g & 0xff00U) << 8) |
                                                                ((g >> 8) & 0xff00U) | (g >> 24));
    }
    case 52: return truth((v.flags & svc_hashed) != 0);
    case 53: return truth((v.flags & svc_sched1) != 0);
    case 54: return truth((v.flags & svc_sched2) != 0);
    case 55: return truth((v.flags & svc_sched3) != 0);
    case 56: return truth(!v.inhibit);
    case 57: return Value::gauge32(v.retry);
    case 58: return Value::gauge32(seconds(v.delay_before_retry_us));
    case 59: return Value::gauge32(seconds(v.warmup_us));
    case 60: return Value::integer(v.weight);
    case 61: return truth(v.smtp_alert);
    case 62: return truth((v.flags & svc_sched1) != 0);
    case 63: return truth((v.flags & svc_sched2) != 0);
    case 64: return Value::gauge32(low(v.delay_loop_us));
    case 65: return Value::gauge32(low(v.delay_before_retry_us));
    case 66: return Value::gauge32(low(v.warmup_us));
    case 67: return Value::gauge32(low(v.connect_timeout_us));
    case 68: return forwarding_cell(v.forwarding, 1);
    case 69: return forwarding_cell(v.forwarding, 2);
    case 70: return forwarding_cell(v.forwarding, 3);
    case 71: return optional_octets(v.snmp_name);
    default: return std::nullopt;
    }
}

std::optional<Value> real_server_cell(const RealServerInfo& r, std::uint32_t column) {
    if (column >= 18 && column <= 26) {
        return counter_cell(r.counters, column - 18);
    }
    if (column >= 27 && column <= 39) {
        return counter64_cell(r.counters, column - 27);
    }
    // Columns 6-13 describe a checked server: a sorry server has none of them.
    if (r.sorry && column >= 6 && column <= 13) {
        return std::nullopt;
    }
    switch (column) {
    case 2: return truth(!r.sorry);
    case 3: return address_type(r.address.size() == 4 ? 4 : 6);
    case 4: return Value::octets(r.address);
    case 5: return Value::gauge32(r.port);
    case 6: return truth(r.alive);
    case 7: return Value::integer(r.weight);
    case 8: return r.upper_limit != 0 ? std::optional{Value::gauge32(r.upper_limit)} : std::nullopt;
    case 9: return r.lower_limit != 0 ? std::optional{Value::gauge32(r.lower_limit)} : std::nullopt;
    case 10: return truth(!r.inhibit);
    case 11: return optional_octets(r.notify_up);
    case 12: return optional_octets(r.notify_down);
    case 13: return Value::gauge32(r.failed_checkers);
    case 14: return Value::gauge32(low(r.counters.connections));
    case 15: return Value::gauge32(r.active_connections);
    case 16: return Value::gauge32(r.inactive_connections);
    case 17: return Value::gauge32(r.persistent_connections);
    case 40: return forwarding_cell(r.forwarding, 0);
    case 41: return optional_octets(r.virtualhost);
    case 42: return truth(r.alpha);
    case 43: return Value::gauge32(r.retry);
    case 44: return Value::gauge32(seconds(r.delay_before_retry_us));
    case 45: return Value::gauge32(seconds(r.warmup_us));
    case 46: return Value::gauge32(seconds(r.delay_loop_us));
    case 47: return truth(r.smtp_alert);
    case 48: return Value::gauge32(low(r.delay_before_retry_us));
    case 49: return Value::gauge32(low(r.warmup_us));
    case 50: return Value::gauge32(low(r.delay_loop_us));
    case 51: return Value::gauge32(low(r.connect_timeout_us));
    case 52: return forwarding_cell(r.forwarding, 1);
    case 53: return forwarding_cell(r.forwarding, 2);
    case 54: return forwarding_cell(r.forwarding, 3);
    case 55: return optional_octets(r.snmp_name);
    default: return std::nullopt;
    }
}

// keepalived 2.2.7's check_snmp_realserver_weight: realServerWeight of a real server (a
// sorry server has no weight cell, so it stays notWritable). keepalived takes only the low
// byte of the value; ours answers wrongValue outside 0..255 instead (man/vigil.7).
SetCheck real_server_set(const CheckSnapshot& s, std::size_t row, std::uint32_t column, const Value& v,
                         CheckControl& control) {
    if (column != 7) {
        return SetCheck::refuse(SetError::not_writable);
    }
    if (v.syntax != Syntax::integer) {
        return SetCheck::refuse(SetError::wrong_type);
    }
    const std::int32_t weight = v.as_integer();
    if (weight < 0 || weight > 255) {
        return SetCheck::refuse(SetError::wrong_value);
    }
    // Row numbers run through every virtual server's list in order (by_nested_position).
    for (std::size_t vs = 0; vs < s.virtual_servers.size(); ++vs) {
        const std::vector<RealServerInfo>& servers = s.virtual_servers[vs].servers;
        if (row >= servers.size()) {
            row -= servers.size();
            continue;
        }
        if (servers[row].sorry) {
            break;
        }
        const std::size_t real = servers.front().sorry ? row - 1 : row;
        return SetCheck::accept([&control, vs, real, weight] {
            control.set_real_server_weight(vs, real, static_cast<std::uint32_t>(weight));
        });
    }
    return SetCheck::refuse(SetError::not_writable);
}

void scalar(MibTree& tree, std::initializer_list<std::uint32_t> ids, Scalar::Getter getter) {
    tree.add(std::make_unique<Scalar>(keepalived_check_oid.with(ids), std::move(getter)));
}

void add_sync_daemon(MibTree& tree, const CheckSnapshot& s) {
    const std::optional<SyncDaemonInfo>& d = s.sync_daemon;
    scalar(tree, {6, 1}, [&d] { return truth(d.has_value()); });
    auto field = [&](std::uint32_t id, auto get) {
        scalar(tree, {6, id}, [&d, get]() -> std::optional<Value> {
            if (!d) {
                return std::nullopt;
            }
            return get(*d);
        });
    };
    field(2, [](const SyncDaemonInfo& x) { return std::optional{Value::octets(x.interface)}; });
    field(3, [](const SyncDaemonInfo& x) { return optional_octets(x.instance); });
    field(4, [](const SyncDaemonInfo& x) { return std::optional{Value::integer(static_cast<std::int32_t>(x.sync_id))}; });
    field(5, [](const SyncDaemonInfo& x) { return std::optional{Value::integer(static_cast<std::int32_t>(x.maxlen))}; });
    field(6, [](const SyncDaemonInfo& x) { return std::optional{Value::integer(static_cast<std::int32_t>(x.port))}; });
    field(7, [](const SyncDaemonInfo& x) { return std::optional{Value::integer(static_cast<std::int32_t>(x.ttl))}; });
    field(8, [](const SyncDaemonInfo& x) {
        return x.group.empty() ? std::nullopt : std::optional{address_type(x.group.size() == 4 ? 4 : 6)};
    });
    field(9, [](const SyncDaemonInfo& x) {
        return x.group.empty() ? std::nullopt : std::optional{Value::octets(x.group)};
    });
}

} // namespace

void add_keepalived_check(MibTree& tree, const CheckSnapshot& s, CheckControl* control) {
    add_table(tree, keepalived_check_oid.with({1, 1}), {2}, by_position(s.groups),
              [](const GroupInfo& g, std::uint32_t) { return std::optional{Value::octets(g.name)}; });
    add_table(tree, keepalived_check_oid.with({2, 1}), range(2, 8),
              by_nested_position<GroupInfo, GroupMemberInfo>(s.groups, &GroupInfo::members), group_member_cell);
    add_table(tree, keepalived_check_oid.with({3, 1}), range(2, 71), by_position(s.virtual_servers),
              virtual_server_cell);
    Table& real_servers = add_table(
        tree, keepalived_check_oid.with({4, 1}), range(2, 55),
        by_nested_position<VirtualServerInfo, RealServerInfo>(s.virtual_servers, &VirtualServerInfo::servers),
        real_server_cell);
    if (control != nullptr) {
        real_servers.set_writer([&s, control](std::size_t row, std::uint32_t column, const Value& v) {
            return real_server_set(s, row, column, v, *control);
        });
    }
    add_sync_daemon(tree, s);
    const auto timeout = [&tree](std::uint32_t id, const std::optional<std::int32_t>& t) {
        scalar(tree, {7, id}, [&t]() -> std::optional<Value> {
            if (!t) {
                return std::nullopt;
            }
            return Value::integer(*t);
        });
    };
    timeout(1, s.timeout_tcp);
    timeout(2, s.timeout_tcp_fin);
    timeout(3, s.timeout_udp);
}

} // namespace vigil::snmp
