#include "http/regex.hpp"

#include "http/pcre2_library.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace vigil::http {
namespace {

struct OptionName {
    std::string_view name;
    std::uint32_t bit;
};

// The names keepalived's regex_options accepts, with their PCRE2 compile options.
constexpr std::array<OptionName, 24> option_names{{
    {"allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS},
    {"alt_bsux", PCRE2_ALT_BSUX},
    {"auto_callout", PCRE2_AUTO_CALLOUT},
    {"caseless", PCRE2_CASELESS},
    {"dollar_endonly", PCRE2_DOLLAR_ENDONLY},
    {"dotall", PCRE2_DOTALL},
    {"dupnames", PCRE2_DUPNAMES},
    {"extended", PCRE2_EXTENDED},
    {"firstline", PCRE2_FIRSTLINE},
    {"match_unset_backref", PCRE2_MATCH_UNSET_BACKREF},
    {"multiline", PCRE2_MULTILINE},
    {"never_ucp", PCRE2_NEVER_UCP},
    {"never_utf", PCRE2_NEVER_UTF},
    {"no_auto_capture", PCRE2_NO_AUTO_CAPTURE},
    {"no_auto_possess", PCRE2_NO_AUTO_POSSESS},
    {"no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR},
    {"no_start_optimize", PCRE2_NO_START_OPTIMIZE},
    {"ucp", PCRE2_UCP},
    {"ungreedy", PCRE2_UNGREEDY},
    {"utf", PCRE2_UTF},
    {"never_backslash_c", PCRE2_NEVER_BACKSLASH_C},
    {"alt_circumflex", PCRE2_ALT_CIRCUMFLEX},
    {"alt_verbnames", PCRE2_ALT_VERBNAMES},
    {"use_offset_limit", PCRE2_USE_OFFSET_LIMIT},
}};

std::string error_text(const Pcre2Api& api, int code) {
    std::array<PCRE2_UCHAR, 256> buffer{};
    api.get_error_message(code, buffer.data(), buffer.size());
    return std::string(reinterpret_cast<const char*>(buffer.data()));
}

} // namespace

std::uint32_t Regex::option_bits(const std::vector<std::string>& options) noexcept {
    std::uint32_t bits = 0;
    for (const auto& option : options) {
        for (const auto& known : option_names) {
            if (known.name == option) {
                bits |= known.bit;
            }
        }
    }
    return bits;
}

RegexJitStack::RegexJitStack(std::size_t start, std::size_t max) {
    const Pcre2Api* api = pcre2();
    if (api == nullptr) {
        return;
    }
    context_ = api->match_context_create(nullptr);
    stack_ = api->jit_stack_create(start, max, nullptr);
    if (context_ != nullptr) {
        api->jit_stack_assign(context_, nullptr, stack_);
    }
}

RegexJitStack::~RegexJitStack() {
    if (const Pcre2Api* api = pcre2(); api != nullptr) {
        api->jit_stack_free(stack_);
        api->match_context_free(context_);
    }
}

std::unique_ptr<Regex> Regex::compile(std::string_view pattern, const std::vector<std::string>& options,
                                      std::string& error) {
    const Pcre2Api* api = pcre2(&error);
    if (api == nullptr) {
        error = fmt::format("Invalid regex: '{}': {}", pattern, error);
        return nullptr;
    }
    std::unique_ptr<Regex> out(new Regex());
    int code = 0;
    PCRE2_SIZE offset = 0;
    out->code_ = api->compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), option_bits(options),
                               &code, &offset, nullptr);
    if (out->code_ == nullptr) {
        error = fmt::format("Invalid regex: '{}' at offset {}: {}", pattern, offset, error_text(*api, code));
        return nullptr;
    }
    out->match_data_ = api->match_data_create_from_pattern(out->code_, nullptr);
    if (out->match_data_ == nullptr) {
        error = fmt::format("Invalid regex: '{}': out of memory", pattern);
        return nullptr;
    }
    api->pattern_info(out->code_, PCRE2_INFO_MAXLOOKBEHIND, &out->max_lookbehind_);
    // Where JIT is unavailable (no executable memory), the interpreter gives the same answers.
    out->jit_ = api->jit_compile(out->code_, PCRE2_JIT_PARTIAL_HARD) == 0;
    return out;
}

Regex::~Regex() {
    const Pcre2Api* api = pcre2();  // loaded: this regex was compiled
    api->match_data_free(match_data_);
    api->code_free(code_);
}

RegexResult Regex::match(std::span<const char> subject, std::size_t start_offset,
                         const RegexJitStack* stack) const noexcept {
    const Pcre2Api& api = *pcre2();
    const auto* text = reinterpret_cast<PCRE2_SPTR>(subject.data());
    int rc = 0;
    if (jit_) {
        rc = api.jit_match(code_, text, subject.size(), start_offset, PCRE2_PARTIAL_HARD, match_data_,
                             stack != nullptr ? stack->context() : nullptr);
    } else {
        rc = api.match(code_, text, subject.size(), start_offset, PCRE2_PARTIAL_HARD, match_data_, nullptr);
    }
    const PCRE2_SIZE* ovector = api.get_ovector_pointer(match_data_);
    if (rc == PCRE2_ERROR_PARTIAL) {
        return {RegexStatus::partial, ovector[0], rc};
    }
    if (rc == PCRE2_ERROR_NOMATCH) {
        return {RegexStatus::no_match, 0, rc};
    }
    if (rc < 0) {
        return {RegexStatus::error, 0, rc};
    }
    return {RegexStatus::matched, ovector[0], rc};
}

} // namespace vigil::http
