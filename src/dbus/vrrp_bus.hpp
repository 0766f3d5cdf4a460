#pragma once
// keepalived 2.2.7's D-Bus service (reference section 2): org.keepalived.Vrrp1 on the system
// bus ($DBUS_SYSTEM_BUS_ADDRESS honoured), through sd-bus on the daemon's own event loop (no
// thread; keepalived runs GDBus in a second thread and blocks it on pipes).
//
//   /org/keepalived/Vrrp1/Vrrp, org.keepalived.Vrrp1.Vrrp:
//     methods PrintData, PrintStats, PrintStatsClear, ReloadConfig (replied to first)
//     signals VrrpStarted, VrrpReloaded, VrrpStopped
//   /org/keepalived/Vrrp1/Instance/IF/VRID/FAMILY, org.keepalived.Vrrp1.Instance:
//     method SendGarp; signal VrrpStatusChange(u); properties Name (s) and State (us)
//
// Kept from keepalived on purpose: Name is a one-string struct on the wire ("(s)"; 2.2.7's
// XML says "s", 2.2.8 fixed the XML); VrrpStarted and the first VrrpStatusChange of each
// instance go out before the name is requested, so a match on sender='org.keepalived.Vrrp1'
// does not see them; objects of instances removed by a reload stay until shutdown (their
// properties then fail with "Instance ... not found").
// Different: State emits PropertiesChanged (keepalived's introspection promises it and never
// sends it); methods carry no privilege check of their own, the bus policy decides (as
// keepalived): etc/dbus/org.keepalived.Vrrp1.conf allows only root to call them.
//
// Loop-agnostic like snmp::AgentxClient: watch fd() for reading (and writing while
// wants_write()), call on_io() when ready and on_timer() at deadline().

#include "dbus/object_paths.hpp"
#include "dbus/sd_bus_api.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::dbus {

struct InstanceObject {
    std::string name;
    std::string interface; // the configured interface; "none" without one
    unsigned vrid = 0;
    AddressFamily family = AddressFamily::ipv4;
};

// What the methods and properties act on: the VRRP process. Indexes refer to the list last
// given to start() or reload().
class VrrpBusHandler {
public:
    virtual ~VrrpBusHandler() = default;
    virtual void print_data() = 0;
    virtual void print_stats() = 0;
    virtual void print_stats_clear() = 0;
    virtual void reload_config() = 0;
    virtual void send_garp(std::size_t instance) = 0;
    virtual unsigned instance_state(std::size_t instance) = 0;
};

class VrrpBus {
public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;
    using FdChange = std::function<void(int old_fd, int new_fd)>;

    struct Options {
        std::string service_name{default_service_name};
        PathScope scope;
    };

    VrrpBus(const SdBusApi& api, Options options, VrrpBusHandler& handler, FdChange on_fd_change);
    ~VrrpBus();
    VrrpBus(const VrrpBus&) = delete;
    VrrpBus& operator=(const VrrpBus&) = delete;

    // Connects, registers the objects, emits VrrpStarted (when there are instances) and each
    // instance's current state, then requests the name. False (logged) when the bus cannot
    // be reached: D-Bus is then off for this run, as in keepalived.
    bool start(const std::vector<InstanceObject>& instances);
    // After a reload: objects for new paths, paths re-pointed at the new instances,
    // VrrpReloaded.
    void reload(const std::vector<InstanceObject>& instances);
    // VrrpStatusChange(state) on the instance's object (keepalived's state numbers).
    void state_changed(std::size_t instance, unsigned state);
    // VrrpStopped, then the connection is flushed and closed ("Released DBus").
    void stop();

    bool connected() const noexcept { return bus_ != nullptr; }
    int fd() const noexcept;
    bool wants_write() const noexcept;
    TimePoint deadline() const noexcept;
    void on_io();
    void on_timer() { on_io(); }

private:
    struct Object {
        VrrpBus* owner = nullptr;
        std::string path;
        std::optional<std::size_t> instance; // nullopt: removed by a reload
        sd_bus_slot* slot = nullptr;
    };

    void add_instance_objects(const std::vector<InstanceObject>& instances);
    void process();
    void close();
    Object* object_for(std::size_t instance) noexcept;
    // keepalived's error for an object whose instance a reload removed.
    int instance_not_found(const Object& object, sd_bus_error* error) const;

    static int on_print_data(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int on_print_stats(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int on_print_stats_clear(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int on_reload_config(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int on_send_garp(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int get_name(sd_bus* bus, const char* path, const char* interface, const char* property,
                        sd_bus_message* reply, void* userdata, sd_bus_error* error);
    static int get_state(sd_bus* bus, const char* path, const char* interface, const char* property,
                         sd_bus_message* reply, void* userdata, sd_bus_error* error);
    static int on_name_reply(sd_bus_message* m, void* userdata, sd_bus_error* error);

    const SdBusApi& api_;
    Options options_;
    VrrpBusHandler& handler_;
    FdChange on_fd_change_;
    sd_bus* bus_ = nullptr;
    sd_bus_slot* vrrp_slot_ = nullptr;
    sd_bus_slot* name_slot_ = nullptr;
    std::vector<sd_bus_vtable> vrrp_vtable_;
    std::vector<sd_bus_vtable> instance_vtable_;
    std::map<std::string, std::unique_ptr<Object>> objects_; // by path
    std::vector<InstanceObject> instances_;
    std::vector<Object*> by_instance_;
};

} // namespace vigil::dbus
