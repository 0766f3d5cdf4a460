#include "probe/dns_exchange.hpp"

#include <fmt/format.h>

#include <cstring>

namespace vigil::probe {

DnsExchange::DnsExchange(std::uint16_t id, std::string_view name, config::DnsType type, Duration timeout,
                         std::string server)
    : id_(id), query_(build_dns_query(id, name, type)), timeout_(timeout), server_(std::move(server)) {}

void DnsExchange::fail(std::string reason) {
    step_ = Step::done;
    end_ = DialogueEnd::failed;
    failure_ = std::move(reason);
    deadline_ = no_deadline;
}

void DnsExchange::start(ConnectStatus status, TimePoint now) {
    switch (status) {
    case ConnectStatus::connected:
    case ConnectStatus::in_progress:
        step_ = Step::sending;
        deadline_ = now + timeout_;
        return;
    case ConnectStatus::failed:
    case ConnectStatus::timed_out: fail(fmt::format("network unreachable for {}", server_)); return;
    case ConnectStatus::error:
        step_ = Step::done;
        end_ = DialogueEnd::not_run;
        return;
    }
}

std::span<const std::uint8_t> DnsExchange::output() const noexcept {
    if (step_ != Step::sending) {
        return {};
    }
    return query_;
}

void DnsExchange::on_sent(std::size_t count, TimePoint /*now*/) {
    if (step_ != Step::sending) {
        return;
    }
    if (count != query_.size()) {
        fail("failed to write all of the datagram.");
        return;
    }
    step_ = Step::waiting;  // the same deadline
}

void DnsExchange::on_send_failed(TimePoint /*now*/) {
    if (step_ == Step::sending) {
        fail("failed to write socket.");
    }
}

void DnsExchange::on_received(std::size_t count, TimePoint /*now*/) {
    if (step_ != Step::waiting) {
        return;
    }
    const DnsVerdict verdict = judge_dns_reply(id_, std::span<const std::uint8_t>(reply_).first(count));
    switch (verdict.reply) {
    case DnsReply::ignored: return;
    case DnsReply::error: fail(fmt::format("read error occurred. (rcode = {})", verdict.rcode)); return;
    case DnsReply::success:
        step_ = Step::done;
        end_ = DialogueEnd::success;
        deadline_ = no_deadline;
        return;
    }
}

void DnsExchange::on_receive_failed(int error, TimePoint /*now*/) {
    if (step_ == Step::waiting) {
        fail(fmt::format("failed to read socket; errno {} ({})", error, std::strerror(error)));
    }
}

void DnsExchange::on_deadline(TimePoint now) {
    if (now < deadline_) {
        return;
    }
    if (step_ == Step::sending) {
        fail("write timeout to socket.");
    } else if (step_ == Step::waiting) {
        fail("read timeout from socket");
    }
}

} // namespace vigil::probe
