#pragma once
// The shape the route and rule readers share (bind_route*.cpp, bind_rule.cpp): one line's
// words read left to right as keepalived 2.2.7's alloc_route() / alloc_rule()
// (vrrp_iproute.c, vrrp_iprule.c) read them, the item's canonical tokens kept as each option
// is accepted. A value keepalived reads without checking that it is there aborts
// (strvec_slot).

#include "parser/bind_address.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::parser {

// RTPROT_KEEPALIVED: the only protocol a tracked route or rule may carry.
inline constexpr std::uint8_t rtprot_keepalived = 18;

// Item is config::Route or config::Rule (both have tokens_, no_track_ and track_group_).
template <class Item>
class OptionLineReader {
protected:
    OptionLineReader(BindContext& ctx, const Statement& s, AddressContext where) : ctx_{ctx}, s_{s}, where_{where} {}

    // strvec_slot(strvec, ++i_): the next word, or abort.
    std::optional<std::string_view> next() {
        ++i_;
        return ctx_.word(s_, i_);
    }
    // The next word when `valid` accepts it; otherwise nothing, after `invalid` (its {} is the
    // word) when the word was there.
    template <class Valid>
    std::optional<std::string_view> next_valid(Valid valid, std::string_view invalid) {
        const auto v = next();
        if (v && !valid(*v)) {
            error(fmt::format(fmt::runtime(invalid), *v));
            return std::nullopt;
        }
        return v;
    }
    // next_valid's check that an interface exists (or may come later: dynamic_interfaces).
    auto dynamic_interface() {
        return [this](std::string_view name) {
            return ctx_.lookup_interface(name, BindContext::IfLookup::create_if_dynamic);
        };
    }
    void error(std::string message) { ctx_.error(s_.where, std::move(message)); }
    void keep(std::string_view w) { r_.tokens_.emplace_back(w); }
    void keep(std::string_view keyword, std::string_view value) {
        keep(keyword);
        keep(value);
    }

    // "track_group NAME" of a static route or rule; false when the line ends before NAME.
    // A duplicate is reported and ignored; keepalived stops reading a rule there, not a
    // route (`after`).
    enum class AfterDuplicate : std::uint8_t { read_on, stop_line };
    bool track_group(AfterDuplicate after) {
        const auto v = next();
        if (!v) {
            return false;
        }
        if (r_.track_group_) {
            error(fmt::format("track_group {} is a duplicate", *v));
            if (after == AfterDuplicate::stop_line) {
                i_ = s_.words.size();
            }
            return true;
        }
        if (!track_group_defined(ctx_, *v)) {
            error(fmt::format("track_group {} not found", *v));
        } else {
            r_.track_group_ = std::string{*v};
        }
        return true;
    }

    // A tracked item keeps only protocol RTPROT_KEEPALIVED: any other is reported (`what` is
    // "Route" or "Rule") and its "protocol N" tokens are dropped.
    void reset_untracked_protocol(std::string_view what) {
        if (r_.no_track_ || !have_protocol_ || protocol_ == rtprot_keepalived) {
            return;
        }
        error(fmt::format("{} cannot be tracked if protocol is not RTPROT_KEEPALIVED({}), resetting protocol", what,
                          rtprot_keepalived));
        const auto it = std::find(r_.tokens_.begin(), r_.tokens_.end(), "protocol");
        if (it != r_.tokens_.end()) {
            r_.tokens_.erase(it, std::min(it + 2, r_.tokens_.end()));
        }
    }
    // The track_group tokens go last, once the whole line is read.
    void keep_track_group() {
        if (r_.track_group_) {
            keep("track_group", *r_.track_group_);
        }
    }

    BindContext& ctx_;
    const Statement& s_;
    AddressContext where_;
    std::size_t i_ = 0;
    Item r_;
    bool have_protocol_ = false;
    std::uint8_t protocol_ = 0;
};

}  // namespace vigil::parser
