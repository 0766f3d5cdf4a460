// virtual_server_group NAME { entries } and SSL { ... } (keepalived check_parser.c
// vsg_handler/ssl handlers, check_data.c alloc_vsg_entry; reference
// keepalived-2.2.7-lvs-checkers.md §3.2).
//
// Entries: ADDR [PORT], ADDR-LAST_PART [PORT] (a range on the last octet, or the last
// 16-bit group for IPv6), ADDR1-ADDR2 [PORT], ADDR/LEN [PORT], fwmark N [inet|inet6].
#include "parser/bind_lvs.hpp"
#include "parser/lvs_format.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace vigil::parser {

namespace {

using net::Family;
using config::VirtualServerGroup;
using config::VirtualServerGroupEntry;

void fwmark_entry(BindContext& ctx, const Statement& line, VirtualServerGroup& g) {
    const auto text = ctx.word(line, 1);
    if (!text) {
        return;
    }
    const auto v = read_unsigned(ctx, line.words[1].where, *text, 0, UINT32_MAX);
    if (!v) {
        ctx.error(line.words[1].where,
                  fmt::format("({}): fwmark '{}' must be in [0, {}] - ignoring", g.name_, *text, UINT32_MAX));
        return;
    }
    VirtualServerGroupEntry e;
    e.is_fwmark_ = true;
    e.fwmark_ = static_cast<std::uint32_t>(*v);
    if (line.words.size() > 2) {
        const auto family = line.words[2].text;
        if (family == "inet") {
            e.fwmark_family_ = Family::ipv4;
        } else if (family == "inet6") {
            e.fwmark_family_ = Family::ipv6;
        } else {
            ctx.error(line.words[2].where,
                      fmt::format("({}): fwmark '{}' family {} unknown - ignoring", g.name_, e.fwmark_, family));
            return;
        }
    }
    g.entries_.push_back(e);
}

// The address's 16-bit group `index` (IPv6) as a host-order number.
unsigned group16(const net::IpAddress& a, std::size_t index) {
    return static_cast<unsigned>(a.bytes()[2 * index] << 8 | a.bytes()[2 * index + 1]);
}

net::IpAddress with_group16(const net::IpAddress& a, std::size_t index, unsigned value) {
    auto bytes = a.padded_bytes();
    bytes[2 * index] = static_cast<std::uint8_t>(value >> 8);
    bytes[2 * index + 1] = static_cast<std::uint8_t>(value);
    return net::IpAddress{a.family(), bytes};
}

// ADDR/LEN: the host bits must be clear; the entry spans the prefix. keepalived's IPv6
// branch also takes an IPv4 /32, which then spans one address.
bool prefix_entry(BindContext& ctx, const Statement& line, std::string_view text, VirtualServerGroupEntry& e) {
    const auto slash = text.find('/');
    const std::string mask_text{text.substr(slash + 1)};
    char* end = nullptr;
    const unsigned long mask = std::strtoul(mask_text.c_str(), &end, 10);
    const bool v4 = e.first_.family() == Family::ipv4;
    if (*end != '\0' || mask == 0 || (v4 && mask > 32) || (!v4 && mask > 128)) {
        ctx.error(line.words[0].where, fmt::format("Invalid netmask - {} - skipping", text));
        return false;
    }
    e.last_ = e.first_;
    if (v4 && mask < 32) {
        if (e.first_.with_host_bits(static_cast<unsigned>(mask), 0) != e.first_) {
            ctx.error(line.words[0].where, fmt::format("Address mask bits not empty - {} - skipping", text));
            return false;
        }
        e.last_ = e.first_.with_host_bits(static_cast<unsigned>(mask), 1);
    } else if (!v4 && mask < 128) {
        // keepalived tests the 16-bit group holding the boundary and the groups after it.
        const auto boundary = mask / 16;
        const unsigned group_mask = (1U << (16 - mask % 16)) - 1U;
        bool bad = (group16(e.first_, boundary) & group_mask) != 0;
        for (std::size_t i = boundary + 1; i < 8; ++i) {
            bad = bad || group16(e.first_, i) != 0;
        }
        if (bad) {
            ctx.error(line.words[0].where, fmt::format("Address mask bits not empty - {} - skipping", text));
            return false;
        }
        e.last_ = e.first_.with_host_bits(static_cast<unsigned>(mask), 1);
    }
    return true;
}

// ADDR-N: keepalived's inet_stor. False (the entry is dropped) after its message.
bool short_range_entry(BindContext& ctx, const Statement& line, std::string_view text, VirtualServerGroupEntry& e) {
    const auto dash = text.find('-');
    const bool v6 = e.first_.family() == Family::ipv6;
    const std::string end_text{text.substr(dash + 1)};
    char* end = nullptr;
    errno = 0;
    const unsigned long range = std::strtoul(end_text.c_str(), &end, v6 ? 16 : 10);
    if (*end != '\0') {
        // Only a warning when keepalived runs, but -t drops the entry.
        ctx.error(line.words[0].where,
                  fmt::format("Virtual server group range '{}' has extra characters at end '{}'", text, end));
        return false;
    }
    if (errno == ERANGE || (v6 && range > 0xffff) || (!v6 && range > 255)) {
        ctx.error(line.words[0].where,
                  fmt::format("Virtual server group range '{}' end '{}' too large", text, end_text));
        return false;
    }
    unsigned start = 0;
    if (v6) {
        start = group16(e.first_, 7);
        e.last_ = with_group16(e.first_, 7, static_cast<unsigned>(range));
    } else {
        auto bytes = e.first_.padded_bytes();
        start = bytes[3];
        bytes[3] = static_cast<std::uint8_t>(range);
        e.last_ = net::IpAddress{Family::ipv4, bytes};
    }
    if (start >= range) {
        ctx.error(line.words[0].where,
                  fmt::format("Address range end is not greater than address range start - {} - skipping", text));
        return false;
    }
    return true;
}

void address_entry(BindContext& ctx, const Statement& line, VirtualServerGroup& g) {
    const auto text = line.keyword();
    VirtualServerGroupEntry e;
    std::string_view port_text;
    bool port_ok = true;
    if (line.words.size() >= 2 && line.words[1].text.find_first_not_of('0') != std::string_view::npos) {
        port_text = line.words[1].text;
        if (auto v = read_unsigned(ctx, line.words[1].where, port_text, 1, 65535)) {
            e.port_ = static_cast<std::uint16_t>(*v);
        } else {
            port_ok = false;
        }
    }
    const auto first = port_ok ? parse_socket_address(text) : std::nullopt;
    if (!first) {
        ctx.error(line.words[0].where, fmt::format("Invalid virtual server group IP address {} {}{}{} - skipping", text,
                                                   port_text.empty() ? "" : "/port", port_text.empty() ? "" : "/",
                                                   port_text));
        return;
    }
    e.first_ = *first;
    e.last_ = *first;
    const bool v6 = first->family() == Family::ipv6;
    const auto dash = text.find('-');
    if (text.find('/') != std::string_view::npos) {
        if (!prefix_entry(ctx, line, text, e)) {
            return;
        }
    } else if (dash != std::string_view::npos &&
               text.substr(dash + 1).find(v6 ? ':' : '.') != std::string_view::npos) {
        const auto last = parse_socket_address(text.substr(dash + 1));
        if (!last || last->family() != first->family()) {
            ctx.error(line.words[0].where, fmt::format("Invalid range end {} - skipping", text));
            return;
        }
        if (*last < *first) {
            ctx.error(line.words[0].where,
                      fmt::format("Address range end is less than address range start - {} - skipping", text));
            return;
        }
        e.last_ = *last;
    } else if (dash != std::string_view::npos) {
        if (!short_range_entry(ctx, line, text, e)) {
            return;
        }
    }
    g.entries_.push_back(e);
}

} // namespace

void bind_virtual_server_group(BindContext& ctx, const Statement& s, config::Config& cfg) {
    const auto name = ctx.word(s, 1);
    if (!name) {
        return;
    }
    if (!cfg.lvs_) {
        cfg.lvs_.emplace();
    }
    VirtualServerGroup g;
    g.name_ = std::string{*name};
    g.location_ = BindContext::location(s.where);
    if (s.words.size() > 2) {
        // keepalived then reads a word that is not there (and stops).
        ctx.error(s.words[2].where, "*** Configuration line starting `***MISSING ***` is missing a parameter at word "
                                    "position 1");
    }
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        if (line.keyword() == "fwmark") {
            fwmark_entry(ctx, line, g);
        } else {
            address_entry(ctx, line, g);
        }
    }
    const auto& at = s.block_close.line != 0 ? s.block_close : s.where;
    if (g.entries_.empty()) {
        ctx.error(at, fmt::format("virtual server group {} has no entries - removing", g.name_));
        return;
    }
    if (g.has_family(Family::ipv4) && g.has_family(Family::ipv6) && g.has_fwmark_without_family()) {
        ctx.error(at, fmt::format("virtual server group {} cannot have IPv4, IPv6 and fwmark without family - removing",
                                  g.name_));
        return;
    }
    cfg.lvs_->groups_.push_back(std::move(g));
}

namespace {

void ssl_file(BindContext& ctx, const Statement& s, std::optional<std::string>& target, std::string_view type) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, fmt::format("SSL {} missing", type));
        return;
    }
    if (target) {
        ctx.error(s.words[0].where, fmt::format("SSL {} already specified - replacing", type));
    }
    target = std::string{s.words[1].text};
}

void ssl_password(BindContext& ctx, const Statement& s, config::SslSettings& ssl) {
    ssl_file(ctx, s, ssl.password_, "password");
}
void ssl_ca(BindContext& ctx, const Statement& s, config::SslSettings& ssl) {
    ssl_file(ctx, s, ssl.ca_, "cafile");
}
void ssl_certificate(BindContext& ctx, const Statement& s, config::SslSettings& ssl) {
    ssl_file(ctx, s, ssl.certificate_, "certfile");
}
void ssl_key(BindContext& ctx, const Statement& s, config::SslSettings& ssl) {
    ssl_file(ctx, s, ssl.key_, "keyfile");
}

constexpr Keyword<config::SslSettings> ssl_keywords[] = {
    {"password", Shape::line, ssl_password},
    {"ca", Shape::line, ssl_ca},
    {"certificate", Shape::line, ssl_certificate},
    {"key", Shape::line, ssl_key},
};

} // namespace

void bind_ssl(BindContext& ctx, const Statement& s, config::Config& cfg) {
    if (!cfg.lvs_) {
        cfg.lvs_.emplace();
    }
    auto& lvs = *cfg.lvs_;
    if (lvs.ssl_) {
        ctx.error(s.words[0].where, "SSL context already specified - replacing");
    }
    lvs.ssl_.emplace();
    bind_block<config::SslSettings>(ctx, s.block, ssl_keywords, *lvs.ssl_);
}

} // namespace vigil::parser
