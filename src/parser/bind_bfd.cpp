// bfd_instance NAME { ... } (keepalived bfd_parser.c, bfd_data.c alloc_bfd,
// vrrp_track.c alloc_vrrp_tracked_bfd; reference keepalived-2.2.7-vrrp-parity.md).
//
// keepalived's BFD, VRRP and checker processes each read the block: the BFD process
// checks the session settings, the VRRP process the track weight, and each process
// refuses a name it already knows. A message any of them reports is reported once here.
#include "parser/bind_lvs.hpp"
#include "parser/lvs_format.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

namespace vigil::parser {

namespace {

using config::BfdInstance;

constexpr std::size_t name_max = 31;  // BFD_INAME_MAX - 1
constexpr unsigned interval_max_ms = 4294967U;  // UINT32_MAX / 1000

struct BfdScope {
    BfdInstance& bfd;
    bool bfd_reads;   // the BFD process reads the session settings
    bool vrrp_reads;  // the VRRP process reads the weight
};

void source_ip(BindContext& ctx, const Statement& s, BfdScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || !t.bfd_reads) {
        return;
    }
    if (auto a = parse_socket_address(*text)) {
        t.bfd.source_ = *a;
    } else {
        ctx.error(s.words[1].where, fmt::format("Configuration error: BFD instance {} has malformed source address {}, "
                                                "ignoring",
                                                t.bfd.name_, *text));
    }
}

void neighbor_ip(BindContext& ctx, const Statement& s, BfdScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || !t.bfd_reads) {
        return;
    }
    if (auto a = parse_socket_address(*text)) {
        t.bfd.neighbor_ = *a;
        return;
    }
    // keepalived frees the instance and skips the rest of its block.
    ctx.error(s.words[1].where, fmt::format("Configuration error: BFD instance {} has malformed neighbor address {}, "
                                            "ignoring instance",
                                            t.bfd.name_, *text));
    t.bfd.neighbor_.reset();
    t.bfd_reads = false;
}

void interval(BindContext& ctx, const Statement& s, BfdScope& t, std::chrono::microseconds& target, unsigned min_ms,
              std::string_view what) {
    const auto text = ctx.word(s, 1);
    if (!text || !t.bfd_reads) {
        return;
    }
    const auto v = read_decimal(ctx, s.words[1].where, *text, min_ms * 1000UL, interval_max_ms * 1000UL, 3,
                                KeepOnError::no);
    if (!v) {
        ctx.error(s.words[1].where, fmt::format("Configuration error: BFD instance {} {} value {} is not valid (must be "
                                                "in range [{}-{}]), ignoring",
                                                t.bfd.name_, what, *text, min_ms, interval_max_ms));
        return;
    }
    target = std::chrono::microseconds{static_cast<long long>(*v)};
    if (*v > 10000UL * 1000UL) {
        ctx.notice(BindContext::location(s.words[1].where),
                   fmt::format("Configuration warning: BFD instance {} {} value {} is larger than max sensible (10000)",
                               t.bfd.name_, what, *text));
    }
}

void min_rx(BindContext& ctx, const Statement& s, BfdScope& t) {
    interval(ctx, s, t, t.bfd.min_rx_, 1, "min_rx");
}
void min_tx(BindContext& ctx, const Statement& s, BfdScope& t) {
    interval(ctx, s, t, t.bfd.min_tx_, 1, "min_tx");
}
void idle_tx(BindContext& ctx, const Statement& s, BfdScope& t) {
    interval(ctx, s, t, t.bfd.idle_tx_, 1000, "idle_tx");
}

void multiplier(BindContext& ctx, const Statement& s, BfdScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || !t.bfd_reads) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, 255)) {
        t.bfd.multiplier_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Configuration error: BFD instance {} multiplier value {} not valid (must "
                                                "be in range [1-255]), ignoring",
                                                t.bfd.name_, *text));
    }
}

void passive(BindContext&, const Statement&, BfdScope& t) {
    if (t.bfd_reads) {
        t.bfd.passive_ = true;
    }
}

void ttl(BindContext& ctx, const Statement& s, BfdScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || !t.bfd_reads) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, 255)) {
        t.bfd.ttl_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Configuration error: BFD instance {} ttl/hoplimit value {} not valid "
                                                "(must be in range [1-255]), ignoring",
                                                t.bfd.name_, *text));
    }
}

void max_hops(BindContext& ctx, const Statement& s, BfdScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || !t.bfd_reads) {
        return;
    }
    if (auto v = read_int(ctx, s.words[1].where, *text, -1, 255)) {
        t.bfd.max_hops_ = static_cast<int>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Configuration error: BFD instance {} max_hops value {} not valid (must "
                                                "be in range [-1-255]), ignoring",
                                                t.bfd.name_, *text));
    }
}

void weight(BindContext& ctx, const Statement& s, BfdScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || !t.vrrp_reads) {
        return;
    }
    if (auto v = read_int(ctx, s.words[1].where, *text, -253, 253)) {
        t.bfd.weight_ = static_cast<int>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Configuration error: BFD instance {} weight value {} not valid (must be "
                                                "in range [-253-253]), ignoring",
                                                t.bfd.name_, *text));
    }
    if (s.words.size() >= 3) {
        if (s.words[2].text == "reverse") {
            t.bfd.weight_reverse_ = true;
        } else {
            ctx.error(s.words[2].where, fmt::format("Configuration error: BFD instance {} unknown weight option {}",
                                                    t.bfd.name_, s.words[2].text));
        }
    }
}

void vrrp(BindContext&, const Statement&, BfdScope& t) {
    t.bfd.notify_vrrp_ = true;
}

void checker(BindContext&, const Statement&, BfdScope& t) {
    t.bfd.notify_checker_ = true;
}

constexpr Keyword<BfdScope> bfd_keywords[] = {
    {"source_ip", Shape::line, source_ip},   {"neighbor_ip", Shape::line, neighbor_ip},
    {"neighbour_ip", Shape::line, neighbor_ip}, {"min_rx", Shape::line, min_rx},
    {"min_tx", Shape::line, min_tx},          {"idle_tx", Shape::line, idle_tx},
    {"multiplier", Shape::line, multiplier},  {"passive", Shape::line, passive},
    {"ttl", Shape::line, ttl},                {"hoplimit", Shape::line, ttl},
    {"max_hops", Shape::line, max_hops},      {"weight", Shape::line, weight},
    {"vrrp", Shape::line, vrrp},              {"checker", Shape::line, checker},
};

// The BFD process's checks at the end of the block (bfd_end_handler).
bool session_ok(BindContext& ctx, const Location& at, BfdInstance& b, const std::vector<BfdInstance>& earlier) {
    if (!b.neighbor_) {
        ctx.error(at, fmt::format("Configuration error: BFD instance {} has no neighbor address set, disabling instance",
                                  b.name_));
        return false;
    }
    if (b.source_ && b.source_->family() != b.neighbor_->family()) {
        // keepalived formats both addresses into one static buffer: both show the source.
        const auto source = b.source_->to_string();
        ctx.error(at, fmt::format("Configuration error: BFD instance {} source address {} and neighbor address {} are "
                                  "not of the same family, disabling instance",
                                  b.name_, source, source));
        return false;
    }
    for (const auto& other : earlier) {
        if (!other.runs_ || other.neighbor_ != b.neighbor_) {
            continue;
        }
        if (other.source_ && b.source_ && other.source_ != b.source_) {
            continue;
        }
        if (b.source_) {
            ctx.error(at, fmt::format("Configuration error: BFD instance {} has duplicate source/neighbor address {}/{}, "
                                      "ignoring instance",
                                      b.name_, b.source_->to_string(), b.neighbor_->to_string()));
        } else {
            ctx.error(at, fmt::format("Configuration error: BFD instance {} has duplicate neighbor address {}, ignoring "
                                      "instance",
                                      b.name_, b.neighbor_->to_string()));
        }
        return false;
    }
    const unsigned ttl = b.ttl_.value_or(b.neighbor_->family() == net::Family::ipv4 ? 255U : 64U);
    if (b.max_hops_ > static_cast<int>(ttl)) {
        ctx.error(at, fmt::format("BFD instance {}: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit", b.name_));
        b.max_hops_ = static_cast<int>(ttl);
    }
    return true;
}

} // namespace

void bind_bfd_instance(BindContext& ctx, const Statement& s, config::Config& cfg) {
    const auto name = ctx.word(s, 1);
    if (!name) {
        return;
    }
    auto& list = cfg.bfd_instances_;
    auto known = [&](bool BfdInstance::*flag) {
        for (const auto& b : list) {
            if (b.*flag && b.name_ == *name) {
                return true;
            }
        }
        return false;
    };
    const bool fits = name->size() <= name_max;
    const bool bfd_reads = fits && !known(&BfdInstance::runs_);
    const bool vrrp_reads = fits && !known(&BfdInstance::tracked_by_vrrp_);
    const bool checker_reads = !known(&BfdInstance::tracked_by_checker_);
    const auto& at = s.words[1].where;
    // The VRRP reading's own checks of the name ("BFD name X too long", "BFD X already
    // specified") are reported from that reading (bind_root.cpp register_vrrp_bfd).
    if (!checker_reads) {
        ctx.error(at, fmt::format("BFD {} already specified", *name));
    }
    if (!fits) {
        ctx.error(at, fmt::format("Configuration error: BFD instance {} name too long (maximum length is {} characters) "
                                  "- ignoring",
                                  *name, name_max));
    } else if (!bfd_reads) {
        ctx.error(at, fmt::format("Configuration error: BFD instance {} already configured - ignoring", *name));
    }
    BfdInstance b;
    b.name_ = std::string{*name};
    b.location_ = BindContext::location(s.where);
    if (!bfd_reads && !vrrp_reads && !checker_reads) {
        list.push_back(std::move(b));
        return;
    }
    BfdScope scope{b, bfd_reads, vrrp_reads};
    bind_block<BfdScope>(ctx, s.block, bfd_keywords, scope);
    const bool for_all = !b.notify_vrrp_ && !b.notify_checker_;
    b.runs_ = scope.bfd_reads && session_ok(ctx, s.block_close.line != 0 ? s.block_close : s.where, b, list);
    b.tracked_by_vrrp_ = vrrp_reads && (for_all || b.notify_vrrp_);
    b.tracked_by_checker_ = checker_reads && (for_all || b.notify_checker_);
    list.push_back(std::move(b));
}

} // namespace vigil::parser
