#include "snmp/traps.hpp"

#include "snmp/mibs.hpp"

namespace vigil::snmp {
namespace {

VarBind trap_id(Oid notification) { return {snmp_trap_oid, Value::object_id(std::move(notification))}; }

VarBind router_id_var(const std::string& router_id) {
    return {keepalived_global_oid.with({2, 0}), Value::octets(router_id)};
}

Oid row(const InstanceInfo& i) { return Oid{static_cast<std::uint32_t>(i.ifindex), i.vrid}; }
Oid v3_row(const InstanceInfo& i) { return row(i).with({i.ipv6 ? 2u : 1u}); }

} // namespace

int trap_state(int state) noexcept {
    if (state >= 0 && state <= 3) {
        return state;
    }
    if (state == 98) {
        return 5;
    }
    if (state == 97) {
        return 6;
    }
    return 4;
}

std::vector<VarBind> instance_state_change(const InstanceInfo& instance, int state,
                                           const std::string& router_id) {
    return {
        trap_id(keepalived_vrrp_oid.with({10, 0, 2})),
        {keepalived_vrrp_oid.with({3, 1, 2}), Value::octets(instance.name)},
        {keepalived_vrrp_oid.with({3, 1, 4}), Value::integer(trap_state(state))},
        {keepalived_vrrp_oid.with({3, 1, 5}), Value::integer(instance.initial_state)},
        router_id_var(router_id),
    };
}

std::vector<VarBind> sync_group_state_change(const std::string& group, int state,
                                             const std::string& router_id) {
    // keepalived has no DELETED for groups: 97 shows as unknown.
    const int shown = state == 97 ? 4 : trap_state(state);
    return {
        trap_id(keepalived_vrrp_oid.with({10, 0, 1})),
        {keepalived_vrrp_oid.with({1, 1, 2}), Value::octets(group)},
        {keepalived_vrrp_oid.with({1, 1, 3}), Value::integer(shown)},
        router_id_var(router_id),
    };
}

std::vector<VarBind> rfc2787_new_master(const InstanceInfo& instance) {
    const std::string& src = instance.source_address;
    return {
        trap_id(rfc2787_oid.with({0, 1})),
        {rfc2787_oid.with({1, 3, 1, 7}).with(row(instance).ids()),
         Value{Syntax::ip_address, 0, src.size() == 4 ? src : std::string(4, '\0'), {}}},
    };
}

std::vector<VarBind> rfc2787_auth_failure(const InstanceInfo& instance, const std::string& source,
                                          int error_type) {
    return {
        trap_id(rfc2787_oid.with({0, 2})),
        {rfc2787_oid.with({1, 5}).with(row(instance).ids()),
         Value{Syntax::ip_address, 0, source.size() == 4 ? source : std::string(4, '\0'), {}}},
        {rfc2787_oid.with({1, 6}).with(row(instance).ids()), Value::integer(error_type)},
    };
}

std::vector<VarBind> rfc6527_new_master(const InstanceInfo& instance) {
    std::string src = instance.source_address;
    if (src.empty()) {
        src.assign(instance.ipv6 ? 16 : 4, '\0');
    }
    return {
        trap_id(rfc6527_oid.with({0, 1})),
        {rfc6527_oid.with({1, 1, 1, 1, 3}).with(v3_row(instance).ids()), Value::octets(src)},
        {rfc6527_oid.with({1, 2, 5, 1, 2}).with(v3_row(instance).ids()),
         Value::integer(instance.master_reason)},
    };
}

std::vector<VarBind> rfc6527_proto_error(const InstanceInfo& instance) {
    return {
        trap_id(rfc6527_oid.with({0, 2})),
        {rfc6527_oid.with({1, 2, 5, 1, 6}).with(v3_row(instance).ids()),
         Value::integer(instance.proto_error_reason)},
    };
}

std::vector<VarBind> checker_state_change(const CheckerTrapInfo& t, const std::string& router_id) {
    const Oid vs = keepalived_check_oid.with({3, 1});
    const Oid rs = keepalived_check_oid.with({4, 1});
    const auto type = [](const std::string& address) { return Value::integer(address.size() == 4 ? 1 : 2); };
    std::vector<VarBind> out{trap_id(keepalived_check_oid.with({5, 0, t.server ? 1u : 2u}))};
    if (t.server) {
        out.push_back({rs.with({3}), type(t.server_address)});
        out.push_back({rs.with({4}), Value::octets(t.server_address)});
        out.push_back({rs.with({5}), Value::gauge32(t.server_port)});
        out.push_back({rs.with({6}), truth(t.server_alive)});
    }
    out.push_back({vs.with({2}), Value::integer(!t.group.empty() ? 3 : t.fwmark != 0 ? 1 : 2)});
    if (!t.group.empty()) {
        out.push_back({vs.with({3}), Value::octets(t.group)});
    } else if (t.fwmark != 0) {
        out.push_back({vs.with({4}), Value::gauge32(t.fwmark)});
    } else {
        out.push_back({vs.with({5}), type(t.address)});
        out.push_back({vs.with({6}), Value::octets(t.address)});
        out.push_back({vs.with({7}), Value::gauge32(t.port)});
    }
    out.push_back({vs.with({8}), truth(t.tcp)});
    if (!t.server) {
        out.push_back({vs.with({23}), Value::integer(t.quorum_status)});
        out.push_back({vs.with({22}), Value::gauge32(t.quorum)});
    }
    out.push_back({vs.with({21}), Value::gauge32(t.real_up)});
    out.push_back({vs.with({20}), Value::gauge32(t.real_total)});
    out.push_back(router_id_var(router_id));
    return out;
}

} // namespace vigil::snmp
