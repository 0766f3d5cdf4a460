#include "http/response_reader.hpp"

#include "http/hex_dump.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

#include "http/pcre2_library.hpp"

namespace vigil::http {

std::optional<std::size_t> find_header_end(const char* buffer, std::size_t size) noexcept {
    for (std::size_t i = 0; i + 3 < size; ++i) {
        if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
            return i + 4;
        }
    }
    return std::nullopt;
}

unsigned extract_status_code(const char* buffer, std::size_t size) noexcept {
    const char* end = buffer + size;
    const char* p = buffer;
    while (p < end && *p != ' ' && *p != '\r') {
        ++p;
    }
    if (*p != ' ') {  // at `end` this reads the terminating NUL
        return 0;
    }
    ++p;
    if (p + 3 >= end || *p == ' ' || p[3] != ' ') {
        return 0;
    }
    char* parsed_end = nullptr;
    const unsigned long code = std::strtoul(p, &parsed_end, 10);
    if (parsed_end != p + 3) {
        return 0;
    }
    return static_cast<unsigned>(code);
}

std::size_t extract_content_length(const char* buffer) noexcept {
    static constexpr const char* tag = "Content-Length:";
    const char* found = std::strstr(buffer, tag);
    if (found == nullptr) {
        return unknown_length;
    }
    char* end = nullptr;
    const unsigned long length = std::strtoul(found + std::strlen(tag), &end, 10);
    if (*end != '\0' && *end != '\r' && *end != '\n') {
        return unknown_length;
    }
    return length;
}

ResponseReader::ResponseReader(const ReaderOptions& options)
    : options_(options), buffer_(new char[read_buffer_size]) {
    buffer_[0] = '\0';
    if (options_.digest) {
        md5_.emplace();
    }
}

std::span<char> ResponseReader::read_area() noexcept {
    return {buffer_.get() + length_, read_buffer_size - 1 - length_};
}

void ResponseReader::digest_body(std::size_t offset, std::size_t count) {
    // Only the first Content-Length bytes of the body count.
    if (!md5_ || (content_length_ != unknown_length && content_length_ <= rx_bytes_)) {
        return;
    }
    const std::size_t take =
        (content_length_ == unknown_length || content_length_ >= rx_bytes_ + count) ? count : content_length_ - rx_bytes_;
    md5_->update({buffer_.get() + offset, take});
    if (options_.verbose != nullptr) {
        append_hex_dump(*options_.verbose, {buffer_.get() + offset, take});
    }
}

void ResponseReader::received(std::size_t count) {
    const std::size_t old_length = length_;
    length_ += count;
    buffer_[length_] = '\0';
    std::string* verbose = options_.verbose;

    if (!extracted_) {
        if (verbose != nullptr) {
            *verbose += dump_header_hex;
        }
        const auto body = find_header_end(buffer_.get(), length_);
        if (!body) {
            return;
        }
        extracted_ = true;
        status_code_ = extract_status_code(buffer_.get(), length_);
        content_length_ = extract_content_length(buffer_.get());
        if (verbose != nullptr) {
            append_hex_dump(*verbose, {buffer_.get(), *body});
            *verbose += dump_header_ascii;
            // printf("%.*s\n"): stops at a NUL.
            *verbose += std::string_view(buffer_.get(), strnlen(buffer_.get(), *body));
            *verbose += '\n';
        }
        const std::size_t body_count = length_ - *body;
        if (body_count != 0 && md5_ && (content_length_ == unknown_length || content_length_ > rx_bytes_)) {
            if (verbose != nullptr) {
                *verbose += dump_body_hex;
            }
            digest_body(*body, body_count);
        }
        rx_bytes_ = body_count;
        if (body_count == 0 || options_.regex.regex == nullptr || !check_regex()) {
            length_ = 0;
        }
        return;
    }

    digest_body(old_length, count);
    // keepalived adds the whole buffer, a kept regex tail included.
    rx_bytes_ += length_;
    if (options_.regex.regex == nullptr || !check_regex()) {
        length_ = 0;
    }
}

bool ResponseReader::check_regex() {
    const RegexCheck& rc = options_.regex;
    const Regex& regex = *rc.regex;
    if (regex_matched_) {
        return false;
    }
    std::size_t start = 0;
    if (rc.min_offset != 0) {
        // Unsigned, as keepalived computes it.
        if (regex_subject_offset_ + length_ < rc.min_offset - regex.max_lookbehind()) {
            regex_subject_offset_ += length_;
            return false;
        }
        if (regex_subject_offset_ < rc.min_offset) {
            start = rc.min_offset - regex_subject_offset_;
        }
    }
    const std::size_t max_limit = rc.max_offset ? *rc.max_offset + 1 : 0;
    if (max_limit != 0 && regex_subject_offset_ + regex_start_offset_ >= max_limit) {
        regex_subject_offset_ += length_;
        return false;
    }
    if (regex_start_offset_ > start) {
        start = regex_start_offset_;
    }
    const RegexResult result = regex.match({buffer_.get(), length_}, start, rc.jit_stack);
    regex_start_offset_ = 0;

    switch (result.status) {
    case RegexStatus::partial: {
        // Keep the tail from (match start - lookbehind) for the next read.
        const std::size_t keep = result.start > regex.max_lookbehind() ? result.start - regex.max_lookbehind() : 0;
        if (keep != 0) {
            regex_start_offset_ = regex.max_lookbehind();
            length_ -= keep;
            std::memmove(buffer_.get(), buffer_.get() + keep, length_);
            regex_subject_offset_ += keep;
        } else if (length_ == read_buffer_size - 1) {
            regex_subject_offset_ += length_;
            notes_.emplace_back("Regex partial match preserve too large - discarding");
            return false;
        }
        return true;
    }
    case RegexStatus::no_match:
        regex_subject_offset_ += length_;
        return false;
    case RegexStatus::error:
        regex_subject_offset_ += length_;
        switch (result.code) {
        case PCRE2_ERROR_NULL: notes_.emplace_back("Something was null in regex match"); break;
        case PCRE2_ERROR_BADOPTION: notes_.emplace_back("A bad option was passed to regex"); break;
        case PCRE2_ERROR_BADMAGIC: notes_.emplace_back("Magic number bad (compiled regex corrupt?)"); break;
        case PCRE2_ERROR_NOMEMORY: notes_.emplace_back("Regex an out of memory"); break;
        default: notes_.push_back(fmt::format("Unknown regex error {}", result.code)); break;
        }
        return false;
    case RegexStatus::matched:
        if (result.code == 0) {
            notes_.emplace_back("Too many substrings found");
        }
        if (max_limit == 0 || regex_subject_offset_ + result.start < max_limit) {
            regex_matched_ = true;
        }
        regex_subject_offset_ += length_;
        return false;
    }
    return false;
}

Md5Digest ResponseReader::finish(DigestDump dump) {
    if (!md5_) {
        return {};
    }
    const Md5Digest digest = md5_->finish();
    md5_.reset();
    if (dump == DigestDump::verbose && options_.verbose != nullptr) {
        *options_.verbose += '\n';
        *options_.verbose += dump_hash;
        append_hex_dump(*options_.verbose, {reinterpret_cast<const char*>(digest.data()), digest.size()});
        *options_.verbose += dump_hash_final;
    }
    return digest;
}

} // namespace vigil::http
