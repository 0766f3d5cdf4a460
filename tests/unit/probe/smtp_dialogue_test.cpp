#include "probe/smtp_dialogue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>

using namespace vigil::probe;
using namespace std::chrono_literals;

namespace {

const TimePoint t0{};

SmtpDialogue dialogue() {
    return SmtpDialogue(default_helo_name, 3s, "192.0.2.25", 25, "[192.0.2.25]:25");
}

void reply(SmtpDialogue& d, std::string_view text, TimePoint now = t0) {
    auto area = d.input_area();
    const std::size_t n = std::min(area.size(), text.size());
    std::memcpy(area.data(), text.data(), n);
    d.on_received(n, now);
}

std::string sent(SmtpDialogue& d) {
    const auto out = d.output();
    std::string text(out.begin(), out.end());
    d.on_sent(out.size(), t0);
    return text;
}

} // namespace

TEST_CASE("banner 220, HELO, 250, QUIT, any reply: success") {
    auto d = dialogue();
    d.start(ConnectStatus::in_progress, t0);
    CHECK(d.wants_write());
    d.on_connect(ConnectStatus::connected, t0);
    CHECK(d.wants_read());
    reply(d, "220 mail.example ESMTP\r\n");
    CHECK(sent(d) == "HELO smtpchecker.keepalived.org\r\n");
    reply(d, "250 mail.example\r\n");
    CHECK(sent(d) == "QUIT\r\n");
    reply(d, "221 bye\r\n");
    CHECK(d.end() == DialogueEnd::success);
}

TEST_CASE("a line may arrive in pieces") {
    auto d = dialogue();
    d.start(ConnectStatus::connected, t0);
    d.on_connect(ConnectStatus::connected, t0);
    reply(d, "22");
    reply(d, "0 hi");
    CHECK(d.wants_read());
    reply(d, "\r\n");
    CHECK(d.wants_write());
}

TEST_CASE("reply codes as keepalived reads them") {
    CHECK(SmtpDialogue::reply_code("220 ok") == 220);
    CHECK(SmtpDialogue::reply_code("220") == 220);
    CHECK(SmtpDialogue::reply_code("220\r") == -1);
    CHECK(SmtpDialogue::reply_code("220-multi") == -1);
    CHECK(SmtpDialogue::reply_code("2200 x") == -1);
    CHECK(SmtpDialogue::reply_code("x") == -1);
}

TEST_CASE("keepalived's failure wordings") {
    auto failure = [](auto&& drive) {
        auto d = dialogue();
        drive(d);
        REQUIRE(d.end() == DialogueEnd::failed);
        return d.failure();
    };
    CHECK(failure([](auto& d) { d.start(ConnectStatus::failed, t0); }) ==
          "Network unreachable for server 192.0.2.25 - real server [192.0.2.25]:25");
    CHECK(failure([](auto& d) {
              d.start(ConnectStatus::in_progress, t0);
              d.on_connect(ConnectStatus::failed, t0);
          }) == "Could not connect to server [192.0.2.25]:25");
    CHECK(failure([](auto& d) {
              d.start(ConnectStatus::in_progress, t0);
              d.on_deadline(t0 + 3s);
          }) == "Connection timeout to server [192.0.2.25]:25");
    CHECK(failure([](auto& d) {
              d.start(ConnectStatus::connected, t0);
              d.on_connect(ConnectStatus::connected, t0);
              reply(d, "554 no service\r\n");
          }) == "Bad greeting banner from server [192.0.2.25]:25");
    CHECK(failure([](auto& d) {
              d.start(ConnectStatus::connected, t0);
              d.on_connect(ConnectStatus::connected, t0);
              reply(d, "220 ok\r\n");
              sent(d);
              reply(d, "501 bad\r\n");
          }) == "Bad HELO response from server [192.0.2.25]:25");
    CHECK(failure([](auto& d) {
              d.start(ConnectStatus::connected, t0);
              d.on_connect(ConnectStatus::connected, t0);
              d.on_received(0, t0);
          }) == "Read failure from server [192.0.2.25]:25");
    CHECK(failure([](auto& d) {
              d.start(ConnectStatus::connected, t0);
              d.on_connect(ConnectStatus::connected, t0 + 1s);
              d.on_deadline(t0 + 4s);
          }) == "Read timeout from server [192.0.2.25]:25");
    CHECK(failure([](auto& d) {
              d.start(ConnectStatus::connected, t0);
              d.on_connect(ConnectStatus::connected, t0);
              reply(d, "220 ok\r\n");
              d.on_deadline(t0 + 3s);
          }) == "Write timeout to server [192.0.2.25]:25");
}

TEST_CASE("a bind failure is not an attempt") {
    auto d = dialogue();
    d.start(ConnectStatus::error, t0);
    CHECK(d.end() == DialogueEnd::not_run);
}

TEST_CASE("a banner longer than the buffer wraps, with keepalived's note") {
    auto d = dialogue();
    d.start(ConnectStatus::connected, t0);
    d.on_connect(ConnectStatus::connected, t0);
    reply(d, std::string(600, 'x'));
    reply(d, "220 ok\r\n");
    CHECK(d.note().find("Buffer overflow reading from server [192.0.2.25]:25") != std::string::npos);
}
