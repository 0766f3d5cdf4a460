// libFuzzer target: DNS_CHECK's reply judgement and query builder, and the SMTP_CHECK
// dialogue, on arbitrary bytes.
// Input: byte 0 picks the target (even: DNS, odd: SMTP) and the read size for SMTP
// (byte 0 >> 1, 1..127). DNS: bytes 1-2 are the query ID, the rest is one reply datagram
// and also a query name. SMTP: the rest is what the server sends.
// Invariants: a DNS reply passes only with the query's ID, QR set and RCODE 0; a query
// names its one question with the labels of the name; the SMTP dialogue never asks to
// read and write at once and passes only after sending HELO and QUIT.
#include "probe/dns_exchange.hpp"
#include "probe/smtp_dialogue.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

using namespace vigil;
using namespace vigil::probe;

namespace {

void fuzz_dns(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return;
    }
    const auto id = static_cast<std::uint16_t>((data[0] << 8U) | data[1]);
    const std::span<const std::uint8_t> reply(data + 2, size - 2);
    const auto verdict = judge_dns_reply(id, reply);
    if (verdict.reply != DnsReply::ignored) {
        if (reply.size() < 8 || ((reply[0] << 8U) | reply[1]) != id || (reply[2] & 0x80U) == 0) {
            std::abort();
        }
        if ((verdict.reply == DnsReply::success) != ((reply[3] & 0x0fU) == 0)) {
            std::abort();
        }
    }
    const std::string_view name(reinterpret_cast<const char*>(reply.data()), std::min<std::size_t>(reply.size(), 300));
    const auto query = build_dns_query(id, name, config::DnsType::a);
    if (query.size() < 12 + 5 || query[0] != (id >> 8U) || query[1] != (id & 0xffU)) {
        std::abort();
    }

    const TimePoint t0{};
    DnsExchange exchange(id, "example.com", config::DnsType::soa, std::chrono::seconds(1), "[192.0.2.53]:53");
    exchange.start(ConnectStatus::connected, t0);
    exchange.on_sent(exchange.output().size(), t0);
    const std::size_t n = std::min(reply.size(), exchange.input_area().size());
    std::memcpy(exchange.input_area().data(), reply.data(), n);
    exchange.on_received(n, t0);
    exchange.on_deadline(t0 + std::chrono::seconds(1));
    if (exchange.end() == DialogueEnd::running) {
        std::abort();
    }
}

void fuzz_smtp(const std::uint8_t* data, std::size_t size, std::size_t chunk) {
    const TimePoint t0{};
    SmtpDialogue dialogue(default_helo_name, std::chrono::seconds(1), "192.0.2.25", 25, "[192.0.2.25]:25");
    dialogue.start(ConnectStatus::in_progress, t0);
    dialogue.on_connect(ConnectStatus::connected, t0);
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::string sent;
    while (dialogue.end() == DialogueEnd::running) {
        if (dialogue.wants_read() && dialogue.wants_write()) {
            std::abort();
        }
        if (dialogue.wants_write()) {
            const auto out = dialogue.output();
            sent.append(out.begin(), out.end());
            dialogue.on_sent(out.size(), t0);
            continue;
        }
        if (rest.empty()) {
            dialogue.on_received(0, t0);
            break;
        }
        auto area = dialogue.input_area();
        const std::size_t n = std::min({chunk, area.size(), rest.size()});
        std::memcpy(area.data(), rest.data(), n);
        dialogue.on_received(n, t0);
        rest.remove_prefix(n);
    }
    if (dialogue.end() == DialogueEnd::success &&
        sent != "HELO smtpchecker.keepalived.org\r\nQUIT\r\n") {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    if ((data[0] & 1U) == 0) {
        fuzz_dns(data + 1, size - 1);
    } else {
        fuzz_smtp(data + 1, size - 1, std::max<std::size_t>(1, data[0] >> 1U));
    }
    return 0;
}
