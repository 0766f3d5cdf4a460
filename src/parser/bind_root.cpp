// The top level of a configuration (reference §3 "Top-level (root) keywords", §3.1).
#include "parser/bind_root.hpp"

#include "parser/bind_address.hpp"
#include "parser/bind_blocks.hpp"
#include "parser/bind_lvs.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/block_structure.hpp"
#include "parser/keyword_schema.hpp"
#include "parser/validate_scripts.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace vigil::parser {

namespace {

namespace h = handlers;
using config::Config;

// vector_count(strvec) != 2: "<KEYWORD> must have a name" (the block is then skipped).
bool named_once(BindContext& ctx, const Statement& s, std::string_view message) {
    if (s.words.size() != 2) {
        ctx.error(s.where, std::string{message});
        return false;
    }
    return true;
}

template <typename T>
bool defined(const std::vector<T>& items, std::string_view name) {
    return std::any_of(items.begin(), items.end(), [&](const T& t) { return t.name_ == name; });
}

void global_defs(BindContext& ctx, const Statement& s, Config& cfg) {
    bind_global_defs(ctx, s, cfg.global_);
}

void vrrp_instance(BindContext& ctx, const Statement& s, Config& cfg) {
    if (!named_once(ctx, s, "vrrp_instance must have a name")) {
        return;
    }
    if (!ctx.claim_instance_name(s.words[1].text)) {
        ctx.error(s.words[1].where, fmt::format("vrrp instance {} already defined", s.words[1].text));
        return;
    }
    auto& vi = cfg.instances_.emplace_back();
    vi.name_ = std::string{s.words[1].text};
    vi.location_ = BindContext::location(s.where);
    bind_instance(ctx, s, vi);
}

void vrrp_sync_group(BindContext& ctx, const Statement& s, Config& cfg) {
    if (!named_once(ctx, s, "vrrp_sync_group must have a name - skipping")) {
        return;
    }
    if (defined(cfg.sync_groups_, s.words[1].text)) {
        ctx.error(s.words[1].where, fmt::format("vrrp sync group {} already defined", s.words[1].text));
        return;
    }
    config::SyncGroup sg;
    sg.name_ = std::string{s.words[1].text};
    sg.location_ = BindContext::location(s.where);
    bind_sync_group(ctx, s, sg);
    cfg.sync_groups_.push_back(std::move(sg));
}

// A named root block (vrrp_script, track_file, vrrp_track_process): its name is read
// unchecked (a missing one aborts); the same name may be defined again (the first wins).
template <typename T>
std::optional<T> named_object(BindContext& ctx, const Statement& s) {
    const auto name = ctx.word(s, 1);
    if (!name) {
        return std::nullopt;
    }
    T object;
    object.name_ = std::string{*name};
    object.location_ = BindContext::location(s.where);
    return object;
}

// vrrp_script, track_file, vrrp_track_process: the block bound by `Bind`, kept in `List`
// unless Bind drops it.
template <typename T, bool (*Bind)(BindContext&, const Statement&, T&), std::vector<T> Config::*List>
void named_block(BindContext& ctx, const Statement& s, Config& cfg) {
    auto object = named_object<T>(ctx, s);
    if (object && Bind(ctx, s, *object)) {
        (cfg.*List).push_back(std::move(*object));
    }
}

void garp_group(BindContext& ctx, const Statement& s, Config& cfg) {
    config::GarpGroup gg;
    gg.location_ = BindContext::location(s.where);
    if (bind_garp_group(ctx, s, gg)) {
        cfg.garp_groups_.push_back(std::move(gg));
    }
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
    if (!named_once(ctx, s, "track_group must have a name - skipping")) {
        return;
    }
    if (defined(cfg.root_.track_groups_, s.words[1].text)) {
        ctx.error(s.words[1].where, fmt::format("track_group {} already defined", s.words[1].text));
        return;
    }
    config::TrackGroup tg;
    tg.name_ = std::string{s.words[1].text};
    tg.location_ = BindContext::location(s.where);
    bool have_group = false;
    for (const auto& line : s.block) {
        if (line.keyword() == "group") {
            if (have_group) {
                ctx.error(line.where, fmt::format("Group list already specified for sync group {}", tg.name_));
                continue;
            }
            have_group = true;
            for (const auto& member : line.block) {
                for (const auto& w : member.words) {
                    tg.members_.emplace_back(w.text);
                }
            }
            if (tg.members_.empty()) {
                ctx.error(line.where, fmt::format("Warning - track group {} has empty group block", tg.name_));
            }
        } else if (!line.words.empty()) {
            static constexpr std::string_view names[] = {"group"};
            report_unknown_keyword(ctx, line, names);
        }
    }
    cfg.root_.track_groups_.push_back(std::move(tg));
}

// alloc_linkbeat_interface(): an unknown interface is fatal (unless dynamic_interfaces).
void linkbeat_interfaces(BindContext& ctx, const Statement& s, Config& cfg) {
    const auto mode = cfg.global_.dynamic_interfaces_ ? BindContext::IfLookup::create_if_dynamic
                                                      : BindContext::IfLookup::no_create;
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        const auto name = line.words[0].text;
        if (!ctx.lookup_interface(name, mode)) {
            ctx.diagnostics().report(Severity::fatal, ExitClass::fatal, line.where,
                                     fmt::format("unknown interface {} specified for linkbeat interface", name));
            continue;
        }
        config::LinkbeatInterface li{std::string{name}, std::nullopt};
        if (line.words.size() > 1) {
            const auto t = line.words[1].text;
            const bool known = t == "MII" || t == "ETHTOOL" || t == "IOCTL";
            if (known) {
                li.type_ = std::string{t};
            }
            if (!known || line.words.size() > 2) {
                ctx.error(line.words[1].where, fmt::format("extra characters {} in linkbeat interface", t));
            }
        }
        cfg.root_.linkbeat_interfaces_.push_back(std::move(li));
    }
}

// alloc_if_up_down_delay(): the timers' problems are only logged by keepalived.
void interface_up_down_delays(BindContext& ctx, const Statement& s, Config& cfg) {
    const auto mode = cfg.global_.dynamic_interfaces_ ? BindContext::IfLookup::create_if_dynamic
                                                      : BindContext::IfLookup::no_create;
    for (const auto& line : s.block) {
        if (line.words.empty()) {
            continue;
        }
        if (!ctx.lookup_interface(line.words[0].text, mode)) {
            ctx.diagnostics().report(Severity::fatal, ExitClass::fatal, line.where,
                                     fmt::format("unknown interface {} specified for up/down delay", line.words[0].text));
            continue;
        }
        if (line.words.size() < 2) {
            continue;  // "No timeouts specified" (logged)
        }
        const auto down = read_decimal(line.words[1].text, 0, 255000000UL, 6, Lenient::yes);
        for (const auto& m : down.messages) {
            ctx.error(line.words[1].where, m);
        }
        if (!down.ok) {
            continue;
        }
        config::InterfaceUpDownDelay d;
        d.name_ = std::string{line.words[0].text};
        d.down_delay_ = config::microseconds{down.value};
        if (line.words.size() > 2) {
            const auto up = read_decimal(line.words[2].text, 0, 255000000UL, 6, Lenient::yes);
            for (const auto& m : up.messages) {
                ctx.error(line.words[2].where, m);
            }
            if (!up.ok) {
                continue;
            }
            d.up_delay_ = config::microseconds{up.value};
        }
        cfg.root_.interface_up_down_delays_.push_back(std::move(d));
    }
}

// The root settings read by keepalived's parent (global_parser.c).
void net_namespace(BindContext& ctx, const Statement& s, Config& cfg) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "net_namespace name missing - ignoring");
        return;
    }
    if (cfg.root_.net_namespace_) {
        ctx.error(s.words[1].where, fmt::format("Duplicate net_namespace definition {} - ignoring", s.words[1].text));
        return;
    }
    cfg.root_.net_namespace_ = std::string{s.words[1].text};
}
void net_namespace_ipvs(BindContext& ctx, const Statement& s, Config& cfg) {
    if (cfg.root_.net_namespace_ipvs_) {
        if (const auto name = ctx.word(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("Duplicate net_namespace_ipvs definition {} - ignoring", *name));
        }
        return;
    }
    cfg.root_.net_namespace_ipvs_ = BindContext::has(s, 1) ? std::string{s.words[1].text} : std::string{};
}
void namespace_with_ipsets(BindContext&, const Statement&, Config& cfg) {
    cfg.root_.namespace_with_ipsets_ = true;
}
void instance(BindContext& ctx, const Statement& s, Config& cfg) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "instance name missing - ignoring");
        return;
    }
    if (cfg.root_.instance_) {
        ctx.error(s.words[1].where, fmt::format("Duplicate instance definition {} - ignoring", s.words[1].text));
        return;
    }
    cfg.root_.instance_ = std::string{s.words[1].text};
}
void use_pid_dir(BindContext&, const Statement&, Config& cfg) {
    cfg.root_.use_pid_dir_ = true;
}
void child_wait_time(BindContext& ctx, const Statement& s, Config& cfg) {
    if (const auto v = ctx.unsigned_at(s, 1, 0, 0xffffffffUL)) {
        cfg.root_.child_wait_time_ = config::seconds{*v};
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("Invalid child_wait_time {}", s.words[1].text));
    }
}
void linkbeat_use_polling(BindContext&, const Statement&, Config& cfg) {
    cfg.root_.linkbeat_use_polling_ = true;
}

constexpr Keyword<Config> root_keywords[] = {
    {"global_defs", Shape::block, global_defs},
    {"vrrp_instance", Shape::block, vrrp_instance},
    {"vrrp_sync_group", Shape::block, vrrp_sync_group},
    {"vrrp_script", Shape::block, named_block<config::VrrpScript, bind_script, &Config::scripts_>},
    {"track_file", Shape::block, named_block<config::TrackFile, bind_track_file, &Config::track_files_>},
    {"vrrp_track_file", Shape::block, named_block<config::TrackFile, bind_track_file, &Config::track_files_>},
    {"vrrp_track_process", Shape::block, named_block<config::TrackProcess, bind_track_process, &Config::track_processes_>},
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

// The phase of a root statement: the reading whose handlers report its problems. Unknown
// keywords are reported by every reading (phase stream).
Phase phase_of(std::string_view keyword) {
    const auto* root = schema::find_root(keyword);
    return root != nullptr ? root->home : Phase::stream;
}

// The VRRP reading of a track_file block (bound from the checker's reading, which reports
// its problems): a valid one is known to the instances and groups that follow it.
void register_vrrp_track_file(BindContext& ctx, const Statement& s) {
    ctx.diagnostics().set_phase(Phase::vrrp);
    const auto name = ctx.word(s, 1);  // track_file_handler's strvec_slot: no name ends the reading
    ctx.diagnostics().set_phase(Phase::stream);
    if (!name) {
        return;
    }
    for (const auto& c : s.block) {
        if (c.keyword() == "file" && c.words.size() >= 2) {
            ctx.vrrp_track_files().emplace_back(s.words[1].text);
            return;
        }
    }
}

// The VRRP reading of a bfd_instance (bfd_vrrp_handler): its name, for track_bfd.
void register_vrrp_bfd(BindContext& ctx, const Statement& s) {
    ctx.diagnostics().set_phase(Phase::vrrp);
    if (const auto name = ctx.word(s, 1)) {
        auto& names = ctx.vrrp_bfds();
        if (name->size() >= 32) {
            ctx.error(s.where, fmt::format("BFD name {} too long", *name));
        } else if (std::find(names.begin(), names.end(), *name) != names.end()) {
            ctx.error(s.where, fmt::format("BFD {} already specified", *name));
        } else {
            names.emplace_back(*name);
        }
    }
    ctx.diagnostics().set_phase(Phase::stream);
}

void bind_statement(BindContext& ctx, const Statement& s, Config& cfg, Phase phase) {
    ctx.diagnostics().set_phase(phase);
    bind_block<Config>(ctx, std::span<const Statement>{&s, 1}, root_keywords, cfg);
    ctx.diagnostics().set_phase(Phase::stream);
}

// keepalived's parent enters its net_namespace after its reading; when the namespace does
// not exist it stops there with status 0 (main.c: "Unable to set network namespace").
bool enter_namespace(BindContext& ctx, Config& cfg, Phase phase) {
    if (phase != Phase::parent) {
        return true;
    }
    if (!ctx.system().enter_namespace(cfg.root_.net_namespace_.value_or(""))) {
        ctx.diagnostics().stop_with_status(0);
        return false;
    }
    ctx.diagnostics().set_phase(Phase::parent);
    check_start_stop_scripts(cfg, ctx);
    ctx.diagnostics().set_phase(Phase::stream);
    return true;
}

// Braces keepalived reads otherwise than the tree nests them (block_structure.hpp): each
// reading sees its own root statements; a root keyword is bound from the reading it is
// reported in, an unknown one is reported by every reading.
void bind_readings(BindContext& ctx, SyntaxTree& tree, Config& cfg) {
    for (const auto& [reading, phase] : schema::readings()) {
        ctx.diagnostics().set_phase(phase);
        const std::vector<Statement> roots = reshape(tree, reading, ctx.diagnostics());
        for (const auto& s : roots) {
            const auto* root = schema::find_root(s.keyword());
            if (root == nullptr || root->home == phase) {
                bind_statement(ctx, s, cfg, phase);
            } else if (phase == Phase::vrrp && s.keyword() == "bfd_instance") {
                register_vrrp_bfd(ctx, s);
            } else if (phase == Phase::vrrp && (s.keyword() == "track_file" || s.keyword() == "vrrp_track_file")) {
                register_vrrp_track_file(ctx, s);
            }
        }
        if (!enter_namespace(ctx, cfg, phase)) {
            break;
        }
    }
    ctx.diagnostics().set_phase(Phase::stream);
}

// The tree as it is (matches_keepalived): each root statement is bound in its reading, the
// readings in keepalived's order (so global_defs applies to the whole file, wherever it is),
// and its nested statements are released right after.
void bind_in_order(BindContext& ctx, SyntaxTree& tree, Config& cfg) {
    for (const auto& [reading, phase] : schema::readings()) {
        for (auto& s : tree.statements) {
            const Phase home = phase_of(s.keyword());
            if (home == phase || (home == Phase::stream && phase == Phase::parent)) {
                bind_statement(ctx, s, cfg, home);
                if (s.keyword() != "track_file" && s.keyword() != "vrrp_track_file") {
                    std::vector<Statement>{}.swap(s.block);  // the VRRP reading needs these
                }
            } else if (phase == Phase::vrrp && s.keyword() == "bfd_instance") {
                register_vrrp_bfd(ctx, s);
            } else if (phase == Phase::vrrp && (s.keyword() == "track_file" || s.keyword() == "vrrp_track_file")) {
                register_vrrp_track_file(ctx, s);
            }
        }
        if (!enter_namespace(ctx, cfg, phase)) {
            break;
        }
    }
}

} // namespace

config::Config bind_config(SyntaxTree&& input, BindContext& ctx) {
    SyntaxTree tree{std::move(input)};  // released on return, before validation starts
    Config cfg;
    ctx.set_config(&cfg);
    reserve_instances(tree, cfg);
    if (matches_keepalived(tree.statements)) {
        bind_in_order(ctx, tree, cfg);
    } else {
        bind_readings(ctx, tree, cfg);
    }
    ctx.release_tree_views();
    ctx.set_config(nullptr);
    return cfg;
}

} // namespace vigil::parser
