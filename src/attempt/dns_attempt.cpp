#include "attempt/dns_attempt.hpp"

#include "attempt/target.hpp"
#include "probe/socket_open.hpp"

#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>

namespace vigil::attempt {

DnsAttempt::DnsAttempt(const probe::Target& target, std::uint16_t id, const config::DnsCheck& dns,
                       check::Duration timeout, const std::string& rs_name, check::TimePoint now)
    : exchange_(id, dns.name_, dns.type_, timeout, address_pair(target.address, target.port)) {
    probe::OpenedSocket socket = probe::open_and_connect(target, probe::Transport::udp);
    if (!socket.fd) {
        log_.push_back(fmt::format("DNS_CHECK ({}) failed to create socket. Rescheduling.", rs_name));
        finish({check::Outcome::not_run});
        return;
    }
    fd_ = std::move(socket.fd);
    exchange_.start(socket.status, now);
    if (exchange_.end() == probe::DialogueEnd::not_run) {
        if (!socket.problem.empty()) {
            log_.push_back(std::move(socket.problem));
        }
        log_.push_back(fmt::format("DNS_CHECK ({}) UDP socket bind failed. Rescheduling.", rs_name));
    }
    settle();
}

Interest DnsAttempt::interest() const noexcept { return {exchange_.wants_read(), exchange_.wants_write()}; }

void DnsAttempt::on_ready(std::uint32_t events, check::TimePoint now) {
    // A reply that is not ours (another id) is ignored: keep reading while datagrams wait.
    for (int round = 0; round < 16 && exchange_.end() == probe::DialogueEnd::running; ++round) {
        if (exchange_.wants_write() && (events & (EPOLLOUT | EPOLLERR)) != 0) {
            const auto query = exchange_.output();
            const ssize_t sent = ::send(fd_.get(), query.data(), query.size(), MSG_NOSIGNAL);
            if (sent >= 0) {
                exchange_.on_sent(static_cast<std::size_t>(sent), now);
            } else if (errno == EAGAIN || errno == EINTR) {
                break;
            } else {
                exchange_.on_send_failed(now);
            }
        } else if (exchange_.wants_read() && (events & (EPOLLIN | EPOLLERR)) != 0) {
            const auto area = exchange_.input_area();
            const ssize_t got = ::recv(fd_.get(), area.data(), area.size(), 0);
            if (got >= 0) {
                exchange_.on_received(static_cast<std::size_t>(got), now);
            } else if (errno == EAGAIN || errno == EINTR) {
                break;
            } else {
                exchange_.on_receive_failed(errno, now);
            }
        } else {
            break;
        }
    }
    settle();
}

void DnsAttempt::on_deadline(check::TimePoint now) {
    exchange_.on_deadline(now);
    settle();
}

void DnsAttempt::settle() {
    if (over()) {
        return;
    }
    switch (exchange_.end()) {
    case probe::DialogueEnd::running:
        return;
    case probe::DialogueEnd::not_run:
        finish({check::Outcome::not_run});
        return;
    case probe::DialogueEnd::failed:
        finish({check::Outcome::failed, 0, exchange_.failure(), std::nullopt});
        return;
    case probe::DialogueEnd::success:
        finish({check::Outcome::success});
        return;
    }
}

} // namespace vigil::attempt
