// The top level of a configuration (reference §3 "Top-level (root) keywords", §3.1).
#include "parser/bind_root.hpp"

#include "parser/bind_address.hpp"
#include "parser/bind_blocks.hpp"
#include "parser/bind_lvs.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace vigil::parser {

namespace {

namespace h = handlers;
using config::Config;

std::optional<std::string> block_name(BindContext& ctx, const Statement& s) {
    if (s.words.size() < 2) {
        ctx.error(s.where, fmt::format("{} block has no name - ignoring", s.keyword()));
        return std::nullopt;
    }
    return std::string{s.words[1].text};
}

template <typename T>
bool name_taken(const std::vector<T>& items, const std::string& name) {
    return std::any_of(items.begin(), items.end(), [&](const T& t) { return t.name_ == name; });
}

// keepalived resolves track_script/track_file/track_process references when it reads the
// instance or group, so only objects defined earlier in the file are found.
template <typename T>
void resolve(BindContext& ctx, std::vector<config::TrackedObject>& refs, const std::vector<T>& known,
             std::string_view owner, std::string_view what) {
    std::erase_if(refs, [&](const config::TrackedObject& ref) {
        if (name_taken(known, ref.name_)) {
            return false;
        }
        ctx.error(ref.location_, fmt::format("({}) track {} {} not found, ignoring...", owner, what, ref.name_));
        return true;
    });
}

void resolve_trackers(BindContext& ctx, config::Trackers& t, const Config& cfg, std::string_view owner) {
    resolve(ctx, t.scripts_, cfg.scripts_, owner, "script");
    resolve(ctx, t.files_, cfg.track_files_, owner, "file");
    resolve(ctx, t.processes_, cfg.track_processes_, owner, "process");
    // track_bfd names a bfd_instance defined above that the VRRP process tracks.
    std::erase_if(t.bfds_, [&](const config::TrackedObject& ref) {
        const bool known = std::any_of(cfg.bfd_instances_.begin(), cfg.bfd_instances_.end(), [&](const auto& b) {
            return b.tracked_by_vrrp_ && b.name_ == ref.name_;
        });
        if (!known) {
            ctx.error(ref.location_, fmt::format("({}) track bfd {} not found, ignoring...", owner, ref.name_));
        }
        return !known;
    });
}

void global_defs(BindContext& ctx, const Statement& s, Config& cfg) {
    bind_global_defs(ctx, s, cfg.global_);
}

void vrrp_instance(BindContext& ctx, const Statement& s, Config& cfg) {
    auto name = block_name(ctx, s);
    if (!name) {
        return;
    }
    if (!ctx.claim_instance_name(s.words[1].text)) {
        ctx.error(s.words[1].where, fmt::format("vrrp_instance {} already defined - ignoring", *name));
        return;
    }
    // Bound in place: an instance is never rejected once its name is accepted.
    auto& vi = cfg.instances_.emplace_back();
    vi.name_ = std::move(*name);
    vi.location_ = BindContext::location(s.where);
    bind_instance(ctx, s, vi);
    resolve_trackers(ctx, vi.track_, cfg, vi.name_);
}

void vrrp_sync_group(BindContext& ctx, const Statement& s, Config& cfg) {
    auto name = block_name(ctx, s);
    if (!name) {
        return;
    }
    config::SyncGroup sg;
    sg.name_ = std::move(*name);
    sg.location_ = BindContext::location(s.where);
    bind_sync_group(ctx, s, sg);
    const bool has_group = std::any_of(s.block.begin(), s.block.end(), [](const Statement& c) { return c.keyword() == "group"; });
    if (has_group && sg.members_.empty()) {
        ctx.warning(s.where, fmt::format("Warning - sync group {} has empty group block", sg.name_));
    }
    resolve_trackers(ctx, sg.track_, cfg, sg.name_);
    cfg.sync_groups_.push_back(std::move(sg));
}

// A named root block bound by `bind`; nullopt (after the message) when its required
// setting `required` is missing ("No X set for KEYWORD NAME - removing").
template <typename T, typename Required>
std::optional<T> named_object(BindContext& ctx, const Statement& s, void (*bind)(BindContext&, const Statement&, T&),
                              Required T::*required, std::string_view what) {
    auto name = block_name(ctx, s);
    if (!name) {
        return std::nullopt;
    }
    T object;
    object.name_ = std::move(*name);
    object.location_ = BindContext::location(s.where);
    bind(ctx, s, object);
    if (!(object.*required)) {
        ctx.error(s.where, fmt::format("No {} set for {} {} - removing", what, s.keyword(), object.name_));
        return std::nullopt;
    }
    return object;
}

void vrrp_script(BindContext& ctx, const Statement& s, Config& cfg) {
    if (auto vs = named_object(ctx, s, bind_script, &config::VrrpScript::script_, "script")) {
        cfg.scripts_.push_back(std::move(*vs));
    }
}

void track_file(BindContext& ctx, const Statement& s, Config& cfg) {
    if (auto tf = named_object(ctx, s, bind_track_file, &config::TrackFile::file_, "file")) {
        cfg.track_files_.push_back(std::move(*tf));
    }
}

void track_process(BindContext& ctx, const Statement& s, Config& cfg) {
    if (auto tp = named_object(ctx, s, bind_track_process, &config::TrackProcess::process_, "process")) {
        cfg.track_processes_.push_back(std::move(*tp));
    }
}

void garp_group(BindContext& ctx, const Statement& s, Config& cfg) {
    config::GarpGroup gg;
    gg.location_ = BindContext::location(s.where);
    bind_garp_group(ctx, s, gg);
    cfg.garp_groups_.push_back(std::move(gg));
}

void static_ipaddress(BindContext& ctx, const Statement& s, Config& cfg) {
    bind_addresses(ctx, s, AddressContext::static_address, cfg.static_addresses_);
}

void static_routes(BindContext& ctx, const Statement& s, Config& cfg) {
    bind_routes(ctx, s, AddressContext::static_address, cfg.static_routes_);
}

void static_rules(BindContext& ctx, const Statement& s, Config& cfg) {
    bind_rules(ctx, s, AddressContext::static_address, cfg.static_rules_);
}

void track_group(BindContext& ctx, const Statement& s, Config& cfg) {
    auto name = block_name(ctx, s);
    if (!name) {
        return;
    }
    config::TrackGroup tg;
    tg.name_ = std::move(*name);
    tg.location_ = BindContext::location(s.where);
    for (const auto& line : s.block) {
        if (line.keyword() == "group") {
            for (const auto& member : line.block) {
                for (const auto& w : member.words) {
                    tg.members_.emplace_back(w.text);
                }
            }
        } else if (!line.words.empty()) {
            static constexpr std::string_view names[] = {"group"};
            report_unknown_keyword(ctx, line, names);
        }
    }
    cfg.root_.track_groups_.push_back(std::move(tg));
}

void linkbeat_interfaces(BindContext& ctx, const Statement& s, Config& cfg) {
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        config::LinkbeatInterface li{std::string{line.words[0].text}, std::nullopt};
        if (line.words.size() > 1) {
            const auto t = line.words[1].text;
            if (t == "MII" || t == "ETHTOOL" || t == "IOCTL") {
                li.type_ = std::string{t};
            } else {
                ctx.error(line.words[1].where, fmt::format("Unknown linkbeat type {} for {}", t, li.name_));
            }
        }
        cfg.root_.linkbeat_interfaces_.push_back(std::move(li));
    }
}

void interface_up_down_delays(BindContext& ctx, const Statement& s, Config& cfg) {
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        config::InterfaceUpDownDelay d;
        d.name_ = std::string{line.words[0].text};
        const auto down = ctx.timer(line, 1, 0, 255);
        if (!down) {
            continue;
        }
        d.down_delay_ = *down;
        d.up_delay_ = *down;
        if (line.words.size() > 2) {
            const auto up = ctx.timer(line, 2, 0, 255);
            if (!up) {
                continue;
            }
            d.up_delay_ = *up;
        }
        cfg.root_.interface_up_down_delays_.push_back(std::move(d));
    }
}

void net_namespace(BindContext& ctx, const Statement& s, Config& cfg) {
    h::string<&config::RootSettings::net_namespace_>(ctx, s, cfg.root_);
}
void net_namespace_ipvs(BindContext&, const Statement& s, Config& cfg) {
    cfg.root_.net_namespace_ipvs_ = s.words.size() > 1 ? std::string{s.words[1].text} : std::string{};
}
void namespace_with_ipsets(BindContext&, const Statement&, Config& cfg) {
    cfg.root_.namespace_with_ipsets_ = true;
}
void instance(BindContext& ctx, const Statement& s, Config& cfg) {
    h::string<&config::RootSettings::instance_>(ctx, s, cfg.root_);
}
void use_pid_dir(BindContext&, const Statement&, Config& cfg) {
    cfg.root_.use_pid_dir_ = true;
}
void child_wait_time(BindContext& ctx, const Statement& s, Config& cfg) {
    h::integer<&config::RootSettings::child_wait_time_, 0, 0xffffffffLL>(ctx, s, cfg.root_);
}
void linkbeat_use_polling(BindContext&, const Statement&, Config& cfg) {
    cfg.root_.linkbeat_use_polling_ = true;
}

constexpr Keyword<Config> root_keywords[] = {
    {"global_defs", Shape::block, global_defs},
    {"vrrp_instance", Shape::block, vrrp_instance},
    {"vrrp_sync_group", Shape::block, vrrp_sync_group},
    {"vrrp_script", Shape::block, vrrp_script},
    {"track_file", Shape::block, track_file},
    {"vrrp_track_file", Shape::block, track_file},
    {"vrrp_track_process", Shape::block, track_process},
    {"garp_group", Shape::block, garp_group},
    {"static_ipaddress", Shape::block, static_ipaddress},
    {"static_routes", Shape::block, static_routes},
    {"static_rules", Shape::block, static_rules},
    {"track_group", Shape::block, track_group},
    {"linkbeat_interfaces", Shape::block, linkbeat_interfaces},
    {"interface_up_down_delays", Shape::block, interface_up_down_delays},
    {"net_namespace", Shape::line, net_namespace},
    {"net_namespace_ipvs", Shape::line, net_namespace_ipvs},
    {"namespace_with_ipsets", Shape::line, namespace_with_ipsets},
    {"instance", Shape::line, instance},
    {"use_pid_dir", Shape::line, use_pid_dir},
    {"child_wait_time", Shape::line, child_wait_time},
    {"linkbeat_use_polling", Shape::line, linkbeat_use_polling},
    {"virtual_server", Shape::block, bind_virtual_server},
    {"virtual_server_group", Shape::block, bind_virtual_server_group},
    {"SSL", Shape::block, bind_ssl},
    {"bfd_instance", Shape::block, bind_bfd_instance},
};

} // namespace

namespace {

void reserve_instances(const SyntaxTree& tree, Config& cfg) {
    cfg.instances_.reserve(static_cast<std::size_t>(std::count_if(
        tree.statements.begin(), tree.statements.end(), [](const Statement& s) { return s.keyword() == "vrrp_instance"; })));
}

} // namespace

config::Config bind_config(const SyntaxTree& tree, Diagnostics& diagnostics) {
    BindContext ctx{diagnostics};
    Config cfg;
    reserve_instances(tree, cfg);
    bind_block<Config>(ctx, tree.statements, root_keywords, cfg);
    return cfg;
}

config::Config bind_config(SyntaxTree&& input, Diagnostics& diagnostics) {
    SyntaxTree tree{std::move(input)};  // released on return, before validation starts
    BindContext ctx{diagnostics};       // holds views into the tree's text: destroyed first
    Config cfg;
    reserve_instances(tree, cfg);
    // bind_block treats each statement independently, so binding one at a time gives the
    // same model and the same diagnostics in the same order.
    for (auto& s : tree.statements) {
        bind_block<Config>(ctx, std::span<const Statement>{&s, 1}, root_keywords, cfg);
        std::vector<Statement>{}.swap(s.block);
    }
    return cfg;
}

} // namespace vigil::parser
