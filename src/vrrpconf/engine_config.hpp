#pragma once
// The config model -> the engine's configuration (vrrp::InstanceConfig / SyncGroupConfig),
// plus what the VRRP child needs per instance (receive expectations, the netlink form of
// every address/route/rule, the vrrp_script / track_file / track_process in use). Shared by
// the VRRP child (vrrpd/engine_config adds the runnable trackers) and `vigil simulate`.
//
// Contract: the model has keepalived's config-time derivations applied (load_config); this
// mapping only resolves inheritance (instance keyword > global_defs > default), converts
// units and types, and applies keepalived's weighted-tracking rules (normalise_tracking).
// Pure: no sockets, no netlink.

#include "config/model.hpp"
#include "vrrp/instance_config.hpp"
#include "vrrp/validation.hpp"

#include <map>
#include <string>
#include <vector>

namespace vigil::vrrpconf {

// Everything of a VIP's `ip addr` options except the interface (resolved when applied).
struct AddressOptions {
    std::uint8_t scope = 0;
    std::optional<net::IpAddress> broadcast;
    std::optional<net::IpAddress> peer;
    std::uint8_t peer_prefix = 32;
    std::string label;
    std::uint32_t flags = 0; // netlink address_flag bits
    bool dad = false;        // `-nodad` given for IPv6
    std::optional<std::uint32_t> preferred_lft; // configured value; nullopt = keepalived default
    friend bool operator==(const AddressOptions&, const AddressOptions&) = default;
};

// The canonical text the engine compares on reload (vrrp::VirtualAddress::attributes).
std::string address_attributes(const config::VirtualAddress& address);
AddressOptions address_options(const config::VirtualAddress& address);

// Per instance, what the daemon keeps next to the engine's InstanceConfig.
struct InstanceExtras {
    std::vector<vrrp::UnicastPeer> peers;          // with min/max TTL
    // The advertised VIPs, in order: the contiguous list vrrp::validate() compares an
    // advert's addresses with (InstanceConfig::vips holds them inside VirtualAddress).
    std::vector<net::IpAddress> vip_addresses;
    vrrp::UnicastSourceCheck check_unicast_src = vrrp::UnicastSourceCheck::off;
    vrrp::UnicastChecksum unicast_checksum = vrrp::UnicastChecksum::auto_detect;
    bool skip_check_adv_addr = false;
    std::optional<std::uint8_t> unicast_ttl;
    const config::VrrpInstance* model = nullptr;   // into the model it was built from
};

// Built from the model at start-up and on reload. `instances` and `groups` are the engine's
// configuration: the child moves them into its vrrp::Router, which owns them from then on.
// The rest stays with the child; its pointers point into the model, which the child keeps
// as long as this configuration runs.
struct EngineConfig {
    std::vector<vrrp::InstanceConfig> instances;
    std::vector<vrrp::SyncGroupConfig> groups;
    std::vector<InstanceExtras> extras;            // parallel to instances
    // Options of every VIP/eVIP, keyed by address_attributes() text.
    std::map<std::string, AddressOptions> address_options;
    // Routes and rules, keyed by the spec text the engine carries.
    std::map<std::string, const config::Route*> routes;
    std::map<std::string, const config::Rule*> rules;
    // The vrrp_scripts, track_files and track_processes some instance or group tracks, in
    // the model's order, each with its script / file / process set.
    std::vector<const config::VrrpScript*> used_scripts;
    std::vector<const config::TrackFile*> used_files;
    std::vector<const config::TrackProcess*> processes;
};

// Logs keepalived's warning for a track_script naming no script.
EngineConfig engine_config_of(const config::Config& config);

// The receive checks of one instance (codec validation.hpp).
vrrp::ReceiveExpectations expectations_of(const vrrp::InstanceConfig& instance,
                                          const InstanceExtras& extras,
                                          std::uint8_t effective_priority);

} // namespace vigil::vrrpconf
