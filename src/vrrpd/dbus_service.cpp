#include "vrrpd/dbus_service.hpp"

#include "util/log.hpp"

namespace vigil::vrrpd {

std::unique_ptr<DbusService> DbusService::start(runtime::EventLoop& loop, dbus::VrrpBus::Options options,
                                                dbus::VrrpBusHandler& handler,
                                                const std::vector<dbus::InstanceObject>& instances) {
    std::string error;
    const dbus::SdBusApi* api = dbus::SdBusApi::load(error);
    if (api == nullptr) {
        log::info("Unable to load libsystemd for DBus ({}) - disabling DBus", error);
        return nullptr;
    }
    std::unique_ptr<DbusService> service(new DbusService(loop, *api, std::move(options), handler));
    if (!service->bus_.start(instances)) {
        return nullptr;
    }
    service->rearm();
    return service;
}

DbusService::DbusService(runtime::EventLoop& loop, const dbus::SdBusApi& api, dbus::VrrpBus::Options options,
                         dbus::VrrpBusHandler& handler)
    : loop_(loop), timer_(loop_.create_timer([this] { on_io(); })),
      bus_(api, std::move(options), handler, [this](int old_fd, int new_fd) { on_fd_change(old_fd, new_fd); }) {}

DbusService::~DbusService() {
    stop();
    loop_.destroy_timer(timer_);
}

void DbusService::on_fd_change(int old_fd, int new_fd) noexcept {
    if (old_fd >= 0 && old_fd == watched_fd_) {
        loop_.remove_reader(old_fd);
        watched_fd_ = -1;
    }
    if (new_fd >= 0 && !loop_.add_reader(new_fd, [this](std::uint32_t) { on_io(); })) {
        watched_fd_ = new_fd;
    }
}

void DbusService::on_io() noexcept {
    try {
        bus_.on_io();
    } catch (...) {
    }
    rearm();
}

void DbusService::rearm() noexcept {
    if (watched_fd_ >= 0) {
        [[maybe_unused]] auto ec = loop_.set_interest(
            watched_fd_, bus_.wants_write() ? runtime::EventLoop::Interest::read_write : runtime::EventLoop::Interest::read);
    }
    const auto deadline = bus_.deadline();
    if (deadline == dbus::VrrpBus::TimePoint::max() || !bus_.connected()) {
        loop_.disarm(timer_);
    } else {
        loop_.arm(timer_, deadline);
    }
}

void DbusService::state_changed(std::size_t instance, unsigned state) noexcept {
    try {
        bus_.state_changed(instance, state);
    } catch (...) {
    }
    rearm();
}

void DbusService::reload(const std::vector<dbus::InstanceObject>& instances) noexcept {
    try {
        bus_.reload(instances);
    } catch (...) {
    }
    rearm();
}

void DbusService::stop() noexcept {
    try {
        bus_.stop();
    } catch (...) {
    }
    loop_.disarm(timer_);
}

} // namespace vigil::vrrpd
