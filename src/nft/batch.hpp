#pragma once
// One nf_tables transaction as bytes: NFNL_MSG_BATCH_BEGIN, the messages, NFNL_MSG_BATCH_END
// (linux/netfilter/nfnetlink.h). The kernel applies all messages or none. Every message
// inside asks for an acknowledgement (NLM_F_ACK), as keepalived's do, so the sender can
// tell which one failed; ack_seqs() lists their sequence numbers.
//
// Message and attribute layout follows libnftnl's (what nft and keepalived 2.2.7 send):
// tests compare whole batches byte for byte with keepalived's (tests/data/nft/).

#include "nft/message_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::nft {

// NFPROTO_* of the table.
enum class TableFamily : std::uint8_t { ipv4 = 2, ipv6 = 10 };
enum class Hook : std::uint32_t { input = 1, output = 3 };  // NF_INET_LOCAL_IN / LOCAL_OUT

// nftables' own data type numbers (nftables include/datatype.h): nft uses them, with the
// byte order in the set's user data, to print elements.
enum class DataType : std::uint32_t {
    ipv4_addr = 7,
    ipv6_addr = 8,
    iface_index = 20,
    icmpv6_type = 29,
    ifname = 41,
};
inline constexpr unsigned data_type_bits = 6;  // concatenated types: (first << 6) | second

enum class ByteOrder : std::uint32_t { host = 1, big_endian = 2 };

struct SetSpec {
    std::string_view name;
    std::uint32_t key_type{0};  // a DataType or a concatenation of two
    std::uint32_t key_len{0};
    std::optional<std::uint32_t> flags;  // NFT_SET_CONSTANT, NFT_SET_MAP
    std::optional<DataType> data_type;   // maps only
    std::uint32_t data_len{0};
    std::uint32_t id{0};  // NFTA_SET_ID: names the set within the batch
    ByteOrder key_order{ByteOrder::host};
};

struct Element {
    std::vector<std::uint8_t> key;
    std::vector<std::uint8_t> data;  // map value; empty for a plain set
    friend bool operator==(const Element&, const Element&) = default;
};

enum class ElementOp : std::uint8_t { add, add_exclusive, remove };

class Batch {
public:
    explicit Batch(std::uint32_t first_seq);

    void new_table(TableFamily family, std::string_view table);
    void delete_table(TableFamily family, std::string_view table);
    // A base chain: type filter, policy accept.
    void new_base_chain(TableFamily family, std::string_view table, std::string_view chain, Hook hook,
                        std::int32_t priority);
    void new_chain(TableFamily family, std::string_view table, std::string_view chain);
    void new_set(TableFamily family, std::string_view table, const SetSpec& spec);
    void elements(ElementOp op, TableFamily family, std::string_view table, std::string_view set,
                  std::optional<std::uint32_t> set_id, std::span<const Element> elements);

    // A rule appended to `chain`: write its expressions (nft/expressions.hpp) between
    // begin_rule and end_rule.
    MessageWriter& begin_rule(TableFamily family, std::string_view table, std::string_view chain);
    void end_rule();

    // Appends NFNL_MSG_BATCH_END; nothing may be added afterwards.
    void finish();

    bool empty() const noexcept { return ack_seqs_.empty(); }
    const std::vector<std::byte>& bytes() const noexcept { return bytes_; }
    const std::vector<std::uint32_t>& ack_seqs() const noexcept { return ack_seqs_; }
    std::uint32_t next_seq() const noexcept { return seq_; }

private:
    std::size_t begin(std::uint8_t msg_type, std::uint16_t extra_flags, TableFamily family);

    std::vector<std::byte> bytes_;
    MessageWriter writer_{bytes_};
    std::uint32_t seq_;
    std::vector<std::uint32_t> ack_seqs_;
    std::size_t rule_start_{0};
    std::size_t rule_exprs_{0};
};

} // namespace vigil::nft
