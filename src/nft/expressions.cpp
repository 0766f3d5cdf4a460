#include "nft/expressions.hpp"

#include <linux/netfilter/nf_tables.h>

namespace vigil::nft {

namespace {

std::uint32_t reg(Register r) noexcept {
    return static_cast<std::uint32_t>(r);
}

// Opens NFTA_LIST_ELEM { NFTA_EXPR_NAME name, NFTA_EXPR_DATA { ... } }; close with `end`.
struct Expression {
    Expression(MessageWriter& writer, std::string_view name) : w(writer), elem(w.begin_nest(NFTA_LIST_ELEM)) {
        w.put_string(NFTA_EXPR_NAME, name);
        data = w.begin_nest(NFTA_EXPR_DATA);
    }
    ~Expression() {
        w.end_nest(data);
        w.end_nest(elem);
    }
    Expression(const Expression&) = delete;
    Expression& operator=(const Expression&) = delete;

    MessageWriter& w;
    std::size_t elem;
    std::size_t data{0};
};

void put_data_value(MessageWriter& w, std::uint16_t type, std::span<const std::uint8_t> data) {
    const auto nest = w.begin_nest(type);
    w.put_bytes(NFTA_DATA_VALUE, data);
    w.end_nest(nest);
}

} // namespace

void put_payload(MessageWriter& w, PayloadBase base, Register dreg, std::uint32_t offset, std::uint32_t len) {
    Expression e{w, "payload"};
    w.put_u32_be(NFTA_PAYLOAD_DREG, reg(dreg));
    w.put_u32_be(NFTA_PAYLOAD_BASE, static_cast<std::uint32_t>(base));
    w.put_u32_be(NFTA_PAYLOAD_OFFSET, offset);
    w.put_u32_be(NFTA_PAYLOAD_LEN, len);
}

void put_meta(MessageWriter& w, MetaKey key, Register dreg) {
    Expression e{w, "meta"};
    w.put_u32_be(NFTA_META_KEY, static_cast<std::uint32_t>(key));
    w.put_u32_be(NFTA_META_DREG, reg(dreg));
}

void put_cmp_eq(MessageWriter& w, Register sreg, std::span<const std::uint8_t> data) {
    Expression e{w, "cmp"};
    w.put_u32_be(NFTA_CMP_SREG, reg(sreg));
    w.put_u32_be(NFTA_CMP_OP, NFT_CMP_EQ);
    put_data_value(w, NFTA_CMP_DATA, data);
}

void put_bitwise(MessageWriter& w, Register sreg, Register dreg, std::span<const std::uint8_t> mask,
                 std::span<const std::uint8_t> xor_value) {
    Expression e{w, "bitwise"};
    w.put_u32_be(NFTA_BITWISE_SREG, reg(sreg));
    w.put_u32_be(NFTA_BITWISE_DREG, reg(dreg));
    w.put_u32_be(NFTA_BITWISE_LEN, static_cast<std::uint32_t>(mask.size()));
    put_data_value(w, NFTA_BITWISE_MASK, mask);
    put_data_value(w, NFTA_BITWISE_XOR, xor_value);
}

void put_lookup(MessageWriter& w, Register sreg, std::string_view set, std::optional<Register> dreg,
                std::optional<std::uint32_t> set_id) {
    Expression e{w, "lookup"};
    w.put_u32_be(NFTA_LOOKUP_SREG, reg(sreg));
    if (dreg) {
        w.put_u32_be(NFTA_LOOKUP_DREG, reg(*dreg));
    }
    w.put_string(NFTA_LOOKUP_SET, set);
    if (set_id) {
        w.put_u32_be(NFTA_LOOKUP_SET_ID, *set_id);
    }
}

void put_dup(MessageWriter& w, Register addr_reg, Register dev_reg) {
    Expression e{w, "dup"};
    w.put_u32_be(NFTA_DUP_SREG_ADDR, reg(addr_reg));
    w.put_u32_be(NFTA_DUP_SREG_DEV, reg(dev_reg));
}

void put_counter(MessageWriter& w) {
    Expression e{w, "counter"};
}

void put_verdict(MessageWriter& w, Verdict verdict, std::string_view chain) {
    Expression e{w, "immediate"};
    w.put_u32_be(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
    const auto data = w.begin_nest(NFTA_IMMEDIATE_DATA);
    const auto nest = w.begin_nest(NFTA_DATA_VERDICT);
    w.put_u32_be(NFTA_VERDICT_CODE, static_cast<std::uint32_t>(verdict));
    if (!chain.empty()) {
        w.put_string(NFTA_VERDICT_CHAIN, chain);
    }
    w.end_nest(nest);
    w.end_nest(data);
}

} // namespace vigil::nft
