#pragma once
// An HTTP_GET url's `regex`, compiled once at load with PCRE2 (as keepalived 2.2.7 does:
// 8-bit code units, the regex_options named in the configuration, JIT compiled for partial
// matching when the platform allows, else interpreted with the same results).
//
// Matching is partial-hard (PCRE2_PARTIAL_HARD): a match that could continue past the end
// of the buffer reports `partial` with where it started, so that the caller can keep that
// tail and retry with more of the body (check_http.c check_regex).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;
struct pcre2_real_jit_stack_8;

namespace vigil::http {

// The machine stack of JIT matching (regex_stack START MAX). keepalived keeps one for the
// process, sized to the largest values configured; so does the caller.
class RegexJitStack {
public:
    RegexJitStack(std::size_t start, std::size_t max);
    ~RegexJitStack();
    RegexJitStack(const RegexJitStack&) = delete;
    RegexJitStack& operator=(const RegexJitStack&) = delete;
    pcre2_real_match_context_8* context() const noexcept { return context_; }

private:
    pcre2_real_match_context_8* context_ = nullptr;
    pcre2_real_jit_stack_8* stack_ = nullptr;
};

enum class RegexStatus : std::uint8_t { matched, partial, no_match, error };

struct RegexResult {
    RegexStatus status = RegexStatus::no_match;
    // matched, partial: where the (partial) match starts in the subject.
    std::size_t start = 0;
    // matched: PCRE2's return value (0 means the match data was too small);
    // error: PCRE2's negative error code.
    int code = 0;
};

class Regex {
public:
    // Compiles `pattern` with the named options (unknown names are ignored). On failure
    // returns nullptr and sets `error` to keepalived's log line ("Invalid regex: ...").
    static std::unique_ptr<Regex> compile(std::string_view pattern, const std::vector<std::string>& options,
                                          std::string& error);
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // PCRE2_INFO_MAXLOOKBEHIND: how far before a match start the pattern may look.
    std::uint32_t max_lookbehind() const noexcept { return max_lookbehind_; }
    bool jit() const noexcept { return jit_; }

    // Partial-hard match of `subject` from `start_offset`; `stack` is used with JIT only.
    RegexResult match(std::span<const char> subject, std::size_t start_offset,
                      const RegexJitStack* stack = nullptr) const noexcept;

    // The PCRE2 option bits of the named options (0 for unknown names).
    static std::uint32_t option_bits(const std::vector<std::string>& options) noexcept;

private:
    Regex() = default;
    pcre2_real_code_8* code_ = nullptr;
    pcre2_real_match_data_8* match_data_ = nullptr;
    std::uint32_t max_lookbehind_ = 0;
    bool jit_ = false;
};

} // namespace vigil::http
