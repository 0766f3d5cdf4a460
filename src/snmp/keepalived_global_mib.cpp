// KEEPALIVED-MIB `global` (…9586.100.5.1), as keepalived's VRRP process serves it when no
// SNMP-enabled checker process owns it (reference section 1.1).
#include "snmp/mibs.hpp"

#include <memory>

namespace vigil::snmp {
namespace {

void scalar(MibTree& tree, std::initializer_list<std::uint32_t> ids, Scalar::Getter getter) {
    tree.add(std::make_unique<Scalar>(keepalived_global_oid.with(ids), std::move(getter)));
}

} // namespace

void add_keepalived_global(MibTree& tree, const Snapshot& snapshot) { add_keepalived_global(tree, snapshot.global); }

void add_keepalived_global(MibTree& tree, const GlobalInfo& g) {
    scalar(tree, {1}, [&g] { return Value::octets(g.version); });
    scalar(tree, {2}, [&g]() -> std::optional<Value> {
        if (!g.router_id) {
            return std::nullopt;
        }
        return Value::octets(*g.router_id);
    });
    // mail (3): smtpServerAddressType, smtpServerAddress, smtpServerTimeout, emailFrom,
    // emailTable, smtpServerPort, emailFaults, smtpAlert, smtpAlertVrrp, smtpAlertChecker.
    scalar(tree, {3, 1}, [&g] { return Value::integer(g.smtp_server_type); });
    scalar(tree, {3, 2}, [&g] { return Value::octets(g.smtp_server); });
    scalar(tree, {3, 3}, [&g] { return Value::gauge32(g.smtp_timeout_s); });
    scalar(tree, {3, 4}, [&g]() -> std::optional<Value> {
        if (!g.email_from) {
            return std::nullopt;
        }
        return Value::octets(*g.email_from);
    });
    auto emails = std::make_unique<Table>(keepalived_global_oid.with({3, 5, 1}),
                                          std::vector<std::uint32_t>{2},
                                          [&g](std::size_t row, std::uint32_t) {
                                              return std::optional{Value::octets(g.emails[row])};
                                          });
    for (std::size_t i = 0; i < g.emails.size(); ++i) {
        emails->add_row(Oid{static_cast<std::uint32_t>(i + 1)});
    }
    tree.add(std::move(emails));
    scalar(tree, {3, 6}, [&g] { return Value::gauge32(g.smtp_port); });
    scalar(tree, {3, 7}, [&g] { return truth(g.email_faults); });
    scalar(tree, {3, 8}, [&g] { return Value::integer(g.smtp_alert); });
    scalar(tree, {3, 9}, [&g] { return Value::integer(g.smtp_alert_vrrp); });
    scalar(tree, {3, 10}, [&g] { return Value::integer(g.smtp_alert_checker); });
    scalar(tree, {4}, [&g] { return truth(g.traps); });
    scalar(tree, {5}, [&g] { return Value::integer(g.linkbeat_polling ? 2 : 1); });
    scalar(tree, {6}, [&g] { return truth(g.lvs_flush); });
    // ipvs64BitStats: Debian's build has 64-bit IPVS counters.
    scalar(tree, {7}, [] { return truth(true); });
    scalar(tree, {8}, [&g] { return Value::octets(g.net_namespace); });
    scalar(tree, {9}, [&g] { return truth(g.dbus); });
    scalar(tree, {10}, [&g] { return truth(g.dynamic_interfaces); });
    scalar(tree, {11}, [&g] { return Value::integer(g.lvs_flush_on_stop); });
}

} // namespace vigil::snmp
