#include "http/url_check.hpp"

#include <algorithm>

namespace vigil::http {

UrlCheck UrlCompiler::compile(const config::HttpUrl& url, std::vector<std::string>& log) {
    UrlCheck out{url.path_, url.virtualhost_, std::nullopt, StatusCodes(url.status_codes_), nullptr};
    if (url.digest_) {
        out.digest = *url.digest_;
    }
    if (!url.regex_) {
        return out;
    }
    out.regex_no_match = url.regex_no_match_;
    out.regex_min_offset = url.regex_min_offset_;
    out.regex_max_offset = url.regex_max_offset_;
    if (url.regex_stack_) {
        out.regex_use_stack = true;
        stack_wanted_ = true;
        stack_start_ = std::max<std::size_t>(stack_start_, url.regex_stack_->first);
        stack_max_ = std::max<std::size_t>(stack_max_, url.regex_stack_->second);
    }
    const std::uint32_t options = Regex::option_bits(url.regex_options_);
    for (const auto& cached : cache_) {
        if (cached.pattern == *url.regex_ && cached.options == options) {
            out.regex = cached.regex;
            out.regex_invalid = cached.regex == nullptr;
            return out;
        }
    }
    std::string error;
    std::shared_ptr<const Regex> regex = Regex::compile(*url.regex_, url.regex_options_, error);
    if (!regex) {
        log.push_back(std::move(error));
        out.regex_invalid = true;
    }
    cache_.push_back({*url.regex_, options, regex});
    out.regex = std::move(regex);
    return out;
}

std::shared_ptr<const RegexJitStack> UrlCompiler::jit_stack() {
    if (stack_wanted_ && !stack_) {
        stack_ = std::make_shared<const RegexJitStack>(stack_start_, stack_max_);
    }
    return stack_;
}

ReaderOptions reader_options(const UrlCheck& url, const RegexJitStack* jit_stack) {
    ReaderOptions options;
    options.digest = url.digest.has_value();
    if (url.regex) {
        options.regex.regex = url.regex.get();
        options.regex.min_offset = url.regex_min_offset;
        options.regex.max_offset = url.regex_max_offset;
        options.regex.jit_stack = url.regex_use_stack ? jit_stack : nullptr;
    }
    return options;
}

Judgement judge(const UrlCheck& url, const ResponseReader& reader, const Md5Digest& digest) {
    Judgement out;
    if (!reader.header_complete()) {
        out.text = "Read, no data received from ";
        return out;
    }
    if (!url.status_codes.contains(reader.status_code())) {
        out.text = "HTTP status code error to";
        return out;
    }
    if (reader.content_length() != unknown_length && reader.content_length() != reader.body_bytes()) {
        out.length_difference =
            static_cast<std::int64_t>(reader.content_length()) - static_cast<std::int64_t>(reader.body_bytes());
    }
    out.text = "HTTP status code";
    if (url.digest) {
        if (*url.digest != digest) {
            out.text = "MD5 digest error to";
            return out;
        }
        out.text = "MD5 digest";
    }
    if (url.regex || url.regex_invalid) {
        if (url.regex_invalid || reader.regex_matched() == url.regex_no_match) {
            out.text = "Regex match failed";
            return out;
        }
        out.text = "Regex match";
    }
    out.ok = true;
    return out;
}

} // namespace vigil::http
