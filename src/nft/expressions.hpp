#pragma once
// nf_tables expression encoders: each appends one NFTA_LIST_ELEM (NFTA_EXPR_NAME +
// NFTA_EXPR_DATA) to the rule's NFTA_RULE_EXPRESSIONS list being written. Attribute order
// is libnftnl's (what nft and keepalived send), so that whole messages compare byte for
// byte with keepalived's. Registers are the 16-byte ones (NFT_REG_1, NFT_REG_2).

#include "nft/message_writer.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vigil::nft {

enum class Register : std::uint32_t { verdict = 0, r1 = 1, r2 = 2 };
enum class PayloadBase : std::uint32_t { network = 1, transport = 2 };  // NFT_PAYLOAD_*_HEADER
// NFT_META_* keys used here.
enum class MetaKey : std::uint32_t { oif = 5, iifname = 6, oifname = 7, iif = 4, l4proto = 16, oifkind = 27 };
enum class Verdict : std::int32_t { drop = 0, accept = 1, go_to = -4 };  // NF_DROP, NF_ACCEPT, NFT_GOTO

// payload load: `len` bytes at `offset` of header `base` into `dreg`.
void put_payload(MessageWriter& w, PayloadBase base, Register dreg, std::uint32_t offset, std::uint32_t len);
// meta load into `dreg`.
void put_meta(MessageWriter& w, MetaKey key, Register dreg);
// cmp eq: register `sreg` == `data`.
void put_cmp_eq(MessageWriter& w, Register sreg, std::span<const std::uint8_t> data);
// bitwise: dreg = (sreg & mask) ^ xor.
void put_bitwise(MessageWriter& w, Register sreg, Register dreg, std::span<const std::uint8_t> mask,
                 std::span<const std::uint8_t> xor_value);
// lookup of `sreg` in set `set`; with `dreg` the map's data lands there. `set_id` names a
// set created in the same batch (keepalived passes 1 for its VMAC rules; the kernel finds
// the set by name first).
void put_lookup(MessageWriter& w, Register sreg, std::string_view set, std::optional<Register> dreg,
                std::optional<std::uint32_t> set_id);
// dup to the address in `addr_reg` via the interface index in `dev_reg`.
void put_dup(MessageWriter& w, Register addr_reg, Register dev_reg);
void put_counter(MessageWriter& w);
// immediate verdict; `chain` for goto.
void put_verdict(MessageWriter& w, Verdict verdict, std::string_view chain = {});

} // namespace vigil::nft
