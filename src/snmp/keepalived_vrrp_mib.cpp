// KEEPALIVED-MIB `vrrp` (…9586.100.5.2): the tables keepalived 2.2.7's vrrp_vars registers,
// indexed by 1-based positions in configuration order (reference section 1.3).
#include "snmp/mibs.hpp"
#include "snmp/table_rows.hpp"

namespace vigil::snmp {
namespace {

Oid entry(std::uint32_t table) { return keepalived_vrrp_oid.with({table, 1}); }

std::optional<Value> sync_group_cell(const SyncGroupInfo& g, std::uint32_t column) {
    switch (column) {
    case 2: return Value::octets(g.name);
    case 3: return Value::integer(keepalived_state(g.state));
    case 4: return truth(g.smtp_alert);
    case 5: return truth(g.notify_exec);
    case 6: return optional_octets(g.script_master);
    case 7: return optional_octets(g.script_backup);
    case 8: return optional_octets(g.script_fault);
    case 9: return optional_octets(g.script);
    case 10: return truth(g.tracking_weight);
    case 11: return optional_octets(g.script_stop);
    default: return std::nullopt;
    }
}

std::optional<Value> instance_cell(const InstanceInfo& i, std::uint32_t column) {
    switch (column) {
    case 2: return Value::octets(i.name);
    case 3: return Value::gauge32(i.vrid);
    case 4: return Value::integer(keepalived_state(i.state));
    case 5: return Value::integer(keepalived_state(i.initial_state));
    case 6: return Value::integer(keepalived_state(i.wanted_state));
    case 7: return Value::integer(static_cast<std::int32_t>(i.base_priority));
    case 8: return Value::integer(static_cast<std::int32_t>(i.effective_priority));
    case 9: return truth(i.vips_set);
    case 10: return optional_octets(i.interface);
    case 11: return truth(i.has_tracked_interfaces);
    // Seconds for VRRPv2, centiseconds for VRRPv3 (observed: 1 and 100).
    case 12: return Value::gauge32(i.version == 2 ? i.advert_interval_cs / 100 : i.advert_interval_cs);
    case 13: return truth(i.preempt);
    case 14: return Value::gauge32(i.preempt_delay_s);
    case 15: return Value::integer(i.version == 2 ? i.auth_type : 0);
    case 16: return truth(i.lvs_sync_interface.has_value());
    case 17: return optional_octets(i.lvs_sync_interface);
    case 18: return optional_octets(i.sync_group);
    case 19: return Value::gauge32(i.garp_delay_s);
    case 20: return truth(i.smtp_alert);
    case 21: return truth(i.notify_exec);
    case 22: return optional_octets(i.script_master);
    case 23: return optional_octets(i.script_backup);
    case 24: return optional_octets(i.script_fault);
    case 25: return optional_octets(i.script_stop);
    case 26: return optional_octets(i.script);
    // 0 for VRRPv2 (outside the TruthValue range, observed), the TruthValue for VRRPv3.
    case 27: return i.version == 3 ? truth(i.accept) : Value::integer(0);
    case 28: return truth(i.promote_secondaries);
    case 29: return truth(i.linkbeat_polling);
    case 30: return Value::integer(static_cast<std::int32_t>(i.version));
    case 31: return optional_octets(i.script_master_rx_lower_pri);
    case 32: return optional_octets(i.script_deleted);
    case 33: return truth(i.notify_deleted);
    case 34:
        if (!i.multicast_group) {
            return std::nullopt;
        }
        return Value::integer(inet_type(*i.multicast_group));
    case 35: return optional_octets(i.multicast_group);
    default: return std::nullopt;
    }
}

// keepalived 2.2.7's write handlers (vrrp_snmp.c), strict where keepalived reads only the low
// byte of the value: a base priority outside 1..254 and a preempt value other than 1 or 2 are
// wrongValue (man/vigil.7). vrrpInstanceAccept of a VRRPv3 instance is noAccess whatever the
// value (Debian's build leaves ALLOW_SNMP_SET_ACCEPT undefined); everything else is read-only.
SetCheck instance_set(const InstanceInfo& i, std::uint32_t column, const Value& v, VrrpControl& control) {
    if (column == 27 && i.version == 3) {
        return SetCheck::refuse(SetError::no_access);
    }
    if (column != 7 && column != 13) {
        return SetCheck::refuse(SetError::not_writable);
    }
    if (v.syntax != Syntax::integer) {
        return SetCheck::refuse(SetError::wrong_type);
    }
    const std::int32_t n = v.as_integer();
    if (column == 7) {
        if (n < 1 || n > 254) {
            return SetCheck::refuse(SetError::wrong_value);
        }
        return SetCheck::accept([&control, name = i.name, n] {
            control.set_base_priority(name, static_cast<std::uint8_t>(n));
        });
    }
    if (n != 1 && n != 2) {
        return SetCheck::refuse(SetError::wrong_value);
    }
    return SetCheck::accept([&control, name = i.name, n] { control.set_preempt(name, n == 1); });
}

// Tracked interface/script/file/process tables: name, weight, reverse in `first`..`first+2`
// (vrrpTrackedInterfaceTable starts at column 1, the others at 2).
auto tracked_cell(std::uint32_t first) {
    return [first](const TrackedRef& t, std::uint32_t column) -> std::optional<Value> {
        if (column == first) {
            return Value::octets(t.name);
        }
        if (column == first + 1) {
            return Value::integer(t.weight);
        }
        if (column == first + 2) {
            return truth(t.reverse);
        }
        return std::nullopt;
    };
}

std::optional<Value> address_cell(const AddressRow& a, std::uint32_t column) {
    switch (column) {
    case 2: return Value::integer(inet_type(a.address));
    case 3: return Value::octets(a.address);
    case 4: return optional_octets(a.broadcast);
    case 5: return Value::gauge32(a.prefix);
    case 6: return Value::integer(a.scope);
    case 7: return Value::integer(a.ifindex);
    case 8: return Value::octets(a.ifname);
    case 9: return optional_octets(a.label);
    case 10: return truth(a.set);
    case 11: return truth(a.advertised);
    case 12: return optional_octets(a.peer);
    default: return std::nullopt;
    }
}

std::optional<Value> route_cell(const RouteRow& r, std::uint32_t column) {
    switch (column) {
    case 2: return Value::integer(r.address_type);
    case 3: return optional_octets(r.destination);
    case 4:
        if (!r.destination_prefix) {
            return std::nullopt;
        }
        return Value::gauge32(*r.destination_prefix);
    case 5: return optional_octets(r.gateway);
    case 7: return optional_octets(r.source);
    case 8: return Value::gauge32(r.metric);
    case 9: return Value::integer(r.scope);
    case 10: return Value::integer(r.type);
    case 11:
        if (!r.ifindex) {
            return std::nullopt;
        }
        return Value::integer(*r.ifindex);
    case 12: return optional_octets(r.ifname);
    case 13: return Value::gauge32(r.table);
    case 14: return truth(r.set);
    case 18:
        if (!r.protocol) {
            return std::nullopt;
        }
        return Value::integer(*r.protocol);
    case 19: return truth(false); // ECN feature
    case 20: return truth(false); // quickack
    default: return std::nullopt;
    }
}

std::optional<Value> optional_gauge(const std::optional<std::uint32_t>& v) {
    if (!v) {
        return std::nullopt;
    }
    return Value::gauge32(*v);
}

std::optional<Value> rule_cell(const RuleRow& r, std::uint32_t column) {
    // The obsolete columns 3-5 show `to` when there is one, else `from`.
    const std::optional<std::string>& either = r.to ? r.to : r.from;
    const unsigned either_prefix = r.to ? r.to_prefix : r.from_prefix;
    switch (column) {
    case 2: return Value::octets(r.to ? (r.from ? "both" : "to") : (r.from ? "from" : ""));
    case 3:
        if (!either) {
            return std::nullopt;
        }
        return Value::integer(inet_type(*either));
    case 4: return optional_octets(either);
    case 5:
        if (!either) {
            return std::nullopt;
        }
        return Value::gauge32(either_prefix);
    case 6: return optional_gauge(r.table);
    case 7: return truth(r.set);
    case 8: return truth(false); // `not`
    case 9:
        if (!r.to) {
            return std::nullopt;
        }
        return Value::integer(inet_type(*r.to));
    case 10: return optional_octets(r.to);
    case 11:
        if (!r.to) {
            return std::nullopt;
        }
        return Value::gauge32(r.to_prefix);
    case 12:
        if (!r.from) {
            return std::nullopt;
        }
        return Value::integer(inet_type(*r.from));
    case 13: return optional_octets(r.from);
    case 14:
        if (!r.from) {
            return std::nullopt;
        }
        return Value::gauge32(r.from_prefix);
    case 15: return Value::gauge32(r.tos);
    case 16: return optional_gauge(r.fwmark);
    case 17: return optional_gauge(r.fwmask);
    case 20: return optional_octets(r.iif);
    case 21: return optional_octets(r.oif);
    case 22: return optional_gauge(r.goto_target);
    case 23: return Value::integer(r.action);
    case 24: return optional_gauge(r.table);
    case 25:
        if (!r.preference || *r.preference == 0) {
            return std::nullopt;
        }
        return Value::gauge32(*r.preference);
    default: return std::nullopt;
    }
}

std::optional<Value> script_cell(const ScriptInfo& s, std::uint32_t column) {
    switch (column) {
    case 2: return Value::octets(s.name);
    case 3: return Value::octets(s.command);
    case 4: return Value::integer(s.interval_s);
    case 5: return Value::integer(s.weight);
    case 6: return Value::integer(s.result);
    case 7: return Value::gauge32(s.rise);
    case 8: return Value::gauge32(s.fall);
    case 9: return truth(s.reverse);
    default: return std::nullopt;
    }
}

std::optional<Value> file_cell(const FileInfo& f, std::uint32_t column) {
    switch (column) {
    case 2: return Value::octets(f.name);
    case 3: return Value::octets(f.path);
    case 4: return Value::integer(f.value);
    case 5: return Value::integer(f.weight);
    case 6: return truth(f.reverse);
    default: return std::nullopt;
    }
}

std::optional<Value> process_cell(const ProcessInfo& p, std::uint32_t column) {
    switch (column) {
    case 2: return Value::octets(p.name);
    case 3: return Value::octets(p.path);
    case 4: return Value::octets(p.params);
    case 5: return Value::integer(p.param_match);
    case 6: return Value::integer(p.weight);
    case 7: return truth(p.reverse);
    case 8: return Value::gauge32(p.quorum);
    case 9: return Value::integer(p.quorum_max);
    case 10: return Value::gauge32(p.fork_delay);
    case 11: return Value::gauge32(p.terminate_delay);
    case 12: return truth(p.full_command);
    case 13: return Value::integer(p.current);
    case 14: return truth(p.quorum_met);
    default: return std::nullopt;
    }
}

// vrrpBfdTable: keepalived serves the session's state as 0/1, not as a TruthValue.
std::optional<Value> bfd_cell(const BfdInfo& b, std::uint32_t column) {
    switch (column) {
    case 2: return Value::octets(b.name);
    case 3: return Value::integer(b.up ? 1 : 0);
    case 4: return Value::integer(b.weight);
    case 5: return truth(b.reverse);
    default: return std::nullopt;
    }
}

// Static entries (index 0), then each instance's, VIPs and eVIPs numbered together.
RowRefs<AddressRow> address_rows(const Snapshot& s) {
    RowRefs<AddressRow> out;
    for (std::size_t j = 0; j < s.static_addresses.size(); ++j) {
        out.emplace_back(Oid{0, static_cast<std::uint32_t>(j + 1)}, &s.static_addresses[j]);
    }
    for (std::size_t i = 0; i < s.instances.size(); ++i) {
        std::uint32_t n = 0;
        for (const auto* list : {&s.instances[i].vips, &s.instances[i].evips}) {
            for (const AddressRow& a : *list) {
                out.emplace_back(Oid{static_cast<std::uint32_t>(i + 1), ++n}, &a);
            }
        }
    }
    return out;
}

template <class Row>
RowRefs<Row> with_static(const std::vector<Row>& statics, RowRefs<Row> per_instance) {
    RowRefs<Row> out;
    for (std::size_t j = 0; j < statics.size(); ++j) {
        out.emplace_back(Oid{0, static_cast<std::uint32_t>(j + 1)}, &statics[j]);
    }
    for (auto& r : per_instance) {
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

void add_keepalived_vrrp(MibTree& tree, const Snapshot& s, VrrpControl* control) {
    add_table(tree, entry(1), range(2, 11), by_position(s.groups), sync_group_cell);
    add_table(tree, entry(2), {2},
              by_nested_position<SyncGroupInfo, std::string>(s.groups, &SyncGroupInfo::members),
              [](const std::string& name, std::uint32_t) { return std::optional{Value::octets(name)}; });
    Table& instances = add_table(tree, entry(3), range(2, 35), by_position(s.instances), instance_cell);
    if (control != nullptr) {
        instances.set_writer([&s, control](std::size_t row, std::uint32_t column, const Value& v) {
            return instance_set(s.instances[row], column, v, *control);
        });
    }
    add_table(tree, entry(4), range(1, 3),
              by_nested_position<InstanceInfo, TrackedRef>(s.instances, &InstanceInfo::track_interfaces),
              tracked_cell(1));
    add_table(tree, entry(5), range(2, 4),
              by_nested_position<InstanceInfo, TrackedRef>(s.instances, &InstanceInfo::track_scripts),
              tracked_cell(2));
    add_table(tree, entry(6), range(2, 12), address_rows(s), address_cell);
    add_table(tree, entry(7), range(2, 55),
              with_static(s.static_routes,
                          by_nested_position<InstanceInfo, RouteRow>(s.instances, &InstanceInfo::routes)),
              route_cell);
    add_table(tree, entry(8), range(2, 32),
              with_static(s.static_rules,
                          by_nested_position<InstanceInfo, RuleRow>(s.instances, &InstanceInfo::rules)),
              rule_cell);
    add_table(tree, entry(9), range(2, 9), by_position(s.scripts), script_cell);
    add_table(tree, entry(12), range(2, 4),
              by_nested_position<InstanceInfo, TrackedRef>(s.instances, &InstanceInfo::track_files),
              tracked_cell(2));
    add_table(tree, entry(13), range(2, 6), by_position(s.files), file_cell);
    add_table(tree, entry(14), range(1, 3),
              by_nested_position<SyncGroupInfo, TrackedRef>(s.groups, &SyncGroupInfo::track_interfaces),
              tracked_cell(1));
    add_table(tree, entry(15), range(2, 4),
              by_nested_position<SyncGroupInfo, TrackedRef>(s.groups, &SyncGroupInfo::track_scripts),
              tracked_cell(2));
    add_table(tree, entry(16), range(2, 4),
              by_nested_position<SyncGroupInfo, TrackedRef>(s.groups, &SyncGroupInfo::track_files),
              tracked_cell(2));
    add_table(tree, entry(17), range(2, 4),
              by_nested_position<InstanceInfo, TrackedRef>(s.instances, &InstanceInfo::track_bfds),
              tracked_cell(2));
    add_table(tree, entry(18), range(2, 5), by_position(s.bfds), bfd_cell);
    add_table(tree, entry(19), range(2, 4),
              by_nested_position<SyncGroupInfo, TrackedRef>(s.groups, &SyncGroupInfo::track_bfds),
              tracked_cell(2));
    add_table(tree, entry(20), range(2, 4),
              by_nested_position<InstanceInfo, TrackedRef>(s.instances, &InstanceInfo::track_processes),
              tracked_cell(2));
    add_table(tree, entry(21), range(2, 14), by_position(s.processes), process_cell);
    add_table(tree, entry(22), range(2, 4),
              by_nested_position<SyncGroupInfo, TrackedRef>(s.groups, &SyncGroupInfo::track_processes),
              tracked_cell(2));
}

} // namespace vigil::snmp
