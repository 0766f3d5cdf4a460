#pragma once
// Shared state and value readers of the binder (syntax tree -> config model).
//
// Contract: every reader reports keepalived 2.2.7's wording for a bad value into the
// Diagnostics (once, located at the offending word) and returns nullopt; the caller then
// keeps the default, like keepalived does. Readers never throw.

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/number_reader.hpp"
#include "parser/syntax_tree.hpp"
#include "parser/system_catalog.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace vigil::parser {

// keepalived's process-wide script user state (lib/notify.c): set by global_defs, used by
// every script read afterwards, in every reading.
struct ScriptUserState {
    bool security = false;      // enable_script_security
    bool default_set = false;   // default_script_uid_set
    bool default_fail = false;  // default_user_fail
    std::optional<config::UserGroup> default_user;  // unset: root (keepalived's own user)
};

class BindContext {
public:
    explicit BindContext(Diagnostics& diagnostics);
    BindContext(Diagnostics& diagnostics, const SystemCatalog& system) : diagnostics_{&diagnostics}, system_{&system} {}

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
    // Logged by the running daemon only, never by `-t` (Audience::journal).
    void journal(std::string message);

    static config::Location location(const Location& where);

    // keepalived's null_strvec(): "*** Configuration line starting `FIRST` is missing a
    // parameter after keyword `PREVIOUS` at word position INDEX+1", then it exits at once.
    void missing_parameter(const Location& where, std::string_view first, std::string_view previous,
                           std::size_t index);
    // The first time `key` is seen in this load (keepalived's "already specified" checks on
    // settings the model does not keep as optional).
    bool first_time(std::string_view key) { return once_.emplace(key, std::string{}).second; }
    // A value kept with the first sighting of `key` (for "already specified as X" messages).
    void remember(std::string_view key, std::string value) { once_[std::string{key}] = std::move(value); }
    std::string recall(std::string_view key) const {
        const auto it = once_.find(std::string{key});
        return it == once_.end() ? std::string{} : it->second;
    }

    // Word `index` of `s` or nullopt (and "missing argument" reported) when absent.
    std::optional<std::string_view> word(const Statement& s, std::size_t index);
    std::string text(const Statement& s, std::size_t index) const {
        return index < s.words.size() ? std::string{s.words[index].text} : std::string{};
    }
    const Location& where(const Statement& s, std::size_t index) const {
        return index < s.words.size() ? s.words[index].where : s.where;
    }

    // keepalived's read_int_strvec/read_unsigned_strvec/read_unsigned64_strvec/
    // read_decimal_unsigned_strvec (number_reader.hpp): word `index` (a missing one aborts,
    // as strvec_slot does), its reader's messages reported at the word; the value when
    // keepalived takes it.
    // Lenient::yes is keepalived's ignore_error: the running daemon (Reader::daemon) then
    // prefixes the messages with "WARNING - " and keeps a value in [min, max] whatever follows
    // its digits ("5x" is 5); `-t` (Reader::config_test) reports and drops it as without.
    std::optional<long long> int_at(const Statement& s, std::size_t index, long long min, long long max,
                                    Lenient lenient = Lenient::no);
    std::optional<unsigned long> unsigned_at(const Statement& s, std::size_t index, unsigned long min,
                                             unsigned long max, Lenient lenient = Lenient::no, int base = 10);
    std::optional<std::uint64_t> unsigned64_at(const Statement& s, std::size_t index, std::uint64_t min,
                                               std::uint64_t max);
    std::optional<unsigned long> decimal_at(const Statement& s, std::size_t index, unsigned long min,
                                            unsigned long max, unsigned shift, Lenient lenient);
    // Who reads (number_reader.hpp). Default: config_test.
    void set_reader(Reader reader) noexcept { reader_ = reader; }
    // The prefix of a reading's messages: "WARNING - " for a lenient one by the daemon.
    std::string_view warn_prefix(Lenient lenient) const noexcept {
        return lenient == Lenient::yes && reader_ == Reader::daemon ? "WARNING - " : "";
    }
    // Whether the daemon keeps a lenient reading's value despite its message.
    template <typename T>
    bool keeps(Lenient lenient, const NumberReading<T>& r, T min, T max) const noexcept {
        return r.ok || (lenient == Lenient::yes && reader_ == Reader::daemon && r.value >= min && r.value <= max);
    }
    // Whether word `index` exists (keepalived's vector_size(strvec) > index).
    static bool has(const Statement& s, std::size_t index) { return index < s.words.size(); }

    const SystemCatalog& system() const { return *system_; }

    // The configuration being bound (objects defined so far, global_defs read first).
    void set_config(const config::Config* cfg) { config_ = cfg; }
    const config::Config& config() const { return *config_; }

    // keepalived's if_get_by_ifname(): whether `name` is an interface (of the system, or
    // created for dynamic_interfaces). create_if_dynamic: a missing one is created with
    // dynamic_interfaces, else marks the configuration (non_existent_interface_specified).
    enum class IfLookup : std::uint8_t { no_create, create_if_dynamic };
    bool lookup_interface(std::string_view name, IfLookup mode);
    bool non_existent_interface() const { return non_existent_interface_; }
    // BFD instances the VRRP reading has seen so far (bfd_vrrp_handler).
    std::vector<std::string>& vrrp_bfds() { return vrrp_bfds_; }
    // track_files the VRRP reading has seen so far.
    std::vector<std::string>& vrrp_track_files() { return vrrp_track_files_; }
    ScriptUserState& script_users() { return script_users_; }
    // get_default_script_user(): the default user, or nullopt when it cannot be set
    // ("Unable to set default user keepalived_script for script" the first time, with
    // enable_script_security and no keepalived_script user).
    std::optional<std::optional<config::UserGroup>> default_script_user(const Location& where);
    // set_uid_gid(): whether the user (and group) exist.
    bool user_group_exists(std::string_view user, std::optional<std::string_view> group) const;

    // Integer in [min, max]: "invalid number 'X'", "number 'X' outside range [MIN, MAX]".
    std::optional<long long> integer(const Statement& s, std::size_t index, long long min, long long max);
    // Decimal seconds with microsecond resolution, in [min, max] seconds.
    std::optional<std::chrono::microseconds> timer(const Statement& s, std::size_t index, double min, double max);
    // [BOOL]: no word means true; on|off|true|false|yes|no.
    std::optional<bool> boolean(const Statement& s, std::size_t index);
    std::optional<net::IpAddress> address(const Statement& s, std::size_t index);

    // A script/notify value: CMD|"CMD ARGS" [USER [GROUP]], re-tokenised from the raw line.
    std::optional<config::Command> command(const Statement& s);

    Diagnostics& diagnostics() noexcept { return *diagnostics_; }
    // Reports go to `d` from now on (e.g. a discarded collector for checks keepalived does
    // not reach); returns the previous collector.
    Diagnostics* redirect(Diagnostics* d) noexcept { return std::exchange(diagnostics_, d); }

    // Records a vrrp_instance name; false when it was already recorded. The view must stay
    // valid until release_tree_views() (the syntax tree's text does).
    bool claim_instance_name(std::string_view name) { return instance_names_.insert(name).second; }
    // Forgets views into the syntax tree's text (called before the tree is released).
    void release_tree_views() { instance_names_.clear(); }

    // Rules without a preference get 16384, 16383, ... per family (keepalived's vrrp_iprule.c).
    std::uint32_t take_rule_preference(net::Family family) noexcept {
        return family == net::Family::ipv4 ? next_rule_preference_--: next_rule_preference6_--;
    }

private:
    // keepalived's read_*_strvec wording: "negative number 'X'" / "number 'X' outside range R".
    void out_of_range(const Location& at, std::string_view text, bool negative, std::string_view range);

    Reader reader_ = Reader::config_test;
    std::uint32_t next_rule_preference_{16384};
    std::uint32_t next_rule_preference6_{16384};
    std::unordered_set<std::string_view> instance_names_;
    Diagnostics* diagnostics_;
    const SystemCatalog* system_;
    ScriptUserState script_users_;
    std::unordered_map<std::string, std::string> once_;
    const config::Config* config_ = nullptr;
    std::unordered_set<std::string> dynamic_interfaces_;
    bool non_existent_interface_ = false;
    std::vector<std::string> vrrp_bfds_;
    std::vector<std::string> vrrp_track_files_;
};

// inet_stosockaddr(): the text up to a '-' or '/', read as IPv6 when it has a ':', else IPv4.
std::optional<net::IpAddress> parse_sockaddr(std::string_view text);
// IN6_IS_ADDR_MC_LINKLOCAL.
bool is_link_local_multicast(const net::IpAddress& a);

// Parses keepalived's decimal number syntax for timers (digits, optional fraction).
std::optional<double> parse_decimal(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);
// Formats microseconds as decimal seconds with the shortest exact form ("1", "0.5").
std::string format_seconds(std::chrono::microseconds value);

} // namespace vigil::parser
