#include "nft/ruleset_plan.hpp"

#include <cstring>
#include <linux/netfilter/nf_tables.h>
#include <vector>

namespace vigil::nft {

namespace {

constexpr std::string_view vips_set = "vips";
constexpr std::string_view nd_set = "neighbor-discovery";
constexpr std::string_view ll_index_set = "vips_link_local";
constexpr std::string_view ll_name_set = "vips_link_local_name";
constexpr std::string_view vmac_map = "vmac_map";
constexpr std::string_view vmac_set = "vmac_set";
constexpr std::string_view in_chain = "in";
constexpr std::string_view out_chain = "out";
constexpr std::string_view in_ll_chain = "in_link_local";
constexpr std::string_view out_ll_chain = "out_link_local";

constexpr std::uint8_t nd_neighbor_solicit = 135;  // RFC 4861 section 4.3
constexpr std::uint8_t nd_neighbor_advert = 136;   // RFC 4861 section 4.4
constexpr std::size_t ifnamsiz = 16;

constexpr std::uint32_t concat(DataType first, DataType second) noexcept {
    return (static_cast<std::uint32_t>(first) << data_type_bits) | static_cast<std::uint32_t>(second);
}

std::vector<std::uint8_t> host_u32(std::uint32_t value) {
    std::vector<std::uint8_t> out(sizeof value);
    std::memcpy(out.data(), &value, sizeof value);
    return out;
}

// A set element key for one VIP: the address, then (link-local) the interface index in
// host order or its name padded to IFNAMSIZ.
std::vector<std::uint8_t> vip_key(const VipEntry& vip) {
    const auto bytes = vip.address.bytes();
    std::vector<std::uint8_t> key(bytes.begin(), bytes.end());
    if (vip.address.is_v6() && vip.address.is_link_local()) {
        if (vip.key == LinkLocalKey::ifname) {
            std::vector<std::uint8_t> name(ifnamsiz, 0);
            std::memcpy(name.data(), vip.ifname.data(), std::min(vip.ifname.size(), ifnamsiz - 1));
            key.insert(key.end(), name.begin(), name.end());
        } else {
            const auto index = host_u32(vip.ifindex);
            key.insert(key.end(), index.begin(), index.end());
        }
    }
    return key;
}

// The elements of one batch, gathered per set in keepalived's emission order.
struct VipElements {
    std::vector<Element> ipv4;
    std::vector<Element> ipv6;
    std::vector<Element> ll_index;
    std::vector<Element> ll_name;

    void add(const VipEntry& vip) {
        auto element = Element{vip_key(vip), {}};
        if (vip.address.is_v4()) {
            ipv4.push_back(std::move(element));
        } else if (!vip.address.is_link_local()) {
            ipv6.push_back(std::move(element));
        } else if (vip.key == LinkLocalKey::ifname) {
            ll_name.push_back(std::move(element));
        } else {
            ll_index.push_back(std::move(element));
        }
    }

    void emit(Batch& batch, ElementOp op, std::string_view table) const {
        const std::pair<TableFamily, std::string_view> targets[] = {
            {TableFamily::ipv4, vips_set},
            {TableFamily::ipv6, vips_set},
            {TableFamily::ipv6, ll_index_set},
            {TableFamily::ipv6, ll_name_set},
        };
        const std::vector<Element>* lists[] = {&ipv4, &ipv6, &ll_index, &ll_name};
        for (std::size_t i = 0; i < 4; ++i) {
            if (!lists[i]->empty()) {
                batch.elements(op, targets[i].first, table, targets[i].second, std::nullopt, *lists[i]);
            }
        }
    }
};

} // namespace

void RulesetPlan::setup_table(Batch& batch, TableFamily family, Leftovers leftovers, Leftovers* deleted) {
    if (!has_tables()) {
        // The first table of this process: clear what an earlier run left (keepalived
        // probes both families before its first table, whichever family that is).
        if (leftovers.ipv4) {
            batch.delete_table(TableFamily::ipv4, settings_.table);
        }
        if (leftovers.ipv6) {
            batch.delete_table(TableFamily::ipv6, settings_.table);
        }
        if (deleted != nullptr) {
            *deleted = leftovers;
        }
    }
    batch.new_table(family, settings_.table);
    batch.new_base_chain(family, settings_.table, out_chain, Hook::output, settings_.priority);
    (family == TableFamily::ipv4 ? ipv4_table_ : ipv6_table_) = true;
}

void RulesetPlan::setup_ipv4_vips(Batch& batch, Leftovers leftovers, Leftovers* deleted) {
    if (!ipv4_table_) {
        setup_table(batch, TableFamily::ipv4, leftovers, deleted);
    }
    const auto& t = settings_.table;
    const auto counter = settings_.counters ? Counter::with : Counter::without;
    batch.new_base_chain(TableFamily::ipv4, t, in_chain, Hook::input, settings_.priority);
    batch.new_set(TableFamily::ipv4, t,
                  SetSpec{.name = vips_set,
                          .key_type = static_cast<std::uint32_t>(DataType::ipv4_addr),
                          .key_len = 4,
                          .id = next_set_id(),
                          .key_order = ByteOrder::big_endian});
    add_address_drop(batch, {TableFamily::ipv4, t, in_chain, counter}, Direction::destination, vips_set);
    add_address_drop(batch, {TableFamily::ipv4, t, out_chain, counter}, Direction::source, vips_set);
    ipv4_vips_ = true;
}

void RulesetPlan::setup_ipv6_vips(Batch& batch, Leftovers leftovers, Leftovers* deleted) {
    if (!ipv6_table_) {
        setup_table(batch, TableFamily::ipv6, leftovers, deleted);
    }
    const auto& t = settings_.table;
    const auto f = TableFamily::ipv6;
    const auto counter = settings_.counters ? Counter::with : Counter::without;
    batch.new_base_chain(f, t, in_chain, Hook::input, settings_.priority);
    batch.new_chain(f, t, in_ll_chain);
    batch.new_chain(f, t, out_ll_chain);
    batch.new_set(f, t,
                  SetSpec{.name = vips_set,
                          .key_type = static_cast<std::uint32_t>(DataType::ipv6_addr),
                          .key_len = 16,
                          .id = next_set_id(),
                          .key_order = ByteOrder::big_endian});
    const auto nd_id = next_set_id();
    batch.new_set(f, t,
                  SetSpec{.name = nd_set,
                          .key_type = static_cast<std::uint32_t>(DataType::icmpv6_type),
                          .key_len = 1,
                          .flags = NFT_SET_CONSTANT,
                          .id = nd_id});
    const Element nd[] = {{{nd_neighbor_solicit}, {}}, {{nd_neighbor_advert}, {}}};
    batch.elements(ElementOp::add, f, t, nd_set, nd_id, nd);
    // RFC 5798 section 6.4.3 lets a backup answer ND for its own link; keepalived keeps
    // neighbour discovery flowing and drops everything else to or from a VIP.
    add_icmpv6_accept(batch, {f, t, in_chain, counter}, nd_set);
    add_link_local_goto(batch, {f, t, in_chain, counter}, Direction::destination, in_ll_chain);
    add_icmpv6_accept(batch, {f, t, out_chain, counter}, nd_set);
    add_link_local_goto(batch, {f, t, out_chain, counter}, Direction::source, out_ll_chain);
    add_address_drop(batch, {f, t, in_chain, counter}, Direction::destination, vips_set);
    add_address_drop(batch, {f, t, out_chain, counter}, Direction::source, vips_set);
    ipv6_vips_ = true;
}

void RulesetPlan::setup_link_local(Batch& batch, LinkLocalKey key) {
    const auto& t = settings_.table;
    const auto f = TableFamily::ipv6;
    const auto counter = settings_.counters ? Counter::with : Counter::without;
    const bool by_name = key == LinkLocalKey::ifname;
    const auto set = by_name ? ll_name_set : ll_index_set;
    batch.new_set(f, t,
                  SetSpec{.name = set,
                          .key_type = concat(DataType::ipv6_addr, by_name ? DataType::ifname : DataType::iface_index),
                          .key_len = static_cast<std::uint32_t>(16 + (by_name ? ifnamsiz : 4)),
                          .id = next_set_id()});
    add_address_interface_drop(batch, {f, t, in_ll_chain, counter}, Direction::destination, set, key);
    add_address_interface_drop(batch, {f, t, out_ll_chain, counter}, Direction::source, set, key);
    (by_name ? ll_ifname_ : ll_ifindex_) = true;
}

Batch RulesetPlan::add_vips(std::uint32_t seq, std::span<const VipEntry> vips, Leftovers leftovers,
                            Leftovers* deleted) {
    Batch batch{seq};
    VipElements elements;
    for (const auto& vip : vips) {
        if (vip.address.is_v4()) {
            if (!ipv4_vips_) {
                setup_ipv4_vips(batch, leftovers, deleted);
            }
        } else {
            if (!ipv6_vips_) {
                setup_ipv6_vips(batch, leftovers, deleted);
            }
            if (vip.address.is_link_local()) {
                const bool by_name = vip.key == LinkLocalKey::ifname;
                if (!(by_name ? ll_ifname_ : ll_ifindex_)) {
                    setup_link_local(batch, vip.key);
                }
            }
        }
        elements.add(vip);
    }
    elements.emit(batch, ElementOp::add_exclusive, settings_.table);
    batch.finish();
    return batch;
}

Batch RulesetPlan::remove_vips(std::uint32_t seq, std::span<const VipEntry> vips) {
    Batch batch{seq};
    VipElements elements;
    for (const auto& vip : vips) {
        elements.add(vip);
    }
    elements.emit(batch, ElementOp::remove, settings_.table);
    batch.finish();
    return batch;
}

void RulesetPlan::setup_igmp(Batch& batch, TableFamily family, Leftovers leftovers, Leftovers* deleted) {
    if (!has_table(family)) {
        setup_table(batch, family, leftovers, deleted);
    }
    const auto& t = settings_.table;
    const auto counter = settings_.counters ? Counter::with : Counter::without;
    new_map_id_ = next_set_id();
    batch.new_set(family, t,
                  SetSpec{.name = vmac_map,
                          .key_type = static_cast<std::uint32_t>(DataType::iface_index),
                          .key_len = 4,
                          .flags = NFT_SET_MAP,
                          .data_type = DataType::iface_index,
                          .data_len = 4,
                          .id = *new_map_id_});
    if (family == TableFamily::ipv6) {
        new_vmac_set_id_ = next_set_id();
        batch.new_set(family, t,
                      SetSpec{.name = vmac_set,
                              .key_type = static_cast<std::uint32_t>(DataType::iface_index),
                              .key_len = 4,
                              .id = *new_vmac_set_id_});
    }
    add_report_move(batch, {family, t, out_chain, counter}, vmac_map);
    if (family == TableFamily::ipv6) {
        add_router_solicit_drop(batch, {family, t, out_chain, counter}, vmac_set);
    }
    (family == TableFamily::ipv4 ? ipv4_igmp_ : ipv6_igmp_) = true;
}

void RulesetPlan::vmac_elements(Batch& batch, ElementOp op, const VmacEntry& vmac, Leftovers leftovers,
                                Leftovers* deleted) {
    for (const auto family : {TableFamily::ipv4, TableFamily::ipv6}) {
        if (family == TableFamily::ipv4 ? !vmac.ipv4 : !vmac.ipv6) {
            continue;
        }
        new_map_id_.reset();
        new_vmac_set_id_.reset();
        if (!(family == TableFamily::ipv4 ? ipv4_igmp_ : ipv6_igmp_)) {
            setup_igmp(batch, family, leftovers, deleted);
        }
        const Element mapping[] = {{host_u32(vmac.vmac_ifindex), host_u32(vmac.base_ifindex)}};
        batch.elements(op, family, settings_.table, vmac_map, new_map_id_, mapping);
        if (family == TableFamily::ipv6) {
            const Element member[] = {{host_u32(vmac.vmac_ifindex), {}}};
            batch.elements(op, family, settings_.table, vmac_set, new_vmac_set_id_, member);
        }
    }
    new_map_id_.reset();
    new_vmac_set_id_.reset();
}

Batch RulesetPlan::add_vmac(std::uint32_t seq, const VmacEntry& vmac, const std::optional<VmacEntry>& old,
                            Leftovers leftovers, Leftovers* deleted) {
    Batch batch{seq};
    if (old) {
        vmac_elements(batch, ElementOp::remove, *old, leftovers, deleted);
    }
    vmac_elements(batch, ElementOp::add, vmac, leftovers, deleted);
    batch.finish();
    return batch;
}

Batch RulesetPlan::remove_vmac(std::uint32_t seq, const VmacEntry& vmac) {
    Batch batch{seq};
    vmac_elements(batch, ElementOp::remove, vmac, {}, nullptr);
    batch.finish();
    return batch;
}

Batch RulesetPlan::remove_tables(std::uint32_t seq) {
    Batch batch{seq};
    if (ipv4_table_) {
        batch.delete_table(TableFamily::ipv4, settings_.table);
    }
    if (ipv6_table_) {
        batch.delete_table(TableFamily::ipv6, settings_.table);
    }
    batch.finish();
    ipv4_table_ = ipv4_vips_ = ipv6_table_ = ipv6_vips_ = false;
    ll_ifindex_ = ll_ifname_ = ipv4_igmp_ = ipv6_igmp_ = false;
    return batch;
}

} // namespace vigil::nft
