#include "nft/netfilter_socket.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <vector>

namespace vigil::nft {

namespace {

std::error_code last_error() noexcept {
    return {errno, std::generic_category()};
}

} // namespace

std::error_code NetfilterSocket::open() noexcept {
    if (fd_) {
        return {};
    }
    UniqueFd fd{::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_NETFILTER)};
    if (!fd) {
        return last_error();
    }
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof local) < 0) {
        return last_error();
    }
    // Errors carry only the failing message's header, not its payload.
    const int one = 1;
    ::setsockopt(fd.get(), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    fd_ = std::move(fd);
    return {};
}

SendResult NetfilterSocket::collect(std::span<const std::uint32_t> seqs) noexcept {
    std::vector<std::uint32_t> pending(seqs.begin(), seqs.end());
    SendResult result;
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    alignas(nlmsghdr) std::array<std::byte, 16384> buffer{};
    while (!pending.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            if (!result.error) {
                result.error = std::make_error_code(std::errc::timed_out);
            }
            return result;
        }
        pollfd p{fd_.get(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
            result.error = last_error();
            return result;
        }
        const auto n = ::recv(fd_.get(), buffer.data(), buffer.size(), 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                continue;
            }
            result.error = last_error();
            return result;
        }
        auto remaining = static_cast<int>(n);
        for (auto* h = reinterpret_cast<const nlmsghdr*>(buffer.data()); NLMSG_OK(h, remaining);
             h = NLMSG_NEXT(h, remaining)) {
            const auto it = std::find(pending.begin(), pending.end(), h->nlmsg_seq);
            if (it == pending.end()) {
                continue;  // a stale answer to an exchange that timed out
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                nlmsgerr err{};
                std::memcpy(&err, NLMSG_DATA(h), std::min<std::size_t>(sizeof err, h->nlmsg_len - NLMSG_HDRLEN));
                if (err.error != 0 && !result.error) {
                    result.error = std::error_code{-err.error, std::generic_category()};
                    result.failed_seq = h->nlmsg_seq;
                }
                pending.erase(it);
            } else if (h->nlmsg_type == NLMSG_DONE) {
                pending.erase(it);
            }
        }
    }
    return result;
}

SendResult NetfilterSocket::send(const Batch& batch) noexcept {
    SendResult result;
    if (batch.empty()) {
        return result;
    }
    if (auto error = open()) {
        result.error = error;
        return result;
    }
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    const auto& bytes = batch.bytes();
    if (::sendto(fd_.get(), bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel) < 0) {
        result.error = last_error();
        return result;
    }
    return collect(batch.ack_seqs());
}

bool NetfilterSocket::table_exists(TableFamily family, std::string_view table) noexcept {
    if (open()) {
        return false;
    }
    // NFT_MSG_GETTABLE for one table: the kernel answers NEWTABLE + ack, or ENOENT.
    std::vector<std::byte> request;
    MessageWriter w{request};
    const auto seq = probe_seq_++ | 0x80000000U;  // apart from batch sequence numbers
    const auto m = w.begin_message(static_cast<std::uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE),
                                   NLM_F_REQUEST | NLM_F_ACK, seq, static_cast<std::uint8_t>(family), 0);
    w.put_string(NFTA_TABLE_NAME, table);
    w.end_message(m);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd_.get(), request.data(), request.size(), 0, reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel) <
        0) {
        return false;
    }
    const std::uint32_t seqs[] = {seq};
    return !collect(seqs).error;
}

} // namespace vigil::nft
