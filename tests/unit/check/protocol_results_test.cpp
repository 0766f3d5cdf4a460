// HTTP_GET/SSL_GET, SMTP_CHECK and DNS_CHECK epilogues (keepalived 2.2.7 check_http.c epilog,
// check_smtp.c smtp_final, check_dns.c dns_final): retries, url walking, log lines, mails.
#include "check/protocol_dump.hpp"
#include "harness.hpp"

namespace vigil::check::test {

namespace {

CheckResult passed(const char* what = "HTTP status code") { return {Outcome::success, 0, what, std::nullopt}; }
CheckResult failed(const char* why) { return {Outcome::failed, 0, why, std::nullopt}; }

const std::string http_one_url = R"(
global_defs {
    notification_email { ops@example.com }
    smtp_server 192.0.2.25
    router_id lb1
}
virtual_server 192.0.2.1 80 {
    protocol TCP
    delay_loop 10
    real_server 198.51.100.1 80 {
        HTTP_GET {
            url { path /ok.html }
            retry 1
            delay_before_retry 3
        }
    }
}
)";

} // namespace

TEST_CASE("HTTP_GET: one failure is enough at start-up; two successes bring it back") {
    Harness h(http_one_url);
    h.start();
    h.take_logs();
    h.run_check(0, failed("Connection failed"));
    CHECK(h.take_logs() == std::vector<std::string>{
                               "HTTP_CHECK on service [198.51.100.1]:tcp:80 failed after 1 retries.",
                               "Removing service [198.51.100.1]:tcp:80 from VS [192.0.2.1]:tcp:80",
                               "Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:tcp:80",
                           });
    CHECK(h.take_mails() ==
          std::vector<std::string>{"Realserver [198.51.100.1]:tcp:80 of virtual server [192.0.2.1]:tcp:80 - DOWN / "
                                   "=> CHECK failed on service : HTTP request failed <="});
    // The failed url again after max(delay_before_retry, delay_loop).
    const TimePoint failed_at = h.now();
    h.run_check(0, failed("Connection failed"));
    CHECK(h.now() - failed_at == 10s);
    CHECK(h.take_logs().empty());
    h.run_check(0, passed());
    CHECK(h.take_logs() ==
          std::vector<std::string>{"HTTP status code success to [198.51.100.1]:tcp:80 url(/ok.html)"});
    const TimePoint first_success = h.now();
    h.run_check(0, passed("MD5 digest"));
    CHECK(h.now() - first_success == 10s);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "MD5 digest success to [198.51.100.1]:tcp:80 url(/ok.html)",
                               "Remote Web server [198.51.100.1]:tcp:80 succeed on service.",
                               "Adding service [198.51.100.1]:tcp:80 to VS [192.0.2.1]:tcp:80",
                               "Gained quorum 1+0=1 <= 1 for VS [192.0.2.1]:tcp:80",
                           });
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 1\n");
}

TEST_CASE("HTTP_GET: while up, a failure is retried after delay_before_retry; log_all_failures logs each") {
    std::string text = http_one_url;
    text.replace(text.find("retry 1"), 7, "retry 2\n            log_all_failures");
    Harness h(text);
    h.start();
    h.run_check(0, passed());
    CHECK(h.take_logs().back() == "Remote Web server [198.51.100.1]:tcp:80 succeed on service.");
    h.run_check(0, failed("Timeout WEB read"));
    CHECK(h.take_logs() == std::vector<std::string>{"Timeout WEB read server [198.51.100.1]:tcp:80."});
    const TimePoint at = h.now();
    h.run_check(0, failed("HTTP status code error to"));
    CHECK(h.now() - at == 3s);
    h.run_check(0, failed("HTTP status code error to"));
    CHECK(h.take_logs() == std::vector<std::string>{
                               "HTTP status code error to server [198.51.100.1]:tcp:80.",
                               "HTTP status code error to server [198.51.100.1]:tcp:80.",
                               "HTTP_CHECK on service [198.51.100.1]:tcp:80 failed after 2 retries.",
                               "Removing service [198.51.100.1]:tcp:80 from VS [192.0.2.1]:tcp:80",
                               "Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:tcp:80",
                           });
}

TEST_CASE("HTTP_GET: urls are fetched one per delay_loop; a length mismatch is logged once") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    delay_loop 5
    real_server 198.51.100.1 80 {
        HTTP_GET {
            url { path /a }
            url {
                path /b
                virtualhost www.example
            }
        }
    }
}
)");
    h.start();
    CHECK(h.engine().checker(0).url_index == 0);
    h.run_check(0, passed());
    CHECK(h.engine().checker(0).url_index == 1);
    CHECK(h.take_logs().back() != "Remote Web server [198.51.100.1]:tcp:80 succeed on service.");
    CheckResult result = passed();
    result.length = LengthCheck{100, 40};
    h.run_check(0, result);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "http_check for RS [198.51.100.1]:tcp:80 VS [192.0.2.1]:tcp:80 url www.example/b: "
                               "content_length (100) does not match received bytes (40)",
                               "Remote Web server [198.51.100.1]:tcp:80 succeed on service.",
                           });
    h.run_check(0, passed());
    h.run_check(0, result);
    CHECK(h.take_logs().empty());
}

TEST_CASE("SMTP_CHECK: a regular attempt starts its retries afresh, even at start-up") {
    Harness h(R"(
virtual_server 192.0.2.1 25 {
    protocol TCP
    delay_loop 10
    real_server 198.51.100.1 25 {
        SMTP_CHECK {
            retry 1
            delay_before_retry 2
        }
    }
}
)");
    h.start();
    h.take_logs();
    h.run_check(0, failed("Could not connect to server [198.51.100.1]:25"));
    CHECK(h.take_logs().empty());
    const TimePoint at = h.now();
    h.run_check(0, failed("Could not connect to server [198.51.100.1]:25"));
    CHECK(h.now() - at == 2s);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "SMTP_CHECK Could not connect to server [198.51.100.1]:25",
                               "Removing service [198.51.100.1]:tcp:25 from VS [192.0.2.1]:tcp:25",
                               "Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:tcp:25",
                           });
    // Down (and has run): failures are silent.
    h.run_check(0, failed("Bad greeting banner from server [198.51.100.1]:25"));
    h.run_check(0, failed("Bad greeting banner from server [198.51.100.1]:25"));
    CHECK(h.take_logs().empty());
    h.run_check(0, passed(""));
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Remote SMTP server [198.51.100.1]:tcp:25 succeed on service.",
                               "Adding service [198.51.100.1]:tcp:25 to VS [192.0.2.1]:tcp:25",
                               "Gained quorum 1+0=1 <= 1 for VS [192.0.2.1]:tcp:25",
                           });
}

TEST_CASE("SMTP_CHECK: one checker per host block") {
    Harness h(R"(
virtual_server 192.0.2.1 25 {
    protocol TCP
    real_server 198.51.100.1 25 {
        SMTP_CHECK {
            host { connect_ip 198.51.100.7 }
            host {
                connect_ip 198.51.100.8
                connect_port 587
            }
        }
    }
}
)");
    REQUIRE(h.engine().checkers().size() == 2);
    CHECK(checker_connection(h.engine().checker(0)).connect_ip_->to_string() == "198.51.100.7");
    CHECK(*checker_connection(h.engine().checker(1)).connect_port_ == 587);
}

TEST_CASE("DNS_CHECK: failures logged with the retries done; success is silent") {
    Harness h(R"(
virtual_server 192.0.2.1 53 {
    protocol UDP
    delay_loop 10
    real_server 198.51.100.1 53 {
        DNS_CHECK {
            retry 1
            delay_before_retry 2
        }
    }
}
)");
    h.start();
    h.take_logs();
    h.run_check(0, failed("read timeout from socket"));
    CHECK(h.take_logs() == std::vector<std::string>{
                               "DNS_CHECK ([198.51.100.1]:udp:53) read timeout from socket",
                               "Removing service [198.51.100.1]:udp:53 from VS [192.0.2.1]:udp:53",
                               "Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:udp:53",
                           });
    h.run_check(0, passed(""));
    CHECK(h.take_logs() == std::vector<std::string>{"Adding service [198.51.100.1]:udp:53 to VS [192.0.2.1]:udp:53",
                                                   "Gained quorum 1+0=1 <= 1 for VS [192.0.2.1]:udp:53"});
    h.run_check(0, failed("read error occurred. (rcode = 2)"));
    CHECK(h.take_logs().empty());
    h.run_check(0, failed("read error occurred. (rcode = 2)"));
    CHECK(h.take_logs() == std::vector<std::string>{
                               "DNS_CHECK ([198.51.100.1]:udp:53) read error occurred. (rcode = 2) after 1 retries",
                               "Removing service [198.51.100.1]:udp:53 from VS [192.0.2.1]:udp:53",
                               "Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:udp:53",
                           });
}

TEST_CASE("keepalived_check.data: the HTTP_GET, SMTP_CHECK and DNS_CHECK lines") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    real_server 198.51.100.1 80 {
        HTTP_GET {
            url {
                path /a
                digest 5d41402abc4b2a76b9719d911017c592
                status_code 200 202-204 503
            }
            url {
                path /b
                regex "up"
            }
            http_protocol 1.1
            virtualhost www.example
        }
        SMTP_CHECK {
        }
        DNS_CHECK {
            type A
            name example.com
        }
    }
}
)");
    REQUIRE(h.engine().checkers().size() == 3);
    std::string out;
    append_protocol_dump(out, h.engine().checker(0), *h.config().lvs_);
    CHECK(out == "   Keepalive method = HTTP_GET, http protocol 1.1\n"
                 "   Virtualhost = www.example\n"
                 "   Enable SNI unset\n"
                 "   Fast recovery unset\n"
                 "   Checked url = /a\n"
                 "     digest = 5d41402abc4b2a76b9719d911017c592\n"
                 "     HTTP Status Code(s)\n"
                 "       200\n"
                 "       202-204\n"
                 "       503\n"
                 "   Checked url = /b\n"
                 "     HTTP Status Code(s)\n"
                 "       200-299\n"
                 "     Regex = \"up\"\n"
                 "     Regex options:\n"
                 "     Regex ref count = 1\n");
    out.clear();
    append_protocol_dump(out, h.engine().checker(1), *h.config().lvs_);
    CHECK(out == "   Keepalive method = SMTP_CHECK\n   helo = smtpchecker.keepalived.org\n");
    out.clear();
    append_protocol_dump(out, h.engine().checker(2), *h.config().lvs_);
    CHECK(out == "   Keepalive method = DNS_CHECK\n   Type = A\n   Name = example.com\n");
}

} // namespace vigil::check::test
