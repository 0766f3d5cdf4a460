#pragma once
// DNS_CHECK: one query over a connected UDP socket, one reply judged (check_dns.c). The
// result's detail is keepalived's reason, logged after "DNS_CHECK (<RS>) " ("read timeout
// from socket", "read error occurred. (rcode = 2)", ...).

#include "attempt/attempt.hpp"
#include "probe/dns_exchange.hpp"
#include "probe/target.hpp"

#include <string>

namespace vigil::attempt {

class DnsAttempt final : public Attempt {
public:
    // `rs_name`: "[ip]:proto:port" of the real server, for the set-up failure's line.
    DnsAttempt(const probe::Target& target, std::uint16_t id, const config::DnsCheck& dns, check::Duration timeout,
               const std::string& rs_name, check::TimePoint now);

    [[nodiscard]] Interest interest() const noexcept override;
    [[nodiscard]] check::TimePoint deadline() const noexcept override { return exchange_.deadline(); }
    void on_ready(std::uint32_t events, check::TimePoint now) override;
    void on_deadline(check::TimePoint now) override;

private:
    void settle();

    probe::DnsExchange exchange_;
};

} // namespace vigil::attempt
