#pragma once
// SMTP alerts on VRRP state changes, as keepalived 2.2.7 sends them (observed from the
// binary; docs/notes/smtp-alert.md). Pure: decides whether a notification mails, and builds
// the envelope and message; SmtpClient (smtp_client.hpp) delivers it.
//
// Contract (observed):
//  - An instance mails when its `smtp_alert` is on, else global `smtp_alert_vrrp`, else global
//    `smtp_alert`; a sync group likewise with its own `smtp_alert`. Nothing is sent without
//    `smtp_server` or with an empty `notification_email` list. `no_email_faults` drops FAULT
//    mails. A deleted instance mails "Deleted" with notify_deleted, else FAULT.
//  - MASTER/BACKUP/FAULT/STOP/DELETED mail; the priority and rx-lower-pri events do not.
//  - Subject `[ROUTER_ID] VRRP Instance NAME - Entering MASTER state` (`VRRP Group` for
//    groups; `- Stopping`, `- Deleted`); an unknown router_id shows as `[unknown]`.
//  - DATA: Date (RFC 5322, local time with numeric zone), From, Subject, `X-Mailer:
//    Keepalived`, To (the recipients joined by ", "), an empty line, the body line, an empty
//    line and the terminating ".", every line ending in CRLF.

#include "config/model.hpp"
#include "notify/notify_plan.hpp"
#include "vrrp/actions.hpp"

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::notify {

// Who an alert comes from and goes to, fixed at config load.
struct AlertIdentity {
    std::optional<std::string> router_id; // router_id, else the canonical host name
    std::optional<std::string> from;      // notification_email_from, else USER@canonical host
    std::string helo;            // smtp_helo_name, else the canonical host, else "localhost"
    std::vector<std::string> to; // notification_email
};

// One alert: the envelope and the DATA part ready for the wire.
struct SmtpMail {
    std::string helo;
    std::string from;            // MAIL FROM:<from>
    std::vector<std::string> to; // RCPT TO:<to> each, in order
    std::string data;            // headers, body and the final ".\r\n"
    friend bool operator==(const SmtpMail&, const SmtpMail&) = default;
};

// What a deleted instance reports (notify_deleted).
enum class DeletedAs { fault, deleted };

struct AlertText {
    std::string_view subject; // after "VRRP Instance NAME - "
    std::string_view body;    // the single body line
};

// The subject suffix and body of `event`; nullopt when the event does not mail.
std::optional<AlertText> alert_text(NotifySubject subject, vrrp::NotifyEvent event,
                                    DeletedAs deleted) noexcept;

// `smtp_alert` of an instance or group (`own`), falling back on the globals.
bool smtp_alert_enabled(const std::optional<bool>& own, const config::GlobalDefs& global) noexcept;

// `Wed, 25 Nov 2026 07:48:20 +0000`: RFC 5322 section 3.3 with English names; `local` must
// carry tm_gmtoff (localtime_r sets it).
std::string rfc5322_date(const std::tm& local);

// `[R1] VRRP Instance VI_1 - Entering MASTER state`
std::string alert_subject(const std::optional<std::string>& router_id, NotifySubject subject,
                          std::string_view name, std::string_view text);

// The DATA part: headers, empty line, body, empty line, ".".
std::string alert_data(const AlertIdentity& identity, const std::tm& local,
                       std::string_view subject_line, std::string_view body);

// The alert for one notification, or nullopt when none is due. `model` is the configuration
// that named the instance or group (the old one for instances deleted by a reload).
std::optional<SmtpMail> plan_alert(const config::Config& model, const AlertIdentity& identity,
                                   NotifySubject subject, std::string_view name,
                                   vrrp::NotifyEvent event, const std::tm& local);

} // namespace vigil::notify
