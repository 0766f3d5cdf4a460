#pragma once
// A checker engine over a FakeIpvsTable, for scenario tests: it loads a configuration text,
// carries out the engine's actions (IPVS with keepalived's policy, logs, FIFO lines,
// scripts, mails) and drives time and check results by hand.

#include "check/engine.hpp"
#include "check/ipvs_policy.hpp"
#include "ipvs/fake_ipvs_table.hpp"
#include "parser/load_config.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& lines) {
        std::string text = "{";
        for (const auto& line : lines) {
            text += "\n  \"" + line + "\"";
        }
        return String((text + "}").c_str());
    }
};
} // namespace doctest

namespace vigil::check::test {

using namespace std::chrono_literals;

inline std::shared_ptr<const config::Config> load(const std::string& text) {
    parser::PermissiveCatalog catalog;
    parser::LoadOptions options;
    options.system_ = &catalog;
    auto result = parser::load_config_text(text, "check.conf", options);
    return std::make_shared<const config::Config>(std::move(result.config_));
}

// `ipvsadm -Ln`-like text of the table, sorted: one line per service, then its
// destinations ("  -> ADDR:PORT Masq WEIGHT").
inline std::string table_text(ipvs::FakeIpvsTable& table) {
    std::vector<ipvs::ServiceEntry> services;
    table.list_services(services);
    std::vector<std::string> blocks;
    for (const auto& s : services) {
        std::string block = s.service.key.to_string() + " " + s.service.scheduler;
        if ((s.service.flags & ipvs::service_flag::persistent) != 0) {
            block += fmt::format(" persistent {}", s.service.timeout);
        }
        std::vector<ipvs::DestinationEntry> dests;
        table.list_destinations(s.service.key, dests);
        std::vector<std::string> lines;
        for (const auto& d : dests) {
            lines.push_back(fmt::format("  -> {} {} {}", d.destination.to_string(),
                                        ipvs::forwarding_name(d.destination.forwarding), d.destination.weight));
        }
        std::sort(lines.begin(), lines.end());
        for (const auto& l : lines) {
            block += "\n" + l;
        }
        blocks.push_back(block);
    }
    std::sort(blocks.begin(), blocks.end());
    std::string out;
    for (const auto& b : blocks) {
        out += b + "\n";
    }
    return out;
}

class Harness {
public:
    explicit Harness(const std::string& text, std::uint64_t seed = 1)
        : config_(load(text)), engine_(config_, seed) {}

    Engine& engine() { return engine_; }
    const config::Config& config() const { return *config_; }
    ipvs::FakeIpvsTable& table() { return table_; }
    TimePoint now() const { return now_; }

    void start() {
        Actions out;
        engine_.start(now_, out);
        apply(out);
    }
    void stop(ReleaseIpvs release = ReleaseIpvs::release) {
        Actions out;
        engine_.stop(release, out);
        apply(out);
    }
    void reload(const std::string& text) {
        config_ = load(text);
        in_flight_.clear();
        Actions out;
        engine_.reload(config_, now_, out);
        apply(out);
    }
    void bfd(const std::string& name, BfdReport report) {
        Actions out;
        engine_.on_bfd(name, report, out);
        apply(out);
    }
    void file(const std::string& name, std::int64_t value) {
        Actions out;
        engine_.on_track_file(name, value, now_, out);
        apply(out);
    }

    // Advances time to `when`, launching due checkers on the way.
    void advance_to(TimePoint when) {
        for (;;) {
            const TimePoint next = engine_.next_deadline();
            if (next > when) {
                break;
            }
            now_ = std::max(now_, next);
            Actions out;
            engine_.on_timer(now_, out);
            apply(out);
        }
        now_ = when;
    }
    void advance(Duration by) { advance_to(now_ + by); }

    // Runs until checker `id` is launched, then ends that attempt with `result`.
    void run_check(CheckerId id, CheckResult result, Duration takes = 0us) {
        for (int guard = 0; !in_flight_.count(id); ++guard) {
            REQUIRE(guard < 1000);
            const TimePoint next = engine_.next_deadline();
            REQUIRE(next != TimePoint::max());
            advance_to(next);
        }
        now_ += takes;
        finish(id, result);
    }
    void finish(CheckerId id, CheckResult result) {
        in_flight_.erase(id);
        Actions out;
        engine_.on_result(id, result, now_, out);
        apply(out);
    }
    void succeed(CheckerId id) { run_check(id, {Outcome::success}); }
    void fail(CheckerId id) { run_check(id, {Outcome::failed}); }
    void exit_with(CheckerId id, int code) { run_check(id, {Outcome::exited, code}); }

    std::string table_text() { return test::table_text(table_); }
    bool in_flight(CheckerId id) const { return in_flight_.count(id) != 0; }

    // Everything logged / written / run / mailed since the last take_*().
    std::vector<std::string> take_logs() { return std::exchange(logs_, {}); }
    std::vector<std::string> take_fifo() { return std::exchange(fifo_, {}); }
    std::vector<std::string> take_scripts() { return std::exchange(scripts_, {}); }
    std::vector<std::string> take_mails() { return std::exchange(mails_, {}); }
    std::vector<std::string> take_failures() { return std::exchange(failures_, {}); }
    bool logged(const std::string& line) const {
        return std::find(logs_.begin(), logs_.end(), line) != logs_.end();
    }
    // The commands the engine sent since the last clear (by operation name and key).
    std::vector<std::string> take_commands() {
        std::vector<std::string> out;
        for (const auto& r : table_.journal()) {
            std::string text = std::string(ipvs::operation_name(r.command.operation)) + " " +
                               r.command.service.key.to_string();
            if (r.command.operation == ipvs::Operation::add_destination ||
                r.command.operation == ipvs::Operation::edit_destination ||
                r.command.operation == ipvs::Operation::remove_destination) {
                text += fmt::format(" -> {} w{}", r.command.destination.to_string(), r.command.destination.weight);
            }
            out.push_back(text);
        }
        table_.clear_journal();
        return out;
    }

private:
    void apply(const Actions& out) {
        std::vector<ipvs::Command> commands;
        auto flush = [&] {
            run_ipvs_commands(table_, commands, failures_);
            commands.clear();
        };
        for (const Action& action : out) {
            if (const auto* c = std::get_if<IpvsChange>(&action)) {
                commands.push_back(c->command);
                continue;
            }
            flush();
            if (const auto* l = std::get_if<LaunchCheck>(&action)) {
                in_flight_.insert(l->checker);
            } else if (const auto* line = std::get_if<LogLine>(&action)) {
                logs_.push_back(line->text);
            } else if (const auto* f = std::get_if<FifoLine>(&action)) {
                fifo_.push_back(f->line);
            } else if (const auto* s = std::get_if<RunScript>(&action)) {
                scripts_.push_back(s->command.text_ +
                                   (s->context == ScriptContext::stopping ? std::string(" (stopping)") : std::string()));
            } else if (const auto* m = std::get_if<SmtpAlert>(&action)) {
                mails_.push_back(m->subject + " / " + m->body);
            }
        }
        flush();
    }

    std::shared_ptr<const config::Config> config_;
    Engine engine_;
    ipvs::FakeIpvsTable table_;
    TimePoint now_{std::chrono::seconds{1000}};
    std::set<CheckerId> in_flight_;
    std::vector<std::string> logs_;
    std::vector<std::string> fifo_;
    std::vector<std::string> scripts_;
    std::vector<std::string> mails_;
    std::vector<std::string> failures_;
};

inline bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

} // namespace vigil::check::test
