// The checker engine against a FakeIpvsTable: start-up, TCP/UDP/PING results and retries,
// inhibit, alpha, stop (keepalived 2.2.7's behaviour, reference
// keepalived-2.2.7-lvs-checkers.md §2, §4).
#include "harness.hpp"

namespace vigil::check::test {

namespace {

const std::string two_servers = R"(
virtual_server 192.0.2.1 80 {
    delay_loop 5
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 8080 {
        weight 2
        TCP_CHECK {
            connect_timeout 2
            retry 2
            delay_before_retry 1
        }
    }
    real_server 198.51.100.2 8080 {
        weight 3
        TCP_CHECK {
            connect_timeout 2
        }
    }
}
)";

} // namespace

TEST_CASE("start-up adds every real server without alpha and gains quorum") {
    Harness h(two_servers);
    h.start();
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.1:8080 Masq 2\n"
                            "  -> 198.51.100.2:8080 Masq 3\n");
    const auto logs = h.take_logs();
    CHECK(logs == std::vector<std::string>{
                      "Gained quorum 1+0=1 <= 5 for VS [192.0.2.1]:tcp:80",
                      "Activating healthchecker for service [198.51.100.1]:tcp:8080 for VS [192.0.2.1]:tcp:80",
                      "Activating healthchecker for service [198.51.100.2]:tcp:8080 for VS [192.0.2.1]:tcp:80",
                      "Activating BFD healthchecker",
                  });
    CHECK(h.take_failures().empty());
}

TEST_CASE("first runs come 1 s plus a random part of the warmup after start") {
    Harness h(two_servers, 7);
    h.start();
    for (CheckerId id = 0; id < 2; ++id) {
        const auto due = h.engine().due(id);
        CHECK(due >= h.now() + 1s);
        CHECK(due <= h.now() + 6s); // warmup defaults to delay_loop (5 s)
    }
}

TEST_CASE("first runs are postponed by the time the start-up's table programming took") {
    Harness h(two_servers, 7);
    h.start();
    const TimePoint first = h.engine().due(0);
    const TimePoint second = h.engine().due(1);
    h.engine().postpone_checks(3s);
    CHECK(h.engine().due(0) == first + 3s);
    CHECK(h.engine().due(1) == second + 3s);
    CHECK(h.engine().next_deadline() == std::min(first, second) + 3s);
    h.engine().postpone_checks(-1s); // a clock that went back changes nothing
    CHECK(h.engine().due(0) == first + 3s);
}

TEST_CASE("a timer launches at most launches_per_timer checkers; the rest stay due") {
    std::string text = "virtual_server 192.0.2.1 80 {\n delay_loop 5\n lb_algo rr\n lb_kind NAT\n protocol TCP\n";
    for (int r = 0; r < 100; ++r) {
        text += "real_server 198.51.100." + std::to_string(r + 1) + " 8080 {\n TCP_CHECK {\n connect_timeout 2\n }\n}\n";
    }
    text += "}\n";
    Harness h(text, 3);
    h.start();
    Actions out;
    const TimePoint late = h.now() + 10s; // every first run is due
    h.engine().on_timer(late, out);
    const auto launches = [](const Actions& actions) {
        return std::count_if(actions.begin(), actions.end(),
                             [](const Action& a) { return std::holds_alternative<LaunchCheck>(a); });
    };
    CHECK(launches(out) == static_cast<long>(launches_per_timer));
    CHECK(h.engine().next_deadline() <= late);
    out.clear();
    h.engine().on_timer(late, out);
    CHECK(launches(out) == 100 - static_cast<long>(launches_per_timer));
    CHECK(h.engine().next_deadline() == TimePoint::max()); // all in flight
}

TEST_CASE("one failure is enough at first, then retry + 1 failures; one success restores") {
    Harness h(two_servers);
    h.start();
    h.take_logs();
    h.fail(0);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "TCP_CHECK on service [198.51.100.1]:tcp:8080 failed.",
                               "Removing service [198.51.100.1]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                           });
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n  -> 198.51.100.2:8080 Masq 3\n");

    h.succeed(0);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "TCP connection to [198.51.100.1]:tcp:8080 success.",
                               "Adding service [198.51.100.1]:tcp:8080 to VS [192.0.2.1]:tcp:80",
                           });
    // retry 2: the third consecutive failure takes it out.
    const TimePoint first = h.now();
    h.fail(0);
    h.fail(0);
    CHECK(h.take_logs().empty());
    CHECK(h.table_text().find("198.51.100.1") != std::string::npos);
    h.fail(0);
    // delay_loop 5 s, then two retries after delay_before_retry 1 s.
    CHECK(h.now() - first == 7s);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "TCP_CHECK on service [198.51.100.1]:tcp:8080 failed after 2 retries.",
                               "Removing service [198.51.100.1]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                           });
}

TEST_CASE("a down TCP checker keeps cycling through its retries (2.2.7), UDP and PING do not") {
    Harness h(R"(
virtual_server 192.0.2.1 53 {
    delay_loop 10
    protocol UDP
    real_server 198.51.100.1 53 {
        TCP_CHECK { retry 2 delay_before_retry 1 }
    }
    real_server 198.51.100.2 53 {
        UDP_CHECK { retry 2 delay_before_retry 1 }
    }
    real_server 198.51.100.3 53 {
        PING_CHECK { retry 2 delay_before_retry 1 }
    }
}
)");
    h.start();
    for (CheckerId id = 0; id < 3; ++id) {
        h.fail(id);
    }
    h.take_logs();
    CHECK(h.table_text() == "UDP 192.0.2.1:53 wlc\n");
    // Down: TCP waits delay_loop, then retries at delay_before_retry.
    TimePoint t = h.now();
    h.fail(0);
    const TimePoint t1 = h.now();
    h.fail(0);
    CHECK(h.now() - t1 == 1s);
    // UDP: every delay_loop.
    t = h.now();
    h.fail(1);
    const TimePoint u1 = h.now();
    h.fail(1);
    CHECK(h.now() - u1 == 10s);
    h.fail(2);
    const TimePoint p1 = h.now();
    h.fail(2);
    CHECK(h.now() - p1 == 10s);
    CHECK(h.take_logs().empty());
    (void)t;
}

TEST_CASE("inhibit_on_failure sets the weight to 0 instead of removing") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    inhibit_on_failure
    real_server 198.51.100.1 80 {
        weight 4
        TCP_CHECK { }
    }
}
)");
    h.start();
    h.take_logs();
    h.fail(0);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 0\n");
    CHECK(contains(h.take_logs(), "Disabling service [198.51.100.1]:tcp:80 of VS [192.0.2.1]:tcp:80"));
    h.succeed(0);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 4\n");
    CHECK(contains(h.take_logs(), "Enabling service [198.51.100.1]:tcp:80 of VS [192.0.2.1]:tcp:80"));
}

TEST_CASE("alpha: servers start out of the pool (inhibited ones at weight 0) until a check succeeds") {
    Harness h(R"(
global_defs { notify_fifo /tmp/never-opened }
virtual_server 192.0.2.1 80 {
    protocol TCP
    alpha
    real_server 198.51.100.1 80 {
        TCP_CHECK { }
    }
    real_server 198.51.100.2 80 {
        inhibit_on_failure
        TCP_CHECK { }
    }
}
)");
    h.start();
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.2:80 Masq 0\n");
    h.take_fifo();
    h.fail(0);
    // The first failure of an alpha checker only notifies (keepalived: notify_down at start).
    CHECK(h.take_fifo() == std::vector<std::string>{"RS [198.51.100.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN"});
    h.succeed(0);
    h.succeed(1);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 1\n  -> 198.51.100.2:80 Masq 1\n");
    CHECK(h.take_fifo() == std::vector<std::string>{
                               "RS [198.51.100.1]:tcp:80 [192.0.2.1]:tcp:80 UP",
                               "VS [192.0.2.1]:tcp:80 UP",
                               "RS [198.51.100.2]:tcp:80 [192.0.2.1]:tcp:80 UP",
                           });
}

TEST_CASE("stop removes what was added, -I keeps it") {
    Harness h(two_servers);
    h.start();
    h.take_logs();
    h.stop();
    CHECK(h.table_text().empty());
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Shutting down service [198.51.100.1]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                               "Shutting down service [198.51.100.2]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                           });
    Harness keep(two_servers);
    keep.start();
    keep.stop(ReleaseIpvs::keep);
    CHECK(keep.table_text() == "TCP 192.0.2.1:80 rr\n"
                               "  -> 198.51.100.1:8080 Masq 2\n"
                               "  -> 198.51.100.2:8080 Masq 3\n");
}

TEST_CASE("omega runs the down notifies at shutdown, waiting for them") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    omega
    quorum_down /bin/qdown
    real_server 198.51.100.1 80 {
        notify_down /bin/rsdown
        TCP_CHECK { }
    }
}
)");
    h.start();
    h.take_scripts();
    h.stop();
    CHECK(h.take_scripts() == std::vector<std::string>{"/bin/rsdown (stopping)", "/bin/qdown (stopping)"});
}

} // namespace vigil::check::test
