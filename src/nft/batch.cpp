#include "nft/batch.hpp"

#include <cstring>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

namespace vigil::nft {

namespace {

constexpr std::uint16_t nft_type(std::uint8_t msg) noexcept {
    return static_cast<std::uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | msg);
}

// Set user data (libnftnl's NFTNL_UDATA_SET_KEYBYTEORDER / _DATABYTEORDER): TLVs of a type
// byte, a length byte and a host-order u32.
void put_byte_order_tlv(std::vector<std::uint8_t>& out, std::uint8_t type, ByteOrder order) {
    out.push_back(type);
    out.push_back(4);
    const auto value = static_cast<std::uint32_t>(order);
    std::uint8_t raw[4];
    std::memcpy(raw, &value, sizeof raw);
    out.insert(out.end(), raw, raw + 4);
}

} // namespace

Batch::Batch(std::uint32_t first_seq) : seq_(first_seq) {
    const auto start = writer_.begin_message(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, seq_++, 0, NFNL_SUBSYS_NFTABLES);
    writer_.end_message(start);
}

std::size_t Batch::begin(std::uint8_t msg_type, std::uint16_t extra_flags, TableFamily family) {
    ack_seqs_.push_back(seq_);
    return writer_.begin_message(nft_type(msg_type), static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | extra_flags),
                                 seq_++, static_cast<std::uint8_t>(family), 0);
}

void Batch::new_table(TableFamily family, std::string_view table) {
    const auto m = begin(NFT_MSG_NEWTABLE, NLM_F_CREATE, family);
    writer_.put_string(NFTA_TABLE_NAME, table);
    writer_.end_message(m);
}

void Batch::delete_table(TableFamily family, std::string_view table) {
    const auto m = begin(NFT_MSG_DELTABLE, 0, family);
    writer_.put_string(NFTA_TABLE_NAME, table);
    writer_.end_message(m);
}

void Batch::new_base_chain(TableFamily family, std::string_view table, std::string_view chain, Hook hook,
                           std::int32_t priority) {
    const auto m = begin(NFT_MSG_NEWCHAIN, NLM_F_CREATE, family);
    writer_.put_string(NFTA_CHAIN_TABLE, table);
    writer_.put_string(NFTA_CHAIN_NAME, chain);
    const auto h = writer_.begin_nest(NFTA_CHAIN_HOOK);
    writer_.put_u32_be(NFTA_HOOK_HOOKNUM, static_cast<std::uint32_t>(hook));
    writer_.put_u32_be(NFTA_HOOK_PRIORITY, static_cast<std::uint32_t>(priority));
    writer_.end_nest(h);
    writer_.put_u32_be(NFTA_CHAIN_POLICY, NF_ACCEPT);
    writer_.put_string(NFTA_CHAIN_TYPE, "filter");
    writer_.end_message(m);
}

void Batch::new_chain(TableFamily family, std::string_view table, std::string_view chain) {
    const auto m = begin(NFT_MSG_NEWCHAIN, NLM_F_CREATE, family);
    writer_.put_string(NFTA_CHAIN_TABLE, table);
    writer_.put_string(NFTA_CHAIN_NAME, chain);
    writer_.end_message(m);
}

void Batch::new_set(TableFamily family, std::string_view table, const SetSpec& spec) {
    const auto m = begin(NFT_MSG_NEWSET, NLM_F_CREATE, family);
    writer_.put_string(NFTA_SET_TABLE, table);
    writer_.put_string(NFTA_SET_NAME, spec.name);
    if (spec.flags) {
        writer_.put_u32_be(NFTA_SET_FLAGS, *spec.flags);
    }
    writer_.put_u32_be(NFTA_SET_KEY_TYPE, spec.key_type);
    writer_.put_u32_be(NFTA_SET_KEY_LEN, spec.key_len);
    if (spec.data_type) {
        writer_.put_u32_be(NFTA_SET_DATA_TYPE, static_cast<std::uint32_t>(*spec.data_type));
        writer_.put_u32_be(NFTA_SET_DATA_LEN, spec.data_len);
    }
    writer_.put_u32_be(NFTA_SET_ID, spec.id);
    std::vector<std::uint8_t> user_data;
    put_byte_order_tlv(user_data, 0, spec.key_order);
    if (spec.data_type) {
        put_byte_order_tlv(user_data, 1, ByteOrder::host);
    }
    writer_.put_bytes(NFTA_SET_USERDATA, user_data);
    writer_.end_message(m);
}

void Batch::elements(ElementOp op, TableFamily family, std::string_view table, std::string_view set,
                     std::optional<std::uint32_t> set_id, std::span<const Element> elements) {
    const auto m = op == ElementOp::remove ? begin(NFT_MSG_DELSETELEM, 0, family)
                   : op == ElementOp::add  ? begin(NFT_MSG_NEWSETELEM, NLM_F_CREATE, family)
                                           : begin(NFT_MSG_NEWSETELEM, NLM_F_CREATE | NLM_F_EXCL, family);
    writer_.put_string(NFTA_SET_ELEM_LIST_SET, set);
    if (set_id) {
        writer_.put_u32_be(NFTA_SET_ELEM_LIST_SET_ID, *set_id);
    }
    writer_.put_string(NFTA_SET_ELEM_LIST_TABLE, table);
    const auto list = writer_.begin_nest(NFTA_SET_ELEM_LIST_ELEMENTS);
    // libnftnl numbers the element nests 1, 2, 3... (the kernel ignores the type).
    std::uint16_t index = 0;
    for (const auto& e : elements) {
        const auto item = writer_.begin_nest(++index);
        const auto key = writer_.begin_nest(NFTA_SET_ELEM_KEY);
        writer_.put_bytes(NFTA_DATA_VALUE, e.key);
        writer_.end_nest(key);
        if (!e.data.empty()) {
            const auto data = writer_.begin_nest(NFTA_SET_ELEM_DATA);
            writer_.put_bytes(NFTA_DATA_VALUE, e.data);
            writer_.end_nest(data);
        }
        writer_.end_nest(item);
    }
    writer_.end_nest(list);
    writer_.end_message(m);
}

MessageWriter& Batch::begin_rule(TableFamily family, std::string_view table, std::string_view chain) {
    rule_start_ = begin(NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, family);
    writer_.put_string(NFTA_RULE_TABLE, table);
    writer_.put_string(NFTA_RULE_CHAIN, chain);
    rule_exprs_ = writer_.begin_nest(NFTA_RULE_EXPRESSIONS);
    return writer_;
}

void Batch::end_rule() {
    writer_.end_nest(rule_exprs_);
    writer_.end_message(rule_start_);
}

void Batch::finish() {
    const auto start = writer_.begin_message(NFNL_MSG_BATCH_END, NLM_F_REQUEST, seq_++, 0, NFNL_SUBSYS_NFTABLES);
    writer_.end_message(start);
}

} // namespace vigil::nft
