// AgentX PDU layouts (RFC 2741 section 6) over the encoding rules of section 5
// (agentx_wire.hpp).
#include "snmp/agentx_pdu.hpp"
#include "snmp/agentx_wire.hpp"

#include <type_traits>

namespace vigil::snmp::agentx {
namespace {

using wire::Reader;
using wire::Writer;

// Section 6.1: which PDUs may carry a non-default context after the header.
bool carries_context(PduType type) noexcept {
    switch (type) {
    case PduType::register_:
    case PduType::unregister:
    case PduType::get:
    case PduType::get_next:
    case PduType::get_bulk:
    case PduType::test_set:
    case PduType::notify:
    case PduType::ping:
    case PduType::index_allocate:
    case PduType::index_deallocate:
    case PduType::add_agent_caps:
    case PduType::remove_agent_caps:
        return true;
    case PduType::open:
    case PduType::close:
    case PduType::commit_set:
    case PduType::undo_set:
    case PduType::cleanup_set:
    case PduType::response:
        return false;
    }
    return false;
}

std::optional<Header> read_header(std::span<const std::byte> frame, std::uint32_t& payload) {
    if (frame.size() < header_size) {
        return std::nullopt;
    }
    Header h;
    h.version = std::to_integer<std::uint8_t>(frame[0]);
    h.type = static_cast<PduType>(std::to_integer<std::uint8_t>(frame[1]));
    h.flags = std::to_integer<std::uint8_t>(frame[2]);
    Reader r(frame.subspan(4, 16), (h.flags & flag_network_byte_order) != 0);
    h.session_id = *r.u32();
    h.transaction_id = *r.u32();
    h.packet_id = *r.u32();
    payload = *r.u32();
    return h;
}

// The body of a PDU of `type`, from a reader positioned after the header and context.
std::optional<Body> read_body(PduType type, Reader& r) {
    switch (type) {
    case PduType::open: {
        OpenPdu p;
        const auto timeout = r.u8();
        if (!timeout || !r.take(3)) {
            return std::nullopt;
        }
        p.timeout = *timeout;
        auto id = r.oid();
        auto descr = id ? r.octets() : std::nullopt;
        if (!descr) {
            return std::nullopt;
        }
        p.id = std::move(*id);
        p.description = std::move(*descr);
        return p;
    }
    case PduType::close: {
        const auto reason = r.u8();
        if (!reason || !r.take(3) || *reason < 1 || *reason > 6) {
            return std::nullopt;
        }
        return ClosePdu{static_cast<CloseReason>(*reason)};
    }
    case PduType::register_:
    case PduType::unregister: {
        RegisterPdu p;
        const auto timeout = r.u8();
        const auto priority = timeout ? r.u8() : std::nullopt;
        const auto range = priority ? r.u8() : std::nullopt;
        if (!range || !r.u8()) {
            return std::nullopt;
        }
        p.timeout = type == PduType::register_ ? *timeout : 0;
        p.priority = *priority;
        p.range_subid = *range;
        auto subtree = r.oid();
        if (!subtree) {
            return std::nullopt;
        }
        p.subtree = std::move(*subtree);
        if (p.range_subid != 0) {
            const auto bound = r.u32();
            if (!bound || p.range_subid > p.subtree.size()) {
                return std::nullopt;
            }
            p.upper_bound = *bound;
        }
        return p;
    }
    case PduType::get:
    case PduType::get_next: {
        auto ranges = r.ranges();
        if (!ranges) {
            return std::nullopt;
        }
        return GetPdu{std::move(*ranges)};
    }
    case PduType::get_bulk: {
        const auto non_repeaters = r.u16();
        const auto repetitions = non_repeaters ? r.u16() : std::nullopt;
        auto ranges = repetitions ? r.ranges() : std::nullopt;
        if (!ranges) {
            return std::nullopt;
        }
        return GetBulkPdu{*non_repeaters, *repetitions, std::move(*ranges)};
    }
    case PduType::test_set:
    case PduType::notify: {
        auto vbs = r.varbinds();
        if (!vbs) {
            return std::nullopt;
        }
        return VarBindsPdu{std::move(*vbs)};
    }
    case PduType::commit_set:
    case PduType::undo_set:
    case PduType::cleanup_set:
    case PduType::ping:
        return EmptyPdu{};
    case PduType::add_agent_caps:
    case PduType::remove_agent_caps: {
        AgentCapsPdu p;
        auto id = r.oid();
        if (!id) {
            return std::nullopt;
        }
        p.id = std::move(*id);
        if (type == PduType::add_agent_caps) {
            auto descr = r.octets();
            if (!descr) {
                return std::nullopt;
            }
            p.description = std::move(*descr);
        }
        return p;
    }
    case PduType::response: {
        ResponsePdu p;
        const auto uptime = r.u32();
        const auto error = uptime ? r.u16() : std::nullopt;
        const auto index = error ? r.u16() : std::nullopt;
        auto vbs = index ? r.varbinds() : std::nullopt;
        if (!vbs) {
            return std::nullopt;
        }
        p.sys_uptime = *uptime;
        p.error = static_cast<ResponseError>(*error);
        p.index = *index;
        p.varbinds = std::move(*vbs);
        return p;
    }
    case PduType::index_allocate:
    case PduType::index_deallocate:
        break;
    }
    return std::nullopt;
}

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

void write_body(const Pdu& pdu, Writer& w) {
    const PduType type = pdu.header.type;
    std::visit(Overloaded{
                   [&](const OpenPdu& p) {
                       w.u8(p.timeout);
                       w.u8(0);
                       w.u8(0);
                       w.u8(0);
                       w.oid(p.id);
                       w.octets(p.description);
                   },
                   [&](const ClosePdu& p) {
                       w.u8(static_cast<std::uint8_t>(p.reason));
                       w.u8(0);
                       w.u8(0);
                       w.u8(0);
                   },
                   [&](const RegisterPdu& p) {
                       w.u8(type == PduType::register_ ? p.timeout : 0);
                       w.u8(p.priority);
                       w.u8(p.range_subid);
                       w.u8(0);
                       w.oid(p.subtree);
                       if (p.range_subid != 0) {
                           w.u32(p.upper_bound);
                       }
                   },
                   [&](const GetPdu& p) {
                       for (const SearchRange& r : p.ranges) {
                           w.oid(r.start, r.include);
                           w.oid(r.end);
                       }
                   },
                   [&](const GetBulkPdu& p) {
                       w.u16(p.non_repeaters);
                       w.u16(p.max_repetitions);
                       for (const SearchRange& r : p.ranges) {
                           w.oid(r.start, r.include);
                           w.oid(r.end);
                       }
                   },
                   [&](const VarBindsPdu& p) {
                       for (const VarBind& vb : p.varbinds) {
                           w.varbind(vb);
                       }
                   },
                   [&](const EmptyPdu&) {},
                   [&](const AgentCapsPdu& p) {
                       w.oid(p.id);
                       if (type == PduType::add_agent_caps) {
                           w.octets(p.description);
                       }
                   },
                   [&](const ResponsePdu& p) {
                       w.u32(p.sys_uptime);
                       w.u16(static_cast<std::uint16_t>(p.error));
                       w.u16(p.index);
                       for (const VarBind& vb : p.varbinds) {
                           w.varbind(vb);
                       }
                   },
               },
               pdu.body);
}

} // namespace

const char* to_string(DecodeError error) noexcept {
    switch (error) {
    case DecodeError::none:
        return "no error";
    case DecodeError::incomplete:
        return "incomplete PDU";
    case DecodeError::bad_version:
        return "unsupported AgentX version";
    case DecodeError::bad_length:
        return "invalid payload length";
    case DecodeError::unknown_type:
        return "unknown PDU type";
    case DecodeError::malformed:
        return "malformed PDU";
    case DecodeError::trailing_bytes:
        return "trailing bytes after the PDU";
    }
    return "?";
}

std::optional<std::size_t> frame_size(std::span<const std::byte> buffer) noexcept {
    std::uint32_t payload = 0;
    if (!read_header(buffer, payload)) {
        return std::nullopt;
    }
    return header_size + std::size_t{payload};
}

Decoded decode(std::span<const std::byte> frame) {
    Decoded out;
    std::uint32_t payload = 0;
    out.header = read_header(frame, payload);
    if (!out.header) {
        out.error = DecodeError::incomplete;
        return out;
    }
    const Header& h = *out.header;
    if (h.version != 1) {
        out.error = DecodeError::bad_version;
        return out;
    }
    // Section 6.1: "h.payload_length ... is always a multiple of 4".
    if (payload % 4 != 0 || payload > max_payload) {
        out.error = DecodeError::bad_length;
        return out;
    }
    if (frame.size() < header_size + payload) {
        out.error = DecodeError::incomplete;
        return out;
    }
    if (frame.size() > header_size + payload) {
        out.error = DecodeError::trailing_bytes;
        return out;
    }
    const auto raw_type = static_cast<std::uint8_t>(h.type);
    if (raw_type < 1 || raw_type > 18 || h.type == PduType::index_allocate ||
        h.type == PduType::index_deallocate) {
        out.error = DecodeError::unknown_type;
        return out;
    }
    Reader r(frame.subspan(header_size, payload), (h.flags & flag_network_byte_order) != 0);
    Pdu pdu;
    pdu.header = h;
    if ((h.flags & flag_non_default_context) != 0 && carries_context(h.type)) {
        pdu.context = r.octets();
        if (!pdu.context) {
            out.error = DecodeError::malformed;
            return out;
        }
    }
    auto body = read_body(h.type, r);
    if (!body) {
        out.error = DecodeError::malformed;
        return out;
    }
    if (r.remaining() != 0) {
        out.error = DecodeError::trailing_bytes;
        return out;
    }
    pdu.body = std::move(*body);
    out.pdu = std::move(pdu);
    return out;
}

void encode(const Pdu& pdu, std::vector<std::byte>& out) {
    const Header& h = pdu.header;
    std::uint8_t flags = h.flags;
    const bool with_context = pdu.context.has_value() && carries_context(h.type);
    if (with_context) {
        flags |= flag_non_default_context;
    } else {
        flags &= static_cast<std::uint8_t>(~flag_non_default_context);
    }
    Writer w(out, (flags & flag_network_byte_order) != 0);
    const std::size_t start = w.size();
    w.u8(h.version);
    w.u8(static_cast<std::uint8_t>(h.type));
    w.u8(flags);
    w.u8(0);
    w.u32(h.session_id);
    w.u32(h.transaction_id);
    w.u32(h.packet_id);
    const std::size_t length_at = w.size();
    w.u32(0);
    if (with_context) {
        w.octets(*pdu.context);
    }
    write_body(pdu, w);
    w.patch_u32(length_at, static_cast<std::uint32_t>(w.size() - start - header_size));
}

} // namespace vigil::snmp::agentx
