// AgentX encoding rules (RFC 2741 section 5) and PDU layouts (section 6).
#include "snmp/agentx_pdu.hpp"

#include "vrrp/byte_reader.hpp"

#include <type_traits>

namespace vigil::snmp::agentx {
namespace {

// 1.3.6.1, the "internet" prefix of section 5.1.
constexpr std::uint32_t internet[] = {1, 3, 6, 1};
// Section 5.1: "n_subid: the number (0-128) of sub-identifiers".
constexpr std::size_t max_subids = 128;

// Integers in either byte order (h.flags NETWORK_BYTE_ORDER, section 6.1) over the
// bounds-checked big-endian reader.
class Reader {
public:
    Reader(std::span<const std::byte> data, bool network_order) noexcept
        : in_(data), network_order_(network_order) {}

    std::size_t remaining() const noexcept { return in_.remaining(); }
    std::optional<std::uint8_t> u8() noexcept { return in_.u8(); }
    std::optional<std::uint16_t> u16() noexcept {
        const auto v = in_.u16();
        if (!v || network_order_) {
            return v;
        }
        return static_cast<std::uint16_t>((*v >> 8) | (*v << 8));
    }
    std::optional<std::uint32_t> u32() noexcept {
        const auto v = in_.u32();
        if (!v || network_order_) {
            return v;
        }
        const std::uint32_t x = *v;
        return (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
    }
    // Section 5.4: Counter64 is "most significant 32 bits first" in network order, and
    // little-endian as a whole otherwise.
    std::optional<std::uint64_t> u64() noexcept {
        const auto a = u32();
        const auto b = a ? u32() : std::nullopt;
        if (!b) {
            return std::nullopt;
        }
        return network_order_ ? (std::uint64_t{*a} << 32) | *b : (std::uint64_t{*b} << 32) | *a;
    }
    std::optional<std::span<const std::byte>> take(std::size_t n) noexcept { return in_.take(n); }

    // Section 5.1. `include` receives the include bit (search ranges only).
    std::optional<Oid> oid(bool* include = nullptr) {
        const auto n_subid = u8();
        const auto prefix = n_subid ? u8() : std::nullopt;
        const auto inc = prefix ? u8() : std::nullopt;
        const auto reserved = inc ? u8() : std::nullopt;
        if (!reserved || *n_subid > max_subids) {
            return std::nullopt;
        }
        if (include != nullptr) {
            *include = *inc != 0;
        }
        Oid out;
        if (*prefix != 0) {
            out.append(internet).append(*prefix);
        }
        for (unsigned i = 0; i < *n_subid; ++i) {
            const auto id = u32();
            if (!id) {
                return std::nullopt;
            }
            out.append(*id);
        }
        return out;
    }
    // Section 5.3: length, octets, padding to a multiple of 4.
    std::optional<std::string> octets() {
        const auto length = u32();
        if (!length || *length > remaining()) {
            return std::nullopt;
        }
        const auto data = take(*length);
        const std::size_t pad = (4 - *length % 4) % 4;
        if (!data || !take(pad)) {
            return std::nullopt;
        }
        std::string out(data->size(), '\0');
        for (std::size_t i = 0; i < data->size(); ++i) {
            out[i] = static_cast<char>((*data)[i]);
        }
        return out;
    }
    // Section 5.4.
    std::optional<VarBind> varbind() {
        const auto type = u16();
        const auto reserved = type ? u16() : std::nullopt;
        if (!reserved || !known_syntax(*type)) {
            return std::nullopt;
        }
        auto name = oid();
        if (!name) {
            return std::nullopt;
        }
        VarBind vb{std::move(*name), Value::exception(static_cast<Syntax>(*type))};
        Value& v = vb.value;
        switch (v.syntax) {
        case Syntax::integer:
        case Syntax::counter32:
        case Syntax::gauge32:
        case Syntax::time_ticks: {
            const auto n = u32();
            if (!n) {
                return std::nullopt;
            }
            v.number = *n;
            break;
        }
        case Syntax::counter64: {
            const auto n = u64();
            if (!n) {
                return std::nullopt;
            }
            v.number = *n;
            break;
        }
        case Syntax::octet_string:
        case Syntax::ip_address:
        case Syntax::opaque: {
            auto s = octets();
            if (!s) {
                return std::nullopt;
            }
            v.bytes = std::move(*s);
            break;
        }
        case Syntax::object_identifier: {
            auto o = oid();
            if (!o) {
                return std::nullopt;
            }
            v.oid = std::move(*o);
            break;
        }
        case Syntax::null:
        case Syntax::no_such_object:
        case Syntax::no_such_instance:
        case Syntax::end_of_mib_view:
            break;
        }
        return vb;
    }
    std::optional<std::vector<VarBind>> varbinds() {
        std::vector<VarBind> out;
        while (remaining() > 0) {
            auto vb = varbind();
            if (!vb) {
                return std::nullopt;
            }
            out.push_back(std::move(*vb));
        }
        return out;
    }
    // Section 5.2: start (with its include bit), end.
    std::optional<std::vector<SearchRange>> ranges() {
        std::vector<SearchRange> out;
        while (remaining() > 0) {
            SearchRange r;
            auto start = oid(&r.include);
            auto end = start ? oid() : std::nullopt;
            if (!end) {
                return std::nullopt;
            }
            r.start = std::move(*start);
            r.end = std::move(*end);
            out.push_back(std::move(r));
        }
        return out;
    }

private:
    vrrp::ByteReader in_;
    bool network_order_;
};

class Writer {
public:
    Writer(std::vector<std::byte>& out, bool network_order) : out_(out), network_order_(network_order) {}

    std::size_t size() const noexcept { return out_.size(); }
    void u8(std::uint8_t v) { out_.push_back(std::byte{v}); }
    void u16(std::uint16_t v) {
        if (network_order_) {
            u8(static_cast<std::uint8_t>(v >> 8));
            u8(static_cast<std::uint8_t>(v));
        } else {
            u8(static_cast<std::uint8_t>(v));
            u8(static_cast<std::uint8_t>(v >> 8));
        }
    }
    void u32(std::uint32_t v) {
        if (network_order_) {
            u16(static_cast<std::uint16_t>(v >> 16));
            u16(static_cast<std::uint16_t>(v));
        } else {
            u16(static_cast<std::uint16_t>(v));
            u16(static_cast<std::uint16_t>(v >> 16));
        }
    }
    void u64(std::uint64_t v) {
        const auto high = static_cast<std::uint32_t>(v >> 32);
        const auto low = static_cast<std::uint32_t>(v);
        u32(network_order_ ? high : low);
        u32(network_order_ ? low : high);
    }
    void patch_u32(std::size_t offset, std::uint32_t v) {
        std::vector<std::byte> tmp;
        Writer(tmp, network_order_).u32(v);
        for (std::size_t i = 0; i < 4; ++i) {
            out_[offset + i] = tmp[i];
        }
    }
    // Section 5.1, with the "internet.x" prefix compression when it applies.
    void oid(const Oid& o, bool include = false) {
        std::span<const std::uint32_t> ids = o.ids();
        std::uint8_t prefix = 0;
        if (ids.size() >= 5 && compare_ids(ids.first(4), internet) == 0 && ids[4] > 0 &&
            ids[4] < 256) {
            prefix = static_cast<std::uint8_t>(ids[4]);
            ids = ids.subspan(5);
        }
        if (ids.size() > max_subids) {
            ids = ids.first(max_subids); // never produced by vigil's MIBs
        }
        u8(static_cast<std::uint8_t>(ids.size()));
        u8(prefix);
        u8(include ? 1 : 0);
        u8(0);
        for (const std::uint32_t id : ids) {
            u32(id);
        }
    }
    void octets(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        for (const char c : s) {
            u8(static_cast<std::uint8_t>(c));
        }
        for (std::size_t pad = (4 - s.size() % 4) % 4; pad > 0; --pad) {
            u8(0);
        }
    }
    void varbind(const VarBind& vb) {
        const Value& v = vb.value;
        u16(static_cast<std::uint16_t>(v.syntax));
        u16(0);
        oid(vb.name);
        switch (v.syntax) {
        case Syntax::integer:
        case Syntax::counter32:
        case Syntax::gauge32:
        case Syntax::time_ticks:
            u32(static_cast<std::uint32_t>(v.number));
            break;
        case Syntax::counter64:
            u64(v.number);
            break;
        case Syntax::octet_string:
        case Syntax::ip_address:
        case Syntax::opaque:
            octets(v.bytes);
            break;
        case Syntax::object_identifier:
            oid(v.oid);
            break;
        case Syntax::null:
        case Syntax::no_such_object:
        case Syntax::no_such_instance:
        case Syntax::end_of_mib_view:
            break;
        }
    }

private:
    std::vector<std::byte>& out_;
    bool network_order_;
};

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
