#include "nft/message_writer.hpp"

#include <cstring>
#include <linux/netlink.h>

namespace vigil::nft {

namespace {

constexpr std::size_t attr_header_size = 4;

} // namespace

std::size_t MessageWriter::begin_message(std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
                                         std::uint8_t family, std::uint16_t res_id) {
    const auto start = out_.size();
    nlmsghdr header{};
    header.nlmsg_type = type;
    header.nlmsg_flags = flags;
    header.nlmsg_seq = seq;
    const auto* raw = reinterpret_cast<const std::byte*>(&header);
    out_.insert(out_.end(), raw, raw + sizeof header);
    out_.push_back(std::byte{family});
    out_.push_back(std::byte{0});  // NFNETLINK_V0
    out_.push_back(std::byte{static_cast<std::uint8_t>(res_id >> 8)});
    out_.push_back(std::byte{static_cast<std::uint8_t>(res_id)});
    return start;
}

void MessageWriter::end_message(std::size_t start) noexcept {
    patch_u32(start, static_cast<std::uint32_t>(out_.size() - start));
}

void MessageWriter::put_header(std::uint16_t length, std::uint16_t type) {
    std::uint8_t raw[attr_header_size];
    std::memcpy(raw, &length, 2);
    std::memcpy(raw + 2, &type, 2);
    for (const auto b : raw) {
        out_.push_back(std::byte{b});
    }
}

void MessageWriter::pad() {
    while (out_.size() % NLA_ALIGNTO != 0) {
        out_.push_back(std::byte{0});
    }
}

void MessageWriter::put_u32_be(std::uint16_t type, std::uint32_t value) {
    const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
                                   static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
    put_bytes(type, bytes);
}

void MessageWriter::put_string(std::uint16_t type, std::string_view text) {
    put_header(static_cast<std::uint16_t>(attr_header_size + text.size() + 1), type);
    for (const char c : text) {
        out_.push_back(static_cast<std::byte>(c));
    }
    out_.push_back(std::byte{0});
    pad();
}

void MessageWriter::put_bytes(std::uint16_t type, std::span<const std::uint8_t> data) {
    put_header(static_cast<std::uint16_t>(attr_header_size + data.size()), type);
    for (const auto b : data) {
        out_.push_back(std::byte{b});
    }
    pad();
}

std::size_t MessageWriter::begin_nest(std::uint16_t type) {
    const auto start = out_.size();
    put_header(0, static_cast<std::uint16_t>(type | NLA_F_NESTED));
    return start;
}

void MessageWriter::end_nest(std::size_t start) noexcept {
    patch_u16(start, static_cast<std::uint16_t>(out_.size() - start));
}

void MessageWriter::patch_u16(std::size_t offset, std::uint16_t value) noexcept {
    std::memcpy(out_.data() + offset, &value, sizeof value);
}

void MessageWriter::patch_u32(std::size_t offset, std::uint32_t value) noexcept {
    std::memcpy(out_.data() + offset, &value, sizeof value);
}

} // namespace vigil::nft
