#pragma once
// NETLINK_NETFILTER socket sending nf_tables batches (Transport). Opened at first use, so
// that a configuration without a firewall never has one. Each exchange is synchronous and
// bounded: the acknowledgements of every message are read with a deadline of one second
// (a batch of keepalived's size takes well under a millisecond).

#include "nft/transport.hpp"
#include "util/unique_fd.hpp"

#include <chrono>

namespace vigil::nft {

class NetfilterSocket final : public Transport {
public:
    explicit NetfilterSocket(std::chrono::milliseconds timeout = std::chrono::seconds{1}) noexcept
        : timeout_(timeout) {}

    SendResult send(const Batch& batch) noexcept override;
    bool table_exists(TableFamily family, std::string_view table) noexcept override;

private:
    std::error_code open() noexcept;
    // Reads acknowledgements until every sequence number in `seqs` has one.
    SendResult collect(std::span<const std::uint32_t> seqs) noexcept;

    std::chrono::milliseconds timeout_;
    UniqueFd fd_;
    std::uint32_t probe_seq_{1};
};

} // namespace vigil::nft
