#pragma once
// AgentX protocol data units (RFC 2741 section 6) as plain values, and their codec.
//
// Contract
//  - decode() never reads outside the span it is given and never throws except
//    std::bad_alloc; a malformed PDU gives a DecodeError naming what was wrong.
//  - Both byte orders are decoded (h.flags NETWORK_BYTE_ORDER, section 6.1); encode() writes
//    the order the header's flags ask for. vigil always sends network byte order.
//  - Contexts (NON_DEFAULT_CONTEXT) are decoded for the PDUs that carry one; vigil
//    registers in the default context only.
//  - IndexAllocate/IndexDeallocate are not modelled: a sub-agent never receives them.

#include "snmp/oid.hpp"
#include "snmp/value.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace vigil::snmp::agentx {

// h.type (section 6.1).
enum class PduType : std::uint8_t {
    open = 1,
    close = 2,
    register_ = 3,
    unregister = 4,
    get = 5,
    get_next = 6,
    get_bulk = 7,
    test_set = 8,
    commit_set = 9,
    undo_set = 10,
    cleanup_set = 11,
    notify = 12,
    ping = 13,
    index_allocate = 14,
    index_deallocate = 15,
    add_agent_caps = 16,
    remove_agent_caps = 17,
    response = 18,
};

// h.flags bits (section 6.1).
inline constexpr std::uint8_t flag_instance_registration = 0x01;
inline constexpr std::uint8_t flag_new_index = 0x02;
inline constexpr std::uint8_t flag_any_index = 0x04;
inline constexpr std::uint8_t flag_non_default_context = 0x08;
inline constexpr std::uint8_t flag_network_byte_order = 0x10;

inline constexpr std::size_t header_size = 20;
// The largest payload vigil accepts; a master never sends anything near it.
inline constexpr std::uint32_t max_payload = 1u << 20;

// c.reason (section 6.2.2).
enum class CloseReason : std::uint8_t {
    other = 1,
    parse_error = 2,
    protocol_error = 3,
    timeouts = 4,
    shutdown = 5,
    by_manager = 6,
};

// res.error (section 6.2.16): the SNMP error-status values plus the AgentX ones.
enum class ResponseError : std::uint16_t {
    no_error = 0,
    too_big = 1,
    no_such_name = 2,
    gen_err = 5,
    no_access = 6,
    wrong_type = 7,
    wrong_length = 8,
    wrong_value = 10,
    resource_unavailable = 13,
    commit_failed = 14,
    undo_failed = 15,
    not_writable = 17,
    open_failed = 256,
    not_open = 257,
    index_wrong_type = 258,
    index_already_allocated = 259,
    index_none_available = 260,
    index_not_allocated = 261,
    unsupported_context = 262,
    duplicate_registration = 263,
    unknown_registration = 264,
    unknown_agent_caps = 265,
    parse_error = 266,
    request_denied = 267,
    processing_error = 268,
};

struct Header {
    std::uint8_t version = 1;
    PduType type = PduType::response;
    std::uint8_t flags = flag_network_byte_order;
    std::uint32_t session_id = 0;
    std::uint32_t transaction_id = 0;
    std::uint32_t packet_id = 0;
    friend bool operator==(const Header&, const Header&) = default;
};

// Section 5.2. `end` empty = no upper bound.
struct SearchRange {
    Oid start;
    bool include = false;
    Oid end;
    friend bool operator==(const SearchRange&, const SearchRange&) = default;
};

// Section 6.2.1.
struct OpenPdu {
    std::uint8_t timeout = 0; // seconds; 0 = the master's default
    Oid id;
    std::string description;
    friend bool operator==(const OpenPdu&, const OpenPdu&) = default;
};
// Section 6.2.2.
struct ClosePdu {
    CloseReason reason = CloseReason::shutdown;
    friend bool operator==(const ClosePdu&, const ClosePdu&) = default;
};
// Sections 6.2.3 and 6.2.4 (Unregister has no timeout; it is encoded as 0).
struct RegisterPdu {
    std::uint8_t timeout = 0;
    std::uint8_t priority = 127;
    std::uint8_t range_subid = 0; // 0: no range; else the 1-based sub-identifier it spans
    Oid subtree;
    std::uint32_t upper_bound = 0; // present iff range_subid != 0
    friend bool operator==(const RegisterPdu&, const RegisterPdu&) = default;
};
// Get and GetNext (sections 6.2.5, 6.2.6); the header's type tells them apart.
struct GetPdu {
    std::vector<SearchRange> ranges;
    friend bool operator==(const GetPdu&, const GetPdu&) = default;
};
// Section 6.2.7.
struct GetBulkPdu {
    std::uint16_t non_repeaters = 0;
    std::uint16_t max_repetitions = 0;
    std::vector<SearchRange> ranges;
    friend bool operator==(const GetBulkPdu&, const GetBulkPdu&) = default;
};
// TestSet (6.2.8) and Notify (6.2.10): a VarBindList.
struct VarBindsPdu {
    std::vector<VarBind> varbinds;
    friend bool operator==(const VarBindsPdu&, const VarBindsPdu&) = default;
};
// CommitSet, UndoSet, CleanupSet, Ping: header (and context) only.
struct EmptyPdu {
    friend bool operator==(const EmptyPdu&, const EmptyPdu&) = default;
};
// Sections 6.2.14, 6.2.15 (RemoveAgentCaps has no description).
struct AgentCapsPdu {
    Oid id;
    std::string description;
    friend bool operator==(const AgentCapsPdu&, const AgentCapsPdu&) = default;
};
// Section 6.2.16.
struct ResponsePdu {
    std::uint32_t sys_uptime = 0;
    ResponseError error = ResponseError::no_error;
    std::uint16_t index = 0;
    std::vector<VarBind> varbinds;
    friend bool operator==(const ResponsePdu&, const ResponsePdu&) = default;
};

using Body = std::variant<OpenPdu, ClosePdu, RegisterPdu, GetPdu, GetBulkPdu, VarBindsPdu,
                          EmptyPdu, AgentCapsPdu, ResponsePdu>;

struct Pdu {
    Header header;
    std::optional<std::string> context; // NON_DEFAULT_CONTEXT; encode() sets the flag
    Body body;
    friend bool operator==(const Pdu&, const Pdu&) = default;
};

enum class DecodeError : std::uint8_t {
    none,
    incomplete,       // fewer bytes than the header announces (frame more first)
    bad_version,      // h.version != 1
    bad_length,       // payload length not a multiple of 4, or above max_payload
    unknown_type,     // h.type outside 1..18, or IndexAllocate/IndexDeallocate
    malformed,        // a field runs past the payload or has an invalid value
    trailing_bytes,   // bytes left after the last field of a fixed-layout PDU
};
const char* to_string(DecodeError error) noexcept;

struct Decoded {
    std::optional<Pdu> pdu;
    DecodeError error = DecodeError::none;
    // Filled as soon as the 20-byte header is readable, even when the rest is malformed, so
    // that a parseError Response can echo its ids (section 7.2.2).
    std::optional<Header> header;
};

// The total size (header + payload) of the PDU starting at `buffer`, once at least the
// header is there; nullopt while fewer than header_size bytes are buffered. Sizes above
// header_size + max_payload are returned as they are: the caller checks them.
std::optional<std::size_t> frame_size(std::span<const std::byte> buffer) noexcept;

// Decodes exactly one PDU occupying all of `frame`.
Decoded decode(std::span<const std::byte> frame);

// Appends the encoding of `pdu` to `out`.
void encode(const Pdu& pdu, std::vector<std::byte>& out);

} // namespace vigil::snmp::agentx
