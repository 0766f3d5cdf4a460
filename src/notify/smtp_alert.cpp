#include "notify/smtp_alert.hpp"

#include <array>
#include <cstdlib>
#include <fmt/format.h>

namespace vigil::notify {

std::optional<AlertText> alert_text(NotifySubject subject, vrrp::NotifyEvent event,
                                    DeletedAs deleted) noexcept {
    const bool group = subject == NotifySubject::group;
    switch (event) {
    case vrrp::NotifyEvent::master:
        return AlertText{"Entering MASTER state",
                         group ? "=> All VRRP group instances are now in MASTER state <="
                               : "=> VRRP Instance is now owning VRRP VIPs <="};
    case vrrp::NotifyEvent::backup:
        return AlertText{"Entering BACKUP state",
                         group ? "=> All VRRP group instances are now in BACKUP state <="
                               : "=> VRRP Instance is no longer owning VRRP VIPs <="};
    case vrrp::NotifyEvent::fault:
        return AlertText{"Entering FAULT state",
                         group ? "=> All VRRP group instances are now in FAULT state <="
                               : "=> VRRP Instance is no longer owning VRRP VIPs <="};
    case vrrp::NotifyEvent::stop:
        return AlertText{"Stopping", group ? "=> All VRRP group instances are now stopping <="
                                           : "=> VRRP Instance stopping <="};
    case vrrp::NotifyEvent::deleted:
        switch (deleted) {
        case DeletedAs::deleted:
            return AlertText{"Deleted", "=> VRRP Deleted at reload <="};
        case DeletedAs::fault:
            return alert_text(subject, vrrp::NotifyEvent::fault, deleted);
        }
        return std::nullopt;
    case vrrp::NotifyEvent::master_rx_lower_pri:
    case vrrp::NotifyEvent::master_priority:
    case vrrp::NotifyEvent::backup_priority:
        return std::nullopt;
    }
    return std::nullopt;
}

bool smtp_alert_enabled(const std::optional<bool>& own, const config::GlobalDefs& global) noexcept {
    if (own) {
        return *own;
    }
    if (global.smtp_alert_vrrp_) {
        return *global.smtp_alert_vrrp_;
    }
    return global.smtp_alert_.value_or(false);
}

std::string rfc5322_date(const std::tm& local) {
    // Names spelled out here rather than via strftime, which follows LC_TIME.
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed",
                                                     "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const long offset_min = local.tm_gmtoff / 60;
    const long abs_min = std::labs(offset_min);
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} {}{:02}{:02}",
                       days[static_cast<std::size_t>(local.tm_wday % 7)], local.tm_mday,
                       months[static_cast<std::size_t>(local.tm_mon % 12)], local.tm_year + 1900,
                       local.tm_hour, local.tm_min, local.tm_sec, offset_min < 0 ? '-' : '+',
                       abs_min / 60, abs_min % 60);
}

std::string alert_subject(const std::optional<std::string>& router_id, NotifySubject subject,
                          std::string_view name, std::string_view text) {
    return fmt::format("[{}] VRRP {} {} - {}",
                       router_id ? std::string_view(*router_id) : "[unknown]",
                       subject == NotifySubject::group ? "Group" : "Instance", name, text);
}

std::string alert_data(const AlertIdentity& identity, const std::tm& local,
                       std::string_view subject_line, std::string_view body) {
    std::string to;
    for (const std::string& address : identity.to) {
        if (!to.empty()) {
            to += ", ";
        }
        to += address;
    }
    return fmt::format("Date: {}\r\nFrom: {}\r\nSubject: {}\r\nX-Mailer: Keepalived\r\nTo: "
                       "{}\r\n\r\n{}\r\n\r\n.\r\n",
                       rfc5322_date(local),
                       identity.from ? std::string_view(*identity.from) : "(null)", subject_line,
                       to, body);
}

std::optional<SmtpMail> plan_alert(const config::Config& model, const AlertIdentity& identity,
                                   NotifySubject subject, std::string_view name,
                                   vrrp::NotifyEvent event, const std::tm& local) {
    const config::GlobalDefs& g = model.global_;
    if (!g.smtp_server_ || identity.to.empty()) {
        return std::nullopt;
    }
    std::optional<bool> own;
    DeletedAs deleted = DeletedAs::fault;
    bool found = false;
    switch (subject) {
    case NotifySubject::instance:
        for (const config::VrrpInstance& i : model.instances_) {
            if (i.name_ == name) {
                own = i.smtp_alert_;
                deleted = i.notify_.deleted_ ? DeletedAs::deleted : DeletedAs::fault;
                found = true;
                break;
            }
        }
        break;
    case NotifySubject::group:
        for (const config::SyncGroup& sg : model.sync_groups_) {
            if (sg.name_ == name) {
                own = sg.smtp_alert_;
                deleted = sg.notify_.deleted_ ? DeletedAs::deleted : DeletedAs::fault;
                found = true;
                break;
            }
        }
        break;
    }
    if (!found || !smtp_alert_enabled(own, g)) {
        return std::nullopt;
    }
    const std::optional<AlertText> text = alert_text(subject, event, deleted);
    if (!text || (g.no_email_faults_ && text->subject == "Entering FAULT state")) {
        return std::nullopt;
    }
    SmtpMail mail;
    mail.helo = identity.helo;
    mail.from = identity.from.value_or("(null)");
    mail.to = identity.to;
    mail.data =
        alert_data(identity, local, alert_subject(identity.router_id, subject, name, text->subject),
                   text->body);
    return mail;
}

} // namespace vigil::notify
