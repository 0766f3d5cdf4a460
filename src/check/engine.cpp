#include "check/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

namespace vigil::check {

namespace {

const config::TrackFile* find_track_file(const config::Config& config, const std::string& name) {
    for (const auto& file : config.track_files_) {
        if (file.name_ == name) {
            return &file;
        }
    }
    return nullptr;
}

} // namespace

net::IpAddress checker_address(const config::Checker& checker, const config::RealServer& rs) {
    return checker.connection_.connect_ip_.value_or(rs.address_);
}

std::uint16_t checker_port(const config::Checker& checker, const config::RealServer& rs) {
    return checker.connection_.connect_port_.value_or(rs.configured_port_);
}

const config::ConnectionOptions& checker_connection(const CheckerState& checker) {
    if (checker.connection != 0) {
        if (const auto* smtp = std::get_if<config::SmtpCheck>(&checker.config->detail_);
            smtp != nullptr && checker.connection <= smtp->hosts_.size()) {
            return smtp->hosts_[checker.connection - 1U];
        }
    }
    return checker.config->connection_;
}

Engine::Engine(std::shared_ptr<const config::Config> config, std::uint64_t seed)
    : config_(std::move(config)), random_(seed) {
    apply_globals(*config_);
    track_files_ = track_files_of(*config_, {});
    Build initial;
    build(*config_, track_files_, initial);
    topology_ = std::move(initial.topology);
    checkers_ = std::move(initial.checkers);
    initial_state();
}

void Engine::initial_state() {
    // keepalived's validate_check_config on a first start: alpha checkers start down, and one
    // failure is enough for the others.
    for (CheckerState& checker : checkers_) {
        if (!checker.launched && checker.type == config::CheckerType::file) {
            continue; // queued after validation in keepalived
        }
        if (checker.alpha) {
            set_checker_state(checker, false);
            rs_of(checker).alive = false;
        }
        checker.retry_it = checker.retry;
    }
    for (VirtualServerState& vs : topology_.virtual_servers) {
        const unsigned need = vs.config->quorum_ + vs.config->hysteresis_;
        vs.quorum_up = live_weight(vs) >= static_cast<std::int64_t>(need);
    }
    schedule_.reset(checkers_.size());
}

void Engine::apply_globals(const config::Config& config) {
    settings_ = settings_of(config);
    const auto& checker = config.global_.checker_;
    no_checker_emails_ = checker && checker->no_checker_emails_;
    log_all_failures_ = checker && checker->checker_log_all_failures_;
}

PoolSettings Engine::settings_of(const config::Config& config) {
    PoolSettings settings;
    const auto& global = config.global_;
    settings.fifo = global.notify_fifo_.has_value();
    settings.smtp = !global.notification_email_.empty() && global.smtp_server_.has_value();
    settings.traps = global.enable_traps_;
    if (global.checker_) {
        const auto& checker = *global.checker_;
        settings.fifo = settings.fifo || checker.lvs_notify_fifo_.has_value();
        settings.rs_init_notifies = checker.rs_init_notifies_;
        settings.flush_on_stop = checker.lvs_flush_on_stop_;
    }
    return settings;
}

void Engine::build(const config::Config& config, std::vector<TrackFileState>& files, Build& out) {
    if (!config.lvs_) {
        return;
    }
    build_topology(*config.lvs_, out.topology);
    const auto& servers = config.lvs_->virtual_servers_;
    auto add = [&](CheckerState state) {
        const auto id = static_cast<CheckerId>(out.checkers.size());
        out.topology.virtual_servers[state.vs].servers[state.rs].checkers.push_back(id);
        out.checkers.push_back(state);
        return id;
    };
    // Every checker in configuration order, FILE_CHECKs in a second pass (keepalived queues
    // them when it starts the track files).
    auto each_checker = [&](bool files_pass, auto&& make) {
        for (std::uint32_t v = 0; v < servers.size(); ++v) {
            const auto& vs = servers[v];
            for (std::uint32_t r = 0; r < vs.real_servers_.size(); ++r) {
                for (const auto& c : vs.real_servers_[r].checkers_) {
                    if ((c.type_ == config::CheckerType::file) != files_pass) {
                        continue;
                    }
                    CheckerState state;
                    state.config = &c;
                    state.type = c.type_;
                    state.vs = v;
                    state.rs = r;
                    make(vs, c, state);
                }
            }
        }
    };
    each_checker(false, [&](const config::VirtualServer& vs, const config::Checker& c, CheckerState& state) {
        state.launched = c.type_ != config::CheckerType::bfd;
        state.delay_loop = c.delay_loop_.value_or(vs.delay_loop_);
        state.retry = c.retry_.value_or(c.type_ == config::CheckerType::misc ? 0U : 1U);
        state.delay_before_retry = c.delay_before_retry_.value_or(std::chrono::seconds{1});
        state.warmup = c.warmup_.value_or(state.delay_loop);
        state.alpha = c.alpha_.value_or(false);
        state.log_all_failures = c.log_all_failures_.value_or(false);
        if (const auto* misc = std::get_if<config::MiscCheck>(&c.detail_)) {
            state.dynamic = misc->dynamic_;
            state.script_timeout = misc->timeout_.value_or(0) != 0 ? Duration{std::chrono::seconds{*misc->timeout_}}
                                                                    : Duration{vs.delay_loop_};
        }
        if (const auto* smtp = std::get_if<config::SmtpCheck>(&c.detail_)) {
            // keepalived queues one checker per deprecated `host` block, after the checker's
            // own connection (when it is used).
            if (smtp->check_own_connection_ || smtp->hosts_.empty()) {
                add(state);
            }
            for (std::size_t h = 0; h < smtp->hosts_.size(); ++h) {
                state.connection = static_cast<std::uint16_t>(h + 1);
                add(state);
            }
            return;
        }
        add(state);
    });
    each_checker(true, [&](const config::VirtualServer&, const config::Checker& c, CheckerState& state) {
        const auto* file = std::get_if<config::FileCheck>(&c.detail_);
        const config::TrackFile* tracked = file != nullptr ? find_track_file(config, file->track_file_) : nullptr;
        const auto index = std::find_if(files.begin(), files.end(), [&](const TrackFileState& f) {
            return file != nullptr && f.name == file->track_file_;
        });
        if (tracked == nullptr || index == files.end()) {
            return;
        }
        state.launched = false;
        state.has_run = true;
        state.track_file = static_cast<std::uint32_t>(index - files.begin());
        if (file->weight_) {
            state.file_weight = *file->weight_;
            state.file_multiplier = file->reverse_ ? -1 : 1;
        } else {
            state.file_weight = tracked->weight_;
            state.file_multiplier = tracked->direction_ == config::TrackDirection::reverse ? -1 : 1;
        }
        index->checkers.push_back(add(state));
    });
    out.checkers.shrink_to_fit(); // grown one by one: up to half of it was spare room
}

bool Engine::uses_ha_suspend() const noexcept {
    return std::any_of(topology_.virtual_servers.begin(), topology_.virtual_servers.end(),
                       [](const VirtualServerState& vs) { return vs.config->ha_suspend_; });
}

void Engine::set_checker_state(CheckerState& checker, bool up) {
    if (checker.is_up == up) {
        return;
    }
    checker.is_up = up;
    ServerState& rs = rs_of(checker);
    if (!up) {
        ++rs.failed_checkers;
    } else if (rs.failed_checkers != 0) {
        --rs.failed_checkers;
    }
}

void Engine::update_checker_state(Pool& pool, CheckerState& checker, bool alive) {
    VirtualServerState& vs = vs_of(checker);
    ServerState& rs = rs_of(checker);
    if (checker.is_up == alive) {
        if (!checker.has_run) {
            if (checker.alpha || !alive) {
                pool.server_notifies(vs, rs, Stopping::no);
            }
            checker.has_run = true;
        }
        return;
    }
    checker.has_run = true;
    if (alive) {
        if (rs.failed_checkers <= 1) {
            pool.change_state(vs, rs, true);
        }
    } else if (rs.failed_checkers == 0) {
        pool.change_state(vs, rs, false);
    }
    set_checker_state(checker, alive);
}

void Engine::checker_mail(Pool& pool, const CheckerState& checker, const char* body) {
    const ServerState& rs = topology_.virtual_servers[checker.vs].servers[checker.rs];
    pool.smtp(fmt::format("Realserver {} of virtual server {} - {}", rs.name, topology_.virtual_servers[checker.vs].name,
                          rs.alive ? "UP" : "DOWN"),
              body);
}

// ---- start-up -------------------------------------------------------------------------

std::vector<TrackFileState> Engine::track_files_of(const config::Config& config,
                                                   const std::vector<TrackFileState>& known) {
    std::vector<TrackFileState> files;
    for (const auto& file : config.track_files_) {
        TrackFileState state;
        state.name = file.name_;
        for (const TrackFileState& old : known) {
            if (old.name == file.name_) {
                state.value = old.value;
            }
        }
        files.push_back(std::move(state));
    }
    // Values reported for files this configuration does not track are kept for the next.
    for (const TrackFileState& old : known) {
        if (std::none_of(files.begin(), files.end(), [&](const TrackFileState& f) { return f.name == old.name; })) {
            files.push_back(TrackFileState{old.name, old.value, {}});
        }
    }
    return files;
}

void Engine::set_track_file_value(std::string_view name, std::int64_t value) {
    for (TrackFileState& file : track_files_) {
        if (file.name == name) {
            file.value = value;
            return;
        }
    }
    track_files_.push_back(TrackFileState{std::string(name), value, {}});
}

void Engine::set_effective_weights() {
    for (VirtualServerState& vs : topology_.virtual_servers) {
        for (ServerState& rs : vs.servers) {
            rs.effective_weight = rs.configured_weight;
        }
    }
    for (const CheckerState& checker : checkers_) {
        rs_of(checker).effective_weight += checker.cur_weight;
    }
}

void Engine::register_checkers(TimePoint now, Actions& out) {
    for (CheckerId id = 0; id < checkers_.size(); ++id) {
        CheckerState& checker = checkers_[id];
        if (!checker.launched) {
            continue;
        }
        const VirtualServerState& vs = vs_of(checker);
        if (vs.config->ha_suspend_ && vs.ha_suspend_addresses == 0) {
            checker.enabled = false;
        }
        out.emplace_back(LogLine{log::Level::info, fmt::format("{}ctivating healthchecker for service {} for VS {}",
                                                             checker.enabled ? "A" : "Dea", rs_of(checker).name, vs.name)});
        schedule_.set(id, now + bootstrap_delay + random_.up_to(checker.warmup));
    }
    // Debian's keepalived is built with BFD: it says so after the checkers, at every start
    // and reload, whether or not a BFD_CHECK is configured (check_api.c).
    out.emplace_back(LogLine{log::Level::info, "Activating BFD healthchecker"});
}

void Engine::start(TimePoint now, Actions& out) {
    if (phase_ != Phase::configured) {
        return;
    }
    phase_ = Phase::running;
    file_weights();
    files_down(false, out);
    set_effective_weights();
    Pool pool(topology_, settings_, out);
    for (VirtualServerState& vs : topology_.virtual_servers) {
        pool.init_virtual_server(vs);
    }
    register_checkers(now, out);
}

void Engine::postpone_checks(Duration by) {
    if (by <= Duration::zero()) {
        return;
    }
    schedule_.postpone(by);
}

// ---- checks ---------------------------------------------------------------------------

void Engine::on_timer(TimePoint now, Actions& out) {
    if (phase_ != Phase::running) {
        return;
    }
    due_scratch_.clear();
    schedule_.take_due(now, due_scratch_, launches_per_timer);
    for (const std::uint32_t id : due_scratch_) {
        CheckerState& checker = checkers_[id];
        if (!checker.enabled) {
            schedule_.set(id, now + checker.delay_loop);
            continue;
        }
        checker.in_flight = true;
        if (checker.type == config::CheckerType::misc) {
            checker.last_ran = now;
        }
        out.emplace_back(LaunchCheck{id});
    }
}

void Engine::on_result(CheckerId id, const CheckResult& result, TimePoint now, Actions& out) {
    if (phase_ != Phase::running || id >= checkers_.size() || !checkers_[id].in_flight) {
        return;
    }
    CheckerState& checker = checkers_[id];
    checker.in_flight = false;
    if (result.outcome == Outcome::not_run) {
        schedule_.set(id, now + checker.delay_loop);
        return;
    }
    Pool pool(topology_, settings_, out);
    switch (checker.type) {
    case config::CheckerType::misc: schedule_.set(id, misc_result(pool, checker, result, now)); return;
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get: schedule_.set(id, now + http_result(pool, checker, result)); return;
    case config::CheckerType::smtp: schedule_.set(id, now + smtp_result(pool, checker, result)); return;
    case config::CheckerType::dns: schedule_.set(id, now + dns_result(pool, checker, result)); return;
    case config::CheckerType::tcp:
    case config::CheckerType::udp:
    case config::CheckerType::ping:
    case config::CheckerType::file:
    case config::CheckerType::bfd: break;
    }
    schedule_.set(id, now + socket_result(pool, checker, result));
}

// ---- track files ----------------------------------------------------------------------

namespace {

// A track file value as a FILE_CHECK sees it (track_file.c update_track_file_status):
// weight 0 makes any non-zero value (zero with `reverse`) a fault; otherwise the weighted
// value, INT_MIN meaning fault.
std::int64_t file_status(std::int64_t value, const CheckerState& checker) noexcept {
    if (checker.file_weight == 0) {
        return ((value == 0) != (checker.file_multiplier == 1)) ? INT_MIN : 0;
    }
    const std::int64_t weighted = value * checker.file_weight * checker.file_multiplier;
    return std::clamp<std::int64_t>(weighted, INT_MIN, INT_MAX);
}

} // namespace

void Engine::file_transition(Pool& pool, CheckerState& checker, std::int64_t previous, std::int64_t next) {
    if (previous == next) {
        return;
    }
    ServerState& rs = rs_of(checker);
    if (next == INT_MIN) {
        update_checker_state(pool, checker, false);
        rs.effective_weight -= checker.cur_weight;
        checker.cur_weight = 0;
    } else if (previous == INT_MIN) {
        checker.cur_weight = next;
        rs.effective_weight += next;
        update_checker_state(pool, checker, true);
    } else {
        pool.update_weight(vs_of(checker), rs, rs.effective_weight + next - previous, true);
        checker.cur_weight = next;
    }
}

void Engine::file_weights() {
    for (CheckerState& checker : checkers_) {
        if (checker.type != config::CheckerType::file) {
            continue;
        }
        const std::int64_t value = track_files_[checker.track_file].value;
        if (value != 0 && checker.file_weight != 0) {
            checker.cur_weight = value * checker.file_weight * checker.file_multiplier;
        }
    }
}

void Engine::files_down(bool reloading, Actions& out) {
    Pool pool(topology_, settings_, out);
    for (CheckerState& checker : checkers_) {
        if (checker.type != config::CheckerType::file) {
            continue;
        }
        const std::int64_t value = track_files_[checker.track_file].value;
        const std::int64_t weighted = value * checker.file_weight * checker.file_multiplier;
        if (value == 0 || (checker.file_weight != 0 && weighted > INT_MIN)) {
            continue;
        }
        if (!reloading) {
            set_checker_state(checker, false);
            continue;
        }
        // keepalived replays the change from a value of 0 to the current one.
        const bool normal = checker.file_multiplier == 1;
        const std::int64_t previous = checker.file_weight == 0 ? (normal ? 0 : INT_MIN) : 0;
        file_transition(pool, checker, previous, normal ? INT_MIN : 0);
    }
}

void Engine::on_track_file(std::string_view name, std::int64_t value, TimePoint, Actions& out) {
    auto file = std::find_if(track_files_.begin(), track_files_.end(),
                             [&](const TrackFileState& f) { return f.name == name; });
    if (file == track_files_.end() || file->value == value) {
        return;
    }
    const std::int64_t old_value = file->value;
    file->value = value;
    if (phase_ != Phase::running) {
        return;
    }
    Pool pool(topology_, settings_, out);
    for (const CheckerId id : file->checkers) {
        CheckerState& checker = checkers_[id];
        file_transition(pool, checker, file_status(old_value, checker), file_status(value, checker));
    }
}

// ---- ha_suspend -----------------------------------------------------------------------

void Engine::on_address(const net::IpAddress& address, AddressChange change, Actions& out) {
    const bool added = change == AddressChange::added;
    for (std::uint32_t v = 0; v < topology_.virtual_servers.size(); ++v) {
        VirtualServerState& vs = topology_.virtual_servers[v];
        const config::VirtualServer& cfg = *vs.config;
        if (!cfg.ha_suspend_ || vs.group != nullptr || cfg.kind_ != config::VirtualServerKind::address ||
            cfg.address_ != address) {
            continue;
        }
        vs.ha_suspend_addresses += added ? 1 : -1;
        if (phase_ != Phase::running) {
            continue;
        }
        for (CheckerState& checker : checkers_) {
            if (checker.vs != v || checker.enabled == added || (!added && vs.ha_suspend_addresses != 0)) {
                continue;
            }
            out.emplace_back(LogLine{log::Level::info, fmt::format("{}ing healthchecker for service {} for VS {}",
                                                                 checker.enabled ? "Suspend" : "Activat",
                                                                 rs_of(checker).name, vs.name)});
            checker.enabled = added;
        }
    }
}

// ---- stop -----------------------------------------------------------------------------

void Engine::stop(ReleaseIpvs release, Actions& out) {
    if (phase_ == Phase::stopped) {
        return;
    }
    phase_ = Phase::stopped;
    schedule_.reset(checkers_.size());
    for (CheckerState& checker : checkers_) {
        checker.in_flight = false;
    }
    if (release == ReleaseIpvs::release) {
        Pool pool(topology_, settings_, out);
        pool.clear_all();
    }
}

} // namespace vigil::check
