#pragma once
// Private to the AgentX codec (agentx_codec.cpp): the encoding rules of RFC 2741 section 5
// (integers in either byte order, object identifiers with the internet prefix, octet
// strings, values and varbinds) over a bounds-checked reader and an appending writer.

#include "snmp/agentx_pdu.hpp"

#include "vrrp/byte_reader.hpp"

#include <type_traits>

namespace vigil::snmp::agentx::wire {

// 1.3.6.1, the "internet" prefix of section 5.1.
inline constexpr std::uint32_t internet[] = {1, 3, 6, 1};
// Section 5.1: "n_subid: the number (0-128) of sub-identifiers".
inline constexpr std::size_t max_subids = 128;

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

} // namespace vigil::snmp::agentx::wire
