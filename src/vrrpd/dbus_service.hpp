#pragma once
// The VRRP child's D-Bus service (keepalived's enable_dbus): a dbus::VrrpBus on the child's
// event loop. libsystemd is loaded only here, when a configuration enables D-Bus
// (dbus/sd_bus_api.hpp): a configuration without enable_dbus maps nothing for it.
//
// Contract: never throws after construction; a bus that cannot be reached turns D-Bus off for
// the run (logged), as in keepalived.

#include "dbus/vrrp_bus.hpp"
#include "runtime/event_loop.hpp"

#include <memory>
#include <vector>

namespace vigil::vrrpd {

class DbusService {
public:
    // nullptr (logged) when libsystemd cannot be loaded or the bus cannot be reached.
    static std::unique_ptr<DbusService> start(runtime::EventLoop& loop, dbus::VrrpBus::Options options,
                                              dbus::VrrpBusHandler& handler,
                                              const std::vector<dbus::InstanceObject>& instances);
    ~DbusService();
    DbusService(const DbusService&) = delete;
    DbusService& operator=(const DbusService&) = delete;

    void state_changed(std::size_t instance, unsigned state) noexcept;
    void reload(const std::vector<dbus::InstanceObject>& instances) noexcept;
    // VrrpStopped, "Released DBus".
    void stop() noexcept;

private:
    DbusService(runtime::EventLoop& loop, const dbus::SdBusApi& api, dbus::VrrpBus::Options options,
                dbus::VrrpBusHandler& handler);
    void on_fd_change(int old_fd, int new_fd) noexcept;
    void on_io() noexcept;
    // After anything that may queue output or change sd-bus's timeout.
    void rearm() noexcept;

    runtime::EventLoop& loop_;
    runtime::TimerId timer_;
    int watched_fd_ = -1;
    dbus::VrrpBus bus_;
};

} // namespace vigil::vrrpd
