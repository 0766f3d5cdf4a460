// The VRRP child's life: start-up (privileged resources first, then the capabilities go),
// the event loop with its burst hold, the engine timer, carrying out the engine's actions,
// and shutdown.
#include "vrrpd/vrrp_child.hpp"

#include "process/code_pages.hpp"
#include "process/privileges.hpp"
#include "process/process_scheduling.hpp"
#include "process/stop_report.hpp"
#include "util/log.hpp"

#include <malloc.h>
#include <signal.h>

namespace vigil::vrrpd {

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
    start_monitoring(); // D-Bus before the instances start, as keepalived
    attach_endpoints();
    start_control(); // binds and chowns its socket: before the capabilities go
    // Before the capabilities it may need go (mlockall: CAP_IPC_LOCK).
    scheduling_.apply(model_->global_);
    ensure_descriptors(*model_); // the hard limit may need CAP_SYS_RESOURCE
    process::shed_privileges();

    const vrrp::TimePoint now = vrrp::Clock::now();
    report_sources(now);
    vrrp::Actions actions;
    for (const auto& [index, itf] : catalog_.interfaces()) {
        router_->on_link(itf.name, itf.up() ? vrrp::LinkState::up : vrrp::LinkState::down, now, actions);
    }
    for (const vrrp::Instance& instance : router_->instances()) {
        const vrrp::InstanceConfig& c = instance.config();
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
    if (bfd_events_ >= 0) {
        [[maybe_unused]] auto bfd_ec = loop_.add_reader(bfd_events_, [this](std::uint32_t) { on_bfd_events(); });
    }
    rearm();
    channel_.config_read();
    ::malloc_trim(0); // start-up leftovers (the parent's parse, netlink dumps) back to the system
    process::release_code_pages(); // and the start-up's code out of the resident set

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
                // Its code stays resident: the next failover runs it again, and must not wait
                // for page faults (let alone a disk read, were the page cache to drop it).
            }
        } else {
            const vrrp::TimePoint due = router_->next_deadline();
            if (loop_.run_once(std::chrono::milliseconds(-1))) {
                break;
            }
            scheduling_.after_wait(due, loop_.woke_at());
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
    on(SIGXCPU, [this] { scheduling_.on_sigxcpu(); }); // RLIMIT_RTTIME's soft limit
    for (int signo : {SIGUSR1, SIGUSR2, SIGRTMIN + 2, SIGRTMAX - 1}) {
        on(signo, [this, signo] { write_dump_files(signo); });
    }
    engine_timer_ = loop_.create_timer([this] { on_engine_timer(); });
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
            record_transition(*a);
            status_dirty_ = true;
        }
    }
    actions.clear();
    update_status();
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
    stop_monitoring(); // after the STOP traps and signals
    loop_.disarm(engine_timer_);
    if (!stop_scripts_.empty()) {
        notify_.wait_for(stop_scripts_, std::chrono::seconds(1));
    }
    process::log_child_stopped(settings_.log_detail);
    loop_.stop();
}

} // namespace vigil::vrrpd
