#include "bfd/event_record.hpp"

#include "util/byte_reader.hpp"

#include <algorithm>

namespace vigil::bfd {
namespace {

// Layout: name (32 bytes, NUL padded) | state (1) | zero (7) | sent_us (8, big-endian).
constexpr std::size_t name_field = 32;
constexpr std::size_t state_offset = 32;
constexpr std::size_t time_offset = 40;

} // namespace

EventBytes encode_event(const EventRecord& record) noexcept {
    EventBytes out{};
    const std::size_t n = std::min(record.name.size(), max_name_length);
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = static_cast<std::byte>(record.name[i]);
    }
    out[state_offset] = static_cast<std::byte>(record.state);
    const auto sent = static_cast<std::uint64_t>(record.sent_us);
    for (std::size_t i = 0; i < 8; ++i) {
        out[time_offset + i] = static_cast<std::byte>(sent >> (56 - 8 * i));
    }
    return out;
}

std::optional<EventRecord> decode_event(std::span<const std::byte, event_record_size> bytes) {
    const auto name_bytes = bytes.first<name_field>();
    const auto nul = std::find(name_bytes.begin(), name_bytes.end(), std::byte{0});
    if (nul == name_bytes.end()) {
        return std::nullopt;
    }
    EventRecord record;
    record.name.assign(reinterpret_cast<const char*>(name_bytes.data()),
                       static_cast<std::size_t>(nul - name_bytes.begin()));
    const auto state = std::to_integer<std::uint8_t>(bytes[state_offset]);
    if (state != static_cast<std::uint8_t>(SessionState::up) &&
        state != static_cast<std::uint8_t>(SessionState::down)) {
        return std::nullopt;
    }
    record.state = static_cast<SessionState>(state);
    util::ByteReader reader{bytes.subspan(time_offset)};
    const auto high = reader.u32();
    const auto low = reader.u32();
    record.sent_us = static_cast<std::int64_t>((std::uint64_t{*high} << 32) | *low);
    return record;
}

} // namespace vigil::bfd
