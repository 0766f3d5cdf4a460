// virtual_rules / static_rules lines: keepalived 2.2.7's alloc_rule() (vrrp_iprule.c), same
// checks, order and wording. A value read without checking that it is there aborts.
#include "parser/bind_option_line.hpp"
#include "parser/rt_names.hpp"

#include <fmt/format.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

namespace vigil::parser {

namespace {

using net::Family;

enum class Action : std::uint8_t { unspec, to_table, go_to, nop, blackhole, unreachable, prohibit };

class RuleReader : OptionLineReader<config::Rule> {
public:
    RuleReader(BindContext& ctx, const Statement& s, AddressContext where) : OptionLineReader{ctx, s, where} {}
    std::optional<config::Rule> read();

private:
    bool family(std::optional<Family> f) {
        if (!f) {
            return true;
        }
        if (!family_) {
            family_ = f;
            return true;
        }
        if (*family_ != *f) {
            error("rule specification has mixed IPv4 and IPv6");
            return false;
        }
        return true;
    }
    bool option(std::string_view w);  // false: keepalived drops the rule
    bool set_action(Action a, std::string_view message) {
        if (action_ != Action::unspec) {
            error(std::string{message});
            return false;
        }
        action_ = a;
        return true;
    }

    std::optional<Family> family_;
    Action action_ = Action::unspec;
    bool table_option_ = false;
    bool l3mdev_ = false;
    bool have_table_ = false;
    std::optional<unsigned long> goto_target_;
};

bool RuleReader::option(std::string_view w) {
    const auto& sys = ctx_.system();
    if (w == "inet6" || w == "inet") {
        const Family f = w == "inet6" ? Family::ipv6 : Family::ipv4;
        if (family_ && *family_ != f) {
            error(f == Family::ipv6 ? "inet6 specified for IPv4 rule" : "inet specified for IPv6 rule");
            return false;
        }
        family_ = f;
        keep(w);
        // keepalived 2.2.7 steps past inet/inet6 twice (its handler and its loop both
        // increment): the word after it is never read.
        ++i_;
        return true;
    }
    if (w == "from" || w == "to") {
        const auto v = next();
        if (!v) {
            return false;
        }
        const auto a = parse_route_address(ctx_, s_.where, *v);
        if (!a) {
            error(fmt::format("Invalid rule {} address {}", w, *v));
            return false;
        }
        if (!family(a->family_given ? std::optional<Family>{a->family} : std::nullopt)) {
            return false;
        }
        if (!a->any) {
            (w == "from" ? r_.from_ : r_.to_) = net::IpPrefix{a->address, a->prefix};
        }
        keep(w, *v);
        return true;
    }
    if (w == "table" || w == "lookup") {
        const auto v = next();
        if (!v) {
            return false;
        }
        const auto t = rt_names::table(sys, *v);
        if (!t) {
            error(fmt::format("Routing table {} not found for rule", *v));
            return false;
        }
        if (*t == 0) {
            error("Table 0 is not valid");
            return false;
        }
        if (!set_action(Action::to_table,
                        "Cannot specify more than one of table/nop/goto/blackhole/prohibit/unreachable for rule")) {
            return false;
        }
        have_table_ = true;
        r_.table_ = std::string{*v};
        keep("table", *v);
        return true;
    }
    if (w == "not") {
        keep(w);
        return true;
    }
    if (w == "preference" || w == "order" || w == "priority") {
        if (!next()) {
            return false;
        }
        const auto r = read_unsigned(s_.words[i_].text, 0, UINT32_MAX, 0);
        for (const auto& m : r.messages) {
            error(m);
        }
        if (!r.ok) {
            error(fmt::format("Invalid rule preference {} specified", w));
            return false;
        }
        r_.preference_ = static_cast<std::uint32_t>(r.value);
        keep("preference", s_.words[i_].text);
        return true;
    }
    if (w == "tos" || w == "dsfield") {
        const auto v = next_valid([&](auto t) { return rt_names::dsfield(sys, t).has_value(); }, "TOS value {} is invalid");
        if (!v) {
            return false;
        }
        keep(w, *v);
        return true;
    }
    if (w == "fwmark") {
        const auto v = next();
        if (!v) {
            return false;
        }
        std::string text{v->substr(std::min(v->find_first_not_of(" \t\f\n\r\v"), v->size()))};
        bool bad = !text.empty() && text[0] == '-';
        char* end = nullptr;
        if (!bad) {
            const unsigned long mark = std::strtoul(text.c_str(), &end, 0);
            bad = mark > UINT32_MAX;
            if (!bad && *end == '/') {
                bad = std::isspace(static_cast<unsigned char>(end[1])) != 0 || end[1] == '-';
                if (!bad) {
                    bad = std::strtoul(end + 1, &end, 0) > UINT32_MAX;
                }
            }
            bad = bad || *end != '\0';
        }
        if (bad) {
            error(fmt::format("Invalid rule fwmark {} specified", text));
            return false;
        }
        keep(w, *v);
        return true;
    }
    if (w == "realms") {
        const auto v = next_valid([&](auto t) { return rt_names::realms(sys, t).has_value(); }, "invalid realms {} for rule");
        if (!v) {
            return false;
        }
        table_option_ = true;
        if (family_ && *family_ != Family::ipv4) {
            error("realms is only valid for IPv4");
            return false;
        }
        family_ = Family::ipv4;
        keep(w, *v);
        return true;
    }
    if (w == "suppress_prefixlength" || w == "sup_pl") {
        if (!ctx_.unsigned_at(s_, ++i_, 0, INT32_MAX)) {
            if (BindContext::has(s_, i_)) {
                error(fmt::format("Invalid suppress_prefixlength {} specified", w));
            }
            return false;
        }
        table_option_ = true;
        keep(w, s_.words[i_].text);
        return true;
    }
    if (w == "suppress_ifgroup" || w == "sup_group") {
        const auto v = next_valid([&](auto t) { return rt_names::group(sys, t).has_value(); }, "suppress_group {} is invalid");
        if (!v) {
            return false;
        }
        table_option_ = true;
        keep(w, *v);
        return true;
    }
    if (w == "dev" || w == "iif" || w == "oif") {
        const auto v = next_valid(dynamic_interface(), "WARNING - interface {} for rule doesn't exist");
        if (!v) {
            return false;
        }
        (w == "oif" ? r_.oif_ : r_.iif_) = std::string{*v};
        keep(w == "oif" ? "oif" : "iif", *v);
        return true;
    }
    if (w == "tunnel-id") {
        if (!ctx_.unsigned64_at(s_, ++i_, 0, UINT64_MAX)) {
            if (BindContext::has(s_, i_)) {
                error(fmt::format("Invalid tunnel-id {} specified", w));
            }
            return false;
        }
        keep(w, s_.words[i_].text);
        return true;
    }
    if (w == "uidrange") {
        const auto v = next();
        if (!v) {
            return false;
        }
        unsigned a = 0;
        unsigned b = 0;
        if (std::sscanf(std::string{*v}.c_str(), "%u-%u", &a, &b) != 2) {
            error(fmt::format("Invalid uidrange {} specified", w));
            return false;
        }
        keep(w, *v);
        return true;
    }
    if (w == "l3mdev") {
        l3mdev_ = true;
        if (!set_action(Action::to_table, "Cannot specify l3mdev with other action")) {
            return false;
        }
        keep(w);
        return true;
    }
    if (w == "protocol") {
        if (const auto p = ctx_.unsigned_at(s_, ++i_, 0, 255)) {
            have_protocol_ = true;
            protocol_ = static_cast<std::uint8_t>(*p);
            keep(w, s_.words[i_].text);
        } else if (BindContext::has(s_, i_)) {
            error(fmt::format("Invalid protocol {}", s_.words[i_].text));
        } else {
            return false;
        }
        return true;
    }
    if (w == "ipproto") {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (!rt_names::ip_protocol(sys, *v)) {
            error(fmt::format("Invalid ipproto {}", *v));
        } else {
            keep(w, *v);
        }
        return true;
    }
    if (w == "sport" || w == "dport") {
        const auto v = next();
        if (!v) {
            return false;
        }
        unsigned short a = 0;
        unsigned short b = 0;
        const int n = std::sscanf(std::string{*v}.c_str(), "%hu-%hu", &a, &b);
        if (n != 1 && n != 2) {
            error(fmt::format("invalid {} range {}", w, *v));
        } else {
            keep(w, *v);
        }
        return true;
    }
    if (w == "no_track") {
        r_.no_track_ = true;
        keep(w);
        return true;
    }
    if (where_ == AddressContext::static_address && w == "track_group") {
        return track_group(AfterDuplicate::stop_line);
    }
    std::string_view type = w;
    if (w == "type") {
        const auto v = next();
        if (!v) {
            return false;
        }
        type = *v;
    }
    Action action = Action::unspec;
    if (type == "goto") {
        if (!ctx_.unsigned_at(s_, ++i_, 0, UINT32_MAX)) {
            if (BindContext::has(s_, i_)) {
                error(fmt::format("Invalid target {} specified", type));
            }
            return false;
        }
        goto_target_ = read_unsigned(s_.words[i_].text, 0, UINT32_MAX).value;
        keep("goto", s_.words[i_].text);
        action = Action::go_to;
    } else if (type == "nop") {
        keep("nop");
        action = Action::nop;
    } else if (const auto t = rt_names::route_type(type)) {
        if (*t == rt_names::rtn_blackhole) {
            action = Action::blackhole;
        } else if (*t == rt_names::rtn_unreachable) {
            action = Action::unreachable;
        } else if (*t == rt_names::rtn_prohibit) {
            action = Action::prohibit;
        } else {
            error(fmt::format("Invalid rule action {}", type));
            return false;
        }
        keep(*t == rt_names::rtn_blackhole ? "blackhole" : *t == rt_names::rtn_unreachable ? "unreachable" : "prohibit");
    } else {
        error(fmt::format("Unknown rule option {}", type));
        return false;
    }
    return set_action(action,
                      "Cannot specify more than one of table/nop/goto/blackhole/prohibit/unreachable/l3mdev for rule");
}

std::optional<config::Rule> RuleReader::read() {
    r_.location_ = BindContext::location(s_.where);
    while (i_ < s_.words.size()) {
        if (!option(s_.words[i_].text)) {
            return std::nullopt;
        }
        ++i_;
    }
    if (action_ == Action::go_to) {
        if (!r_.preference_) {
            error(fmt::format("Invalid rule - goto target {} specified without preference", *goto_target_));
            return std::nullopt;
        }
        if (*r_.preference_ >= *goto_target_) {
            error(fmt::format("Invalid rule - preference {} >= goto target {}", *r_.preference_, *goto_target_));
            return std::nullopt;
        }
    }
    if (action_ == Action::unspec) {
        error("No action specified for rule - ignoring");
        return std::nullopt;
    }
    if (action_ != Action::to_table && table_option_) {
        error("suppressor/realm specified for non table action - skipping");
        return std::nullopt;
    }
    if (have_table_ && l3mdev_) {
        error("table cannot be specified for l3mdev rules");
        return std::nullopt;
    }
    reset_untracked_protocol("Rule");
    if (r_.track_group_ && !r_.iif_) {
        error("Static rule cannot have track_group if dev/iif not specified");
        r_.track_group_.reset();
    }
    keep_track_group();
    r_.family_ = family_.value_or(Family::ipv4);
    return r_;
}

} // namespace

std::optional<config::Rule> bind_rule(BindContext& ctx, const Statement& s, AddressContext where) {
    return RuleReader{ctx, s, where}.read();
}

} // namespace vigil::parser
