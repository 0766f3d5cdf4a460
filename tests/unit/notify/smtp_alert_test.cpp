// SMTP alerts: message formatting (pure) checked against what keepalived 2.2.7 sends
// (docs/notes/smtp-alert.md), and the client's dialogue against an in-process fake server on
// an AF_UNIX socket (no network).
#include "runtime/event_loop.hpp"
#include "notify/smtp_alert.hpp"
#include "notify/smtp_client.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <doctest/doctest.h>
#include <map>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

using namespace vigil::notify;
using namespace vigil::runtime;
namespace config = vigil::config;
namespace vrrp = vigil::vrrp;
namespace vlog = vigil::log;
using vigil::UniqueFd;

namespace {

std::tm tm_of(int year, int mon, int mday, int wday, int h, int m, int s, long gmtoff) {
    std::tm t{};
    t.tm_year = year - 1900;
    t.tm_mon = mon - 1;
    t.tm_mday = mday;
    t.tm_wday = wday;
    t.tm_hour = h;
    t.tm_min = m;
    t.tm_sec = s;
    t.tm_gmtoff = gmtoff;
    return t;
}

const std::tm when = tm_of(2026, 11, 25, 3, 7, 48, 23, 0); // Wed, 25 Nov 2026 07:48:23 +0000

config::Config model_with(std::optional<bool> instance_alert) {
    config::Config c;
    c.global_.router_id_ = "R1";
    c.global_.notification_email_ = {"alice@example.org", "bob@example.net"};
    c.global_.notification_email_from_ = "vrrp@example.com";
    c.global_.smtp_server_ = config::SmtpServer{"192.0.2.1", 25};
    config::VrrpInstance vi;
    vi.name_ = "VI_1";
    vi.smtp_alert_ = instance_alert;
    c.instances_.push_back(vi);
    config::SyncGroup g;
    g.name_ = "G1";
    c.sync_groups_.push_back(g);
    return c;
}

AlertIdentity identity_of(const config::Config& c) {
    AlertIdentity id;
    id.router_id = c.global_.router_id_;
    id.from = c.global_.notification_email_from_;
    id.helo = "vm";
    id.to = c.global_.notification_email_;
    return id;
}

} // namespace

TEST_CASE("alert texts per event, instance and group (observed)") {
    using E = vrrp::NotifyEvent;
    const auto i = [](E e, DeletedAs d = DeletedAs::fault) {
        return alert_text(NotifySubject::instance, e, d);
    };
    const auto g = [](E e) { return alert_text(NotifySubject::group, e, DeletedAs::fault); };
    CHECK(i(E::master)->subject == "Entering MASTER state");
    CHECK(i(E::master)->body == "=> VRRP Instance is now owning VRRP VIPs <=");
    CHECK(i(E::backup)->subject == "Entering BACKUP state");
    CHECK(i(E::backup)->body == "=> VRRP Instance is no longer owning VRRP VIPs <=");
    CHECK(i(E::fault)->subject == "Entering FAULT state");
    CHECK(i(E::fault)->body == "=> VRRP Instance is no longer owning VRRP VIPs <=");
    CHECK(i(E::stop)->subject == "Stopping");
    CHECK(i(E::stop)->body == "=> VRRP Instance stopping <=");
    CHECK(i(E::deleted, DeletedAs::deleted)->subject == "Deleted");
    CHECK(i(E::deleted, DeletedAs::deleted)->body == "=> VRRP Deleted at reload <=");
    CHECK(i(E::deleted, DeletedAs::fault)->subject == "Entering FAULT state");
    CHECK(g(E::master)->body == "=> All VRRP group instances are now in MASTER state <=");
    CHECK(g(E::backup)->body == "=> All VRRP group instances are now in BACKUP state <=");
    CHECK(g(E::fault)->body == "=> All VRRP group instances are now in FAULT state <=");
    CHECK(g(E::stop)->body == "=> All VRRP group instances are now stopping <=");
    CHECK_FALSE(i(E::master_rx_lower_pri));
    CHECK_FALSE(i(E::master_priority));
    CHECK_FALSE(i(E::backup_priority));
}

TEST_CASE("smtp_alert: own setting, then smtp_alert_vrrp, then smtp_alert, then off") {
    config::GlobalDefs g;
    CHECK_FALSE(smtp_alert_enabled(std::nullopt, g));
    g.smtp_alert_ = true;
    CHECK(smtp_alert_enabled(std::nullopt, g));
    g.smtp_alert_vrrp_ = false;
    CHECK_FALSE(smtp_alert_enabled(std::nullopt, g));
    CHECK(smtp_alert_enabled(true, g));
    g.smtp_alert_vrrp_ = true;
    CHECK_FALSE(smtp_alert_enabled(false, g));
    CHECK(smtp_alert_enabled(std::nullopt, g));
}

TEST_CASE("Date header: RFC 5322 with a numeric zone") {
    CHECK(rfc5322_date(when) == "Wed, 25 Nov 2026 07:48:23 +0000");
    CHECK(rfc5322_date(tm_of(2026, 11, 25, 3, 8, 52, 11, 3600)) ==
          "Wed, 25 Nov 2026 08:52:11 +0100");
    CHECK(rfc5322_date(tm_of(2027, 1, 4, 1, 23, 5, 9, -(3 * 3600 + 1800))) ==
          "Mon, 04 Jan 2027 23:05:09 -0330");
}

TEST_CASE("subjects; an unknown router_id shows as [unknown]") {
    CHECK(alert_subject(std::string("R1"), NotifySubject::instance, "VI_1",
                        "Entering MASTER state") ==
          "[R1] VRRP Instance VI_1 - Entering MASTER state");
    CHECK(alert_subject(std::string("node-a.example.org"), NotifySubject::group, "G1",
                        "Entering BACKUP state") ==
          "[node-a.example.org] VRRP Group G1 - Entering BACKUP state");
    CHECK(alert_subject(std::nullopt, NotifySubject::group, "G1", "Entering BACKUP state") ==
          "[[unknown]] VRRP Group G1 - Entering BACKUP state");
}

TEST_CASE("the MASTER mail is byte for byte what keepalived sent") {
    const config::Config c = model_with(true);
    const auto mail = plan_alert(c, identity_of(c), NotifySubject::instance, "VI_1",
                                 vrrp::NotifyEvent::master, when);
    REQUIRE(mail);
    CHECK(mail->helo == "vm");
    CHECK(mail->from == "vrrp@example.com");
    CHECK(mail->to == std::vector<std::string>{"alice@example.org", "bob@example.net"});
    CHECK(mail->data == "Date: Wed, 25 Nov 2026 07:48:23 +0000\r\n"
                        "From: vrrp@example.com\r\n"
                        "Subject: [R1] VRRP Instance VI_1 - Entering MASTER state\r\n"
                        "X-Mailer: Keepalived\r\n"
                        "To: alice@example.org, bob@example.net\r\n"
                        "\r\n"
                        "=> VRRP Instance is now owning VRRP VIPs <=\r\n"
                        "\r\n"
                        ".\r\n");
}

TEST_CASE("without a resolvable host name: From (null), router_id [unknown]") {
    config::Config c = model_with(true);
    AlertIdentity id = identity_of(c);
    id.router_id.reset();
    id.from.reset();
    id.helo = "localhost";
    const auto mail =
        plan_alert(c, id, NotifySubject::instance, "VI_1", vrrp::NotifyEvent::backup, when);
    REQUIRE(mail);
    CHECK(mail->from == "(null)");
    CHECK(mail->data.find("From: (null)\r\nSubject: [[unknown]] VRRP Instance VI_1 - Entering "
                          "BACKUP state\r\n") != std::string::npos);
}

TEST_CASE("which notifications mail") {
    using E = vrrp::NotifyEvent;
    config::Config c = model_with(std::nullopt);
    const auto plan = [&](NotifySubject s, std::string_view name, E e) {
        return plan_alert(c, identity_of(c), s, name, e, when).has_value();
    };
    CHECK_FALSE(plan(NotifySubject::instance, "VI_1", E::master)); // off by default
    c.global_.smtp_alert_ = true;
    CHECK(plan(NotifySubject::instance, "VI_1", E::master));
    CHECK(plan(NotifySubject::group, "G1", E::master));            // groups follow the globals too
    CHECK_FALSE(plan(NotifySubject::instance, "VI_9", E::master)); // unknown name
    CHECK_FALSE(plan(NotifySubject::instance, "VI_1", E::master_priority));
    c.global_.no_email_faults_ = true;
    CHECK_FALSE(plan(NotifySubject::instance, "VI_1", E::fault));
    CHECK_FALSE(plan(NotifySubject::instance, "VI_1", E::deleted)); // FAULT without notify_deleted
    c.instances_[0].notify_.deleted_ = true;
    CHECK(plan(NotifySubject::instance, "VI_1", E::deleted));
    CHECK(plan(NotifySubject::instance, "VI_1", E::backup));
    c.global_.smtp_server_.reset();
    CHECK_FALSE(plan(NotifySubject::instance, "VI_1", E::backup));
    c.global_.smtp_server_ = config::SmtpServer{"192.0.2.1", 25};
    AlertIdentity nobody = identity_of(c);
    nobody.to.clear();
    CHECK_FALSE(plan_alert(c, nobody, NotifySubject::instance, "VI_1", E::backup, when));
}

TEST_CASE("identity from explicit settings needs no host look-up") {
    config::GlobalDefs g;
    g.router_id_ = "R1";
    g.notification_email_from_ = "vrrp@example.com";
    g.smtp_helo_name_ = "helo.example.org";
    g.notification_email_ = {"a@example.org"};
    const AlertIdentity id = resolve_alert_identity(g);
    CHECK(id.router_id == "R1");
    CHECK(id.from == "vrrp@example.com");
    CHECK(id.helo == "helo.example.org");
    CHECK(id.to == std::vector<std::string>{"a@example.org"});
}

TEST_CASE("numeric smtp_server addresses print as keepalived logs them") {
    auto v4 = resolve_smtp_server(config::SmtpServer{"192.0.2.25", 25});
    REQUIRE(v4);
    CHECK(v4->text == "[192.0.2.25]:25");
    auto v6 = resolve_smtp_server(config::SmtpServer{"2001:db8::25", 2525});
    REQUIRE(v6);
    CHECK(v6->text == "[2001:db8::25]:2525");
}

// ---- the client against a scripted fake server -----------------------------------------

namespace {

std::vector<std::string> logged;
void capture(vlog::Level, std::string_view line) {
    logged.emplace_back(line);
}

// Listens on an AF_UNIX socket; answers like the integration test's fake_smtp.py. `mode`:
// "ok", "silent" (never answers), "reject-rcpt" (550 to RCPT TO), "reject-quit" (550 to QUIT,
// then the server hangs up).
class FakeServer {
public:
    FakeServer(EventLoop& loop, std::string mode) : loop_(loop), mode_(std::move(mode)) {
        char dir[] = "/tmp/vigil-smtp-test.XXXXXX";
        REQUIRE(::mkdtemp(dir) != nullptr);
        dir_ = dir;
        path_ = dir_ + "/smtp.sock";
        listen_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        sockaddr_un a = address();
        REQUIRE(::bind(listen_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(listen_.get(), 64) == 0);
        REQUIRE_FALSE(loop_.add_reader(listen_.get(), [this](std::uint32_t) { accept_one(); }));
    }
    ~FakeServer() {
        for (auto& [fd, c] : conns_) {
            loop_.remove_reader(fd);
        }
        loop_.remove_reader(listen_.get());
        ::unlink(path_.c_str());
        ::rmdir(dir_.c_str());
    }
    sockaddr_un address() const {
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::strncpy(a.sun_path, path_.c_str(), sizeof a.sun_path - 1);
        return a;
    }
    SmtpEndpoint endpoint() const {
        SmtpEndpoint e;
        const sockaddr_un a = address();
        std::memcpy(&e.address, &a, sizeof a);
        e.length = sizeof a;
        e.text = "[fake]:25";
        return e;
    }
    // Every session's received lines, "S: " + replies interleaved.
    std::vector<std::vector<std::string>> sessions;
    std::size_t closed = 0;

private:
    struct Conn {
        UniqueFd fd;
        std::string in;
        bool data = false;
        std::size_t index = 0;
    };
    void accept_one() {
        const int fd = ::accept4(listen_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            return;
        }
        Conn& c = conns_[fd];
        c.fd.reset(fd);
        c.index = sessions.size();
        sessions.emplace_back();
        REQUIRE_FALSE(loop_.add_reader(fd, [this, fd](std::uint32_t) { on_data(fd); }));
        if (mode_ != "silent") {
            reply(c, "220 fake.example.org ESMTP fake");
        }
    }
    void reply(Conn& c, const std::string& text) {
        sessions[c.index].push_back("S: " + text);
        const std::string line = text + "\r\n";
        REQUIRE(::send(c.fd.get(), line.data(), line.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(line.size()));
    }
    void on_data(int fd) {
        Conn& c = conns_[fd];
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            loop_.remove_reader(fd);
            conns_.erase(fd);
            ++closed;
            return;
        }
        c.in.append(buffer, static_cast<std::size_t>(n));
        std::size_t eol;
        while ((eol = c.in.find("\r\n")) != std::string::npos) {
            const std::string line = c.in.substr(0, eol);
            c.in.erase(0, eol + 2);
            sessions[c.index].push_back(line);
            if (mode_ == "silent") {
                continue;
            }
            if (c.data) {
                if (line == ".") {
                    c.data = false;
                    reply(c, "250 2.0.0 queued");
                }
                continue;
            }
            const std::string verb = line.substr(0, 4);
            if (verb == "HELO") {
                reply(c, "250-fake.example.org");
                reply(c, "250 SIZE 1000000"); // multi-line: only the last line counts
            } else if (verb == "MAIL") {
                reply(c, "250 2.1.0 ok");
            } else if (verb == "RCPT") {
                reply(c, mode_ == "reject-rcpt" ? "550 5.1.1 no such user" : "250 2.1.5 ok");
            } else if (verb == "DATA") {
                c.data = true;
                reply(c, "354 go ahead");
            } else if (verb == "QUIT" && mode_ == "reject-quit") {
                reply(c, "550 5.7.1 refused");
                ::shutdown(fd, SHUT_RDWR);
            } else if (verb == "QUIT") {
                reply(c, "221 2.0.0 bye");
            }
        }
    }
    EventLoop& loop_;
    std::string mode_;
    std::string dir_;
    std::string path_;
    UniqueFd listen_;
    std::map<int, Conn> conns_;
};

SmtpMail test_mail(const std::string& instance) {
    config::Config c = model_with(true);
    c.instances_[0].name_ = instance;
    std::optional<SmtpMail> m = plan_alert(c, identity_of(c), NotifySubject::instance, instance,
                                           vrrp::NotifyEvent::master, when);
    REQUIRE(m);
    return *m;
}

// Runs the loop until `done` or 2 s pass.
template <typename F>
bool run_until(EventLoop& loop, F done) {
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    while (!done()) {
        if (Clock::now() >= deadline) {
            return false;
        }
        (void)loop.run_once(std::chrono::milliseconds(10));
    }
    return true;
}

struct LogCapture {
    LogCapture() {
        logged.clear();
        vlog::set_sink(&capture);
    }
    ~LogCapture() { vlog::set_sink(nullptr); }
};

} // namespace

TEST_CASE("client: the full dialogue, as keepalived speaks it") {
    LogCapture logs;
    EventLoop loop;
    FakeServer server(loop, "ok");
    SmtpClient client(loop);
    client.set_server(server.endpoint(), std::chrono::seconds(2));
    client.send(test_mail("VI_1"));
    REQUIRE(run_until(loop, [&] { return server.closed == 1 && client.active() == 0; }));
    REQUIRE(server.sessions.size() == 1);
    const std::vector<std::string> want{
        "S: 220 fake.example.org ESMTP fake",
        "HELO vm",
        "S: 250-fake.example.org",
        "S: 250 SIZE 1000000",
        "MAIL FROM:<vrrp@example.com>",
        "S: 250 2.1.0 ok",
        "RCPT TO:<alice@example.org>",
        "S: 250 2.1.5 ok",
        "RCPT TO:<bob@example.net>",
        "S: 250 2.1.5 ok",
        "DATA",
        "S: 354 go ahead",
        "Date: Wed, 25 Nov 2026 07:48:23 +0000",
        "From: vrrp@example.com",
        "Subject: [R1] VRRP Instance VI_1 - Entering MASTER state",
        "X-Mailer: Keepalived",
        "To: alice@example.org, bob@example.net",
        "",
        "=> VRRP Instance is now owning VRRP VIPs <=",
        "",
        ".",
        "S: 250 2.0.0 queued",
        "QUIT",
        "S: 221 2.0.0 bye",
    };
    CHECK(server.sessions[0] == want);
    CHECK(logged == std::vector<std::string>{"Remote SMTP server [fake]:25 connected.",
                                             "SMTP alert successfully sent."});
}

TEST_CASE("client: a rejected RCPT is logged with its code, then QUIT") {
    LogCapture logs;
    EventLoop loop;
    FakeServer server(loop, "reject-rcpt");
    SmtpClient client(loop);
    client.set_server(server.endpoint(), std::chrono::seconds(2));
    client.send(test_mail("VI_1"));
    REQUIRE(run_until(loop, [&] { return server.closed == 1 && client.active() == 0; }));
    REQUIRE(server.sessions.size() == 1);
    CHECK(server.sessions[0].back() == "S: 221 2.0.0 bye");
    CHECK(server.sessions[0][server.sessions[0].size() - 2] == "QUIT");
    CHECK(logged ==
          std::vector<std::string>{
              "Remote SMTP server [fake]:25 connected.",
              "Error processing RCPT cmd on SMTP server [fake]:25. SMTP status code = 550"});
}

TEST_CASE("client: a rejected QUIT is logged, then the server's close as a read error") {
    LogCapture logs;
    EventLoop loop;
    FakeServer server(loop, "reject-quit");
    SmtpClient client(loop);
    client.set_server(server.endpoint(), std::chrono::seconds(2));
    client.send(test_mail("VI_1"));
    REQUIRE(run_until(loop, [&] { return client.active() == 0; }));
    REQUIRE(logged.size() == 4);
    CHECK(logged[1] == "SMTP alert successfully sent.");
    CHECK(logged[2] ==
          "Error processing QUIT cmd on SMTP server [fake]:25. SMTP status code = 550");
    CHECK(logged[3].starts_with("smtp fd "));
    CHECK(logged[3].ends_with(" returned read error"));
}

TEST_CASE("client: a silent server times out, QUIT times out too") {
    LogCapture logs;
    EventLoop loop;
    FakeServer server(loop, "silent");
    SmtpClient client(loop);
    client.set_server(server.endpoint(), std::chrono::milliseconds(50));
    client.send(test_mail("VI_1"));
    REQUIRE(run_until(loop, [&] { return server.closed == 1 && client.active() == 0; }));
    CHECK(server.sessions[0] == std::vector<std::string>{"QUIT"});
    CHECK(logged ==
          std::vector<std::string>{"Remote SMTP server [fake]:25 connected.",
                                   "Timeout reading data to remote SMTP server [fake]:25.",
                                   "Timeout reading data to remote SMTP server [fake]:25."});
}

TEST_CASE("client: no server listening") {
    LogCapture logs;
    EventLoop loop;
    SmtpEndpoint nowhere;
    {
        FakeServer server(loop, "ok");
        nowhere = server.endpoint(); // its socket file is gone once it is destroyed
    }
    SmtpClient client(loop);
    client.set_server(nowhere, std::chrono::seconds(1));
    client.send(test_mail("VI_1"));
    REQUIRE(run_until(loop, [&] { return client.active() == 0; }));
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].starts_with("smtp fd "));
    CHECK(logged[0].ends_with(" returned write error"));
}

TEST_CASE("client: sessions run concurrently up to the limit, the rest wait their turn") {
    LogCapture logs;
    EventLoop loop;
    FakeServer server(loop, "ok");
    SmtpClient client(loop);
    client.set_server(server.endpoint(), std::chrono::seconds(2));
    const std::size_t total = SmtpClient::max_sessions + 5;
    for (std::size_t i = 0; i < total; ++i) {
        client.send(test_mail("VI_" + std::to_string(i)));
    }
    CHECK(client.active() == SmtpClient::max_sessions);
    CHECK(client.queued() == 5);
    REQUIRE(run_until(loop, [&] { return server.closed == total && client.active() == 0; }));
    CHECK(client.queued() == 0);
    CHECK(std::count(logged.begin(), logged.end(), "SMTP alert successfully sent.") ==
          static_cast<long>(total));
}
