// libFuzzer target: keepalived's reading of an HTTP response (http::ResponseReader) and one
// plain HTTP attempt (http::Exchange) on arbitrary server bytes.
// Input: byte 0 picks the read size (1..256, or 4095 when 0); byte 1 bit 0 turns the regex
// on (byte 1 bits 1-2 pick one of four patterns, two with lookbehind), bit 3 the verbose
// dump, bits 4-7 a regex min offset; the rest is what the server sends before closing.
// Invariants: without a regex, the body count is every byte after the header, and the
// digest is the MD5 of the first Content-Length bytes of it (all when unknown); the attempt
// ends with a response at end of stream.
#include "http/exchange.hpp"
#include "http/response_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

using namespace vigil;

namespace {

const std::array<std::unique_ptr<http::Regex>, 4>& patterns() {
    static const auto compiled = [] {
        std::array<std::unique_ptr<http::Regex>, 4> out;
        const char* texts[] = {"a+b", "(?<=xy)z+", "needle\\d+end", "^HTTP/1\\.[01] 2"};
        for (std::size_t i = 0; i < out.size(); ++i) {
            std::string error;
            out[i] = http::Regex::compile(texts[i], {}, error);
        }
        return out;
    }();
    return compiled;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const std::size_t chunk = data[0] == 0 ? 4095 : data[0];
    const std::uint8_t flags = data[1];
    const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);
    const bool use_regex = (flags & 1U) != 0;
    std::string verbose;

    http::ReaderOptions options;
    options.digest = true;
    if (use_regex) {
        options.regex.regex = patterns()[(flags >> 1U) & 3U].get();
        options.regex.min_offset = (flags >> 4U) * 7U;
    }
    if ((flags & 8U) != 0) {
        options.verbose = &verbose;
    }

    http::ResponseReader reader(options);
    std::string_view rest = stream;
    while (!rest.empty()) {
        auto area = reader.read_area();
        if (area.empty()) {
            break;
        }
        const std::size_t n = std::min({chunk, area.size(), rest.size()});
        std::memcpy(area.data(), rest.data(), n);
        reader.received(n);
        rest.remove_prefix(n);
    }
    const auto digest = reader.finish(http::ResponseReader::DigestDump::verbose);

    if (!use_regex && reader.header_complete()) {
        // Where the header ended in the stream (it is the first "\r\n\r\n").
        const std::size_t header_end = stream.find("\r\n\r\n") + 4;
        const std::string_view body = stream.substr(header_end);
        if (reader.body_bytes() != body.size()) {
            std::abort();
        }
        const std::size_t digested = std::min(reader.content_length(), body.size());
        http::Md5 md5;
        md5.update(body.substr(0, digested));
        if (md5.finish() != digest) {
            std::abort();
        }
    }

    // The same bytes through a whole plain attempt.
    http::ExchangeOptions exchange_options;
    exchange_options.request = "GET / HTTP/1.0\r\n\r\n";
    exchange_options.timeout = std::chrono::seconds(1);
    exchange_options.reader = options;
    verbose.clear();
    http::Exchange exchange(exchange_options);
    const probe::TimePoint t0{};
    exchange.start(probe::ConnectStatus::in_progress, t0);
    exchange.on_connect(probe::ConnectStatus::connected, t0);
    exchange.on_sent(exchange.output().size(), t0);
    rest = stream;
    while (!rest.empty() && exchange.end() == http::ExchangeEnd::running) {
        auto area = exchange.input_area();
        const std::size_t n = std::min({chunk, area.size(), rest.size()});
        if (n == 0) {
            break;
        }
        std::memcpy(area.data(), rest.data(), n);
        exchange.on_received(n, t0);
        rest.remove_prefix(n);
    }
    exchange.on_received(0, t0);
    if (exchange.end() != http::ExchangeEnd::response) {
        std::abort();
    }
    return 0;
}
