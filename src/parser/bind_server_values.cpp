// Value readers shared by the virtual server, real server and checker binders: booleans,
// scripts, timers, retry, names, and the forwarding method with its tunnel options
// (keepalived check_parser.c svr_forwarding_handler and friends).
#include "parser/bind_lvs.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <climits>

namespace vigil::parser {

namespace {

// keepalived prints the group name of the virtual server in some messages, "(null)" when
// it has none.
std::string group_or_null(const config::VirtualServer& vs) {
    return vs.kind_ == config::VirtualServerKind::group ? vs.group_ : std::string{"(null)"};
}

} // namespace

std::optional<bool> bind_bool(BindContext& ctx, const Statement& s, std::string_view message_prefix) {
    if (s.words.size() < 2) {
        return true;
    }
    if (auto v = true_false(s.words[1].text)) {
        return v;
    }
    ctx.error(s.words[1].where, fmt::format("{} {}", message_prefix, s.words[1].text));
    return std::nullopt;
}

std::optional<config::Command> bind_script(BindContext& ctx, const Statement& s) {
    return ctx.command(s);
}

void bind_once_script(BindContext& ctx, const Statement& s, config::OptionalCommand& target,
                      const config::VirtualServer& vs) {
    if (target) {
        ctx.error(s.words[0].where, fmt::format("({}) {} script already specified - ignoring {}", group_or_null(vs),
                                                s.keyword(), ctx.text(s, 1)));
        return;
    }
    if (auto c = bind_script(ctx, s)) {
        target = std::move(*c);
    }
}

std::optional<std::chrono::microseconds> bind_timer(BindContext& ctx, const Statement& s, unsigned long min_us,
                                                    unsigned long max_us, std::string_view message) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return std::nullopt;
    }
    auto v = read_timer(ctx, s.words[1].where, *text, min_us, max_us);
    if (!v) {
        ctx.error(s.words[1].where, fmt::format(fmt::runtime(message), *text));
    }
    return v;
}

std::optional<unsigned> bind_server_retry(BindContext& ctx, const Statement& s) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return std::nullopt;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, UINT32_MAX)) {
        return static_cast<unsigned>(*v);
    }
    ctx.error(s.words[1].where, fmt::format("retry value invalid - {}", *text));
    return std::nullopt;
}

std::optional<std::string> bind_virtualhost(BindContext& ctx, const Statement& s, std::string_view who) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, fmt::format("{} virtualhost missing", who));
        return std::nullopt;
    }
    return std::string{s.words[1].text};
}

std::optional<std::string> bind_snmp_name(BindContext& ctx, const Statement& s, std::string_view who) {
    if (s.words.size() != 2) {
        ctx.error(s.words[0].where, fmt::format("{} snmp_name missing or extra parameters", who));
        return std::nullopt;
    }
    return std::string{s.words[1].text};
}

void bind_forwarding(BindContext& ctx, const Statement& s, std::optional<config::Forwarding>& target,
                     std::string_view server) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    config::ForwardingMethod method{};
    if (*text == "NAT") {
        method = config::ForwardingMethod::nat;
    } else if (*text == "DR") {
        method = config::ForwardingMethod::dr;
    } else if (*text == "TUN") {
        method = config::ForwardingMethod::tun;
    } else {
        ctx.error(s.words[1].where, fmt::format("PARSER : unknown [{}] routing method for {} server.", *text, server));
        return;
    }
    config::Forwarding f = target.value_or(config::Forwarding{});
    f.method_ = method;
    target = f;
    auto type = config::TunnelType::ipip;
    unsigned port = 0;
    auto checksum = config::TunnelChecksum::nocsum;
    for (std::size_t i = 2; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        if (w == "type") {
            if (i + 1 == s.words.size()) {
                ctx.error(s.words[i].where, fmt::format("Missing tunnel type for {} server.", server));
                return;
            }
            const auto name = s.words[i + 1].text;
            if (name == "ipip") {
                type = config::TunnelType::ipip;
            } else if (name == "gue") {
                type = config::TunnelType::gue;
            } else if (name == "gre") {
                type = config::TunnelType::gre;
            } else {
                ctx.error(s.words[i + 1].where, fmt::format("Unknown tunnel type {} for {} server.", name, server));
                return;
            }
            ++i;
        } else if (w == "port") {
            if (i + 1 == s.words.size()) {
                ctx.error(s.words[i].where, fmt::format("Missing port for {} server gue tunnel.", server));
                return;
            }
            const auto v = read_unsigned(ctx, s.words[i + 1].where, s.words[i + 1].text, 1, 65535);
            if (!v) {
                ctx.error(s.words[i + 1].where,
                          fmt::format("Invalid gue tunnel port {} for {} server.", s.words[i + 1].text, server));
                return;
            }
            port = static_cast<unsigned>(*v);
            ++i;
        } else if (w == "nocsum") {
            checksum = config::TunnelChecksum::nocsum;
        } else if (w == "csum") {
            checksum = config::TunnelChecksum::csum;
        } else if (w == "remcsum") {
            checksum = config::TunnelChecksum::remcsum;
        } else {
            ctx.error(s.words[i].where, fmt::format("Invalid tunnel option {} for {} server.", w, server));
            return;
        }
    }
    if ((type == config::TunnelType::gue) != (port != 0)) {
        ctx.error(s.words[0].where, "gue tunnels require port, otherwise cannot have port.");
        return;
    }
    if (type == config::TunnelType::ipip && checksum != config::TunnelChecksum::nocsum) {
        ctx.error(s.words[0].where, "ipip tunnels do not support checksum option.");
        return;
    }
    if (type == config::TunnelType::gre && checksum == config::TunnelChecksum::remcsum) {
        ctx.error(s.words[0].where, "gre tunnels do not support remote checksum option.");
        return;
    }
    target->tunnel_type_ = type;
    target->tunnel_port_ = static_cast<std::uint16_t>(port);
    target->tunnel_checksum_ = checksum;
}

} // namespace vigil::parser
