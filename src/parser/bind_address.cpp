#include "parser/bind_address.hpp"

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

std::optional<std::uint8_t> parse_scope(std::string_view text) {
    for (const auto& s : scope_names) {
        if (s.name_ == text) {
            return s.value_;
        }
    }
    const auto n = parse_integer(text);
    if (n && *n >= 0 && *n <= 255) {
        return static_cast<std::uint8_t>(*n);
    }
    return std::nullopt;
}

void invalid_ip(BindContext& ctx, const Location& where, std::string_view text) {
    ctx.error(where, fmt::format("VRRP parsed invalid IP {}. skipping IP...", text));
}

} // namespace

std::string scope_name(std::uint8_t scope) {
    for (const auto& s : scope_names) {
        if (s.value_ == scope) {
            return std::string{s.name_};
        }
    }
    return std::to_string(scope);
}

std::optional<config::VirtualAddress> bind_address(BindContext& ctx, const Statement& s, AddressContext where) {
    const auto first = s.words.front().text;
    const auto prefix = net::IpPrefix::parse(first);
    if (!prefix) {
        invalid_ip(ctx, s.words.front().where, first);
        return std::nullopt;
    }
    config::VirtualAddress a;
    a.address_ = prefix->address_;
    a.prefix_ = prefix->prefix_;
    a.location_ = BindContext::location(s.words.front().where);
    const bool v6 = a.address_.family() == net::Family::ipv6;
    bool scope_given = false;
    bool label_given = false;
    std::optional<std::string_view> brd;
    Location brd_where;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        const bool has_arg = i + 1 < s.words.size();
        auto arg = [&]() -> std::optional<std::string_view> {
            if (!has_arg) {
                ctx.error(s.words[i].where, fmt::format("No value specified for ip address option '{}'", w));
                return std::nullopt;
            }
            return s.words[++i].text;
        };
        if (w == "dev") {
            if (auto v = arg()) {
                a.dev_ = std::string{*v};
            }
        } else if (w == "scope") {
            if (auto v = arg()) {
                if (auto sc = parse_scope(*v)) {
                    a.scope_ = *sc;
                    scope_given = true;
                } else {
                    ctx.error(s.words[i].where, fmt::format("Invalid scope '{}' specified for {} - ignoring", *v, first));
                }
            }
        } else if (w == "broadcast" || w == "brd") {
            brd_where = s.words[i].where;
            brd = arg();
        } else if (w == "label") {
            if (auto v = arg()) {
                a.label_ = std::string{*v};
                label_given = true;
            }
        } else if (w == "peer") {
            if (auto v = arg()) {
                if (auto p = net::IpPrefix::parse(*v); p && p->address_.family() == a.address_.family()) {
                    a.peer_ = p->address_;
                    if (v->find('/') != std::string_view::npos) {
                        a.peer_prefix_ = p->prefix_;
                    }
                } else {
                    ctx.error(s.words[i].where, fmt::format("Invalid peer address {} for {}", *v, first));
                }
            }
        } else if (const auto flag = std::find_if(address_flag_words.begin(), address_flag_words.end(),
                                                  [&](const auto& f) { return f.first == w; });
                   flag != address_flag_words.end()) {
            a.*(flag->second) = true;
        } else if (w == "use_vmac") {
            a.use_vmac_ = true;
        } else if (w == "preferred_lft") {
            if (auto v = arg()) {
                if (*v == "forever") {
                    a.preferred_lft_kind_ = config::PreferredLft::forever;
                } else if (auto n = parse_integer(*v); n && *n >= 0 && *n <= 0xffffffffLL) {
                    a.preferred_lft_kind_ = config::PreferredLft::value;
                    a.preferred_lft_ = static_cast<std::uint32_t>(*n);
                } else {
                    ctx.error(s.words[i].where, fmt::format("Invalid preferred_lft value '{}'", *v));
                }
            }
        } else if (w == "track_group" && where == AddressContext::static_address) {
            if (auto v = arg()) {
                a.track_group_ = std::string{*v};
            }
        } else {
            ctx.error(s.words[i].where, fmt::format("Unknown configuration entry '{}' for ip address - ignoring", w));
        }
    }
    if (brd) {
        if (a.peer_) {
            ctx.error(brd_where, "Cannot specify broadcast and peer addresses - ignoring broadcast address");
        } else if (v6) {
            ctx.error(brd_where, fmt::format("Cannot specify broadcast for IPv6 addresses ({}) - ignoring", first));
        } else if (*brd == "+" || *brd == "-") {
            a.broadcast_ = a.address_.with_host_bits(a.prefix_, *brd == "+" ? 1 : 0);
        } else if (auto b = net::IpAddress::parse(*brd); b && b->family() == net::Family::ipv4) {
            a.broadcast_ = *b;
        } else {
            ctx.error(brd_where, fmt::format("Invalid broadcast address {} for {}", *brd, first));
        }
    }
    if (v6 && scope_given) {
        ctx.error(s.where, fmt::format("Cannot specify scope for IPv6 addresses ({}) - ignoring scope", first));
        a.scope_ = 0;
    }
    if (v6 && label_given) {
        ctx.error(s.where, fmt::format("Cannot specify label for IPv6 addresses ({}) - ignoring label", first));
        a.label_.reset();
    }
    return a;
}

namespace {

constexpr std::string_view route_types[] = {
    "unicast", "local", "broadcast", "multicast", "throw", "unreachable", "prohibit", "blackhole", "nat"};
constexpr std::string_view route_options_with_arg[] = {
    "oif", "scope", "tos", "dsfield", "realm", "realms", "mtu", "advmss", "rtt", "rttvar", "reordering",
    "window", "cwnd", "initcwnd", "initrwnd", "ssthresh", "features", "quickack", "congctl", "rto_min",
    "hoplimit", "pref", "expires", "fastopen_no_cookie", "ttl-propagate", "protocol", "encap",
    "as", "ssthresh_lock"};
constexpr std::string_view route_flags[] = {"onlink", "inet6", "lock", "append"};

bool contains(std::span<const std::string_view> set, std::string_view w) {
    return std::find(set.begin(), set.end(), w) != set.end();
}

} // namespace

std::optional<config::Route> bind_route(BindContext& ctx, const Statement& s, AddressContext where) {
    config::Route r;
    r.location_ = BindContext::location(s.where);
    bool have_destination = false;
    bool ok = true;
    for (std::size_t i = 0; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        const auto& at = s.words[i].where;
        const bool has_arg = i + 1 < s.words.size();
        auto take = [&](std::string_view kw) -> std::optional<std::string_view> {
            if (!has_arg) {
                ctx.error(at, fmt::format("route option '{}' is missing a value", w));
                ok = false;
                return std::nullopt;
            }
            r.tokens_.emplace_back(kw);
            r.tokens_.emplace_back(s.words[i + 1].text);
            return s.words[++i].text;
        };
        auto take_address = [&](std::string_view kw, std::optional<net::IpAddress>& out) {
            if (auto v = take(kw)) {
                if (auto a = net::IpAddress::parse(*v)) {
                    out = *a;
                } else {
                    invalid_ip(ctx, s.words[i].where, *v);
                    ok = false;
                }
            }
        };
        if (w == "src") {
            take_address("src", r.src_);
        } else if (w == "via" || w == "gw") {
            if (w == "gw") {
                ctx.warning(at, "\"gw\" for routes is deprecated. Please use \"via\"");
            }
            take_address("via", r.via_);
        } else if (w == "or") {
            ctx.warning(at, "\"or\" for routes is deprecated. Please use \"nexthop\"");
            std::optional<net::IpAddress> alt;
            take_address("or", alt);
        } else if (w == "dev") {
            if (auto v = take("dev")) {
                r.dev_ = std::string{*v};
            }
        } else if (w == "table") {
            if (auto v = take("table")) {
                r.table_ = std::string{*v};
            }
        } else if (w == "metric" || w == "priority" || w == "preference") {
            if (auto v = take(w)) {
                if (auto n = parse_integer(*v); n && *n >= 0 && *n <= 0xffffffffLL) {
                    r.metric_ = static_cast<std::uint32_t>(*n);
                } else {
                    ctx.error(s.words[i].where, fmt::format("Invalid metric {}", *v));
                    ok = false;
                }
            }
        } else if (w == "no_track") {
            r.no_track_ = true;
            r.tokens_.emplace_back(w);
        } else if (w == "track_group" && where == AddressContext::static_address) {
            if (auto v = take("track_group")) {
                r.track_group_ = std::string{*v};
            }
        } else if (w == "nexthop") {
            // nexthop specifications run to the end of the line.
            for (; i < s.words.size(); ++i) {
                r.tokens_.emplace_back(s.words[i].text);
                if (s.words[i].text == "dev" && i + 1 < s.words.size() && !r.dev_) {
                    r.dev_ = std::string{s.words[i + 1].text};
                }
            }
        } else if (contains(route_options_with_arg, w)) {
            take(w);
        } else if (contains(route_flags, w)) {
            r.tokens_.emplace_back(w);
            if (w == "inet6") {
                r.family_ = net::Family::ipv6;
            }
        } else if (contains(route_types, w) && !have_destination) {
            r.type_ = std::string{w};
            r.tokens_.emplace_back(w);
        } else if (!have_destination && (w == "to" || w == "default" || net::IpPrefix::parse(w))) {
            if (w == "to") {
                if (!has_arg) {
                    ctx.error(at, "route option 'to' is missing a value");
                    return std::nullopt;
                }
                ++i;
            }
            const auto d = s.words[i].text;
            have_destination = true;
            r.tokens_.emplace_back(d);
            if (d != "default") {
                if (auto p = net::IpPrefix::parse(d)) {
                    r.destination_ = *p;
                    r.family_ = p->address_.family();
                } else {
                    invalid_ip(ctx, s.words[i].where, d);
                    return std::nullopt;
                }
            }
        } else {
            invalid_ip(ctx, at, w);
            ctx.error(at, fmt::format("unknown route keyword {}", w));
        }
    }
    if (!have_destination) {
        ctx.error(s.where, "Route has no destination");
        return std::nullopt;
    }
    if (!ok) {
        return std::nullopt;
    }
    if (!r.family_) {
        if (r.via_) {
            r.family_ = r.via_->family();
        } else if (r.src_) {
            r.family_ = r.src_->family();
        }
    }
    // A tracked route must carry keepalived's own protocol (RTPROT_KEEPALIVED, 18).
    if (const auto it = std::find(r.tokens_.begin(), r.tokens_.end(), "protocol");
        it != r.tokens_.end() && it + 1 != r.tokens_.end() && r.dev_ && !r.no_track_ && *(it + 1) != "keepalived" &&
        *(it + 1) != "18") {
        ctx.warning(s.where, "Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting protocol");
        r.tokens_.erase(it, it + 2);
    }
    if (r.track_group_ && !r.dev_) {
        ctx.error(s.where, "Static route cannot have track_group if dev not specified");
        r.track_group_.reset();
        const auto it = std::find(r.tokens_.begin(), r.tokens_.end(), "track_group");
        if (it != r.tokens_.end()) {
            r.tokens_.erase(it, std::min(it + 2, r.tokens_.end()));
        }
    }
    if (!r.dev_ && !r.no_track_ && where == AddressContext::virtual_address) {
        ctx.warning(s.where, fmt::format("Warning - cannot track route {} with no interface specified, not tracking",
                                         r.destination_ ? r.destination_->to_string() : std::string{"default"}));
        r.no_track_ = true;
        r.tokens_.emplace_back("no_track");
    }
    return r;
}

namespace {

constexpr std::string_view rule_options_with_arg[] = {
    "iif", "oif", "fwmark", "tos", "dsfield", "realms", "suppress_prefixlength", "suppress_ifgroup", "goto",
    "ipproto", "sport", "dport", "uidrange", "protocol", "nat", "l3mdev"};
constexpr std::string_view rule_flags[] = {"not", "inet6", "unicast", "blackhole", "unreachable",
                                                     "prohibit"};

} // namespace

std::optional<config::Rule> bind_rule(BindContext& ctx, const Statement& s, AddressContext where) {
    config::Rule r;
    r.location_ = BindContext::location(s.where);
    for (std::size_t i = 0; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        const auto& at = s.words[i].where;
        const bool has_arg = i + 1 < s.words.size();
        auto take = [&](std::string_view kw) -> std::optional<std::string_view> {
            if (!has_arg) {
                ctx.error(at, fmt::format("rule option '{}' is missing a value", w));
                return std::nullopt;
            }
            r.tokens_.emplace_back(kw);
            r.tokens_.emplace_back(s.words[i + 1].text);
            return s.words[++i].text;
        };
        auto take_prefix = [&](std::string_view kw, std::optional<net::IpPrefix>& out) -> bool {
            const auto v = take(kw);
            if (!v) {
                return false;
            }
            if (*v == "all") {
                return true;
            }
            if (auto p = net::IpPrefix::parse(*v)) {
                out = *p;
                r.family_ = p->address_.family();
                return true;
            }
            invalid_ip(ctx, s.words[i].where, *v);
            ctx.error(s.words[i].where, fmt::format("Invalid rule {} address {}", kw, *v));
            return false;
        };
        if (w == "from") {
            if (!take_prefix("from", r.from_)) {
                return std::nullopt;
            }
        } else if (w == "to") {
            if (!take_prefix("to", r.to_)) {
                return std::nullopt;
            }
        } else if (w == "table" || w == "lookup") {
            if (auto v = take("table")) {
                r.table_ = std::string{*v};
            }
        } else if (w == "preference" || w == "priority" || w == "order") {
            if (auto v = take("preference")) {
                if (auto n = parse_integer(*v); n && *n >= 0 && *n <= 0xffffffffLL) {
                    r.preference_ = static_cast<std::uint32_t>(*n);
                } else {
                    ctx.error(s.words[i].where, fmt::format("Invalid rule preference {}", *v));
                    return std::nullopt;
                }
            }
        } else if (w == "iif" || w == "dev") {
            if (auto v = take("iif")) {
                r.iif_ = std::string{*v};
            }
        } else if (w == "oif") {
            if (auto v = take("oif")) {
                r.oif_ = std::string{*v};
            }
        } else if (w == "no_track") {
            r.no_track_ = true;
            r.tokens_.emplace_back(w);
        } else if (w == "track_group" && where == AddressContext::static_address) {
            if (auto v = take("track_group")) {
                r.track_group_ = std::string{*v};
            }
        } else if (contains(rule_options_with_arg, w)) {
            take(w);
        } else if (contains(rule_flags, w)) {
            r.tokens_.emplace_back(w);
            if (w == "inet6") {
                r.family_ = net::Family::ipv6;
            }
        } else {
            ctx.error(at, fmt::format("Unknown rule keyword {}", w));
            return std::nullopt;
        }
    }
    return r;
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
        if (r->track_group_ && !r->iif_) {
            ctx.error(s.where, "Static rule cannot have track_group if dev/iif not specified");
            r->track_group_.reset();
            const auto it = std::find(r->tokens_.begin(), r->tokens_.end(), "track_group");
            if (it != r->tokens_.end()) {
                r->tokens_.erase(it, std::min(it + 2, r->tokens_.end()));
            }
        }
        if (!r->preference_) {
            r->preference_ = ctx.take_rule_preference();
            ctx.warning(s.where, fmt::format("Rule has no preference specified - setting to {}. This is probably "
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
