#pragma once
// Appends nfnetlink messages (netlink header + struct nfgenmsg + attributes) to a byte
// buffer: the encoding layer of the nf_tables message builders. Pure, no sockets.
//
// Wire rules (linux/netlink.h, linux/netfilter/nfnetlink.h):
//  - struct nlmsghdr and struct nlattr headers are in host byte order; nfgenmsg.res_id is
//    big-endian; every attribute and message is padded to 4 bytes with zeros (NLA_ALIGN).
//  - nf_tables attribute payloads of integer type are big-endian (NLA_BE32/NLA_BE64);
//    set element data (interface indexes) stays in host order, as the kernel compares bytes.
//  - A nested attribute carries NLA_F_NESTED in its type, as libnftnl sends it.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace vigil::nft {

class MessageWriter {
public:
    explicit MessageWriter(std::vector<std::byte>& out) noexcept : out_(out) {}

    // Starts a message: nlmsghdr (length patched by end_message) and nfgenmsg.
    std::size_t begin_message(std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
                              std::uint8_t family, std::uint16_t res_id);
    void end_message(std::size_t start) noexcept;

    void put_u32_be(std::uint16_t type, std::uint32_t value);
    void put_string(std::uint16_t type, std::string_view text);  // with its NUL
    void put_bytes(std::uint16_t type, std::span<const std::uint8_t> data);

    std::size_t begin_nest(std::uint16_t type);
    void end_nest(std::size_t start) noexcept;

private:
    void put_header(std::uint16_t length, std::uint16_t type);
    void pad();
    void patch_u16(std::size_t offset, std::uint16_t value) noexcept;
    void patch_u32(std::size_t offset, std::uint32_t value) noexcept;

    std::vector<std::byte>& out_;
};

} // namespace vigil::nft
