// Byte-level checks of the nfnetlink encoding (src/nft/message_writer, batch).
#include "nft/batch.hpp"
#include "nft/expressions.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace vigil::nft;

namespace {

std::string hex(const std::vector<std::byte>& bytes, std::size_t from = 0, std::size_t count = std::string::npos) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = from; i < bytes.size() && i - from < count; ++i) {
        const auto b = std::to_integer<unsigned>(bytes[i]);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

} // namespace

TEST_CASE("a batch is BEGIN, the messages and END, each with its own sequence number") {
    Batch batch{100};
    batch.delete_table(TableFamily::ipv6, "keepalived");
    batch.finish();
    const auto& b = batch.bytes();
    REQUIRE(b.size() == 20 + 36 + 20);
    // BEGIN: len 20, type NFNL_MSG_BATCH_BEGIN (16), NLM_F_REQUEST, seq 100, AF_UNSPEC, res_id
    // NFNL_SUBSYS_NFTABLES big-endian.
    CHECK(hex(b, 0, 20) == "140000001000010064000000000000000000000a");
    // DELTABLE: type (10 << 8) | 2, REQUEST|ACK, seq 101, NFPROTO_IPV6, NFTA_TABLE_NAME
    // "keepalived" + NUL padded to 4 with zeros.
    CHECK(hex(b, 20, 36) == "24000000020a0500650000000000000" "00a0000000f0001006b656570616c697665640000");
    CHECK(hex(b, 56, 20) == "1400000011000100660000000000000000" "00000a");
    CHECK(batch.ack_seqs() == std::vector<std::uint32_t>{101});
    CHECK(batch.next_seq() == 103);
    CHECK_FALSE(batch.empty());
}

TEST_CASE("an empty batch has no message to acknowledge") {
    Batch batch{1};
    batch.finish();
    CHECK(batch.empty());
    CHECK(batch.bytes().size() == 40);
}

TEST_CASE("a rule nests its expressions with NLA_F_NESTED and exact lengths") {
    Batch batch{0};
    auto& w = batch.begin_rule(TableFamily::ipv4, "t", "c");
    put_counter(w);
    batch.end_rule();
    const auto& b = batch.bytes();
    // header 20 | table "t" (8) | chain "c" (8) | EXPRESSIONS nest (4) { LIST_ELEM (4) { NAME
    // "counter" (12), DATA nest (4, empty) } }
    REQUIRE(b.size() == 20 + 20 + 8 + 8 + 4 + 4 + 12 + 4);
    CHECK(hex(b, 20) == "3c000000060a050c0100000000000000020000000600010074000000060002006300000018000480"
                        "140001800c00010063" "6f756e746572000400" "0280");
}
