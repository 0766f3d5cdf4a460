#include "parser/bind_address.hpp"

#include "parser/rt_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>
#include <utility>

namespace vigil::parser {

namespace {

// The bare flag words of an address line and the field each sets, in the order the dump
// prints them (`use_vmac` is handled apart: it is not dumped here).
constexpr std::array<std::pair<std::string_view, bool config::VirtualAddress::*>, 6> address_flag_words{{
    {"home", &config::VirtualAddress::home_},
    {"-nodad", &config::VirtualAddress::nodad_},
    {"mngtmpaddr", &config::VirtualAddress::mngtmpaddr_},
    {"noprefixroute", &config::VirtualAddress::noprefixroute_},
    {"autojoin", &config::VirtualAddress::autojoin_},
    {"no_track", &config::VirtualAddress::no_track_},
}};

struct ScopeName {
    std::string_view name_;
    std::uint8_t value_;
};
constexpr std::array<ScopeName, 5> scope_names{{
    {"global", 0}, {"site", 200}, {"link", 253}, {"host", 254}, {"nowhere", 255},
}};

} // namespace

std::string scope_name(std::uint8_t scope) {
    for (const auto& s : scope_names) {
        if (s.value_ == scope) {
            return std::string{s.name_};
        }
    }
    return std::to_string(scope);
}

std::optional<ParsedAddress> parse_ipaddress(BindContext& ctx, const Location& where, std::string_view text,
                                             SubnetMask mask) {
    ParsedAddress out;
    out.family = text.find(':') != std::string_view::npos ? net::Family::ipv6 : net::Family::ipv4;
    out.prefix = out.family == net::Family::ipv6 ? 128 : 32;
    std::string_view address = text;
    if (mask == SubnetMask::allowed) {
        if (const auto slash = text.find('/'); slash != std::string_view::npos) {
            const auto len = text.substr(slash + 1);
            const auto r = read_unsigned(len, 0, out.prefix);
            for (const auto& m : r.messages) {
                ctx.error(where, m);
            }
            if (!r.ok) {
                ctx.error(where, fmt::format("Invalid address prefix len {} for address {} - using {}", len, text,
                                             out.prefix));
            } else {
                out.prefix = static_cast<unsigned>(r.value);
            }
            address = text.substr(0, slash);
        }
    }
    const auto a = net::IpAddress::parse(address);
    if (!a || a->family() != out.family) {
        ctx.error(where, fmt::format("VRRP parsed invalid IP {}. skipping IP...", text));
        return std::nullopt;
    }
    out.address = *a;
    return out;
}

std::optional<ParsedAddress> parse_route_address(BindContext& ctx, const Location& where, std::string_view text) {
    if (text == "default" || text == "any" || text == "all") {
        ParsedAddress any;
        any.any = true;
        return any;
    }
    if (text == "default6") {
        ParsedAddress any;
        any.any = true;
        any.family = net::Family::ipv6;
        any.family_given = true;
        return any;
    }
    auto p = parse_ipaddress(ctx, where, text, SubnetMask::allowed);
    if (p) {
        p->family_given = true;
    }
    return p;
}

bool track_group_defined(BindContext& ctx, std::string_view name) {
    const auto& groups = ctx.config().root_.track_groups_;
    return std::any_of(groups.begin(), groups.end(), [&](const config::TrackGroup& g) { return g.name_ == name; });
}

// alloc_ipaddress() (vrrp_ipaddress.c): ADDR[/LEN] then options; nullopt when keepalived
// drops the address.
std::optional<config::VirtualAddress> bind_address(BindContext& ctx, const Statement& s, AddressContext where) {
    const bool static_addr = where == AddressContext::static_address;
    const auto first = s.words.front().text;
    const auto parsed = parse_ipaddress(ctx, s.where, first, SubnetMask::allowed);
    if (!parsed) {
        return std::nullopt;
    }
    config::VirtualAddress a;
    a.address_ = parsed->address;
    a.prefix_ = parsed->prefix;
    a.location_ = BindContext::location(s.words.front().where);
    const bool v6 = parsed->family == net::Family::ipv6;
    bool scope_given = false;
    bool label_given = false;
    bool have_broadcast = false;
    int brd_len = 0;
    bool lft_set = false;
    std::size_t i = 1;
    std::string_view missing;
    while (i < s.words.size()) {
        const auto w = s.words[i].text;
        const bool param = i + 1 < s.words.size();
        const bool needs = w == "dev" || w == "scope" || w == "broadcast" || w == "brd" || w == "label" || w == "peer" ||
                           w == "preferred_lft" || (static_addr && w == "track_group");
        if (needs && !param) {
            missing = w;
            break;
        }
        if (w == "dev") {
            const auto dev = s.words[++i].text;
            if (a.dev_) {
                ctx.error(s.where, fmt::format("Cannot specify ipaddress device more than once for {}", first));
                return std::nullopt;
            }
            if (!ctx.lookup_interface(dev, BindContext::IfLookup::create_if_dynamic)) {
                ctx.error(s.where, fmt::format("WARNING - interface {} for ip address {} doesn't exist", dev, first));
                return std::nullopt;
            }
            a.dev_ = std::string{dev};
        } else if (w == "scope") {
            const auto v = s.words[++i].text;
            if (const auto sc = rt_names::scope(ctx.system(), v)) {
                a.scope_ = *sc;
                scope_given = *sc != 0;
            } else {
                ctx.error(s.where, fmt::format("Invalid scope '{}' specified for {} - ignoring", v, first));
            }
        } else if (w == "broadcast" || w == "brd") {
            if (v6) {
                ctx.error(s.where, fmt::format("VRRP is trying to assign a broadcast {} to the IPv6 address {} !!?? "
                                               "WTF... skipping VIP...", w, first));
                return std::nullopt;
            }
            have_broadcast = true;
            const auto v = s.words[++i].text;
            if (v == "-") {
                brd_len = -2;
            } else if (v == "+") {
                brd_len = -1;
            } else if (auto b = net::IpAddress::parse(v); b && b->family() == net::Family::ipv4 &&
                                                             v.find(':') == std::string_view::npos) {
                a.broadcast_ = *b;
            } else {
                ctx.error(s.where, fmt::format("VRRP is trying to assign invalid broadcast {}. skipping VIP...", v));
                return std::nullopt;
            }
        } else if (w == "label") {
            const auto v = s.words[++i].text;
            if (v.size() >= 16) {
                ctx.error(s.where, fmt::format("Address label {} is longer than maximum length 15 - removing address", v));
                return std::nullopt;
            }
            a.label_ = std::string{v};
            label_given = true;
        } else if (w == "peer") {
            const auto v = s.words[++i].text;
            if (a.peer_) {
                ctx.error(s.where, fmt::format("Peer {} - another peer has already been specified", v));
                ++i;
                continue;
            }
            const auto p = parse_ipaddress(ctx, s.where, v, SubnetMask::refused);
            if (!p) {
                ctx.error(s.where, fmt::format("Invalid peer address {}", v));
            } else if (p->family != parsed->family) {
                ctx.error(s.where, fmt::format("Peer address {} does not match address family", v));
            } else {
                if (a.prefix_ != (v6 ? 128U : 32U)) {
                    ctx.error(s.where, "Cannot specify address prefix when specifying peer address - ignoring");
                }
                a.peer_ = p->address;
                a.prefix_ = p->prefix;
            }
        } else if (const auto flag = std::find_if(address_flag_words.begin(), address_flag_words.end(),
                                                  [&](const auto& f) { return f.first == w; });
                   flag != address_flag_words.end()) {
            a.*(flag->second) = true;
        } else if (w == "preferred_lft") {
            const auto v = s.words[++i].text;
            if (v == "forever") {
                a.preferred_lft_kind_ = config::PreferredLft::forever;
                lft_set = true;
            } else if (const auto n = ctx.unsigned_at(s, i, 0, 0xffffffffUL)) {
                a.preferred_lft_kind_ = config::PreferredLft::value;
                a.preferred_lft_ = static_cast<std::uint32_t>(*n);
                lft_set = true;
            } else {
                ctx.error(s.where, fmt::format("preferred_lft {} is invalid", v));
            }
        } else if (static_addr && w == "track_group") {
            const auto v = s.words[++i].text;
            if (a.track_group_) {
                ctx.error(s.where, fmt::format("track_group {} is a duplicate", v));
                break;
            }
            if (!track_group_defined(ctx, v)) {
                ctx.error(s.where, fmt::format("track_group {} not found", v));
            } else {
                a.track_group_ = std::string{v};
            }
        } else if (!static_addr && w == "use_vmac") {
            a.use_vmac_ = true;
        } else {
            ctx.error(s.where, fmt::format("Unknown configuration entry '{}' for ip address - ignoring", w));
        }
        ++i;
    }
    if (!missing.empty()) {
        ctx.error(s.where, fmt::format("No {} parameter specified for {}", missing, first));
        return std::nullopt;
    }
    if (have_broadcast && a.peer_) {
        ctx.error(s.where, "Cannot specify broadcast and peer addresses - ignoring broadcast address");
        a.broadcast_.reset();
    } else if (brd_len < 0 && a.prefix_ <= 30) {
        a.broadcast_ = (a.peer_ ? *a.peer_ : a.address_).with_host_bits(a.prefix_, brd_len == -1 ? 1 : 0);
    } else if (brd_len < 0) {
        ctx.error(s.where, fmt::format("Address prefix length {} too long for broadcast", a.prefix_));
    }
    if (static_addr && !a.dev_) {
        const auto& g = ctx.config().global_;
        const std::string dflt = g.default_interface_.value_or("eth0");
        if (!ctx.lookup_interface(dflt, BindContext::IfLookup::create_if_dynamic)) {
            ctx.diagnostics().report(Severity::fatal, ExitClass::fatal, s.where,
                                     fmt::format("Static address {} requires either an interface or default interface "
                                                 "must exist", first));
            return std::nullopt;
        }
    }
    if (v6) {
        if (scope_given) {
            ctx.error(s.where, fmt::format("Cannot specify scope for IPv6 addresses ({}) - ignoring scope", first));
            a.scope_ = 0;
        }
        if (label_given) {
            ctx.error(s.where, fmt::format("Cannot specify label for IPv6 addresses ({}) - ignoring label", first));
            a.label_.reset();
        }
    }
    (void)lft_set;
    if (a.track_group_ && !a.dev_) {
        ctx.error(s.where, "Static route cannot have track_group if interface not specified");
        a.track_group_.reset();
    }
    return a;
}

namespace {

// Each non-empty line of `block` through `bind_line`; kept entries go to `out`.
template <typename T, typename BindLine>
void bind_lines(const Statement& block, std::vector<T>& out, BindLine bind_line) {
    out.reserve(out.size() + block.block.size());
    for (const auto& s : block.block) {
        if (s.words.empty()) {
            continue;
        }
        if (auto item = bind_line(s)) {
            out.push_back(std::move(*item));
        }
    }
}

} // namespace

void bind_addresses(BindContext& ctx, const Statement& block, AddressContext where,
                    std::vector<config::VirtualAddress>& out) {
    bind_lines(block, out, [&](const Statement& s) { return bind_address(ctx, s, where); });
}

void bind_routes(BindContext& ctx, const Statement& block, AddressContext where, std::vector<config::Route>& out) {
    bind_lines(block, out, [&](const Statement& s) { return bind_route(ctx, s, where); });
}

void bind_rules(BindContext& ctx, const Statement& block, AddressContext where, std::vector<config::Rule>& out) {
    bind_lines(block, out, [&](const Statement& s) {
        auto r = bind_rule(ctx, s, where);
        if (!r) {
            return r;
        }
        if (!r->preference_) {
            r->preference_ = ctx.take_rule_preference(r->family_.value_or(net::Family::ipv4));
            ctx.error(s.where, fmt::format("Rule has no preference specified - setting to {}. This is probably "
                                             "not what you want.", *r->preference_));
            r->tokens_.emplace_back("preference");
            r->tokens_.push_back(std::to_string(*r->preference_));
        }
        return r;
    });
}

std::string format_address(const config::VirtualAddress& a) {
    std::string out = a.address_.to_string() + "/" + std::to_string(a.prefix_);
    if (a.dev_) {
        out += " dev " + *a.dev_;
    }
    if (a.scope_ != 0) {
        out += " scope " + scope_name(a.scope_);
    }
    if (a.broadcast_) {
        out += " brd " + a.broadcast_->to_string();
    }
    if (a.label_) {
        out += " label " + *a.label_;
    }
    if (a.peer_) {
        out += " peer " + a.peer_->to_string();
        if (a.peer_prefix_) {
            out += "/" + std::to_string(*a.peer_prefix_);
        }
    }
    for (const auto& [word, flag] : address_flag_words) {
        if (a.*flag) {
            out += ' ';
            out += word;
        }
    }
    switch (a.preferred_lft_kind_) {
    case config::PreferredLft::default_: break;
    case config::PreferredLft::forever: out += " preferred_lft forever"; break;
    case config::PreferredLft::value: out += " preferred_lft " + std::to_string(a.preferred_lft_); break;
    }
    if (a.use_vmac_) {
        out += " use_vmac";
    }
    if (a.track_group_) {
        out += " track_group " + *a.track_group_;
    }
    return out;
}

namespace {

std::string join(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& t : tokens) {
        if (!out.empty()) {
            out += ' ';
        }
        out += t;
    }
    return out;
}

} // namespace

std::string format_route(const config::Route& r) {
    return join(r.tokens_);
}

std::string format_rule(const config::Rule& r) {
    return join(r.tokens_);
}

} // namespace vigil::parser
