// Groups and reload: keepalived 2.2.7's expansion of virtual_server_group entries and its
// reload diff (ipwrapper.c clear_diff_services): unchanged entries are never touched.
#include "harness.hpp"

namespace vigil::check::test {

namespace {

std::string web(const std::string& servers, const std::string& extra = "") {
    return R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    lb_algo rr
)" + extra + servers +
           R"(
}
)";
}

const std::string rs1 = "    real_server 198.51.100.1 80 { TCP_CHECK { } }\n";
const std::string rs2 = "    real_server 198.51.100.2 80 { TCP_CHECK { } }\n";
const std::string rs2_weight5 = "    real_server 198.51.100.2 80 { weight 5\n TCP_CHECK { } }\n";

} // namespace

TEST_CASE("a group becomes one service per address of a range and per fwmark") {
    Harness h(R"(
virtual_server_group web {
    192.0.2.10-12 80
    fwmark 7
}
virtual_server group web {
    protocol TCP
    lb_kind DR
    real_server 198.51.100.1 80 { TCP_CHECK { } }
}
)");
    h.start();
    CHECK(h.table_text() == "FWM 7 wlc\n  -> 198.51.100.1:0 Route 1\n"
                            "TCP 192.0.2.10:80 wlc\n  -> 198.51.100.1:80 Route 1\n"
                            "TCP 192.0.2.11:80 wlc\n  -> 198.51.100.1:80 Route 1\n"
                            "TCP 192.0.2.12:80 wlc\n  -> 198.51.100.1:80 Route 1\n");
    CHECK(contains(h.take_logs(), "Gained quorum 1+0=1 <= 1 for VS [web]:0"));
    h.fail(0);
    CHECK(h.table_text() == "FWM 7 wlc\nTCP 192.0.2.10:80 wlc\nTCP 192.0.2.11:80 wlc\nTCP 192.0.2.12:80 wlc\n");
    h.succeed(0);
    h.stop();
    CHECK(h.table_text().empty());
}

TEST_CASE("reloading the same configuration touches nothing") {
    Harness h(web(rs1 + rs2));
    h.start();
    h.fail(0);
    h.take_commands();
    h.take_logs();
    h.reload(web(rs1 + rs2));
    CHECK(h.take_commands().empty());
    CHECK(h.take_logs() == std::vector<std::string>{
                               "Activating healthchecker for service [198.51.100.1]:tcp:80 for VS [192.0.2.1]:tcp:80",
                               "Activating healthchecker for service [198.51.100.2]:tcp:80 for VS [192.0.2.1]:tcp:80",
                               "Activating BFD healthchecker",
                           });
    // The failed server stays out and its checker keeps its state.
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n  -> 198.51.100.2:80 Masq 1\n");
    CHECK_FALSE(h.engine().checker(0).is_up);
    h.succeed(0);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n  -> 198.51.100.1:80 Masq 1\n  -> 198.51.100.2:80 Masq 1\n");
}

TEST_CASE("a reload changing one weight sends one edit") {
    Harness h(web(rs1 + rs2));
    h.start();
    h.take_commands();
    h.take_logs();
    h.reload(web(rs1 + rs2_weight5));
    CHECK(h.take_commands() == std::vector<std::string>{"edit_destination TCP 192.0.2.1:80 -> 198.51.100.2:80 w5"});
    CHECK(contains(h.take_logs(),
                   "Changing weight from 1 to 5 for active service [198.51.100.2]:tcp:80 of VS [192.0.2.1]:tcp:80"));
}

TEST_CASE("a reload adds and removes real servers and edits the scheduler") {
    Harness h(web(rs1 + rs2));
    h.start();
    h.take_commands();
    h.take_logs();
    h.reload(R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    lb_algo wrr
    real_server 198.51.100.2 80 { TCP_CHECK { } }
    real_server 198.51.100.3 80 { TCP_CHECK { } }
}
)");
    CHECK(h.take_commands() == std::vector<std::string>{
                                   "edit_service TCP 192.0.2.1:80",
                                   "remove_destination TCP 192.0.2.1:80 -> 198.51.100.1:80 w1",
                                   "add_destination TCP 192.0.2.1:80 -> 198.51.100.3:80 w1",
                               });
    const auto logs = h.take_logs();
    CHECK(contains(logs, "service [198.51.100.1]:tcp:80 no longer exist"));
    CHECK(contains(logs, "Removing service [198.51.100.1]:tcp:80 from VS [192.0.2.1]:tcp:80"));
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wrr\n  -> 198.51.100.2:80 Masq 1\n  -> 198.51.100.3:80 Masq 1\n");
}

TEST_CASE("a reload removes a virtual server and adds another") {
    Harness h(web(rs1));
    h.start();
    h.take_commands();
    h.take_logs();
    h.reload(R"(
virtual_server 192.0.2.2 443 {
    protocol TCP
    real_server 198.51.100.1 443 { TCP_CHECK { } }
}
)");
    CHECK(h.take_commands() == std::vector<std::string>{
                                   "remove_destination TCP 192.0.2.1:80 -> 198.51.100.1:80 w1",
                                   "remove_service TCP 192.0.2.1:80",
                                   "add_service TCP 192.0.2.2:443",
                                   "add_destination TCP 192.0.2.2:443 -> 198.51.100.1:443 w1",
                               });
    CHECK(contains(h.take_logs(), "Removing Virtual Server [192.0.2.1]:tcp:80"));
}

TEST_CASE("a reload adds and removes group entries, keeping the others") {
    const std::string before = R"(
virtual_server_group web {
    192.0.2.10 80
    192.0.2.11 80
}
virtual_server group web {
    protocol TCP
    real_server 198.51.100.1 80 { TCP_CHECK { } }
}
)";
    const std::string after = R"(
virtual_server_group web {
    192.0.2.11 80
    192.0.2.12 80
}
virtual_server group web {
    protocol TCP
    real_server 198.51.100.1 80 { TCP_CHECK { } }
}
)";
    Harness h(before);
    h.start();
    h.take_commands();
    h.take_logs();
    h.reload(after);
    const auto logs = h.take_logs();
    CHECK(contains(logs, "VS [[192.0.2.10]:tcp:80] in group web no longer exists"));
    CHECK(contains(logs, "VS [[192.0.2.12]:tcp:80] added into group web"));
    const auto commands = h.take_commands();
    CHECK_FALSE(contains(commands, "add_service TCP 192.0.2.11:80"));
    CHECK(contains(commands, "add_service TCP 192.0.2.12:80"));
    CHECK(contains(commands, "add_destination TCP 192.0.2.12:80 -> 198.51.100.1:80 w1"));
    // keepalived keeps the service of a removed entry while a destination was added through
    // it (its alive count), emptied.
    CHECK(h.table_text() == "TCP 192.0.2.10:80 wlc\n"
                            "TCP 192.0.2.11:80 wlc\n  -> 198.51.100.1:80 Masq 1\n"
                            "TCP 192.0.2.12:80 wlc\n  -> 198.51.100.1:80 Masq 1\n");
}

TEST_CASE("a reload keeps the sorry server in use when it is unchanged, removes it when it changes") {
    const std::string base = R"(
virtual_server 192.0.2.1 80 {
    protocol TCP
    sorry_server SORRY 80
    real_server 198.51.100.1 80 { TCP_CHECK { } }
}
)";
    auto with = [&](const std::string& sorry) {
        std::string text = base;
        text.replace(text.find("SORRY"), 5, sorry);
        return text;
    };
    Harness h(with("203.0.113.9"));
    h.start();
    h.fail(0);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 wlc\n  -> 203.0.113.9:80 Masq 1\n");
    h.take_commands();
    h.reload(with("203.0.113.9"));
    CHECK(h.take_commands().empty());
    h.reload(with("203.0.113.10"));
    CHECK(h.take_commands() == std::vector<std::string>{
                                   "remove_destination TCP 192.0.2.1:80 -> 203.0.113.9:80 w1",
                                   "add_destination TCP 192.0.2.1:80 -> 203.0.113.10:80 w1",
                               });
}

TEST_CASE("lvs_flush_on_stop flushes once instead of removing each entry") {
    Harness h("global_defs { lvs_flush_on_stop }\n" + web(rs1 + rs2));
    h.start();
    h.take_commands();
    h.stop();
    CHECK(h.take_commands() == std::vector<std::string>{"flush TCP 0.0.0.0:0"});
    CHECK(h.table_text().empty());
}

} // namespace vigil::check::test
