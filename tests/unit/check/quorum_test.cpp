// Quorum, hysteresis, the sorry server, weights (misc_dynamic, FILE_CHECK), notifications
// and mails (keepalived 2.2.7's ipwrapper.c update_quorum_state, update_svr_wgt).
#include "harness.hpp"

namespace vigil::check::test {

namespace {

const std::string sorry = R"(
global_defs {
    notify_fifo /tmp/never-opened
    notification_email { ops@example.com }
    smtp_server 192.0.2.25
    router_id lb1
}
virtual_server 192.0.2.1 80 {
    protocol TCP
    quorum 2
    quorum_up /bin/qup
    quorum_down /bin/qdown
    smtp_alert
    sorry_server 203.0.113.9 80
    real_server 198.51.100.1 80 {
        smtp_alert off
        TCP_CHECK { }
    }
    real_server 198.51.100.2 80 {
        smtp_alert off
        TCP_CHECK { }
    }
}
)";

} // namespace

TEST_CASE("losing quorum puts the sorry server in and the alive servers out; regaining reverses it") {
    Harness h(sorry);
    h.start();
    CHECK(h.take_scripts() == std::vector<std::string>{"/bin/qup"});
    CHECK(h.take_mails() == std::vector<std::string>{
                                "Virtualserver [192.0.2.1]:tcp:80 - UP / => Starting with quorum up 2+0=2 <= 2 <="});
    h.take_logs();
    h.take_fifo();
    h.fail(0);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "TCP_CHECK on service [198.51.100.1]:tcp:80 failed.",
                               "Removing service [198.51.100.1]:tcp:80 from VS [192.0.2.1]:tcp:80",
                               "Lost quorum 2-0=2 > 1 for VS [192.0.2.1]:tcp:80",
                               "Adding sorry server [203.0.113.9]:tcp:80 to VS [192.0.2.1]:tcp:80",
                               "Removing alive servers from the pool for VS [192.0.2.1]:tcp:80",
                           });
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 203.0.113.9:80 Masq 1\n");
    CHECK(h.take_fifo() == std::vector<std::string>{
                               "RS [198.51.100.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN",
                               "VS [192.0.2.1]:tcp:80 DOWN",
                           });
    CHECK(h.take_scripts() == std::vector<std::string>{"/bin/qdown"});
    CHECK(h.take_mails() == std::vector<std::string>{
                                "Virtualserver [192.0.2.1]:tcp:80 - DOWN / => Lost quorum 2+0=2 <= 1 <="});

    // While the sorry server is in use, a server going down changes nothing in the table.
    h.fail(1);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 203.0.113.9:80 Masq 1\n");
    h.succeed(1);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 203.0.113.9:80 Masq 1\n");
    h.take_logs();
    h.succeed(0);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "TCP connection to [198.51.100.1]:tcp:80 success.",
                               "Adding service [198.51.100.1]:tcp:80 to VS [192.0.2.1]:tcp:80",
                               "Gained quorum 2+0=2 <= 2 for VS [192.0.2.1]:tcp:80",
                               "Removing sorry server [203.0.113.9]:tcp:80 from VS [192.0.2.1]:tcp:80",
                               "Adding alive servers to the pool for VS [192.0.2.1]:tcp:80",
                           });
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 1\n  -> 198.51.100.2:80 Masq 1\n");
}

TEST_CASE("a sorry server with sorry_server_inhibit waits at weight 0") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    sorry_server 203.0.113.9 80
    sorry_server_inhibit
    real_server 198.51.100.1 80 { TCP_CHECK { } }
}
)");
    h.start();
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 1\n  -> 203.0.113.9:80 Masq 0\n");
    h.take_logs();
    h.fail(0);
    CHECK(contains(h.take_logs(), "Enabling sorry server [203.0.113.9]:tcp:80 to VS [192.0.2.1]:tcp:80"));
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 203.0.113.9:80 Masq 1\n");
    h.succeed(0);
    CHECK(contains(h.take_logs(), "Disabling sorry server [203.0.113.9]:tcp:80 from VS [192.0.2.1]:tcp:80"));
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 1\n  -> 203.0.113.9:80 Masq 0\n");
}

TEST_CASE("starting with no quorum in alpha mode puts the sorry server in at once") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    alpha
    sorry_server 203.0.113.9 80
    real_server 198.51.100.1 80 { TCP_CHECK { } }
}
)");
    h.start();
    CHECK(contains(h.take_logs(), "Starting with quorum down 1-0=1 > 0 for VS [192.0.2.1]:tcp:80"));
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 203.0.113.9:80 Masq 1\n");
}

TEST_CASE("hysteresis: gained at quorum + hysteresis, lost below quorum - hysteresis") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    quorum 3
    hysteresis 1
    alpha
    real_server 198.51.100.1 80 { TCP_CHECK { retry 0 } }
    real_server 198.51.100.2 80 { TCP_CHECK { retry 0 } }
    real_server 198.51.100.3 80 { TCP_CHECK { retry 0 } }
    real_server 198.51.100.4 80 { TCP_CHECK { retry 0 } }
}
)");
    h.start();
    h.take_logs();
    for (CheckerId id = 0; id < 3; ++id) {
        h.succeed(id);
    }
    CHECK(h.engine().virtual_servers()[0].quorum_up == false);
    h.succeed(3);
    CHECK(contains(h.take_logs(), "Gained quorum 3+1=4 <= 4 for VS [192.0.2.1]:tcp:80"));
    h.fail(0);
    CHECK(h.engine().virtual_servers()[0].quorum_up);
    h.fail(1);
    CHECK(h.engine().virtual_servers()[0].quorum_up); // 2 is not below 3 - 1
    h.fail(2);
    CHECK(contains(h.take_logs(), "Lost quorum 3-1=2 > 1 for VS [192.0.2.1]:tcp:80"));
}

TEST_CASE("misc_dynamic: exit 2..255 sets the weight to status - 2, exit 1 is down") {
    Harness h(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    real_server 198.51.100.1 80 {
        weight 1
        MISC_CHECK {
            misc_path "/bin/check arg"
            misc_dynamic
        }
    }
}
)");
    h.start();
    h.take_logs();
    h.exit_with(0, 12);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Changing weight from 1 to 10 for active service [198.51.100.1]:tcp:80 of VS "
                               "[192.0.2.1]:tcp:80",
                               "Misc check for [[198.51.100.1]:tcp:80 VS [192.0.2.1]:tcp:80] by [/bin/check] succeeded.",
                           });
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 10\n");
    h.exit_with(0, 1);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Misc check for [[198.51.100.1]:tcp:80 VS [192.0.2.1]:tcp:80] by [/bin/check] failed with "
                               "retry disabled (exited with status 1).",
                               "Removing service [198.51.100.1]:tcp:80 from VS [192.0.2.1]:tcp:80",
                               "Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:tcp:80",
                           });
    h.exit_with(0, 0);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 1\n");
}

TEST_CASE("MISC_CHECK runs are timed from their launch; retries and timeouts are worded as keepalived") {
    Harness h(R"(
global_defs { checker_log_all_failures }
virtual_server 192.0.2.1 80 {
    protocol TCP
    delay_loop 10
    real_server 198.51.100.1 80 {
        MISC_CHECK {
            misc_path /bin/check
            retry 2
            delay_before_retry 2
        }
    }
}
)");
    h.start();
    h.take_logs();
    h.exit_with(0, 0);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Misc check for [[198.51.100.1]:tcp:80 VS [192.0.2.1]:tcp:80] by [/bin/check] succeeded."});
    const TimePoint launched = h.now();
    h.run_check(0, {Outcome::exited, 3}, 4s);
    CHECK(h.now() - launched == 14s);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Misc check for [[198.51.100.1]:tcp:80 VS [192.0.2.1]:tcp:80] by [/bin/check] failed, "
                               "will do 2 retries (exited with status 3).",
                           });
    // The retry is due delay_before_retry after the launch, already passed: at once.
    CHECK(h.engine().due(0) == h.now() + 1us);
    h.run_check(0, {Outcome::script_timeout});
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Misc check for [[198.51.100.1]:tcp:80 VS [192.0.2.1]:tcp:80] by [/bin/check] timed out on "
                               "retry 1/2.",
                           });
    h.run_check(0, {Outcome::signalled, 9});
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Misc check for [[198.51.100.1]:tcp:80 VS [192.0.2.1]:tcp:80] by [/bin/check] failed after "
                               "2 retries (due to signal 9).",
                               "Removing service [198.51.100.1]:tcp:80 from VS [192.0.2.1]:tcp:80",
                               "Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:tcp:80",
                           });
}

TEST_CASE("FILE_CHECK: the file's value weights the server, weight 0 makes non-zero a failure") {
    Harness h(R"(
track_file weights {
    file /tmp/weights
    weight 2
}
track_file gate {
    file /tmp/gate
}
virtual_server 192.0.2.1 80 {
    protocol TCP
    real_server 198.51.100.1 80 {
        weight 10
        FILE_CHECK { track_file weights }
    }
    real_server 198.51.100.2 80 {
        FILE_CHECK {
            track_file gate
            weight 0
        }
    }
}
)");
    h.engine().set_track_file_value("weights", 3);
    h.engine().set_track_file_value("gate", 1);
    h.start();
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 16\n");
    h.take_logs();
    h.file("weights", -1);
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Changing weight from 16 to 8 for active service [198.51.100.1]:tcp:80 of VS "
                               "[192.0.2.1]:tcp:80"});
    h.file("gate", 0);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 8\n  -> 198.51.100.2:80 Masq 1\n");
    h.file("gate", 5);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 198.51.100.1:80 Masq 8\n");
}

TEST_CASE("RS mails follow keepalived: on checker transitions, with the RS state in the subject") {
    Harness h(R"(
global_defs {
    notification_email { ops@example.com }
    smtp_server 192.0.2.25
}
virtual_server 192.0.2.1 80 {
    protocol TCP
    real_server 198.51.100.1 80 { TCP_CHECK { } }
}
)");
    h.start();
    h.take_mails();
    h.fail(0);
    CHECK(h.take_mails() == std::vector<std::string>{
                                "Realserver [198.51.100.1]:tcp:80 of virtual server [192.0.2.1]:tcp:80 - DOWN / => TCP "
                                "CHECK failed on service <="});
    h.succeed(0);
    CHECK(h.take_mails() == std::vector<std::string>{
                                "Realserver [198.51.100.1]:tcp:80 of virtual server [192.0.2.1]:tcp:80 - UP / => TCP "
                                "CHECK succeed on service <="});
}

} // namespace vigil::check::test
