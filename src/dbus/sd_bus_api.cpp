#include "dbus/sd_bus_api.hpp"

#include <dlfcn.h>

namespace vigil::dbus {
namespace {

template <class F>
bool resolve(void* handle, const char* name, F& out, std::string& error) {
    void* symbol = ::dlsym(handle, name);
    if (symbol == nullptr) {
        error = std::string("libsystemd.so.0 lacks ") + name;
        return false;
    }
    out = reinterpret_cast<F>(symbol);
    return true;
}

} // namespace

const SdBusApi* SdBusApi::load(std::string& error) {
    static std::unique_ptr<SdBusApi> loaded;
    if (loaded) {
        return loaded.get();
    }
    // Kept loaded for the life of the process: sd-bus keeps no state across connections that
    // would matter, and unloading a library with live callbacks is never safe.
    void* handle = ::dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        error = why != nullptr ? why : "cannot load libsystemd.so.0";
        return nullptr;
    }
    auto api = std::make_unique<SdBusApi>();
    if (!resolve(handle, "sd_bus_open_system", api->open_system, error) ||
        !resolve(handle, "sd_bus_flush_close_unref", api->flush_close_unref, error) ||
        !resolve(handle, "sd_bus_get_fd", api->get_fd, error) ||
        !resolve(handle, "sd_bus_get_events", api->get_events, error) ||
        !resolve(handle, "sd_bus_get_timeout", api->get_timeout, error) ||
        !resolve(handle, "sd_bus_process", api->process, error) ||
        !resolve(handle, "sd_bus_request_name_async", api->request_name_async, error) ||
        !resolve(handle, "sd_bus_add_object_vtable", api->add_object_vtable, error) ||
        !resolve(handle, "sd_bus_slot_unref", api->slot_unref, error) ||
        !resolve(handle, "sd_bus_emit_signal", api->emit_signal, error) ||
        !resolve(handle, "sd_bus_emit_properties_changed", api->emit_properties_changed, error) ||
        !resolve(handle, "sd_bus_reply_method_return", api->reply_method_return, error) ||
        !resolve(handle, "sd_bus_message_append", api->message_append, error) ||
        !resolve(handle, "sd_bus_message_get_error", api->message_get_error, error) ||
        !resolve(handle, "sd_bus_message_read", api->message_read, error) ||
        !resolve(handle, "sd_bus_error_setf", api->error_setf, error) ||
        !resolve(handle, "sd_bus_get_unique_name", api->get_unique_name, error) ||
        !resolve(handle, "sd_bus_object_vtable_format", api->vtable_format, error)) {
        ::dlclose(handle);
        return nullptr;
    }
    loaded = std::move(api);
    return loaded.get();
}

} // namespace vigil::dbus
