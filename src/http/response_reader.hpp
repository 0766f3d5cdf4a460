#pragma once
// Reads an HTTP response the way keepalived 2.2.7's HTTP_GET, SSL_GET and genhash read it
// (check_http.c http_process_response, lib/html.c), so that verdicts and digests match:
//
//  - Bytes arrive into one 4096-byte buffer, at most 4095 at a time (the caller reads into
//    read_area()). Until the blank line ending the header ("\r\n\r\n") has arrived the
//    buffer accumulates; a header that does not fit leaves an empty read_area(), which the
//    caller's read() turns into end of stream: "no data received".
//  - The status code is the three digits after the first space of the status line
//    (RFC 7230 §3.1.2; anything else is 0). Content-Length comes from the first
//    "Content-Length:" (exact case) anywhere in what has arrived with the header, and must
//    be followed by CR, LF or nothing; otherwise the length is unknown.
//  - The body is every byte after the header up to the end of the stream: the request asks
//    for "Connection: close", and keepalived neither decodes chunked transfer coding nor
//    stops at Content-Length. The digest covers the first Content-Length bytes of it (all of
//    it when the length is unknown); a chunked body is digested with its chunk framing,
//    exactly as genhash prints it.
//  - The regex runs over the buffer as it fills, including the header bytes that arrived
//    with the first body bytes, with partial matches carried to the next read
//    (check_http.c check_regex).
//
// Pure: no I/O; log lines keepalived writes while reading are returned by notes().

#include "http/md5.hpp"
#include "http/regex.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vigil::http {

inline constexpr std::size_t read_buffer_size = 4096;  // keepalived's MAX_BUFFER_LENGTH
inline constexpr std::size_t unknown_length = SIZE_MAX;

struct RegexCheck {
    const Regex* regex = nullptr;
    std::size_t min_offset = 0;
    std::optional<std::size_t> max_offset;  // the last offset a match may start at
    const RegexJitStack* jit_stack = nullptr;
};

struct ReaderOptions {
    bool digest = false;  // compute the MD5 (a url with `digest`, and always for genhash)
    RegexCheck regex;
    // genhash -v: the header and body dumps are appended here as they arrive.
    std::string* verbose = nullptr;
};

class ResponseReader {
public:
    explicit ResponseReader(const ReaderOptions& options);

    // Where the next read goes; empty once a header has filled the buffer.
    std::span<char> read_area() noexcept;
    // `count` (> 0) bytes were read into read_area().
    void received(std::size_t count);

    // The digest of the body read so far (all zero without `digest`); the reader is spent.
    // With `verbose`, genhash's "HTML hash" dump is appended first when `dump` is set.
    enum class DigestDump : std::uint8_t { none, verbose };
    Md5Digest finish(DigestDump dump);

    bool header_complete() const noexcept { return extracted_; }
    unsigned status_code() const noexcept { return status_code_; }
    std::size_t content_length() const noexcept { return content_length_; }
    std::size_t body_bytes() const noexcept { return rx_bytes_; }
    bool regex_matched() const noexcept { return regex_matched_; }
    // keepalived's log lines from reading (regex trouble), in order.
    const std::vector<std::string>& notes() const noexcept { return notes_; }

private:
    // check_http.c check_regex: true when the buffer must be kept for the next read.
    bool check_regex();
    void digest_body(std::size_t offset, std::size_t count);

    ReaderOptions options_;
    std::unique_ptr<char[]> buffer_;
    std::size_t length_ = 0;
    bool extracted_ = false;
    unsigned status_code_ = 0;
    std::size_t content_length_ = unknown_length;
    std::size_t rx_bytes_ = 0;
    std::optional<Md5> md5_;
    bool regex_matched_ = false;
    std::size_t regex_subject_offset_ = 0;
    std::size_t regex_start_offset_ = 0;
    std::vector<std::string> notes_;
};

// lib/html.c's three extractors, over a NUL-terminated buffer of `size` bytes.
// The offset just past the header's "\r\n\r\n", if present.
std::optional<std::size_t> find_header_end(const char* buffer, std::size_t size) noexcept;
// The status line's code: 0 unless a space is followed by three characters strtoul reads
// entirely and a fourth that is a space.
unsigned extract_status_code(const char* buffer, std::size_t size) noexcept;
// The value after the first "Content-Length:", or unknown_length.
std::size_t extract_content_length(const char* buffer) noexcept;

// The separators genhash -v prints (check_http.c).
inline constexpr const char* dump_header_hex = "-----------------------[    HTTP Header Buffer    ]-----------------------\n";
inline constexpr const char* dump_header_ascii = "-----------------------[ HTTP Header Ascii Buffer ]-----------------------\n";
inline constexpr const char* dump_body_hex = "-----------------------[        HTML Buffer        ]-----------------------\n";
inline constexpr const char* dump_hash = "-----------------------[    HTML hash resulting    ]-----------------------\n";
inline constexpr const char* dump_hash_final = "-----------------------[ HTML hash final resulting ]-----------------------\n";

} // namespace vigil::http
