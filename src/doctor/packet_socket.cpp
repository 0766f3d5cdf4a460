#include "doctor/packet_socket.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>

namespace vigil::doctor {

UniqueFd open_packet_socket(std::uint16_t ethertype, unsigned index) {
    UniqueFd fd{::socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ethertype))};
    if (!fd) {
        return fd;
    }
    sockaddr_ll at{};
    at.sll_family = AF_PACKET;
    at.sll_protocol = htons(ethertype);
    at.sll_ifindex = static_cast<int>(index);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&at), sizeof at) != 0) {
        return UniqueFd{};
    }
    return fd;
}

void send_to(const UniqueFd& fd, unsigned index, std::uint16_t ethertype, const Mac& mac,
             std::span<const std::uint8_t> payload) {
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(ethertype);
    to.sll_ifindex = static_cast<int>(index);
    to.sll_halen = 6;
    std::copy(mac.begin(), mac.end(), to.sll_addr);
    (void)::sendto(fd.get(), payload.data(), payload.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

void receive_for(const UniqueFd& fd, std::chrono::milliseconds wait, const FrameHandler& on_frame) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    std::array<std::uint8_t, 1500> buffer{};
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return;
        }
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        sockaddr_ll from{};
        socklen_t from_size = sizeof from;
        const ssize_t n =
            ::recvfrom(fd.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_size);
        if (n > 0) {
            on_frame(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(n)), from);
        }
    }
}

void add_answer(std::vector<ArpAnswer>& answers, const ArpAnswer& answer) {
    if (std::none_of(answers.begin(), answers.end(),
                     [&](const ArpAnswer& o) { return o.address == answer.address && o.mac == answer.mac; })) {
        answers.push_back(answer);
    }
}

} // namespace vigil::doctor
