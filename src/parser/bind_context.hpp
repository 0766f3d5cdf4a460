#pragma once
// Shared state and value readers of the binder (syntax tree -> config model).
//
// Contract: every reader reports keepalived 2.2.7's wording for a bad value into the
// Diagnostics (once, located at the offending word) and returns nullopt; the caller then
// keeps the default, like keepalived does. Readers never throw.

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/syntax_tree.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace vigil::parser {

class BindContext {
public:
    explicit BindContext(Diagnostics& diagnostics) : diagnostics_{diagnostics} {}

    // A problem keepalived reports with report_config_error: `-t` exits 5.
    void error(const Location& where, std::string message);
    // Same exit effect, printed as a warning (keepalived's "WARNING -", deprecations).
    void warning(const Location& where, std::string message);
    // Unlocated variants, for checks made after binding (use the object's location).
    void error(const config::Location& where, std::string message);
    void warning(const config::Location& where, std::string message);
    void security(const config::Location& where, std::string message);
    // Informational: printed, but `-t`'s exit status is unchanged.
    void notice(const config::Location& where, std::string message);

    static config::Location location(const Location& where);

    // Word `index` of `s` or nullopt (and "missing argument" reported) when absent.
    std::optional<std::string_view> word(const Statement& s, std::size_t index);
    std::string text(const Statement& s, std::size_t index) const {
        return index < s.words.size() ? std::string{s.words[index].text} : std::string{};
    }
    const Location& where(const Statement& s, std::size_t index) const {
        return index < s.words.size() ? s.words[index].where : s.where;
    }

    // Integer in [min, max]: "invalid number 'X'", "number 'X' outside range [MIN, MAX]".
    std::optional<long long> integer(const Statement& s, std::size_t index, long long min, long long max);
    // Decimal seconds with microsecond resolution, in [min, max] seconds.
    std::optional<std::chrono::microseconds> timer(const Statement& s, std::size_t index, double min, double max);
    // [BOOL]: no word means true; on|off|true|false|yes|no.
    std::optional<bool> boolean(const Statement& s, std::size_t index);
    std::optional<net::IpAddress> address(const Statement& s, std::size_t index);

    // A script/notify value: CMD|"CMD ARGS" [USER [GROUP]], re-tokenised from the raw line.
    std::optional<config::Command> command(const Statement& s);

    Diagnostics& diagnostics() noexcept { return diagnostics_; }

    // Records a vrrp_instance name; false when it was already recorded. The view must stay
    // valid while this context lives (the syntax tree's text does).
    bool claim_instance_name(std::string_view name) { return instance_names_.insert(name).second; }

    // Rules without a preference get 16384, 16383, ... (keepalived's vrrp_iprule.c).
    std::uint32_t take_rule_preference() noexcept { return next_rule_preference_--; }

private:
    // keepalived's read_*_strvec wording: "negative number 'X'" / "number 'X' outside range R".
    void out_of_range(const Location& at, std::string_view text, bool negative, std::string_view range);

    std::uint32_t next_rule_preference_{16384};
    std::unordered_set<std::string_view> instance_names_;
    Diagnostics& diagnostics_;
};

// Parses keepalived's decimal number syntax for timers (digits, optional fraction).
std::optional<double> parse_decimal(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);
// Formats microseconds as decimal seconds with the shortest exact form ("1", "0.5").
std::string format_seconds(std::chrono::microseconds value);

} // namespace vigil::parser
