#include "daemon/vrrp_child.hpp"
#include "daemon/vip_firewall.hpp"
#include "daemon/vmac_links.hpp"

#include "arp/packet_announcer.hpp"
#include "daemon/advert_socket_pool.hpp"
#include "daemon/announce_queue.hpp"
#include "daemon/child_reaper.hpp"
#include "daemon/dump.hpp"
#include "daemon/engine_config.hpp"
#include "daemon/event_loop.hpp"
#include "daemon/file_tracker.hpp"
#include "daemon/netlink_specs.hpp"
#include "daemon/notify_plan.hpp"
#include "daemon/notify_runner.hpp"
#include "daemon/privileges.hpp"
#include "daemon/process_scheduling.hpp"
#include "daemon/process_config.hpp"
#include "daemon/process_tracker.hpp"
#include "daemon/raw_advert_socket.hpp"
#include "daemon/script_tracker.hpp"
#include "daemon/smtp_client.hpp"
#include "netlink/interface_catalog.hpp"
#include "netlink/netlink_address_table.hpp"
#include "netlink/netlink_monitor.hpp"
#include "util/log.hpp"
#include "vrrp/codec.hpp"
#include "vrrp/drop_log.hpp"
#include "vrrp/router.hpp"
#include "vrrp/validation.hpp"

#include <malloc.h>
#include <net/if.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

namespace vigil::daemon {
namespace {

// Log lines and unpaced GARPs/NAs wait while an engine deadline is less than
// burst_look_ahead away (a takeover wave in progress), never longer than burst_max_hold.
constexpr auto burst_look_ahead = std::chrono::milliseconds(2);
constexpr auto burst_max_hold = std::chrono::milliseconds(5);

using vrrp::InstanceId;

// Packets read per recvmmsg() (the 255x10ms backup averages ~3 per wake-up) and the room for
// each: the largest IP datagram, so that no advert is cut short.
constexpr std::size_t receive_batch_slots = 16;
constexpr std::size_t receive_slot_size = 65536;
// At most this many packets per wake-up, so that a flood cannot starve timers and signals.
constexpr std::size_t receive_budget = 64;

double seconds_of(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

int state_number(vrrp::State s) { return static_cast<int>(s); }

} // namespace

class VrrpChild {
public:
    VrrpChild(ChildChannel& channel, const DaemonSettings& settings, const ModelLoader& reload)
        : channel_(channel), settings_(settings), reload_(reload),
          sockets_(&open_raw_advert_socket), notify_(reaper_, ScriptUser{::getuid(), ::getgid()}),
          scripts_(loop_, reaper_, [this](std::size_t i, ScriptStatus s) { on_script(i, s); }),
          files_(loop_, [this](std::size_t i, std::int64_t v) { on_file(i, v); }),
          processes_(loop_, [this](std::size_t i, bool quorum) { on_process(i, quorum); }),
          batch_(receive_batch_slots, receive_slot_size) {}

    int run(std::shared_ptr<const config::Config> config);

private:
    // Which configuration an action refers to: the current one, or the old one while the
    // retire half of a reload plan is carried out.
    struct Context {
        const EngineConfig* engine;
        const config::Config* model;
    };
    struct Runtime {
        vrrp::Stats stats;
        vrrp::DropLog drops;
        std::uint16_t ip_id = 0;
        std::uint32_t ah_sequence = 0; // IPsec AH sequence number, sent and received
        std::optional<AdvertEndpoint> endpoint;
        std::optional<vrrp::IpAddress> last_master;
        std::optional<vrrp::IpAddress> reported_source;
        bool source_reported = false;
    };
    struct OpenEndpoint {
        AdvertEndpoint endpoint;
        int fd = -1;
        std::size_t users = 0;
    };

    void setup_signals();
    void load_interfaces();
    void build(std::shared_ptr<const config::Config> config);
    void resolve_script_user(const config::Config& config);
    void bind_trackers();
    void attach_endpoints();
    void attach(InstanceId id);
    void detach(InstanceId id) noexcept;
    std::optional<AdvertEndpoint> endpoint_for(InstanceId id) const;
    // The address an instance advertises from: unicast_src_ip / mcast_src_ip, else its
    // interface's primary IPv4 or link-local IPv6 address (nullopt: none yet).
    std::optional<vrrp::IpAddress> source_of(const vrrp::InstanceConfig& config) const;
    void report_sources(vrrp::TimePoint now);

    void on_readable(const AdvertEndpoint& endpoint) noexcept;
    void handle_packet(const AdvertEndpoint& endpoint, const ReceivedAdvert& packet,
                       vrrp::TimePoint now) noexcept;
    void on_netlink() noexcept;
    void on_netlink_event(const netlink::NetlinkEvent& event, vrrp::TimePoint now) noexcept;
    void on_script(std::size_t index, ScriptStatus status) noexcept;
    void on_file(std::size_t index, std::int64_t value) noexcept;
    void on_process(std::size_t index, bool quorum) noexcept;
    void start_trackers();
    void on_engine_timer() noexcept;
    void reload() noexcept;
    void shutdown() noexcept;
    void write_dump_files(int signo) noexcept;

    void execute(vrrp::Actions& actions, const Context& context) noexcept;
    void execute(vrrp::Actions& actions) noexcept { execute(actions, current()); }
    void send_advert(const vrrp::SendAdvert& action, const Context& context) noexcept;
    // Queues the kernel changes for `set`; apply_table_changes() carries them out in one
    // pipelined exchange and logs failures. `set` and the instance name must outlive it.
    void change_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                          const Context& context) noexcept;
    void apply_table_changes() noexcept;
    // Firewall drop entries of a no-accept non-owner's addresses: added before the addresses,
    // removed after them (keepalived's order).
    void filter_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                          const Context& context) noexcept;
    void announce(const vrrp::Announce& action, const Context& context) noexcept;
    void notify(const vrrp::Notify& action, const Context& context) noexcept;
    void rearm() noexcept;
    // Whether more engine work is imminent (a deadline within burst_look_ahead) and what
    // was deferred at `since` (log lines, announcements) may wait for it.
    bool burst_continues(vrrp::TimePoint now, vrrp::TimePoint since) const noexcept;
    void update_status() noexcept;

    Context current() const noexcept { return {&engine_, model_.get()}; }
    std::vector<InstanceSnapshot> snapshots() const;
    GlobalSnapshot global_snapshot() const;

    ChildChannel& channel_;
    const DaemonSettings& settings_;
    const ModelLoader& reload_;

    EventLoop loop_;
    std::unique_ptr<netlink::NetlinkAddressTable> table_;
    std::unique_ptr<netlink::NetlinkMonitor> monitor_;
    netlink::InterfaceCatalog catalog_;
    std::unique_ptr<arp::PacketAnnouncer> announcer_;
    std::unique_ptr<AnnounceQueue> announce_queue_;
    AdvertSocketPool sockets_;
    std::vector<OpenEndpoint> open_;
    ChildReaper reaper_;
    NotifyRunner notify_;
    ScriptTracker scripts_;
    FileTracker files_;
    ProcessTracker processes_;
    SmtpClient smtp_{loop_};

    std::shared_ptr<const config::Config> model_;
    EngineConfig engine_;
    std::unique_ptr<vrrp::Router> router_;
    std::unique_ptr<VipFirewall> firewall_; // only when the configuration needs one
    std::unique_ptr<VmacLinks> vmacs_;      // only when an instance uses a VMAC
    std::vector<Runtime> runtime_;
    std::vector<vrrp::TrackerId> script_ids_;
    std::vector<vrrp::TrackerId> file_ids_;
    std::vector<vrrp::TrackerId> process_ids_;
    TimerId engine_timer_;
    std::vector<pid_t> stop_scripts_;
    // The address/route/rule changes of the batch being executed, with what to name in a
    // failure message (address == nullptr: a route or rule).
    struct TableChangeOrigin {
        const std::string* instance;
        const vrrp::VirtualAddress* address;
    };
    std::vector<netlink::TableChange> table_changes_;
    std::vector<TableChangeOrigin> table_change_origins_;
    std::vector<std::error_code> table_results_;
    ReceiveBatch batch_;
    std::vector<std::byte> out_;
    vrrp::Decoded decoded_;
    bool stopping_ = false;
    bool script_user_resolved_ = false;
    bool status_dirty_ = true;
    std::string last_status_;
    int exit_code_ = 0;
};

int VrrpChild::run(std::shared_ptr<const config::Config> config) {
    setup_signals();
    log::detail("Registering Kernel netlink reflector");
    monitor_ = std::make_unique<netlink::NetlinkMonitor>();
    log::detail("Registering Kernel netlink command channel");
    table_ = std::make_unique<netlink::NetlinkAddressTable>();
    load_interfaces();
    log::detail("Registering gratuitous ARP shared channel");
    announcer_ = std::make_unique<arp::PacketAnnouncer>();
    announce_queue_ = std::make_unique<AnnounceQueue>(loop_, *announcer_);
    [[maybe_unused]] auto ec = loop_.add_reader(monitor_->fd(), [this](std::uint32_t) { on_netlink(); });

    build(std::move(config));
    attach_endpoints();
    apply_vrrp_scheduling(model_->global_); // before the capabilities it may need go
    shed_privileges();

    const vrrp::TimePoint now = vrrp::Clock::now();
    report_sources(now);
    vrrp::Actions actions;
    for (const auto& [index, itf] : catalog_.interfaces()) {
        router_->on_link(itf.name, itf.up() ? vrrp::LinkState::up : vrrp::LinkState::down, now, actions);
    }
    for (const vrrp::InstanceConfig& c : engine_.instances) {
        if (!c.interface.empty() && catalog_.find(c.interface) == nullptr) {
            router_->on_link(c.interface, vrrp::LinkState::down, now, actions);
        }
    }
    {
        const log::Hold hold;
        router_->start(now, actions);
        execute(actions);
    }
    vrrp::Actions().swap(actions); // the start-up burst's buffer (N instances' actions) is not kept
    start_trackers();
    rearm();
    channel_.config_read();
    ::malloc_trim(0); // start-up leftovers (the parent's parse, netlink dumps) back to the system

    // Lines logged while handling events are held and written after the actions (log.hpp);
    // while a burst of engine work goes on (an engine deadline less than
    // burst_look_ahead away, e.g. 200 instances taking over within 2 ms) they stay held, as
    // do unpaced GARPs/NAs (announce_queue.hpp), for at most burst_max_hold: every
    // instance's adverts and VIPs come first, what describes and announces them follows.
    std::optional<log::Hold> held;
    std::optional<vrrp::TimePoint> held_since; // end of the first iteration whose lines wait
    while (!stopping_) {
        if (!held) {
            held.emplace();
            held_since.reset();
        }
        if (announce_queue_->has_idle_work() && !loop_.has_ready_events() &&
            !burst_continues(vrrp::Clock::now(), announce_queue_->oldest_idle())) {
            // A few at a time: a timer expiring meanwhile is late by one chunk (~0.1 ms).
            announce_queue_->send_idle(16);
            if (!announce_queue_->has_idle_work()) {
                ::malloc_trim(0); // a burst is over: its memory back to the system (issue 4)
            }
        } else if (loop_.run_once(std::chrono::milliseconds(-1))) {
            break;
        }
        const vrrp::TimePoint after = vrrp::Clock::now();
        if (!held_since) {
            held_since = after; // not when the hold began: that may be before a long wait
        }
        if (!burst_continues(after, *held_since)) {
            held.reset();
        }
    }
    return exit_code_;
}

bool VrrpChild::burst_continues(vrrp::TimePoint now, vrrp::TimePoint since) const noexcept {
    if (!router_ || stopping_ || now - since >= burst_max_hold) {
        return false;
    }
    return router_->next_deadline() - now < burst_look_ahead;
}

void VrrpChild::setup_signals() {
    auto on = [this](int signo, auto fn) {
        [[maybe_unused]] auto ec = loop_.handle_signal(signo, [fn](const signalfd_siginfo&) { fn(); });
    };
    on(SIGTERM, [this] { shutdown(); });
    on(SIGINT, [this] { shutdown(); });
    on(SIGHUP, [this] { reload(); });
    on(SIGCHLD, [this] { reaper_.reap(); });
    for (int signo : {SIGUSR1, SIGUSR2, SIGRTMIN + 2, SIGRTMAX - 1}) {
        on(signo, [this, signo] { write_dump_files(signo); });
    }
    engine_timer_ = loop_.create_timer([this] { on_engine_timer(); });
}

void VrrpChild::load_interfaces() {
    std::vector<netlink::NetlinkEvent> events;
    if (const std::error_code ec = table_->dump_interfaces(events)) {
        log::error("Netlink: unable to dump interfaces - {}", ec.message());
    }
    catalog_.clear();
    for (const netlink::NetlinkEvent& e : events) {
        catalog_.apply(e);
    }
}

void VrrpChild::build(std::shared_ptr<const config::Config> config) {
    model_ = std::move(config);
    const config::GlobalDefs& g = model_->global_;
    for (const config::VrrpInstance& m : model_->instances_) {
        // Said once per load, so that nobody relies on a virtual MAC that is not there.
        if (m.use_ipvlan_) {
            log::warning("({}) use_ipvlan is not supported by vigil yet - the instance runs on {} with its own MAC address",
                         m.name_, m.interface_.value_or("its interface"));
        }
    }
    resolve_script_user(*model_);
    engine_ = engine_config_of(*model_, notify_.default_user());
    if (VmacLinks::used_by(*model_)) {
        if (!vmacs_) {
            vmacs_ = std::make_unique<VmacLinks>(*table_, g);
        }
        vmacs_->assign(engine_, catalog_);
    }
    if (!firewall_) {
        firewall_ = VipFirewall::create_if_needed(g, engine_, vmacs_ != nullptr);
    }
    if (vmacs_) {
        vmacs_->bring_up_all(catalog_, firewall_ ? &firewall_->firewall() : nullptr);
        // The monitor has queued the VMACs' intermediate states (created down, then up):
        // they are history, the re-read below is the present.
        [[maybe_unused]] auto drained = monitor_->read_events([](const netlink::NetlinkEvent&) {});
        load_interfaces();
    }
    router_ = std::make_unique<vrrp::Router>(engine_.instances, engine_.groups);
    runtime_.clear();
    runtime_.resize(engine_.instances.size());
    notify_.configure(g);
    smtp_.configure(g);
    bind_trackers();
}

// The default script user is looked up once, when first needed: without scripts (and no
// script_user) it is never used, and the lookup would load the NSS modules for nothing.
void VrrpChild::resolve_script_user(const config::Config& config) {
    const config::GlobalDefs& g = config.global_;
    if (script_user_resolved_ || (!g.script_user_ && !runs_scripts(config))) {
        return;
    }
    script_user_resolved_ = true;
    std::optional<std::string> group;
    if (g.script_user_) {
        group = g.script_user_->group_;
    }
    if (auto user = default_script_user(g.script_user_ ? std::optional(g.script_user_->user_) : std::nullopt, group)) {
        notify_.set_default_user(*user);
    } else {
        log::info("Unable to set default user for scripts");
    }
}

void VrrpChild::bind_trackers() {
    script_ids_.clear();
    for (const TrackedScript& s : engine_.scripts) {
        script_ids_.push_back(router_->find_tracker(vrrp::TrackerKind::script, s.name).value_or(UINT32_MAX));
    }
    file_ids_.clear();
    for (const WatchedFile& f : engine_.files) {
        file_ids_.push_back(router_->find_tracker(vrrp::TrackerKind::file, f.name).value_or(UINT32_MAX));
    }
    process_ids_.clear();
    for (const config::TrackProcess* p : engine_.processes) {
        process_ids_.push_back(router_->find_tracker(vrrp::TrackerKind::process, p->name_).value_or(UINT32_MAX));
    }
}

void VrrpChild::start_trackers() {
    scripts_.start(engine_.scripts);
    files_.start(engine_.files);
    std::vector<config::TrackProcess> processes;
    for (const config::TrackProcess* p : engine_.processes) {
        processes.push_back(*p);
    }
    processes_.start(std::move(processes));
}

std::optional<AdvertEndpoint> VrrpChild::endpoint_for(InstanceId id) const {
    const vrrp::InstanceConfig& c = engine_.instances[id];
    const netlink::Interface* itf = catalog_.find(c.interface);
    if (itf == nullptr) {
        return std::nullopt;
    }
    AdvertEndpoint e;
    e.ifindex = itf->index;
    e.family = c.family;
    e.protocol = c.auth_type == vrrp::AuthType::ah ? vrrp::ip_protocol_ah : vrrp::ip_protocol_vrrp;
    if (!c.unicast_peers.empty()) {
        std::optional<vrrp::IpAddress> src = c.source;
        if (!src) {
            src = c.family == vrrp::Family::ipv4 ? itf->primary_ipv4() : itf->link_local_ipv6();
        }
        if (!src) {
            return std::nullopt;
        }
        e.unicast_source = src;
    } else {
        e.multicast_group = c.multicast_group.value_or(c.family == vrrp::Family::ipv4 ? vrrp::vrrp_multicast_v4
                                                                                     : vrrp::vrrp_multicast_v6);
    }
    return e;
}

void VrrpChild::attach(InstanceId id) {
    if (runtime_[id].endpoint) {
        return;
    }
    const std::optional<AdvertEndpoint> e = endpoint_for(id);
    if (!e) {
        return;
    }
    try {
        AdvertSocket& socket = sockets_.acquire(*e);
        runtime_[id].endpoint = *e;
        for (OpenEndpoint& o : open_) {
            if (o.endpoint == *e) {
                ++o.users;
                return;
            }
        }
        open_.push_back({*e, socket.fd(), 1});
        const AdvertEndpoint copy = *e;
        [[maybe_unused]] auto ec =
            loop_.add_reader(socket.fd(), [this, copy](std::uint32_t) { on_readable(copy); }, ReaderPace::burst);
        if (e->unicast_source) {
            log::detail("VRRP sockpool: [ifindex({:3}), family({}), proto({}), fd({},{}) , unicast, address({})]",
                        e->ifindex, e->family == vrrp::Family::ipv4 ? "IPv4" : "IPv6", e->protocol, socket.fd(),
                        socket.fd() + 1, *e->unicast_source);
        } else {
            log::detail("VRRP sockpool: [ifindex({:3}), family({}), proto({}), fd({},{}) multicast, address({})]",
                        e->ifindex, e->family == vrrp::Family::ipv4 ? "IPv4" : "IPv6", e->protocol, socket.fd(),
                        socket.fd() + 1, e->multicast_group);
        }
    } catch (const std::exception& ex) {
        log::error("({}) Unable to open VRRP socket - {}", engine_.instances[id].name, ex.what());
    }
}

void VrrpChild::detach(InstanceId id) noexcept {
    if (id >= runtime_.size() || !runtime_[id].endpoint) {
        return;
    }
    const AdvertEndpoint e = *runtime_[id].endpoint;
    runtime_[id].endpoint.reset();
    for (auto it = open_.begin(); it != open_.end(); ++it) {
        if (it->endpoint == e) {
            if (--it->users == 0) {
                loop_.remove_reader(it->fd);
                open_.erase(it);
            }
            break;
        }
    }
    sockets_.release(e);
}

void VrrpChild::attach_endpoints() {
    for (InstanceId id = 0; id < engine_.instances.size(); ++id) {
        attach(id);
    }
}

std::optional<vrrp::IpAddress> VrrpChild::source_of(const vrrp::InstanceConfig& c) const {
    if (c.source) {
        return c.source;
    }
    // A VMAC has no address of its own: the source is its base interface's (keepalived).
    std::optional<std::string> base = vmacs_ ? vmacs_->base_of(c.interface) : std::nullopt;
    if (const netlink::Interface* itf = catalog_.find(base ? *base : c.interface)) {
        return c.family == vrrp::Family::ipv4 ? itf->primary_ipv4() : itf->link_local_ipv6();
    }
    return std::nullopt;
}

void VrrpChild::report_sources(vrrp::TimePoint now) {
    vrrp::Actions actions;
    for (InstanceId id = 0; id < engine_.instances.size(); ++id) {
        const std::optional<vrrp::IpAddress> source = source_of(engine_.instances[id]);
        Runtime& r = runtime_[id];
        if (r.source_reported && r.reported_source == source) {
            continue;
        }
        r.source_reported = true;
        r.reported_source = source;
        router_->on_source_address(id, source, now, actions);
        if (source && r.endpoint == std::nullopt) {
            attach(id);
        }
    }
    execute(actions);
}

void VrrpChild::on_readable(const AdvertEndpoint& endpoint) noexcept {
    AdvertSocket* socket = sockets_.find(endpoint);
    if (socket == nullptr) {
        return;
    }
    for (std::size_t received = 0; received < receive_budget;) {
        std::size_t count = 0;
        if (socket->receive_batch(batch_, count) || count == 0) {
            break;
        }
        const vrrp::TimePoint now = vrrp::Clock::now();
        for (std::size_t i = 0; i < count; ++i) {
            handle_packet(endpoint, batch_[i], now);
        }
        received += count;
        if (count < batch_.slots()) {
            break; // drained; level-triggered epoll wakes us for anything newer
        }
    }
    rearm();
}

void VrrpChild::handle_packet(const AdvertEndpoint& endpoint, const ReceivedAdvert& packet,
                              vrrp::TimePoint now) noexcept {
    vrrp::DropReason reason;
    if (endpoint.family == vrrp::Family::ipv4) {
        vrrp::DecodeOptions options;
        options.ipv4_multicast_group = to_vrrp(model_->global_.vrrp_mcast_group4_);
        reason = vrrp::decode_ipv4(packet.packet, decoded_, options);
    } else {
        reason = vrrp::decode_ipv6(packet.packet, {packet.source, packet.destination, packet.ttl}, decoded_);
    }
    if (reason == vrrp::DropReason::too_short || reason == vrrp::DropReason::bad_ip_header ||
        reason == vrrp::DropReason::ah_not_vrrp) {
        if (!runtime_.empty()) {
            runtime_[0].drops.record_unattributed(reason, decoded_, now);
        }
        return;
    }
    const netlink::Interface* itf = catalog_.find(endpoint.ifindex);
    if (itf == nullptr) {
        return;
    }
    const std::span<const InstanceId> ids = router_->find(itf->name, endpoint.family, decoded_.advert.vrid);
    if (ids.empty() && model_->global_.log_unknown_vrids_) {
        log::info("Unknown VRID({}) received on interface({}). ignoring...", decoded_.advert.vrid, itf->name);
    }
    vrrp::Actions actions;
    for (const InstanceId id : ids) {
        Runtime& r = runtime_[id];
        if (r.endpoint != endpoint) {
            continue;
        }
        const vrrp::Instance& instance = router_->instance(id);
        if (instance.state() == vrrp::State::init || instance.state() == vrrp::State::fault) {
            continue;
        }
        InstanceExtras& extras = engine_.extras[id];
        vrrp::ReceiveExpectations expect = expectations_of(engine_.instances[id], extras, instance.effective_priority());
        if (extras.skip_check_adv_addr && r.last_master == decoded_.meta.source) {
            expect.vip_check = vrrp::VipCheck::skip;
        }
        expect.ah_sequence = r.ah_sequence;
        const vrrp::Verdict verdict = vrrp::validate(decoded_, expect);
        if (verdict.ah_sequence) {
            r.ah_sequence = *verdict.ah_sequence;
        }
        r.drops.record(instance.name(), verdict, decoded_, expect, r.stats, now);
        if (verdict.checksum_switch == vrrp::ChecksumSwitch::to_old_unicast) {
            extras.unicast_checksum = vrrp::UnicastChecksum::old;
        }
        if (!verdict.accepted()) {
            continue;
        }
        r.last_master = decoded_.meta.source;
        router_->on_advert(id, vrrp::received_advert(decoded_.advert, decoded_.meta), now, actions);
    }
    execute(actions);
}

void VrrpChild::on_netlink() noexcept {
    const vrrp::TimePoint now = vrrp::Clock::now();
    [[maybe_unused]] auto ec = monitor_->read_events([this, now](const netlink::NetlinkEvent& e) { on_netlink_event(e, now); });
    report_sources(now);
    rearm();
}

void VrrpChild::on_netlink_event(const netlink::NetlinkEvent& event, vrrp::TimePoint now) noexcept {
    if (std::holds_alternative<netlink::MonitorOverrun>(event)) {
        log::info("Netlink: Receive buffer overrun on monitor socket - re-reading interfaces");
        load_interfaces();
        return;
    }
    const netlink::AddressEvent* address = std::get_if<netlink::AddressEvent>(&event);
    std::string removed_from;
    if (address != nullptr && address->change == netlink::Change::removed) {
        if (const netlink::Interface* itf = catalog_.find(address->ifindex)) {
            removed_from = itf->name;
        }
    }
    const netlink::CatalogChange change = catalog_.apply(event);
    vrrp::Actions actions;
    std::string lost_vmac;
    if (const auto* link = std::get_if<netlink::LinkEvent>(&event)) {
        switch (change) {
        case netlink::CatalogChange::went_up:
            log::info("Netlink reports {} up", link->name);
            if (vmacs_) {
                vmacs_->link_up(link->name);
            }
            router_->on_link(link->name, vrrp::LinkState::up, now, actions);
            break;
        case netlink::CatalogChange::went_down:
            log::info("Netlink reports {} down", link->name);
            router_->on_link(link->name, vrrp::LinkState::down, now, actions);
            break;
        case netlink::CatalogChange::appeared:
            for (InstanceId id = 0; id < engine_.instances.size(); ++id) {
                if (engine_.instances[id].interface == link->name) {
                    attach(id);
                }
            }
            router_->on_link(link->name, link->up() ? vrrp::LinkState::up : vrrp::LinkState::down, now, actions);
            break;
        case netlink::CatalogChange::removed:
            for (InstanceId id = 0; id < engine_.instances.size(); ++id) {
                if (runtime_[id].endpoint && runtime_[id].endpoint->ifindex == link->index) {
                    detach(id);
                }
            }
            router_->on_link(link->name, vrrp::LinkState::down, now, actions);
            if (vmacs_ && !stopping_ && vmacs_->is_ours(link->name)) {
                log::info("Interface {} deleted", link->name);
                lost_vmac = link->name;
            }
            break;
        case netlink::CatalogChange::none:
        case netlink::CatalogChange::link_changed:
        case netlink::CatalogChange::address_added:
        case netlink::CatalogChange::address_removed:
            break;
        }
    } else if (address != nullptr) {
        const netlink::Interface* itf = catalog_.find(address->ifindex);
        const std::string ifname = itf != nullptr ? itf->name : removed_from;
        const bool added = address->change == netlink::Change::added;
        if (settings_.address_monitoring) {
            log::info("Netlink reflector reports IP {} {} {}", address->address, added ? "added to" : "removed from", ifname);
        }
        if (!added) {
            for (InstanceId id = 0; id < engine_.instances.size(); ++id) {
                if (router_->instance(id).state() != vrrp::State::master) {
                    continue;
                }
                const vrrp::InstanceConfig& c = engine_.instances[id];
                for (const auto* list : {&c.vips, &c.evips}) {
                    for (const vrrp::VirtualAddress& v : *list) {
                        if (v.address == address->address && v.interface == ifname &&
                            v.tracking == vrrp::AddressTracking::tracked) {
                            if (!settings_.address_monitoring) {
                                log::detail("Netlink reflector reports IP {} removed from {}", address->address, ifname);
                            }
                            router_->on_vip_deleted(id, address->address, now, actions);
                        }
                    }
                }
            }
        }
    }
    execute(actions);
    if (!lost_vmac.empty()) {
        // Deleted by hand: made again at once, as keepalived does; the monitor then reports
        // the new link and the instance attaches to it.
        try {
            vmacs_->recreate(lost_vmac, catalog_, firewall_ ? &firewall_->firewall() : nullptr);
        } catch (...) {
        }
    }
}

void VrrpChild::on_script(std::size_t index, ScriptStatus status) noexcept {
    if (index >= script_ids_.size() || script_ids_[index] == UINT32_MAX || stopping_) {
        return;
    }
    vrrp::Actions actions;
    const vrrp::TrackerHealth health = status == ScriptStatus::ok     ? vrrp::TrackerHealth::up
                                       : status == ScriptStatus::failed ? vrrp::TrackerHealth::down
                                                                        : vrrp::TrackerHealth::unknown;
    router_->on_tracker(script_ids_[index], health, vrrp::Clock::now(), actions);
    execute(actions);
    rearm();
}

void VrrpChild::on_file(std::size_t index, std::int64_t value) noexcept {
    if (index >= file_ids_.size() || file_ids_[index] == UINT32_MAX || stopping_ || !router_) {
        return;
    }
    vrrp::Actions actions;
    router_->on_tracker_value(file_ids_[index], value, vrrp::Clock::now(), actions);
    execute(actions);
    rearm();
}

void VrrpChild::on_process(std::size_t index, bool quorum) noexcept {
    if (index >= process_ids_.size() || process_ids_[index] == UINT32_MAX || stopping_ || !router_) {
        return;
    }
    vrrp::Actions actions;
    router_->on_tracker(process_ids_[index], quorum ? vrrp::TrackerHealth::up : vrrp::TrackerHealth::down,
                        vrrp::Clock::now(), actions);
    execute(actions);
    rearm();
}

void VrrpChild::on_engine_timer() noexcept {
    vrrp::Actions actions;
    router_->on_timer(vrrp::Clock::now(), actions);
    execute(actions);
    rearm();
}

void VrrpChild::rearm() noexcept {
    if (!router_) {
        return;
    }
    const vrrp::TimePoint next = router_->next_deadline();
    if (next == vrrp::TimePoint::max()) {
        loop_.disarm(engine_timer_);
    } else {
        loop_.arm(engine_timer_, next);
    }
}

// Carries out one batch of engine actions in four passes, each keeping the engine's order:
//  1. adverts: the cheapest action and the one peers time their takeover by, so a batch of
//     200 releases (priority 0, RFC 3768/5798 section 6.4.3) leaves within a fraction of a
//     millisecond instead of being spread by the address changes between them;
//  2. address, route and rule changes, as one pipelined netlink exchange;
//  3. gratuitous ARPs / unsolicited NAs, once the addresses they announce are installed;
//  4. notify scripts and FIFO lines, which expect the addresses to be in place.
void VrrpChild::execute(vrrp::Actions& actions, const Context& context) noexcept {
    static_assert(std::variant_size_v<vrrp::Action> == 5, "a new action needs a pass here");
    for (const vrrp::Action& action : actions) {
        if (const auto* a = std::get_if<vrrp::SendAdvert>(&action)) {
            send_advert(*a, context);
        }
    }
    for (const vrrp::Action& action : actions) {
        if (const auto* add = std::get_if<vrrp::AddAddresses>(&action)) {
            filter_addresses(add->instance, add->set, netlink::ChangeKind::add, context);
            change_addresses(add->instance, add->set, netlink::ChangeKind::add, context);
        } else if (const auto* remove = std::get_if<vrrp::RemoveAddresses>(&action)) {
            change_addresses(remove->instance, remove->set, netlink::ChangeKind::remove, context);
        }
    }
    apply_table_changes();
    for (const vrrp::Action& action : actions) {
        if (const auto* remove = std::get_if<vrrp::RemoveAddresses>(&action)) {
            filter_addresses(remove->instance, remove->set, netlink::ChangeKind::remove, context);
        }
    }
    for (const vrrp::Action& action : actions) {
        if (const auto* a = std::get_if<vrrp::Announce>(&action)) {
            announce(*a, context);
        }
    }
    for (const vrrp::Action& action : actions) {
        if (const auto* a = std::get_if<vrrp::Notify>(&action)) {
            notify(*a, context);
            status_dirty_ = true;
        }
    }
    actions.clear();
    update_status();
}

void VrrpChild::update_status() noexcept {
    if (!status_dirty_ || stopping_ || !router_) {
        return;
    }
    status_dirty_ = false;
    try {
        std::vector<InstanceSnapshot> states(router_->instances().size());
        std::size_t k = 0;
        for (const vrrp::Instance& i : router_->instances()) {
            states[k++].state = state_number(i.state());
        }
        std::string text = format_status(states);
        if (text != last_status_) {
            channel_.status(text);
            last_status_ = std::move(text);
        }
    } catch (...) {
    }
}

void VrrpChild::send_advert(const vrrp::SendAdvert& action, const Context& context) noexcept {
    if (stopping_ && settings_.dont_release_vrrp && action.priority == 0) {
        return;
    }
    // During the retire half of a reload, runtime_ still belongs to the old instances.
    if (action.instance >= context.engine->instances.size() || action.instance >= runtime_.size()) {
        return;
    }
    const vrrp::InstanceConfig& c = context.engine->instances[action.instance];
    const InstanceExtras& extras = context.engine->extras[action.instance];
    Runtime& r = runtime_[action.instance];
    if (!r.endpoint) {
        return;
    }
    AdvertSocket* socket = sockets_.find(*r.endpoint);
    std::optional<vrrp::IpAddress> source = c.source ? c.source : r.reported_source;
    if (socket == nullptr || !source) {
        return;
    }
    try {
        const vrrp::Advert advert = vrrp::make_advert(c, action);
        std::vector<vrrp::IpAddress> destinations = c.unicast_peers;
        if (destinations.empty()) {
            destinations.push_back(r.endpoint->multicast_group);
        }
        const std::uint8_t ttl = c.unicast_peers.empty() ? vrrp::vrrp_ttl : extras.unicast_ttl.value_or(vrrp::vrrp_ttl);
        for (const vrrp::IpAddress& dest : destinations) {
            out_.clear();
            AdvertDestination to;
            to.address = dest;
            to.source = *source;
            to.hop_limit = ttl;
            if (c.family == vrrp::Family::ipv4) {
                vrrp::Ipv4Envelope env;
                env.source = *source;
                env.destination = dest;
                env.id = ++r.ip_id;
                env.ttl = ttl;
                env.checksum_form = extras.unicast_checksum == vrrp::UnicastChecksum::old && !c.unicast_peers.empty()
                                        ? vrrp::ChecksumForm::old_unicast
                                        : vrrp::ChecksumForm::standard;
                env.multicast_group = to_vrrp(context.model->global_.vrrp_mcast_group4_);
                if (c.auth_type == vrrp::AuthType::ah) {
                    // The key is auth_pass (8 bytes, NUL padded); the sequence counter is the
                    // one received adverts also advance (keepalived shares it).
                    env.ah_key = c.auth_data;
                    env.ah_sequence = ++r.ah_sequence;
                }
                vrrp::encode_ipv4(advert, env, out_);
            } else {
                vrrp::encode_ipv6(advert, *source, dest, out_);
            }
            if (const std::error_code ec = socket->send(out_, to)) {
                log::info("({}): send advert error {} ({})", c.name, ec.value(), ec.message());
                continue;
            }
        }
        ++r.stats.advert_sent;
        if (action.priority == 0) {
            ++r.stats.pri_zero_sent;
        }
    } catch (...) {
    }
}

void VrrpChild::change_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                                 const Context& context) noexcept {
    if (kind == netlink::ChangeKind::remove && stopping_ && settings_.dont_release_vrrp) {
        return;
    }
    static const std::string unnamed;
    const std::string& name = id < context.engine->instances.size() ? context.engine->instances[id].name : unnamed;
    try {
        for (const auto* list : {&set.vips, &set.evips}) {
            for (const vrrp::VirtualAddress& v : *list) {
                auto opts = context.engine->address_options.find(v.attributes);
                if (opts == context.engine->address_options.end()) {
                    continue;
                }
                std::optional<netlink::AddressSpec> spec = address_spec(v, opts->second, catalog_);
                if (!spec) {
                    log::info("({}) interface {} for ip address {} doesn't exist", name, v.interface, v.address);
                    continue;
                }
                table_changes_.push_back({kind, std::move(*spec)});
                table_change_origins_.push_back({&name, &v});
            }
        }
        for (const vrrp::VirtualRoute& route : set.routes) {
            auto it = context.engine->routes.find(route.spec);
            if (it == context.engine->routes.end()) {
                continue;
            }
            if (auto spec = route_spec(*it->second, catalog_)) {
                table_changes_.push_back({kind, std::move(*spec)});
                table_change_origins_.push_back({&name, nullptr});
            }
        }
        for (const vrrp::VirtualRule& rule : set.rules) {
            auto it = context.engine->rules.find(rule.spec);
            if (it == context.engine->rules.end()) {
                continue;
            }
            if (auto spec = rule_spec(*it->second)) {
                table_changes_.push_back({kind, std::move(*spec)});
                table_change_origins_.push_back({&name, nullptr});
            }
        }
    } catch (...) {
        // Out of memory queueing: what was queued is still applied.
    }
}

void VrrpChild::filter_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                                 const Context& context) noexcept {
    if (!firewall_ || id >= context.engine->instances.size() ||
        (kind == netlink::ChangeKind::remove && stopping_ && settings_.dont_release_vrrp)) {
        return;
    }
    const vrrp::InstanceConfig& c = context.engine->instances[id];
    if (!vrrp::drops_vip_traffic(c)) {
        return;
    }
    try {
        if (kind == netlink::ChangeKind::add) {
            firewall_->add(c, set, catalog_);
        } else {
            firewall_->remove(c, set, catalog_);
        }
    } catch (...) {
        // Out of memory building a batch: the entries are missing, the addresses are not.
    }
}

void VrrpChild::apply_table_changes() noexcept {
    if (table_changes_.empty()) {
        return;
    }
    try {
        table_results_.assign(table_changes_.size(), std::error_code{});
        table_->apply(table_changes_, table_results_);
        for (std::size_t i = 0; i < table_changes_.size(); ++i) {
            const std::error_code ec = table_results_[i];
            const TableChangeOrigin& origin = table_change_origins_[i];
            // Routes and rules report nothing, as keepalived (they may already be present).
            // An address on an interface that is gone went with it (a VMAC deleted by hand).
            if (!ec || origin.address == nullptr || ec == std::errc::file_exists ||
                ec == std::errc::address_not_available || ec == std::errc::no_such_device) {
                continue;
            }
            const bool add = table_changes_[i].kind == netlink::ChangeKind::add;
            log::info("({}) cannot {} ip address {}/{} on {} - {}", *origin.instance, add ? "add" : "delete",
                      origin.address->address, origin.address->prefix_length, origin.address->interface,
                      ec.message());
        }
    } catch (...) {
    }
    const bool large = table_changes_.size() >= 64;
    table_changes_.clear();
    table_change_origins_.clear();
    if (large) {
        // After a large batch (a mass takeover): its buffers, and the requests libnl built
        // for it (4 KiB each, freed amid live blocks), go back to the system (issue 4).
        std::vector<netlink::TableChange>().swap(table_changes_);
        std::vector<TableChangeOrigin>().swap(table_change_origins_);
        std::vector<std::error_code>().swap(table_results_);
        ::malloc_trim(0);
    }
}

void VrrpChild::announce(const vrrp::Announce& action, const Context& context) noexcept {
    const std::string& name =
        action.instance < context.engine->instances.size() ? context.engine->instances[action.instance].name : std::string();
    struct Target {
        int ifindex;
        std::string ifname;
        arp::MacAddress mac;
        vrrp::IpAddress address;
        std::chrono::microseconds interval;
    };
    const config::GlobalDefs& g = context.model->global_;
    std::vector<Target> targets;
    for (const vrrp::VirtualAddress& v : action.addresses) {
        const netlink::Interface* itf = catalog_.find(v.interface);
        if (itf == nullptr) {
            continue;
        }
        if (v.address.is_v4()) {
            log::detail("({}) Sending/queueing gratuitous ARPs on {} for {}", name, itf->name, v.address);
        } else {
            log::detail("({}) Sending/queueing Unsolicited Neighbour Adverts on {} for {}", name, itf->name, v.address);
        }
        std::chrono::microseconds interval = v.address.is_v4() ? g.vrrp_garp_interval_ : g.vrrp_gna_interval_;
        for (const config::GarpGroup& group : context.model->garp_groups_) {
            if (std::find(group.interfaces_.begin(), group.interfaces_.end(), itf->name) != group.interfaces_.end()) {
                interval = (v.address.is_v4() ? group.garp_interval_ : group.gna_interval_).value_or(interval);
            }
        }
        targets.push_back({itf->index, itf->name, itf->mac, v.address, interval});
    }
    try {
        for (std::uint32_t round = 0; round < action.repeat; ++round) {
            for (const Target& t : targets) {
                announce_queue_->send(t.ifindex, t.ifname, t.mac, t.address, t.interval);
            }
        }
    } catch (...) {
    }
}

void VrrpChild::notify(const vrrp::Notify& action, const Context& context) noexcept {
    try {
        const config::Notifies* notifies = nullptr;
        NotifySubject subject = NotifySubject::instance;
        if (action.target == vrrp::NotifyTarget::instance) {
            for (const config::VrrpInstance& m : context.model->instances_) {
                if (m.name_ == action.name) {
                    notifies = &m.notify_;
                }
            }
        } else {
            subject = NotifySubject::group;
            for (const config::SyncGroup& g : context.model->sync_groups_) {
                if (g.name_ == action.name) {
                    notifies = &g.notify_;
                }
            }
        }
        static const config::Notifies none;
        if (notifies == nullptr) {
            notifies = &none;
        }
        const NotifyPlan plan = plan_notify(*notifies, subject, action.name, action.event, action.priority);
        std::vector<pid_t> pids = notify_.run(plan);
        smtp_.alert(*context.model, subject, action.name, action.event); // after scripts and FIFO
        // Shutdown waits for every STOP script (notify_stop and the generic notify), up to
        // 1 s: they would otherwise die with us (PR_SET_PDEATHSIG) before running.
        if (action.event == vrrp::NotifyEvent::stop) {
            stop_scripts_.insert(stop_scripts_.end(), pids.begin(), pids.end());
        }
    } catch (...) {
    }
}

void VrrpChild::reload() noexcept {
    if (stopping_) {
        return;
    }
    log::info("Reloading");
    try {
        std::shared_ptr<const config::Config> fresh = reload_ ? reload_() : nullptr;
        if (!fresh) {
            channel_.config_read();
            return;
        }
        const vrrp::TimePoint now = vrrp::Clock::now();
        resolve_script_user(*fresh);
        EngineConfig next = engine_config_of(*fresh, notify_.default_user());
        if (!vmacs_ && VmacLinks::used_by(*fresh)) {
            vmacs_ = std::make_unique<VmacLinks>(*table_, fresh->global_);
        }
        if (vmacs_) {
            vmacs_->assign(next, catalog_);
        }
        if (!firewall_) {
            firewall_ = VipFirewall::create_if_needed(fresh->global_, next, VmacLinks::used_by(*fresh));
        }
        std::vector<std::optional<vrrp::IpAddress>> sources;
        sources.reserve(next.instances.size());
        for (const vrrp::InstanceConfig& c : next.instances) {
            sources.push_back(source_of(c));
        }
        vrrp::ReloadPlan plan = router_->reload(next.instances, next.groups, now, sources); // may throw: nothing touched
        // Retire with the old configuration (old ids), then switch.
        EngineConfig old_engine = std::move(engine_);
        std::shared_ptr<const config::Config> old_model = model_;
        execute(plan.retire, Context{&old_engine, old_model.get()});
        if (vmacs_) {
            // Old VMACs go once their instances let go; new ones appear to the monitor, which
            // attaches their instances.
            vmacs_->retire();
            vmacs_->bring_up_all(catalog_, firewall_ ? &firewall_->firewall() : nullptr);
        }
        std::vector<Runtime> old_runtime = std::move(runtime_);
        engine_ = std::move(next);
        model_ = std::move(fresh);
        runtime_.clear();
        runtime_.resize(engine_.instances.size());
        for (InstanceId o = 0; o < plan.old_to_new.size(); ++o) {
            if (plan.old_to_new[o]) {
                Runtime& n = runtime_[*plan.old_to_new[o]];
                n.stats = old_runtime[o].stats;
                n.ip_id = old_runtime[o].ip_id;
                n.ah_sequence = old_runtime[o].ah_sequence;
                n.last_master = old_runtime[o].last_master;
                n.reported_source = old_runtime[o].reported_source;
                n.source_reported = old_runtime[o].source_reported;
            }
        }
        // Sockets: acquire the new set before releasing the old (shared ones stay open).
        std::vector<std::optional<AdvertEndpoint>> old_endpoints;
        for (Runtime& r : old_runtime) {
            old_endpoints.push_back(r.endpoint);
        }
        attach_endpoints();
        for (const auto& e : old_endpoints) {
            if (!e) {
                continue;
            }
            for (auto it = open_.begin(); it != open_.end(); ++it) {
                if (it->endpoint == *e) {
                    if (--it->users == 0) {
                        loop_.remove_reader(it->fd);
                        open_.erase(it);
                    }
                    break;
                }
            }
            sockets_.release(*e);
        }
        smtp_.configure(model_->global_); // the new instances' first alerts use the new settings
        execute(plan.apply);
        notify_.configure(model_->global_);
        bind_trackers();
        for (const TrackedScript& s : engine_.scripts) {
            log::info("VRRP_Script({}) considered successful on reload", s.name);
        }
        start_trackers();
        report_sources(now);
    } catch (const std::exception& e) {
        log::error("Reload failed - {}", e.what());
    }
    rearm();
    channel_.config_read();
}

void VrrpChild::shutdown() noexcept {
    if (stopping_) {
        return;
    }
    scripts_.stop();
    stopping_ = true;
    vrrp::Actions actions;
    router_->stop(vrrp::Clock::now(), actions);
    execute(actions);
    if (vmacs_) {
        try {
            vmacs_->stop();
        } catch (...) {
        }
    }
    if (firewall_) {
        try {
            firewall_->stop();
        } catch (...) {
        }
    }
    loop_.disarm(engine_timer_);
    if (!stop_scripts_.empty()) {
        notify_.wait_for(stop_scripts_, std::chrono::seconds(1));
    }
    rusage self{};
    ::getrusage(RUSAGE_SELF, &self);
    if (settings_.log_detail > 0) {
        log::info("Stopped - used {:.6f} user time, {:.6f} system time", seconds_of(self.ru_utime),
                  seconds_of(self.ru_stime));
    } else {
        log::info("Stopped");
    }
    loop_.stop();
}

std::vector<InstanceSnapshot> VrrpChild::snapshots() const {
    std::vector<InstanceSnapshot> out;
    const auto wall_now = std::chrono::system_clock::now();
    const auto mono_now = vrrp::Clock::now();
    for (InstanceId id = 0; id < engine_.instances.size(); ++id) {
        const vrrp::Instance& inst = router_->instance(id);
        const vrrp::InstanceConfig& c = engine_.instances[id];
        const InstanceExtras& x = engine_.extras[id];
        InstanceSnapshot s;
        s.name = c.name;
        s.state = state_number(inst.state());
        s.wantstate = state_number(inst.want_state());
        s.version = static_cast<unsigned>(c.version);
        s.vrid = c.vrid;
        s.base_priority = inst.base_priority();
        s.effective_priority = inst.effective_priority();
        s.master_priority = inst.master_priority();
        if (inst.last_transition() != vrrp::TimePoint{}) {
            const auto wall = wall_now - (mono_now - inst.last_transition());
            s.last_transition = std::chrono::duration<double>(wall.time_since_epoch()).count();
        }
        s.interface = c.interface;
        if (vmacs_ && vmacs_->base_of(c.interface)) {
            s.vmac_interface = c.interface;
        }
        s.adver_int_us = c.advert_interval.count();
        s.master_adver_int_us = inst.master_adver_interval().count();
        s.master_down_timer_us = inst.master_down_interval().count();
        s.accept = c.accept == vrrp::AcceptMode::accept;
        s.nopreempt = c.preempt == vrrp::PreemptMode::nopreempt;
        s.preempt_delay_us = c.preempt_delay.count();
        s.dont_track_primary = c.primary_tracking == vrrp::PrimaryTracking::dont_track;
        s.skip_check_adv_addr = x.skip_check_adv_addr;
        if (x.model != nullptr) {
            s.strict_mode = x.model->strict_mode_.value_or(model_->global_.vrrp_strict_);
            s.promote_secondaries = x.model->promote_secondaries_;
            const config::Notifies& n = x.model->notify_;
            for (auto [key, cmd] : {std::pair{"script_backup", &n.backup_}, {"script_master", &n.master_},
                                    {"script_fault", &n.fault_}, {"script_stop", &n.stop_},
                                    {"script", &n.generic_}, {"script_master_rx_lower_pri", &n.master_rx_lower_pri_}}) {
                if (cmd->has_value()) {
                    s.scripts.emplace_back(key, quoted_argv((*cmd)->argv_));
                }
            }
            s.notify_deleted = n.deleted_;
            s.smtp_alert = smtp_alert_enabled(x.model->smtp_alert_, model_->global_);
        }
        s.lower_prio_no_advert = c.lower_prio_no_advert == vrrp::Switch::on;
        s.higher_prio_send_advert = c.higher_prio_send_advert == vrrp::Switch::on;
        s.garp_delay_s = std::chrono::duration_cast<std::chrono::seconds>(c.garp.master_delay).count();
        s.garp_refresh_s = std::chrono::duration_cast<std::chrono::seconds>(c.garp.master_refresh).count();
        s.garp_rep = c.garp.master_repeat;
        s.garp_refresh_rep = c.garp.master_refresh_repeat;
        s.garp_lower_prio_delay_s = std::chrono::duration_cast<std::chrono::seconds>(c.garp.lower_prio_delay).count();
        s.garp_lower_prio_rep = c.garp.lower_prio_repeat;
        for (const auto& [list, target] : {std::pair{&c.vips, &s.vips}, {&c.evips, &s.evips}}) {
            for (const vrrp::VirtualAddress& v : *list) {
                auto opts = engine_.address_options.find(v.attributes);
                const bool set = inst.state() == vrrp::State::master;
                target->push_back(address_text(v, opts != engine_.address_options.end() ? opts->second : AddressOptions{}) +
                                  (set ? " set" : ""));
            }
        }
        for (const vrrp::VirtualRoute& r : c.routes) {
            s.vroutes.push_back(r.spec);
        }
        for (const vrrp::VirtualRule& r : c.rules) {
            s.vrules.push_back(r.spec);
        }
        for (const vrrp::TrackRef& t : c.trackers) {
            if (t.kind == vrrp::TrackerKind::interface) {
                s.track_ifp.push_back(fmt::format("{} weight {}", t.name, t.weight));
            } else if (t.kind == vrrp::TrackerKind::script) {
                s.track_script.push_back(fmt::format("{} weight {}", t.name, t.weight));
            }
        }
        if (c.auth_type == vrrp::AuthType::pass) {
            s.auth_type = "PASS";
        } else if (c.auth_type == vrrp::AuthType::ah) {
            s.auth_type = "AH";
        }
        if (c.auth_type != vrrp::AuthType::none) {
            s.auth_data = std::string(reinterpret_cast<const char*>(c.auth_data.data()),
                                      strnlen(reinterpret_cast<const char*>(c.auth_data.data()), c.auth_data.size()));
        }
        if (inst.master_address()) {
            s.master_address = inst.master_address()->to_string();
        }
        if (inst.source()) {
            s.source_address = inst.source()->to_string();
        }
        s.stats = runtime_[id].stats;
        s.stats.become_master = inst.stats().become_master;
        s.stats.release_master = inst.stats().release_master;
        out.push_back(std::move(s));
    }
    return out;
}

GlobalSnapshot VrrpChild::global_snapshot() const {
    GlobalSnapshot g;
    char host[256] = {};
    ::gethostname(host, sizeof(host) - 1);
    g.router_id = model_->global_.router_id_.value_or(host);
    g.net_namespace = model_->root_.net_namespace_.value_or("");
    g.instance = model_->root_.instance_.value_or("");
    for (const vrrp::SyncGroup& grp : router_->groups()) {
        std::string members;
        for (InstanceId m : grp.members()) {
            members += (members.empty() ? "" : ", ") + router_->instance(m).name();
        }
        g.sync_groups.push_back(fmt::format("{}, State = {}, members: {}", grp.name(), vrrp::to_string(grp.state()), members));
    }
    for (std::size_t i = 0; i < engine_.scripts.size(); ++i) {
        const TrackedScript& s = engine_.scripts[i];
        const ScriptStatus st = scripts_.status(i);
        g.scripts.push_back(fmt::format("{}, Command = {}, Interval = {} sec, Timeout = {} sec, Rise = {}, Fall = {}, Status = {}",
                                        s.name, quoted_argv(s.argv), s.interval.count(), s.timeout.count(), s.rise, s.fall,
                                        st == ScriptStatus::ok ? "GOOD" : st == ScriptStatus::failed ? "BAD" : "INIT"));
    }
    for (const auto& [index, itf] : catalog_.interfaces()) {
        g.interfaces.push_back(fmt::format("{}, index = {}, {}", itf.name, index, itf.up() ? "UP" : "DOWN"));
    }
    return g;
}

void VrrpChild::write_dump_files(int signo) noexcept {
    try {
        if (signo == SIGUSR1) {
            write_dump("keepalived.data", format_data(global_snapshot(), snapshots()));
        } else if (signo == SIGUSR2) {
            write_dump("keepalived.stats", format_stats(snapshots()));
        } else if (signo == SIGRTMAX - 1) {
            write_dump("keepalived.stats", format_stats(snapshots()));
            for (Runtime& r : runtime_) {
                r.stats = vrrp::Stats{};
            }
        } else if (signo == SIGRTMIN + 2) {
            write_dump("keepalived.json", format_json(snapshots()));
        }
    } catch (...) {
    }
}

int run_vrrp_child(ChildChannel& channel, const DaemonSettings& settings,
                   std::shared_ptr<const config::Config> config, const ModelLoader& reload) {
    VrrpChild child(channel, settings, reload);
    return child.run(std::move(config));
}

} // namespace vigil::daemon
