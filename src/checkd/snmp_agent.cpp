// The checker child's SNMP sub-agent (keepalived's check_snmp.c, enable_snmp_checker or -x):
// KEEPALIVED-MIB `global` and `check` over its own AgentX session, from a snapshot of the
// engine, the configuration and the IPVS counters; the engine's CheckerTrap actions as
// realServerStateChange / virtualServerQuorumStateChange. Started once, before the engine
// (its start-up notifications are queued until the master answers); a reload only changes
// what the MIB shows, as keepalived (which refreshes only its fds on reload).
#include "checkd/checker_child.hpp"

#include "process/banner.hpp"
#include "snmp/config_values.hpp"
#include "snmp/mibs.hpp"
#include "snmp/traps.hpp"
#include "util/log.hpp"

namespace vigil::checkd {
namespace {

std::uint64_t microseconds(const std::optional<std::chrono::microseconds>& d) {
    return d ? static_cast<std::uint64_t>(d->count()) : 0;
}

int family_number(const std::optional<net::Family>& f) {
    return !f ? 0 : *f == net::Family::ipv4 ? 4 : 6;
}

snmp::ForwardingInfo forwarding_of(const config::Forwarding& f) {
    snmp::ForwardingInfo out;
    out.method = f.method_ == config::ForwardingMethod::nat ? 1 : f.method_ == config::ForwardingMethod::dr ? 2 : 3;
    out.tunnel_type = static_cast<int>(f.tunnel_type_) + 1;
    out.tunnel_port = f.tunnel_port_;
    out.tunnel_checksum = static_cast<int>(f.tunnel_checksum_) + 1;
    return out;
}

snmp::ForwardingInfo forwarding_of(const check::ServerState& rs) {
    snmp::ForwardingInfo out;
    switch (rs.forwarding) {
    case ipvs::Forwarding::masquerade: out.method = 1; break;
    case ipvs::Forwarding::direct_route: out.method = 2; break;
    case ipvs::Forwarding::tunnel: out.method = 3; break;
    default: break;
    }
    out.tunnel_type = static_cast<int>(rs.tunnel_type) + 1;
    out.tunnel_port = rs.tunnel_port;
    out.tunnel_checksum = (rs.tunnel_flags & ipvs::tunnel_flag::remcsum) != 0 ? 3
                          : (rs.tunnel_flags & ipvs::tunnel_flag::csum) != 0 ? 2
                                                                             : 1;
    return out;
}

void add(snmp::IpvsCounters& to, const ipvs::Stats& s) {
    to.connections += s.connections;
    to.packets_in += s.packets_in;
    to.packets_out += s.packets_out;
    to.bytes_in += s.bytes_in;
    to.bytes_out += s.bytes_out;
    to.connection_rate += s.connection_rate;
    to.packet_rate_in += s.packet_rate_in;
    to.packet_rate_out += s.packet_rate_out;
    to.byte_rate_in += s.byte_rate_in;
    to.byte_rate_out += s.byte_rate_out;
}

std::optional<ipvs::Protocol> ipvs_protocol(config::LvsProtocol p) {
    switch (p) {
    case config::LvsProtocol::tcp: return ipvs::Protocol::tcp;
    case config::LvsProtocol::udp: return ipvs::Protocol::udp;
    case config::LvsProtocol::sctp: return ipvs::Protocol::sctp;
    case config::LvsProtocol::none: return std::nullopt;
    }
    return std::nullopt;
}

// The IPVS services a virtual server is made of (a group's: one per single address or
// fwmark entry; ranges are not counted).
std::vector<ipvs::ServiceKey> service_keys(const check::VirtualServerState& vs) {
    const config::VirtualServer& cfg = *vs.config;
    const net::Family family = cfg.family_.value_or(net::Family::ipv4);
    const auto protocol = ipvs_protocol(vs.protocol);
    std::vector<ipvs::ServiceKey> keys;
    if (cfg.kind_ == config::VirtualServerKind::fwmark) {
        keys.push_back(ipvs::ServiceKey::of_fwmark(family, cfg.fwmark_));
    } else if (cfg.kind_ == config::VirtualServerKind::address && protocol) {
        keys.push_back(ipvs::ServiceKey::of_address(*protocol, cfg.address_, cfg.port_));
    } else if (vs.group != nullptr) {
        for (const check::GroupEntryState& e : vs.group->entries) {
            const config::VirtualServerGroupEntry& entry = *e.config;
            if (entry.is_fwmark_) {
                keys.push_back(ipvs::ServiceKey::of_fwmark(entry.fwmark_family_.value_or(family), entry.fwmark_));
            } else if (entry.first_ == entry.last_ && protocol) {
                keys.push_back(ipvs::ServiceKey::of_address(*protocol, entry.first_, entry.port_));
            }
        }
    }
    return keys;
}

} // namespace

void CheckerChild::start_snmp() {
    const auto& g = model_->global_;
    if (!settings_.snmp && !(g.checker_ && g.checker_->enable_snmp_checker_)) {
        return;
    }
    // -A wins over snmp_socket (keepalived sets it before parsing); net-snmp's default.
    const std::string spec = settings_.snmp_agent_socket.value_or(g.snmp_socket_.value_or("unix:/var/agentx/master"));
    std::string error;
    auto address = snmp::parse_agentx_address(spec, error);
    if (!address) {
        log::warning("SNMP: invalid AgentX socket {} ({}) - SNMP disabled", spec, error);
        return;
    }
    std::vector<snmp::Registration> registrations{
        snmp::keepalived_registration(snmp::keepalived_global_oid, "Keepalived"),
        snmp::keepalived_registration(snmp::keepalived_check_oid, "Healthchecker")};
    // realServerWeight Sets reach the engine once committed (keepalived's update_svr_wgt).
    auto control = std::make_shared<snmp::CheckControlFunction>(
        [this](std::size_t vs, std::size_t rs, std::uint32_t weight) {
            if (!engine_ || stopping_) {
                return;
            }
            check::Actions actions;
            engine_->set_real_server_weight(vs, rs, weight, actions);
            execute(actions);
            rearm();
        });
    snmp_ = std::make_unique<snmp::LoopAgent>(loop_, std::move(*address), std::move(registrations),
                                              [this, control](snmp::MibTree& tree) {
                                                  snmp_snapshot_ = snmp_snapshot();
                                                  snmp::add_keepalived_global(tree, snmp_snapshot_.global);
                                                  snmp::add_keepalived_check(tree, snmp_snapshot_, control.get());
                                              });
    snmp_->start();
}

void CheckerChild::send_trap(const check::CheckerTrap& t) noexcept {
    if (!snmp_) {
        return;
    }
    try {
        snmp::CheckerTrapInfo info;
        info.server = t.server.has_value();
        if (t.server) {
            info.server_address = snmp::raw_address(t.server->address);
            info.server_port = t.server->port;
            info.server_alive = t.server->alive;
        }
        info.group = t.group;
        info.fwmark = t.fwmark;
        info.address = snmp::raw_address(t.address);
        info.port = t.port;
        info.tcp = t.tcp;
        info.quorum_status = t.quorum_status;
        info.quorum = t.quorum;
        info.real_up = t.real_up;
        info.real_total = t.real_total;
        snmp_->notify(snmp::checker_state_change(info, snmp::router_id(model_->global_)));
    } catch (...) {
    }
}

snmp::CheckSnapshot CheckerChild::snmp_snapshot() const {
    snmp::CheckSnapshot s;
    s.global = snmp::global_info(*model_, process::version_banner);
    const auto& g = model_->global_;
    if (g.checker_) {
        s.global.smtp_alert_checker = g.checker_->smtp_alert_checker_ ? (*g.checker_->smtp_alert_checker_ ? 1 : 2) : 3;
        s.global.lvs_flush = g.checker_->lvs_flush_;
        s.global.lvs_flush_on_stop = static_cast<int>(g.checker_->lvs_flush_on_stop_) == 0 ? 2
                                     : g.checker_->lvs_flush_on_stop_ == config::LvsFlushOnStop::full ? 1
                                                                                                      : 3;
        if (const auto& t = g.checker_->lvs_timeouts_) {
            if (t->tcp_) s.timeout_tcp = static_cast<std::int32_t>(*t->tcp_);
            if (t->tcpfin_) s.timeout_tcp_fin = static_cast<std::int32_t>(*t->tcpfin_);
            if (t->udp_) s.timeout_udp = static_cast<std::int32_t>(*t->udp_);
        }
        if (const auto& d = g.checker_->lvs_sync_daemon_) {
            snmp::SyncDaemonInfo sd;
            sd.interface = d->interface_;
            sd.instance = d->instance_;
            sd.sync_id = d->sync_id_.value_or(0);
            sd.maxlen = d->maxlen_.value_or(0);
            sd.port = d->port_.value_or(0);
            sd.ttl = d->ttl_.value_or(0);
            if (d->group_) {
                sd.group = snmp::raw_address(*d->group_);
            }
            s.sync_daemon = std::move(sd);
        }
    }
    if (!model_->lvs_ || !engine_) {
        return s;
    }
    for (const config::VirtualServerGroup& group : model_->lvs_->groups_) {
        snmp::GroupInfo gi;
        gi.name = group.name_;
        for (int pass = 0; pass < 2; ++pass) { // fwmarks first, then addresses (keepalived's two lists)
            for (const config::VirtualServerGroupEntry& e : group.entries_) {
                if (e.is_fwmark_ != (pass == 0)) {
                    continue;
                }
                snmp::GroupMemberInfo m;
                m.fwmark = e.is_fwmark_;
                m.fwmark_value = e.fwmark_;
                if (!e.is_fwmark_) {
                    m.first = snmp::raw_address(e.first_);
                    m.last = snmp::raw_address(e.last_);
                    m.port = e.port_;
                }
                gi.members.push_back(std::move(m));
            }
        }
        s.groups.push_back(std::move(gi));
    }
    for (const check::VirtualServerState& vs : engine_->virtual_servers()) {
        s.virtual_servers.push_back(snmp_virtual_server(vs));
    }
    return s;
}

snmp::VirtualServerInfo CheckerChild::snmp_virtual_server(const check::VirtualServerState& vs) const {
    const config::VirtualServer& c = *vs.config;
    snmp::VirtualServerInfo v;
    v.type = c.kind_ == config::VirtualServerKind::group ? 3 : c.kind_ == config::VirtualServerKind::fwmark ? 1 : 2;
    if (c.kind_ == config::VirtualServerKind::group) {
        v.group = c.group_;
    }
    v.fwmark = c.fwmark_;
    v.address_family = family_number(c.family_);
    if (c.kind_ == config::VirtualServerKind::address) {
        v.address_bytes_family = c.address_.is_v4() ? 4 : 6;
        v.address = snmp::raw_address(c.address_);
        v.port = c.port_;
    }
    v.protocol = vs.protocol == config::LvsProtocol::tcp   ? 1
                 : vs.protocol == config::LvsProtocol::udp ? 2
                 : vs.protocol == config::LvsProtocol::sctp ? 3
                                                            : 4;
    v.scheduler = c.scheduler_.value_or("");
    if (c.forwarding_) {
        v.forwarding = forwarding_of(*c.forwarding_);
    }
    v.alive = vs.alive;
    v.virtualhost = c.virtualhost_;
    v.persistence_timeout = c.persistence_timeout_;
    if (const auto& pg = c.persistence_granularity_) {
        if (pg->family_ == net::Family::ipv4) {
            const auto b = pg->netmask_.bytes();
            v.granularity = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
        } else {
            v.granularity = pg->prefix_;
        }
    }
    v.flags = c.flags_;
    v.delay_loop_us = static_cast<std::uint64_t>(c.delay_loop_.count());
    v.ha_suspend = c.ha_suspend_;
    v.alpha = c.alpha_;
    v.omega = c.omega_;
    v.quorum = c.quorum_;
    v.quorum_up = vs.quorum_up;
    v.quorum_up_script = snmp::command_text(c.quorum_up_);
    v.quorum_down_script = snmp::command_text(c.quorum_down_);
    v.hysteresis = c.hysteresis_;
    v.inhibit = c.inhibit_on_failure_;
    v.retry = c.retry_.value_or(0);
    v.delay_before_retry_us = microseconds(c.delay_before_retry_);
    v.warmup_us = microseconds(c.warmup_);
    v.weight = static_cast<std::int32_t>(c.weight_);
    v.smtp_alert = c.smtp_alert_.value_or(false);
    v.connect_timeout_us = static_cast<std::uint64_t>(c.connect_timeout_.count());
    v.snmp_name = c.snmp_name_;

    std::vector<ipvs::DestinationEntry> destinations;
    if (ipvs_) {
        for (const ipvs::ServiceKey& key : service_keys(vs)) {
            ipvs::ServiceEntry service;
            if (!ipvs_->get_service(key, service)) {
                add(v.counters, service.stats);
            }
            std::vector<ipvs::DestinationEntry> more;
            if (!ipvs_->list_destinations(key, more)) {
                destinations.insert(destinations.end(), more.begin(), more.end());
            }
        }
    }
    auto server = [&](const check::ServerState& rs, bool sorry) {
        snmp::RealServerInfo r;
        r.sorry = sorry;
        r.address = snmp::raw_address(rs.address);
        r.port = rs.port;
        r.forwarding = forwarding_of(rs);
        r.alive = rs.alive;
        r.weight = check::real_weight(rs.effective_weight);
        r.upper_limit = rs.upper_threshold;
        r.lower_limit = rs.lower_threshold;
        r.inhibit = rs.inhibit;
        r.failed_checkers = rs.failed_checkers;
        r.smtp_alert = !sorry && rs.smtp_alert;
        if (const config::RealServer* rc = rs.config) {
            r.notify_up = snmp::command_text(rc->notify_up_);
            r.notify_down = snmp::command_text(rc->notify_down_);
            if (rc->virtualhost_) {
                r.virtualhost = *rc->virtualhost_;
            }
            if (rc->snmp_name_) {
                r.snmp_name = *rc->snmp_name_;
            }
            r.alpha = rc->alpha_.value_or(false);
            r.retry = rc->retry_.value_or(0);
            r.delay_before_retry_us = microseconds(rc->delay_before_retry_);
            r.warmup_us = microseconds(rc->warmup_);
            r.delay_loop_us = microseconds(rc->delay_loop_);
            r.connect_timeout_us = microseconds(rc->connect_timeout_);
        }
        for (const ipvs::DestinationEntry& d : destinations) {
            if (d.destination.address == rs.address && d.destination.port == rs.port) {
                add(r.counters, d.stats);
                r.active_connections += d.active_connections;
                r.inactive_connections += d.inactive_connections;
                r.persistent_connections += d.persistent_connections;
            }
        }
        v.servers.push_back(std::move(r));
    };
    if (vs.sorry) {
        server(*vs.sorry, true);
    }
    for (const check::ServerState& rs : vs.servers) {
        server(rs, false);
    }
    return v;
}

} // namespace vigil::checkd
