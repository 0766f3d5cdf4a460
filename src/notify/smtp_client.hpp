#pragma once
// Delivers SMTP alerts (smtp_alert.hpp) on the VRRP child's EventLoop, one SMTP session per
// alert, sessions running concurrently as keepalived 2.2.7 runs them (docs/notes/smtp-alert.md).
//
// Contract:
//  - configure() runs at config load (start-up and reload): it resolves smtp_server (a name
//    too) and the local host name with blocking look-ups, as keepalived does at load, so
//    that nothing blocks later. A reload does not disturb sessions in flight.
//  - alert() never blocks and never throws: a non-blocking connect, then RFC 5321 section
//    3.3 in lock-step (greeting 220, HELO 250, MAIL 250, RCPT 250/251 each, DATA 354, body
//    250, QUIT 221), multi-line replies accepted. Every wait (connect, each reply, a full send
//    buffer) is bounded by smtp_connect_timeout.
//  - Log lines are keepalived's: "Remote SMTP server [ADDR]:PORT connected.", "SMTP alert
//    successfully sent.", "Error processing CMD cmd on SMTP server [ADDR]:PORT. SMTP status
//    code = N" (then QUIT), "Timeout reading data to remote SMTP server [ADDR]:PORT." (then
//    QUIT, and the line again if QUIT times out too), "Timeout opening connection to remote
//    SMTP server [ADDR]:PORT.", "smtp fd N returned write error" (connect failed), "Remote
//    SMTP server [ADDR]:PORT has closed the connection." (EOF mid-session); after a rejected
//    QUIT the session reads on until the server closes ("smtp fd N returned read error").
//  - At most max_sessions run at once; later alerts wait in a bounded FIFO.
//  - Destruction (process exit) drops every session: like keepalived, a STOP alert queued
//    during shutdown gets no further than its connect.

#include "config/model.hpp"
#include "runtime/event_loop.hpp"
#include "notify/smtp_alert.hpp"
#include "util/unique_fd.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace vigil::notify {

struct SmtpEndpoint {
    sockaddr_storage address{};
    socklen_t length = 0;
    std::string text; // "[192.0.2.25]:25", as keepalived logs it
};

// Resolves `server` (numeric address or name; the first address getaddrinfo returns).
// Blocking: config load only. nullopt (after logging) when it does not resolve.
std::optional<SmtpEndpoint> resolve_smtp_server(const config::SmtpServer& server);

// The sender identity for `global`; looks up the canonical local host name (blocking) only
// when router_id, notification_email_from or smtp_helo_name is missing.
AlertIdentity resolve_alert_identity(const config::GlobalDefs& global);

class SmtpClient {
public:
    static constexpr std::size_t max_sessions = 32;
    static constexpr std::size_t max_queued = 1024;

    explicit SmtpClient(runtime::EventLoop& loop);
    ~SmtpClient();
    SmtpClient(const SmtpClient&) = delete;
    SmtpClient& operator=(const SmtpClient&) = delete;

    // Start-up and reload: the server, identity and timeout for alerts from now on. Resolves
    // only when alerts can be sent at all (smtp_server and notification_email given).
    void configure(const config::GlobalDefs& global);

    // Mails the alert for one notification, if one is due (plan_alert) and a server is set.
    void alert(const config::Config& model, NotifySubject subject, std::string_view name,
               vrrp::NotifyEvent event) noexcept;

    // Mails "[<router_id>] <subject>" with the one-line `body` (the checker's alerts), when a
    // server is set.
    void mail(std::string_view subject, std::string_view body) noexcept;

    // Starts a session for `mail` now, or queues it.
    void send(SmtpMail mail) noexcept;

    // For tests: sessions running and mails waiting.
    [[nodiscard]] std::size_t active() const noexcept;
    [[nodiscard]] std::size_t queued() const noexcept { return queue_.size(); }
    // For tests: deliver to `endpoint` with `timeout` without a configuration.
    void set_server(std::optional<SmtpEndpoint> endpoint,
                    std::chrono::milliseconds timeout) noexcept;

private:
    struct Session;
    Session* free_session();
    void pump() noexcept;
    void start(Session& s, SmtpMail&& mail);
    void on_event(Session& s, std::uint32_t events) noexcept;
    void on_timeout(Session& s) noexcept;
    void on_reply(Session& s, int code);
    void command(Session& s, std::string_view text) noexcept;
    void flush(Session& s) noexcept;
    void wait_reply(Session& s) noexcept;
    void fail(Session& s, std::string_view step, int code) noexcept;
    void finish(Session& s) noexcept;

    runtime::EventLoop& loop_;
    std::optional<SmtpEndpoint> server_;
    std::chrono::milliseconds timeout_{std::chrono::seconds(30)};
    AlertIdentity identity_;
    std::vector<std::unique_ptr<Session>> sessions_; // slots, reused
    std::deque<SmtpMail> queue_;
    runtime::TimerId pump_timer_; // starts queued mails once a session ends
};

} // namespace vigil::notify
