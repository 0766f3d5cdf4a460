#pragma once
// The record the BFD child writes to the VRRP and checker children for each ReportState
// (keepalived's bfd_event_t: the session name, Up or Down, and when it was sent). Records
// have a fixed size below PIPE_BUF, so each write on a pipe is atomic and a reader never
// sees half of one.

#include "bfd/state.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil::bfd {

// keepalived's BFD_INAME_MAX: names are shorter than 32 bytes.
inline constexpr std::size_t max_name_length = 31;
inline constexpr std::size_t event_record_size = 48;

struct EventRecord {
    std::string name;
    SessionState state = SessionState::down; // Up or Down only
    std::int64_t sent_us = 0;                // CLOCK_MONOTONIC microseconds at the writer

    friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

using EventBytes = std::array<std::byte, event_record_size>;

// A name longer than max_name_length is truncated (the configuration rejects those).
EventBytes encode_event(const EventRecord& record) noexcept;
// nullopt for a record that no writer of this version produces (bad state, no NUL).
std::optional<EventRecord> decode_event(std::span<const std::byte, event_record_size> bytes);

} // namespace vigil::bfd
