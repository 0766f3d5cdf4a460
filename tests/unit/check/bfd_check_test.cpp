// BFD_CHECK in the checker engine: the BFD child's reports take real servers up and down
// (keepalived 2.2.7's check_bfd.c bfd_check_handle_event), alpha, mails, reload.
#include "harness.hpp"

namespace vigil::check::test {

namespace {

std::string bfd_config(const std::string& second_rs_extra = "") {
    return R"(
global_defs {
    smtp_server 192.0.2.99
    notification_email { ops@example.com }
}
bfd_instance B1 {
    neighbor_ip 198.51.100.1
}
bfd_instance B2 {
    neighbor_ip 198.51.100.2
}
virtual_server 192.0.2.1 80 {
    delay_loop 5
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 8080 {
        weight 2
        smtp_alert
        BFD_CHECK {
            name B1
        }
    }
    real_server 198.51.100.2 8080 {
        weight 3
        BFD_CHECK {
            name B2
)" + second_rs_extra + R"(
        }
    }
}
)";
}

} // namespace

TEST_CASE("BFD_CHECK follows the BFD child's reports") {
    Harness h(bfd_config());
    h.start();
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.1:8080 Masq 2\n"
                            "  -> 198.51.100.2:8080 Masq 3\n");
    h.take_logs();
    h.bfd("B1", BfdReport::down);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.2:8080 Masq 3\n");
    const auto logs = h.take_logs();
    REQUIRE(!logs.empty());
    CHECK(logs.front() == "BFD check of [B1] RS([198.51.100.1]:tcp:8080) is DOWN");
    CHECK(h.take_mails() == std::vector<std::string>{"Realserver [198.51.100.1]:tcp:8080 of virtual server "
                                                     "[192.0.2.1]:tcp:80 - DOWN / => BFD CHECK B1 failed on service <="});
    // The same state again changes nothing and logs nothing.
    h.bfd("B1", BfdReport::down);
    CHECK(h.take_logs().empty());
    h.bfd("B1", BfdReport::up);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.1:8080 Masq 2\n"
                            "  -> 198.51.100.2:8080 Masq 3\n");
    CHECK(h.take_logs().front() == "BFD check of [B1] RS([198.51.100.1]:tcp:8080) is UP");
    CHECK(h.take_mails().size() == 1);
    // The first report of an up session is logged (the checker has not run yet).
    h.bfd("B2", BfdReport::up);
    CHECK(h.take_logs() == std::vector<std::string>{"BFD check of [B2] RS([198.51.100.2]:tcp:8080) is UP"});
    h.bfd("B2", BfdReport::up);
    CHECK(h.take_logs().empty());
    // An unknown instance is ignored.
    h.bfd("B9", BfdReport::down);
    CHECK(h.take_logs().empty());
}

TEST_CASE("an alpha BFD_CHECK starts its real server down until Up") {
    Harness h(bfd_config("            alpha"));
    h.start();
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.1:8080 Masq 2\n");
    h.bfd("B2", BfdReport::up);
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.1:8080 Masq 2\n"
                            "  -> 198.51.100.2:8080 Masq 3\n");
}

TEST_CASE("reports before start are ignored; a reload keeps a BFD_CHECK's state") {
    Harness h(bfd_config());
    h.bfd("B1", BfdReport::down);
    h.start();
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.1:8080 Masq 2\n"
                            "  -> 198.51.100.2:8080 Masq 3\n");
    h.bfd("B1", BfdReport::down);
    h.take_logs();
    h.reload(bfd_config());
    CHECK(h.table_text() == "TCP 192.0.2.1:80 rr\n"
                            "  -> 198.51.100.2:8080 Masq 3\n");
    CHECK(h.take_logs() == std::vector<std::string>{"Activating BFD healthchecker"}); // every reload
    // The BFD child's report after its reload: unchanged, so silent.
    h.bfd("B1", BfdReport::down);
    CHECK(h.take_logs().empty());
}

} // namespace vigil::check::test
