// VRRP-MIB (RFC 2787) and VRRPV3-MIB (RFC 6527) as keepalived 2.2.7 serves them
// (reference sections 1.4 and 1.5).
#include "snmp/mibs.hpp"
#include "snmp/table_rows.hpp"

#include <algorithm>
#include <memory>

namespace vigil::snmp {
namespace {

// RFC 2787 vrrpOperState / RFC 6527 vrrpv3OperationsStatus: initialize(1), backup(2),
// master(3); keepalived shows FAULT (and anything else) as initialize.
int rfc_state(int state) noexcept { return state >= 0 && state <= 2 ? state + 1 : 1; }

std::uint32_t counter32(std::uint64_t v) noexcept { return static_cast<std::uint32_t>(v); }

// The row index of an instance: ifIndex.VRID (RFC 2787) [.InetAddressType (RFC 6527)].
Oid oper_index(const InstanceInfo& i) {
    return Oid{static_cast<std::uint32_t>(i.ifindex), i.vrid};
}
Oid v3_index(const InstanceInfo& i) { return oper_index(i).with({i.ipv6 ? 2u : 1u}); }

Oid with_address(Oid index, const std::string& address) {
    for (const char b : address) {
        index.append(static_cast<unsigned char>(b));
    }
    return index;
}

std::string zeros_for(const InstanceInfo& i) { return std::string(i.ipv6 ? 16 : 4, '\0'); }

// An IpAddress value; 0.0.0.0 for an unknown address.
Value ip_value(const std::string& address) {
    return {Syntax::ip_address, 0, address.size() == 4 ? address : std::string(4, '\0'), {}};
}

std::optional<Value> rfc2787_oper_cell(const InstanceInfo& i, std::uint32_t column) {
    switch (column) {
    case 2:
        if (i.ifindex == 0) {
            return std::nullopt;
        }
        return Value::octets(i.hw_address);
    case 3: return Value::integer(rfc_state(i.state));
    case 4: return Value::integer(1); // vrrpOperAdminState up
    case 5: return Value::integer(static_cast<std::int32_t>(i.base_priority));
    case 6: return Value::integer(static_cast<std::int32_t>(i.vips.size()));
    case 7: return ip_value(i.master_address);
    case 8:
        if (i.ifindex == 0) {
            return std::nullopt;
        }
        return ip_value(i.primary_address);
    case 9: return Value::integer(i.auth_type + 1);
    case 10: return std::nullopt; // vrrpOperAuthKey reads as nothing (RFC 2787: "zero-length")
    case 11: return Value::integer(static_cast<std::int32_t>(i.advert_interval_cs / 100));
    case 12: return truth(i.preempt);
    case 13: return Value::time_ticks(i.state == 1 || i.state == 2 ? i.uptime_since_start_cs : 0);
    case 14: return Value::integer(1); // vrrpOperProtocol ip
    case 15: return Value::integer(1); // vrrpOperRowStatus active
    default: return std::nullopt;
    }
}

std::optional<Value> rfc2787_stats_cell(const InstanceInfo& i, std::uint32_t column) {
    switch (column) {
    case 1: return Value::counter32(counter32(i.become_master));
    case 2: return Value::counter32(counter32(i.adverts_received));
    case 3: return Value::counter32(counter32(i.advert_interval_errors));
    case 4: return Value::counter32(counter32(i.auth_failures));
    case 5: return Value::counter32(counter32(i.ttl_errors));
    case 6: return Value::counter32(counter32(i.priority_zero_received));
    case 7: return Value::counter32(counter32(i.priority_zero_sent));
    case 8: return Value::counter32(counter32(i.invalid_type_received));
    case 9: return Value::counter32(counter32(i.address_list_errors));
    case 10: return Value::counter32(counter32(i.invalid_auth_type));
    case 11: return Value::counter32(counter32(i.auth_type_mismatch));
    case 12: return Value::counter32(counter32(i.packet_length_errors));
    default: return std::nullopt;
    }
}

std::optional<Value> rfc6527_oper_cell(const InstanceInfo& i, std::uint32_t column) {
    switch (column) {
    case 3:
        // A master reports its own primary address (observed), others the last master seen.
        if (i.state != 2) {
            return Value::octets(i.master_address.empty() ? zeros_for(i) : i.master_address);
        }
        [[fallthrough]];
    case 4:
        if (i.ifindex == 0) {
            return std::nullopt;
        }
        return Value::octets(i.primary_address.empty() ? zeros_for(i) : i.primary_address);
    case 5:
        if (i.ifindex == 0) {
            return std::nullopt;
        }
        return Value::octets(i.hw_address);
    case 6: return Value::integer(rfc_state(i.state));
    case 7: return Value::gauge32(i.base_priority);
    case 8: return Value::integer(static_cast<std::int32_t>(i.vips.size()));
    case 9: return Value::integer(static_cast<std::int32_t>(i.advert_interval_cs));
    case 10: return truth(i.preempt);
    case 11: return truth(i.accept);
    case 12: return Value::time_ticks(i.state == 1 || i.state == 2 ? i.uptime_cs : 0);
    case 13: return Value::integer(1); // vrrpv3OperationsRowStatus active
    default: return std::nullopt;
    }
}

std::optional<Value> rfc6527_stats_cell(const InstanceInfo& i, std::uint32_t column) {
    switch (column) {
    case 1: return Value::counter32(counter32(i.become_master));
    case 2: return Value::integer(i.master_reason);
    case 3: return Value::counter64(i.adverts_received);
    case 4: return Value::counter64(i.advert_interval_errors);
    case 5: return Value::counter64(i.ttl_errors);
    case 6: return Value::integer(i.proto_error_reason);
    case 7: return Value::counter64(i.priority_zero_received);
    case 8: return Value::counter64(i.priority_zero_sent);
    case 9: return Value::counter64(i.invalid_type_received);
    case 10: return Value::counter64(i.address_list_errors);
    case 11: return Value::counter64(i.packet_length_errors);
    case 12: return Value::time_ticks(0); // discontinuities are not tracked
    case 13: return Value::gauge32(i.advert_interval_cs * 10); // milliseconds
    default: return std::nullopt;
    }
}

template <class Suitable, class Index>
RowRefs<InstanceInfo> instance_rows(const Snapshot& s, Suitable suitable, Index index) {
    RowRefs<InstanceInfo> out;
    for (const InstanceInfo& i : s.instances) {
        if (suitable(i)) {
            out.emplace_back(index(i), &i);
        }
    }
    return out;
}

template <class Suitable, class Index>
RowRefs<AddressRow> vip_rows(const Snapshot& s, Suitable suitable, Index index) {
    RowRefs<AddressRow> out;
    for (const InstanceInfo& i : s.instances) {
        if (suitable(i)) {
            for (const AddressRow& a : i.vips) {
                out.emplace_back(with_address(index(i), a.address), &a);
            }
        }
    }
    return out;
}

std::optional<Value> row_status_active(const AddressRow&, std::uint32_t) { return Value::integer(1); }

// A scalar summing a counter over the suitable instances.
template <class Suitable, class Field, class Make>
void add_sum(MibTree& tree, Oid oid, const Snapshot& s, Suitable suitable, Field field, Make make) {
    tree.add(std::make_unique<Scalar>(std::move(oid), [&s, suitable, field, make] {
        std::uint64_t total = 0;
        for (const InstanceInfo& i : s.instances) {
            if (suitable(i)) {
                total += i.*field;
            }
        }
        return std::optional{make(total)};
    }));
}

} // namespace

bool suitable_for_rfc2787(const InstanceInfo& instance) noexcept {
    return instance.version == 2 && !instance.ipv6 && !instance.vips.empty();
}

bool suitable_for_rfc6527(const InstanceInfo& instance) noexcept { return !instance.vips.empty(); }

void add_rfc2787(MibTree& tree, const Snapshot& s) {
    const GlobalInfo& g = s.global;
    tree.add(std::make_unique<Scalar>(rfc2787_oid.with({1, 1}), [] { return std::optional{Value::integer(2)}; }));
    tree.add(std::make_unique<Scalar>(rfc2787_oid.with({1, 2}), [&g] { return std::optional{truth(g.traps)}; }));
    const auto suitable = [](const InstanceInfo& i) { return suitable_for_rfc2787(i); };
    add_table(tree, rfc2787_oid.with({1, 3, 1}), range(2, 15), instance_rows(s, suitable, oper_index),
              rfc2787_oper_cell);
    add_table(tree, rfc2787_oid.with({1, 4, 1}), {2}, vip_rows(s, suitable, oper_index), row_status_active);
    const auto c32 = [](std::uint64_t v) { return Value::counter32(static_cast<std::uint32_t>(v)); };
    add_sum(tree, rfc2787_oid.with({2, 1}), s, suitable, &InstanceInfo::checksum_errors, c32);
    add_sum(tree, rfc2787_oid.with({2, 2}), s, suitable, &InstanceInfo::version_errors, c32);
    add_sum(tree, rfc2787_oid.with({2, 3}), s, suitable, &InstanceInfo::vrid_errors, c32);
    add_table(tree, rfc2787_oid.with({2, 4, 1}), range(1, 12), instance_rows(s, suitable, oper_index),
              rfc2787_stats_cell);
}

void add_rfc6527(MibTree& tree, const Snapshot& s) {
    const auto suitable = [](const InstanceInfo& i) { return suitable_for_rfc6527(i); };
    add_table(tree, rfc6527_oid.with({1, 1, 1, 1}), range(3, 13), instance_rows(s, suitable, v3_index),
              rfc6527_oper_cell);
    add_table(tree, rfc6527_oid.with({1, 1, 2, 1}), {2}, vip_rows(s, suitable, v3_index), row_status_active);
    const auto c64 = [](std::uint64_t v) { return Value::counter64(v); };
    add_sum(tree, rfc6527_oid.with({1, 2, 1}), s, suitable, &InstanceInfo::checksum_errors, c64);
    add_sum(tree, rfc6527_oid.with({1, 2, 2}), s, suitable, &InstanceInfo::version_errors, c64);
    add_sum(tree, rfc6527_oid.with({1, 2, 3}), s, suitable, &InstanceInfo::vrid_errors, c64);
    tree.add(std::make_unique<Scalar>(rfc6527_oid.with({1, 2, 4}), [] { return std::optional{Value::time_ticks(0)}; }));
    add_table(tree, rfc6527_oid.with({1, 2, 5, 1}), range(1, 13), instance_rows(s, suitable, v3_index),
              rfc6527_stats_cell);
}

} // namespace vigil::snmp
