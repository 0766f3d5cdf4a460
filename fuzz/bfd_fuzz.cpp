// libFuzzer target: the BFD receive path on arbitrary bytes. Input: one selector byte (the
// received TTL), then UDP payloads separated by the 4 bytes "BFD|", each delivered 1 ms after
// the previous one to a table of two sessions (timers run in between). Invariant checked: an
// accepted packet re-encodes to the bytes it was decoded from (its first 24 bytes; Length
// aside, which encode always writes as 24).
#include "bfd/codec.hpp"
#include "bfd/session_table.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

using namespace vigil::bfd;

namespace {

class CountingRandom : public RandomSource {
public:
    std::uint32_t next() noexcept override { return state_ = state_ * 1664525U + 1013904223U; }

private:
    std::uint32_t state_ = 1;
};

void discard(vigil::log::Level, std::string_view) {}

SessionSettings session(const char* name, const char* neighbor) {
    SessionSettings s;
    s.name = name;
    s.neighbor = *vigil::net::IpAddress::parse(neighbor);
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    vigil::log::set_sink(&discard); // formatting still runs (detail lines included)
    vigil::log::set_detail(true);
    CountingRandom random;
    SessionTable table{random};
    TimePoint now{std::chrono::seconds{1}};
    Actions out;
    table.configure({session("B1", "192.0.2.2"), session("B2", "2001:db8::2")}, now, out);
    const std::uint8_t ttl = data[0];
    const auto* bytes = reinterpret_cast<const std::byte*>(data + 1);
    std::span<const std::byte> rest{bytes, size - 1};
    static constexpr char separator[] = {'B', 'F', 'D', '|'};
    std::size_t packets = 0;
    while (!rest.empty() && packets < 64) {
        const auto found =
            std::search(rest.begin(), rest.end(), reinterpret_cast<const std::byte*>(separator),
                        reinterpret_cast<const std::byte*>(separator) + 4);
        const auto length = static_cast<std::size_t>(found - rest.begin());
        const auto payload = rest.first(length);
        ReceivedPacket r;
        r.payload = payload;
        r.source = *vigil::net::IpAddress::parse(packets % 2 ? "2001:db8::2" : "192.0.2.2");
        r.ttl = ttl;
        out.clear();
        if (table.receive(r, now, out) == DropReason::none) {
            const Decoded d = decode(payload);
            std::vector<std::byte> again;
            encode(d.packet, again);
            // encode writes Length 24: compare everything else.
            again[3] = payload[3];
            if (!std::equal(again.begin(), again.end(), payload.begin())) {
                std::abort();
            }
        }
        now += std::chrono::milliseconds{1};
        out.clear();
        table.expire(now, out);
        rest = length + 4 <= rest.size() ? rest.subspan(length + 4) : std::span<const std::byte>{};
        ++packets;
    }
    return 0;
}
