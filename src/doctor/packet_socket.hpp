#pragma once
// The AF_PACKET plumbing the probes share (arp_probe.cpp, nd_probe.cpp): a datagram packet
// socket bound to one interface and EtherType, and a receive loop that hands each frame with
// its link-layer source to a callback until a deadline.

#include "doctor/checks.hpp"
#include "util/unique_fd.hpp"

#include <linux/if_packet.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>

namespace vigil::doctor {

// A SOCK_DGRAM packet socket for ETHERTYPE (host order) bound to interface INDEX; an empty
// UniqueFd when it cannot be opened or bound (no CAP_NET_RAW).
UniqueFd open_packet_socket(std::uint16_t ethertype, unsigned index);

// Sends PAYLOAD from FD to the link-layer address MAC.
void send_to(const UniqueFd& fd, unsigned index, std::uint16_t ethertype, const Mac& mac,
             std::span<const std::uint8_t> payload);

// Calls ON_FRAME(payload, from) for every frame read from FD until WAIT has passed.
using FrameHandler = std::function<void(std::span<const std::uint8_t>, const sockaddr_ll&)>;
void receive_for(const UniqueFd& fd, std::chrono::milliseconds wait, const FrameHandler& on_frame);

// Adds ANSWER to ANSWERS unless the same address and MAC are there already.
void add_answer(std::vector<ArpAnswer>& answers, const ArpAnswer& answer);

} // namespace vigil::doctor
