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

} // namespace vigil::snmp
