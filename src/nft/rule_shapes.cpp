#include "nft/rule_shapes.hpp"

#include "nft/expressions.hpp"

#include <array>
#include <cstdint>

namespace vigil::nft {

namespace {

// Header offsets (RFC 791 section 3.1, RFC 8200 section 3, RFC 4443 section 2.1).
constexpr std::uint32_t ipv4_protocol = 9;
constexpr std::uint32_t ipv4_saddr = 12;
constexpr std::uint32_t ipv4_daddr = 16;
constexpr std::uint32_t ipv6_next_header = 6;
constexpr std::uint32_t ipv6_saddr = 8;
constexpr std::uint32_t ipv6_daddr = 24;
constexpr std::uint32_t icmpv6_type = 0;

constexpr std::uint8_t proto_igmp = 2;
constexpr std::uint8_t proto_icmpv6 = 58;
constexpr std::uint8_t mld2_report = 143;     // RFC 3810 section 5.2
constexpr std::uint8_t router_solicit = 133;  // RFC 4861 section 4.1

// The interface kind compared by `meta oifkind`: IFNAMSIZ bytes, NUL padded.
constexpr std::array<std::uint8_t, 16> macvlan_kind{'m', 'a', 'c', 'v', 'l', 'a', 'n'};

void load_address(MessageWriter& w, TableFamily family, Direction direction) {
    if (family == TableFamily::ipv4) {
        put_payload(w, PayloadBase::network, Register::r1, direction == Direction::source ? ipv4_saddr : ipv4_daddr, 4);
    } else {
        put_payload(w, PayloadBase::network, Register::r1, direction == Direction::source ? ipv6_saddr : ipv6_daddr, 16);
    }
}

void finish(Batch& batch, MessageWriter& w, const RuleTarget& at, Verdict verdict, std::string_view chain = {}) {
    if (at.counter == Counter::with) {
        put_counter(w);
    }
    put_verdict(w, verdict, chain);
    batch.end_rule();
}

void match_macvlan_oif(MessageWriter& w) {
    put_meta(w, MetaKey::oifkind, Register::r2);
    put_cmp_eq(w, Register::r2, macvlan_kind);
    put_meta(w, MetaKey::oif, Register::r2);
}

void match_icmpv6_type(MessageWriter& w, std::uint8_t type) {
    put_meta(w, MetaKey::l4proto, Register::r1);
    put_cmp_eq(w, Register::r1, std::array<std::uint8_t, 1>{proto_icmpv6});
    put_payload(w, PayloadBase::transport, Register::r1, icmpv6_type, 1);
    put_cmp_eq(w, Register::r1, std::array<std::uint8_t, 1>{type});
}

} // namespace

void add_address_drop(Batch& batch, const RuleTarget& at, Direction direction, std::string_view set) {
    auto& w = batch.begin_rule(at.family, at.table, at.chain);
    load_address(w, at.family, direction);
    put_lookup(w, Register::r1, set, std::nullopt, std::nullopt);
    finish(batch, w, at, Verdict::drop);
}

void add_address_interface_drop(Batch& batch, const RuleTarget& at, Direction direction, std::string_view set,
                                LinkLocalKey key) {
    const bool by_name = key == LinkLocalKey::ifname;
    auto& w = batch.begin_rule(at.family, at.table, at.chain);
    load_address(w, at.family, direction);
    const auto meta = direction == Direction::source ? (by_name ? MetaKey::oifname : MetaKey::oif)
                                                    : (by_name ? MetaKey::iifname : MetaKey::iif);
    put_meta(w, meta, Register::r2);
    put_lookup(w, Register::r1, set, std::nullopt, std::nullopt);
    finish(batch, w, at, Verdict::drop);
}

void add_link_local_goto(Batch& batch, const RuleTarget& at, Direction direction, std::string_view chain) {
    // fe80::/10 (RFC 4291 section 2.5.6) as nft encodes a prefix: mask, then compare.
    constexpr std::array<std::uint8_t, 16> mask{0xff, 0xc0};
    constexpr std::array<std::uint8_t, 16> zero{};
    constexpr std::array<std::uint8_t, 16> prefix{0xfe, 0x80};
    auto& w = batch.begin_rule(at.family, at.table, at.chain);
    load_address(w, at.family, direction);
    put_bitwise(w, Register::r1, Register::r1, mask, zero);
    put_cmp_eq(w, Register::r1, prefix);
    finish(batch, w, at, Verdict::go_to, chain);
}

void add_icmpv6_accept(Batch& batch, const RuleTarget& at, std::string_view set) {
    auto& w = batch.begin_rule(at.family, at.table, at.chain);
    put_payload(w, PayloadBase::network, Register::r1, ipv6_next_header, 1);
    put_cmp_eq(w, Register::r1, std::array<std::uint8_t, 1>{proto_icmpv6});
    put_payload(w, PayloadBase::transport, Register::r1, icmpv6_type, 1);
    put_lookup(w, Register::r1, set, std::nullopt, std::nullopt);
    finish(batch, w, at, Verdict::accept);
}

void add_report_move(Batch& batch, const RuleTarget& at, std::string_view map) {
    auto& w = batch.begin_rule(at.family, at.table, at.chain);
    if (at.family == TableFamily::ipv4) {
        put_payload(w, PayloadBase::network, Register::r1, ipv4_protocol, 1);
        put_cmp_eq(w, Register::r1, std::array<std::uint8_t, 1>{proto_igmp});
        put_payload(w, PayloadBase::network, Register::r1, ipv4_daddr, 4);
    } else {
        match_icmpv6_type(w, mld2_report);
        put_payload(w, PayloadBase::network, Register::r1, ipv6_daddr, 16);
    }
    match_macvlan_oif(w);
    put_lookup(w, Register::r2, map, Register::r2, 1);
    put_dup(w, Register::r1, Register::r2);
    finish(batch, w, at, Verdict::drop);
}

void add_router_solicit_drop(Batch& batch, const RuleTarget& at, std::string_view set) {
    auto& w = batch.begin_rule(at.family, at.table, at.chain);
    match_icmpv6_type(w, router_solicit);
    match_macvlan_oif(w);
    put_lookup(w, Register::r2, set, std::nullopt, 1);
    finish(batch, w, at, Verdict::drop);
}

} // namespace vigil::nft
