#include "dbus/vrrp_bus.hpp"

#include "util/log.hpp"

#include <poll.h>

#include <cerrno>
#include <cstring>

namespace vigil::dbus {
namespace {

constexpr const char* instance_path_error = "org.freedesktop.DBus.Error.InvalidArgs";

sd_bus_vtable blank(std::uint8_t type, std::uint64_t flags) {
    sd_bus_vtable v;
    std::memset(&v, 0, sizeof(v)); // sd-bus-vtable.h: unused union bytes must be zero
    v.type = type;
    v.flags = flags;
    return v;
}

sd_bus_vtable vtable_start(const unsigned* format) {
    sd_bus_vtable v = blank(_SD_BUS_VTABLE_START, 0);
    v.x.start.element_size = sizeof(sd_bus_vtable);
    v.x.start.features = _SD_BUS_VTABLE_PARAM_NAMES;
    v.x.start.vtable_format_reference = format;
    return v;
}

// Methods carry no privilege check in sd-bus: the bus policy decides (see the header).
sd_bus_vtable vtable_method(const char* member, sd_bus_message_handler_t handler) {
    sd_bus_vtable v = blank(_SD_BUS_VTABLE_METHOD, SD_BUS_VTABLE_UNPRIVILEGED);
    v.x.method.member = member;
    v.x.method.signature = "";
    v.x.method.result = "";
    v.x.method.handler = handler;
    v.x.method.names = "";
    return v;
}

// `names`: the argument names, each NUL-terminated (SD_BUS_PARAM).
sd_bus_vtable vtable_signal(const char* member, const char* signature, const char* names) {
    sd_bus_vtable v = blank(_SD_BUS_VTABLE_SIGNAL, 0);
    v.x.signal.member = member;
    v.x.signal.signature = signature;
    v.x.signal.names = names;
    return v;
}

sd_bus_vtable vtable_property(const char* member, const char* signature, sd_bus_property_get_t get) {
    sd_bus_vtable v = blank(_SD_BUS_VTABLE_PROPERTY, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE);
    v.x.property.member = member;
    v.x.property.signature = signature;
    v.x.property.get = get;
    return v;
}

sd_bus_vtable vtable_end() { return blank(_SD_BUS_VTABLE_END, 0); }

} // namespace

VrrpBus::VrrpBus(const SdBusApi& api, Options options, VrrpBusHandler& handler, FdChange on_fd_change)
    : api_(api), options_(std::move(options)), handler_(handler), on_fd_change_(std::move(on_fd_change)) {
    vrrp_vtable_ = {
        vtable_start(api_.vtable_format),
        vtable_method("PrintData", &on_print_data),
        vtable_method("PrintStats", &on_print_stats),
        vtable_method("PrintStatsClear", &on_print_stats_clear),
        vtable_method("ReloadConfig", &on_reload_config),
        vtable_signal("VrrpStarted", "", ""),
        vtable_signal("VrrpReloaded", "", ""),
        vtable_signal("VrrpStopped", "", ""),
        vtable_end(),
    };
    instance_vtable_ = {
        vtable_start(api_.vtable_format),
        vtable_method("SendGarp", &on_send_garp),
        vtable_signal("VrrpStatusChange", "u", "status\0"),
        vtable_property("Name", "(s)", &get_name),
        vtable_property("State", "(us)", &get_state),
        vtable_end(),
    };
}

VrrpBus::~VrrpBus() { close(); }

bool VrrpBus::start(const std::vector<InstanceObject>& instances) {
    int r = api_.open_system(&bus_);
    if (r < 0) {
        bus_ = nullptr;
        log::info("Unable to connect to the DBus system bus ({}) - disabling DBus", std::strerror(-r));
        return false;
    }
    const std::string vrrp_path = vrrp_object_path(options_.scope);
    r = api_.add_object_vtable(bus_, &vrrp_slot_, vrrp_path.c_str(), std::string(vrrp_interface).c_str(),
                               vrrp_vtable_.data(), this);
    if (r < 0) {
        log::info("Registering VRRP object on {} failed: {}", vrrp_path, std::strerror(-r));
    }
    log::info("Acquired DBus bus {}", options_.service_name);
    add_instance_objects(instances);
    if (!instances.empty()) {
        api_.emit_signal(bus_, vrrp_path.c_str(), std::string(vrrp_interface).c_str(), "VrrpStarted", nullptr);
        for (std::size_t i = 0; i < instances.size(); ++i) {
            state_changed(i, handler_.instance_state(i));
        }
    }
    // After the start-up signals, as keepalived (its signals precede the name).
    r = api_.request_name_async(bus_, &name_slot_, options_.service_name.c_str(), 0, &on_name_reply, this);
    if (r < 0) {
        log::info("Lost the name {} on the session bus", options_.service_name);
    }
    if (on_fd_change_) {
        on_fd_change_(-1, fd());
    }
    process();
    return bus_ != nullptr;
}

void VrrpBus::add_instance_objects(const std::vector<InstanceObject>& instances) {
    for (auto& [path, object] : objects_) {
        object->instance.reset();
    }
    instances_ = instances;
    by_instance_.assign(instances.size(), nullptr);
    for (std::size_t i = 0; i < instances.size(); ++i) {
        const InstanceObject& in = instances[i];
        const std::string path = instance_object_path(options_.scope, in.interface, in.vrid, in.family);
        auto& slot = objects_[path];
        if (!slot) {
            slot = std::make_unique<Object>();
            slot->owner = this;
            slot->path = path;
            const int r = api_.add_object_vtable(bus_, &slot->slot, path.c_str(),
                                                 std::string(instance_interface).c_str(),
                                                 instance_vtable_.data(), slot.get());
            if (r < 0) {
                log::info("Registering DBus object on {} failed: {}", path, std::strerror(-r));
            }
        }
        slot->instance = i;
        by_instance_[i] = slot.get();
    }
}

void VrrpBus::reload(const std::vector<InstanceObject>& instances) {
    if (bus_ == nullptr) {
        return;
    }
    add_instance_objects(instances);
    api_.emit_signal(bus_, vrrp_object_path(options_.scope).c_str(), std::string(vrrp_interface).c_str(),
                     "VrrpReloaded", nullptr);
    process();
}

VrrpBus::Object* VrrpBus::object_for(std::size_t instance) noexcept {
    return instance < by_instance_.size() ? by_instance_[instance] : nullptr;
}

void VrrpBus::state_changed(std::size_t instance, unsigned state) {
    Object* o = object_for(instance);
    if (bus_ == nullptr || o == nullptr) {
        return;
    }
    const std::string iface(instance_interface);
    api_.emit_signal(bus_, o->path.c_str(), iface.c_str(), "VrrpStatusChange", "u", state);
    api_.emit_properties_changed(bus_, o->path.c_str(), iface.c_str(), "State", nullptr);
}

void VrrpBus::stop() {
    if (bus_ == nullptr) {
        return;
    }
    api_.emit_signal(bus_, vrrp_object_path(options_.scope).c_str(), std::string(vrrp_interface).c_str(),
                     "VrrpStopped", nullptr);
    close();
    log::info("Released DBus");
}

void VrrpBus::close() {
    if (bus_ == nullptr) {
        return;
    }
    if (on_fd_change_) {
        on_fd_change_(fd(), -1); // while the fd is still open
    }
    for (auto& [path, object] : objects_) {
        object->slot = api_.slot_unref(object->slot);
    }
    objects_.clear();
    by_instance_.clear();
    vrrp_slot_ = api_.slot_unref(vrrp_slot_);
    name_slot_ = api_.slot_unref(name_slot_);
    // Flushes what is queued (VrrpStopped) on the local socket, then closes.
    bus_ = api_.flush_close_unref(bus_);
}

int VrrpBus::fd() const noexcept { return bus_ != nullptr ? api_.get_fd(bus_) : -1; }

bool VrrpBus::wants_write() const noexcept {
    return bus_ != nullptr && (api_.get_events(bus_) & POLLOUT) != 0;
}

VrrpBus::TimePoint VrrpBus::deadline() const noexcept {
    std::uint64_t usec = UINT64_MAX;
    if (bus_ == nullptr || api_.get_timeout(bus_, &usec) < 0 || usec == UINT64_MAX) {
        return TimePoint::max();
    }
    // sd-bus times are CLOCK_MONOTONIC, steady_clock's clock.
    return TimePoint(std::chrono::microseconds(usec));
}

void VrrpBus::on_io() { process(); }

void VrrpBus::process() {
    // A bounded number of messages per wake-up, so that a busy bus cannot starve the VRRP
    // timers; sd-bus keeps the rest queued and reports the fd ready again.
    for (int round = 0; bus_ != nullptr && round < 64; ++round) {
        const int r = api_.process(bus_, nullptr);
        if (r == 0) {
            return;
        }
        if (r < 0) {
            log::info("Lost the name {} on the session bus ({})", options_.service_name, std::strerror(-r));
            close();
            return;
        }
    }
}

int VrrpBus::on_print_data(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* self = static_cast<VrrpBus*>(userdata);
    log::info("Printing VRRP data on DBus request");
    self->handler_.print_data();
    return self->api_.reply_method_return(m, "");
}

int VrrpBus::on_print_stats(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* self = static_cast<VrrpBus*>(userdata);
    log::info("Printing VRRP stats on DBus request");
    self->handler_.print_stats();
    return self->api_.reply_method_return(m, "");
}

int VrrpBus::on_print_stats_clear(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* self = static_cast<VrrpBus*>(userdata);
    log::info("Printing and clearing VRRP stats on DBus request");
    self->handler_.print_stats_clear();
    return self->api_.reply_method_return(m, "");
}

// keepalived replies first, then signals the parent to reload.
int VrrpBus::on_reload_config(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* self = static_cast<VrrpBus*>(userdata);
    const int r = self->api_.reply_method_return(m, "");
    self->handler_.reload_config();
    return r;
}

namespace {

// "Instance 'IF/VRID/FAMILY' not found", keepalived's error text, from the object path.
std::string instance_id(const std::string& path) {
    const std::size_t marker = path.find("/Instance/");
    return marker == std::string::npos ? path : path.substr(marker + 10);
}

} // namespace

int VrrpBus::instance_not_found(const Object& object, sd_bus_error* error) const {
    return api_.error_setf(error, instance_path_error, "Instance '%s' not found",
                           instance_id(object.path).c_str());
}

int VrrpBus::on_send_garp(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    auto* object = static_cast<Object*>(userdata);
    VrrpBus* self = object->owner;
    if (!object->instance) {
        return self->instance_not_found(*object, error);
    }
    log::info("Sending garps on {} on DBus request", self->instances_[*object->instance].name);
    self->handler_.send_garp(*object->instance);
    return self->api_.reply_method_return(m, "");
}

int VrrpBus::get_name(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply,
                      void* userdata, sd_bus_error* error) {
    auto* object = static_cast<Object*>(userdata);
    VrrpBus* self = object->owner;
    if (!object->instance) {
        return self->instance_not_found(*object, error);
    }
    return self->api_.message_append(reply, "(s)", self->instances_[*object->instance].name.c_str());
}

int VrrpBus::get_state(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply,
                       void* userdata, sd_bus_error* error) {
    auto* object = static_cast<Object*>(userdata);
    VrrpBus* self = object->owner;
    if (!object->instance) {
        return self->instance_not_found(*object, error);
    }
    const unsigned state = self->handler_.instance_state(*object->instance);
    const std::string text(state_text(state));
    return self->api_.message_append(reply, "(us)", state, text.c_str());
}

int VrrpBus::on_name_reply(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* self = static_cast<VrrpBus*>(userdata);
    const sd_bus_error* e = self->api_.message_get_error(m);
    std::uint32_t result = 0;
    // RequestName: 1 primary owner, 4 already the owner; 2 queued and 3 exists are failures
    // here (the name is requested without queueing).
    if ((e != nullptr && e->name != nullptr) || self->api_.message_read(m, "u", &result) < 0 ||
        (result != 1 && result != 4)) {
        log::info("Lost the name {} on the session bus", self->options_.service_name);
        return 0;
    }
    log::info("Acquired the name {} on the session bus", self->options_.service_name);
    return 0;
}

} // namespace vigil::dbus
