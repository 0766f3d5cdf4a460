#pragma once
// One simulated node: its configuration read by the real parser (parser::load_config_file),
// mapped by the VRRP child's own mapping (vrrpconf::engine_config_of) and run by the real engine
// (vrrp::Router), with adverts encoded and decoded by the real codec and checked by the real
// receive validation. Time comes from the Simulator; nothing here touches the system.
//
// Every engine call goes through drive(): the instances' states are compared before and
// after, and each change becomes a Transition with its reason (the engine's TransitionCause
// and what triggered the call).

#include "config/model.hpp"
#include "simulate/timeline.hpp"
#include "vrrp/router.hpp"
#include "vrrpconf/engine_config.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vigil::simulate {

// An advert on its way: the bytes as the real daemon would send them.
struct Packet {
    std::size_t sender = 0;
    net::Family family = net::Family::ipv4;
    net::IpAddress source;
    net::IpAddress destination;
    std::vector<std::byte> bytes;        // IPv4: the whole packet; IPv6: the VRRP payload
    std::size_t advert = 0;              // index into Timeline::adverts
};

// What set off an engine call, for the transitions' reasons.
struct Trigger {
    std::string text;              // e.g. "script chk_web failed", "link eth0 down"
    std::string advert_from;       // on_advert: the sender's node name
    int advert_priority = -1;      // on_advert: the advertised priority
};

struct NodeSpec {
    std::string name;
    std::filesystem::path file;
    std::string config_id;
};

class Node {
public:
    // `index` numbers the node from 0; its addresses are 192.0.2.(index+1) and
    // fe80::(index+1), the integration harness's r1, r2 ... (tests/integration/lib.sh).
    Node(NodeSpec spec, std::size_t index);

    // Reads `file` (the node's own at construction). False when it holds no instance.
    bool load(const std::filesystem::path& file, std::vector<std::string>& diagnostics);

    const std::string& name() const noexcept { return spec_.name; }
    std::size_t index() const noexcept { return index_; }
    bool running() const noexcept { return router_ != nullptr; }
    const vrrpconf::EngineConfig& engine() const noexcept { return engine_; }
    const config::Config& model() const noexcept { return *model_; }
    // The addresses this node answers unicast adverts on.
    bool owns(const net::IpAddress& address) const noexcept;
    net::IpAddress primary(net::Family family) const noexcept;
    bool link_up(const std::string& interface) const noexcept;
    // Every interface its instances use.
    std::set<std::string> interfaces() const;
    vrrp::TimePoint next_deadline() const noexcept;
    // Per instance name: the state now (DOWN when not running).
    std::string state_of(const std::string& instance) const;

    // --- Events (each appends packets to send and records into the timeline) -----------
    void start(vrrp::TimePoint now, std::vector<Packet>& out, Timeline& timeline);
    void crash(vrrp::TimePoint now, Timeline& timeline);
    void stop(vrrp::TimePoint now, std::vector<Packet>& out, Timeline& timeline);
    void reload(const std::filesystem::path& file, vrrp::TimePoint now, std::vector<Packet>& out,
                Timeline& timeline);
    void set_link(const std::string& interface, vrrp::LinkState state, vrrp::TimePoint now,
                  std::vector<Packet>& out, Timeline& timeline);
    // script-ok/script-fail: a vrrp_script, else a track_process, named `name`.
    bool set_tracker(const std::string& name, vrrp::TrackerHealth health, vrrp::TimePoint now,
                     std::vector<Packet>& out, Timeline& timeline);
    bool set_file(const std::string& name, std::int64_t value, vrrp::TimePoint now,
                  std::vector<Packet>& out, Timeline& timeline);
    void on_timer(vrrp::TimePoint now, std::vector<Packet>& out, Timeline& timeline);
    void receive(const Packet& packet, const std::string& sender, vrrp::TimePoint now,
                 std::vector<Packet>& out, Timeline& timeline);

    // Results given before start() (scenario events at the start instant).
    void preset_tracker(const std::string& name, vrrp::TrackerHealth health);
    void preset_file(const std::string& name, std::int64_t value);

    // Adverts this node's instances dropped, per "instance: reason" (for the flags).
    const std::map<std::string, std::size_t>& drops() const noexcept { return drops_; }

private:
    template <typename Call>
    void drive(vrrp::TimePoint now, const Trigger& trigger, std::vector<Packet>& out,
               Timeline& timeline, Call&& call);
    void execute(const vrrp::Actions& actions, vrrp::TimePoint now, std::vector<Packet>& out,
                 Timeline& timeline);
    void send(vrrp::InstanceId id, std::uint8_t priority, vrrp::TimePoint now,
              std::vector<Packet>& out, Timeline& timeline);
    std::string reason_of(const vrrp::Instance& instance, const Trigger& trigger,
                          const std::string& first_moved) const;
    std::optional<net::IpAddress> source_of(const vrrp::InstanceConfig& config) const;
    void record_down(vrrp::TimePoint now, const std::string& why, Timeline& timeline);
    vrrp::Duration since_start(vrrp::TimePoint now) const noexcept;

    NodeSpec spec_;
    std::size_t index_;
    std::shared_ptr<config::Config> model_;
    vrrpconf::EngineConfig engine_;
    std::unique_ptr<vrrp::Router> router_;
    std::set<std::string> down_links_;
    std::map<std::string, vrrp::TrackerHealth> preset_health_;
    std::map<std::string, std::int64_t> preset_values_;
    std::map<std::string, std::string> reported_; // instance -> last recorded state
    // Per instance name: the last advert it accepted (sender, priority).
    std::map<std::string, std::pair<std::string, int>> last_heard_;
    std::map<std::string, std::uint32_t> ah_sequence_;
    std::map<net::IpAddress, std::string> held_; // VIP -> instance
    std::map<std::string, std::size_t> drops_;
    std::uint16_t ip_id_ = 0;
};

// The simulated clock's origin: TimePoint values are origin + time since the start.
inline constexpr vrrp::TimePoint origin{std::chrono::hours{1}};

} // namespace vigil::simulate
