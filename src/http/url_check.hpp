#pragma once
// An HTTP_GET / SSL_GET url ready to check: its status codes as a set, its digest, its
// regex compiled once at load (urls with the same pattern and options share one, as in
// keepalived), and the verdict on a response (check_http.c http_handle_response).

#include "config/lvs_model.hpp"
#include "http/md5.hpp"
#include "http/regex.hpp"
#include "http/response_reader.hpp"
#include "http/status_codes.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::http {

struct UrlCheck {
    std::string path;
    std::optional<std::string> virtualhost;
    std::optional<Md5Digest> digest;
    StatusCodes status_codes;
    std::shared_ptr<const Regex> regex;
    // The pattern did not compile. keepalived 2.2.7 logs it and then crashes its checker
    // when the url is checked; here the url's regex check fails every time instead.
    bool regex_invalid = false;
    bool regex_no_match = false;
    std::size_t regex_min_offset = 0;
    std::optional<std::size_t> regex_max_offset;
    bool regex_use_stack = false;
};

// Compiles the urls of a configuration, sharing equal regexes and sizing the one JIT stack
// to the largest regex_stack values (keepalived's prepare_regex, regex_stack_handler).
class UrlCompiler {
public:
    // `log` receives keepalived's lines ("Invalid regex: ...").
    UrlCheck compile(const config::HttpUrl& url, std::vector<std::string>& log);
    // The JIT stack the urls with regex_stack use; nullptr when none asked for one.
    std::shared_ptr<const RegexJitStack> jit_stack();

private:
    struct Cached {
        std::string pattern;
        std::uint32_t options = 0;
        std::shared_ptr<const Regex> regex;
    };
    std::vector<Cached> cache_;
    std::size_t stack_start_ = 0;
    std::size_t stack_max_ = 0;
    bool stack_wanted_ = false;
    std::shared_ptr<const RegexJitStack> stack_;
};

// The options for reading the response to `url` (digest only when the url has one).
ReaderOptions reader_options(const UrlCheck& url, const RegexJitStack* jit_stack);

struct Judgement {
    bool ok = false;
    // Failure: keepalived's wording ("HTTP status code error to", ...). Success: what was
    // checked last ("HTTP status code", "MD5 digest", "Regex match"), for "<what> success to".
    const char* text = "";
    // Content-Length minus the body bytes received, when a length was given and differs.
    std::optional<std::int64_t> length_difference;
};

// keepalived's order: some header arrived, the status code, (the length, logged only),
// the digest, the regex.
Judgement judge(const UrlCheck& url, const ResponseReader& reader, const Md5Digest& digest);

} // namespace vigil::http
