// The metrics text: golden files for the native family and each exporter's families, the
// text format's escaping, and the names every exporter dashboard queries.
#include "../control/golden.hpp"
#include "../control/sample_lvs.hpp"
#include "../control/sample_status.hpp"
#include "metrics/http_listener.hpp"
#include "metrics/render.hpp"
#include "metrics/render_lvs.hpp"
#include "metrics/text_format.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

using namespace vigil::metrics;

namespace {

std::string golden(const char* name) {
    return std::string(VIGIL_METRICS_GOLDEN_DIR) + "/" + name;
}

// The metric names of a text (sample lines only).
std::set<std::string> names(const std::string& text) {
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] != '#') {
            out.insert(line.substr(0, line.find_first_of("{ ")));
        }
    }
    return out;
}

} // namespace

TEST_CASE("metrics: native family (golden)") {
    vigil::testing::check_golden(golden("native.prom"), render(vigil::control::testing::sample_status(), {}));
}

TEST_CASE("metrics: both exporters' families (golden)") {
    vigil::testing::check_golden(golden("compat.prom"),
                                 render(vigil::control::testing::sample_status(), CompatFamilies{true, true}));
}

TEST_CASE("metrics: every name the exporters' dashboards query is served") {
    const std::set<std::string> served = names(render(vigil::control::testing::sample_status(), {true, true}));
    // mehdy/keepalived-exporter (its grafana/dashboards/keepalived-exporter.json and
    // K-Phoen/homelab), gen2brain/keepalived_exporter (grafana.com 18270): the reference's §3.
    for (const char* name : {
             "keepalived_up", "keepalived_vrrp_state", "keepalived_vrrp_excluded_state",
             "keepalived_gratuitous_arp_delay_total", "keepalived_advertisements_received_total",
             "keepalived_advertisements_sent_total", "keepalived_become_master_total", "keepalived_release_master_total",
             "keepalived_packet_length_errors_total", "keepalived_ip_ttl_errors_total",
             "keepalived_invalid_type_received_total", "keepalived_advertisements_interval_errors_total",
             "keepalived_address_list_errors_total", "keepalived_authentication_invalid_total",
             "keepalived_authentication_mismatch_total", "keepalived_authentication_failure_total",
             "keepalived_priority_zero_received_total", "keepalived_priority_zero_sent_total", "keepalived_script_status",
             "keepalived_script_state", "keepalived_exporter_build_info",
             "keepalived_vrrp_advert_rcvd", "keepalived_vrrp_advert_sent", "keepalived_vrrp_become_master",
             "keepalived_vrrp_release_master", "keepalived_vrrp_packet_len_err", "keepalived_vrrp_advert_interval_err",
             "keepalived_vrrp_ip_ttl_err", "keepalived_vrrp_invalid_type_rcvd", "keepalived_vrrp_addr_list_err",
             "keepalived_vrrp_invalid_authtype", "keepalived_vrrp_authtype_mismatch", "keepalived_vrrp_auth_failure",
             "keepalived_vrrp_pri_zero_rcvd", "keepalived_vrrp_pri_zero_sent"}) {
        CAPTURE(name);
        CHECK(served.count(name) == 1);
    }
    CHECK(names(render(vigil::control::testing::sample_status(), {})).count("keepalived_up") == 0);
}

TEST_CASE("metrics: text format escaping and numbers") {
    TextWriter w;
    w.family("x_total", MetricType::counter, "a \\ b\nc");
    w.sample({{"l", "q\"\\\n"}}, std::uint64_t{18446744073709551615ULL});
    w.sample({}, 0.25);
    w.sample({}, 1e300 * 1e300);
    CHECK(w.text() == "# HELP x_total a \\\\ b\\nc\n# TYPE x_total counter\nx_total{l=\"q\\\"\\\\\\n\"} "
                      "18446744073709551615\nx_total 0.25\nx_total +Inf\n");
}

TEST_CASE("metrics: --metrics-compat and --metrics-listen values") {
    CompatFamilies c;
    CHECK(parse_compat("mehdy,gen2brain", c));
    CHECK((c.mehdy && c.gen2brain));
    CompatFamilies d;
    CHECK_FALSE(parse_compat("prometheus", d));
    ListenAddress a;
    CHECK(parse_listen_address("127.0.0.1:9165", a));
    CHECK((a.host == "127.0.0.1" && a.port == 9165));
    CHECK(parse_listen_address("[2001:db8::1]:9650", a));
    CHECK(a.host == "2001:db8::1");
    CHECK(parse_listen_address(":9165", a));
    CHECK(a.host.empty());
    CHECK_FALSE(parse_listen_address("localhost:9165", a));
    CHECK_FALSE(parse_listen_address("127.0.0.1:0", a));
    CHECK_FALSE(parse_listen_address("127.0.0.1", a));
}

TEST_CASE("metrics: HTTP responses") {
    const HttpListener::Body body = [] { return std::string("m 1\n"); };
    const std::string ok = http_response("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", body);
    CHECK(ok.starts_with("HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
    CHECK(ok.ends_with("\r\n\r\nm 1\n"));
    CHECK(http_response("HEAD /metrics HTTP/1.0\r\n\r\n", body).ends_with("\r\n\r\n"));
    CHECK(http_response("GET / HTTP/1.0\r\n\r\n", body).starts_with("HTTP/1.0 404"));
    CHECK(http_response("POST /metrics HTTP/1.0\r\n\r\n", body).starts_with("HTTP/1.0 405"));
    CHECK(http_response("garbage\r\n\r\n", body).starts_with("HTTP/1.0 400"));
}

TEST_CASE("metrics: every vigil_* name the shipped Grafana dashboard queries is served") {
    std::ifstream in(VIGIL_DASHBOARD);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const std::string dashboard = text.str();
    const std::set<std::string> served = names(render(vigil::control::testing::sample_status(), {}));
    std::size_t checked = 0;
    for (std::size_t at = dashboard.find("vigil_"); at != std::string::npos; at = dashboard.find("vigil_", at + 1)) {
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(dashboard[at - 1])) || dashboard[at - 1] == '_')) {
            continue;
        }
        std::size_t end = at;
        while (end < dashboard.size() && (std::isalnum(static_cast<unsigned char>(dashboard[end])) || dashboard[end] == '_')) {
            ++end;
        }
        const std::string name = dashboard.substr(at, end - at);
        CAPTURE(name);
        CHECK(served.count(name) == 1);
        ++checked;
    }
    CHECK(checked > 10);
}

TEST_CASE("metrics: the checker process's families (golden)") {
    const std::string text = render_lvs(vigil::control::testing::sample_lvs());
    vigil::testing::check_golden(golden("lvs.prom"), text);
    // none of the VRRP process's families: the two texts are served one after the other
    for (const std::string& name : names(text)) {
        CHECK(name.rfind("vigil_lvs_", 0) == 0);
        CHECK(names(render(vigil::control::testing::sample_status(), {})).count(name) == 0);
    }
    // one series per real server and checker type (two checkers of one type: one series)
    CHECK(text.find("vigil_lvs_real_server_up{vs=\"[192.0.2.100]:tcp:80\",rs=\"[192.0.2.11]:tcp:80\"} 0\n") !=
          std::string::npos);
    CHECK(text.find("vigil_lvs_virtual_server_quorum_up{vs=\"FWM 7\"} 0\n") != std::string::npos);
}
