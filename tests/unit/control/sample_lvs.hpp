#pragma once
// A fixed checker-process status for golden-file tests of the LVS schema and metrics: an
// address virtual server with one alive and one inhibited real server (quorum up), and a
// fwmark virtual server whose only real server is down, its sorry server in use.

#include "control/lvs_views.hpp"

namespace vigil::control::testing {

inline LvsStatusView sample_lvs() {
    LvsStatusView s;
    s.daemon = DaemonView{"0.1.0", 4243, 1796637723.5, "/etc/keepalived/keepalived.conf", 1, 0, 1796638000.25, 1, 0};

    LvsVirtualServerView web;
    web.name = "[192.0.2.100]:tcp:80";
    web.kind = "address";
    web.address = "192.0.2.100";
    web.port = 80;
    web.protocol = "tcp";
    web.scheduler = "rr";
    web.alive = true;
    web.quorum = 1;
    web.quorum_up = true;
    web.live_weight = 3;
    LvsRealServerView a;
    a.name = "[192.0.2.10]:tcp:80";
    a.address = "192.0.2.10";
    a.port = 80;
    a.weight = 3;
    a.current_weight = 3;
    a.alive = true;
    a.in_ipvs = true;
    LvsCheckerView http;
    http.type = "HTTP_GET";
    http.has_run = true;
    http.last_result = "success";
    http.last_attempt = 1796638010.5;
    http.since = 1796637725.0;
    http.retry = 3;
    http.retries_left = 3;
    http.failures = 2;
    LvsCheckerView tcp;
    tcp.type = "TCP_CHECK";
    tcp.has_run = true;
    tcp.last_result = "timed_out";
    tcp.last_attempt = 1796638011.0;
    tcp.consecutive_failures = 1;
    tcp.retry = 2;
    tcp.retries_left = 1;
    tcp.failures = 1;
    a.checkers = {http, tcp};
    LvsRealServerView b;
    b.name = "[192.0.2.11]:tcp:80";
    b.address = "192.0.2.11";
    b.port = 80;
    b.weight = 1;
    b.in_ipvs = true;
    b.inhibited = true;
    LvsCheckerView misc;
    misc.type = "MISC_CHECK";
    misc.up = false;
    misc.has_run = true;
    misc.last_result = "exited";
    misc.last_code = 2;
    misc.last_attempt = 1796638009.0;
    misc.since = 1796638009.0;
    misc.consecutive_failures = 4;
    misc.failures = 4;
    b.checkers = {misc};
    web.real_servers = {a, b};

    LvsVirtualServerView mark;
    mark.name = "FWM 7";
    mark.kind = "fwmark";
    mark.fwmark = 7;
    mark.protocol = "none";
    mark.scheduler = "wlc";
    mark.alive = true;
    mark.quorum = 1;
    mark.sorry_server = "[198.51.100.5]:none:0";
    mark.sorry_active = true;
    LvsRealServerView c;
    c.name = "[198.51.100.20]:none:0";
    c.address = "198.51.100.20";
    c.weight = 1;
    LvsCheckerView ping;
    ping.type = "PING_CHECK";
    ping.up = false;
    ping.last_result = "none";
    c.checkers = {ping};
    mark.real_servers = {c};

    s.virtual_servers = {web, mark};
    return s;
}

} // namespace vigil::control::testing
