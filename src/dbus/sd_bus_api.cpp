#include "dbus/sd_bus_api.hpp"

#include "util/symbol_binder.hpp"

namespace vigil::dbus {

const SdBusApi* SdBusApi::load(std::string& error) {
    static std::unique_ptr<SdBusApi> loaded;
    if (loaded) {
        return loaded.get();
    }
    // Kept loaded for the life of the process (util::SymbolBinder never closes): unloading a
    // library with live callbacks is never safe.
    util::SymbolBinder binder("libsystemd");
    void* handle = binder.open("libsystemd.so.0");
    if (handle == nullptr) {
        error = binder.why();
        return nullptr;
    }
    auto api = std::make_unique<SdBusApi>();
    if (!binder.bind(handle, "sd_bus_open_system", api->open_system) ||
        !binder.bind(handle, "sd_bus_flush_close_unref", api->flush_close_unref) ||
        !binder.bind(handle, "sd_bus_get_fd", api->get_fd) ||
        !binder.bind(handle, "sd_bus_get_events", api->get_events) ||
        !binder.bind(handle, "sd_bus_get_timeout", api->get_timeout) ||
        !binder.bind(handle, "sd_bus_process", api->process) ||
        !binder.bind(handle, "sd_bus_request_name_async", api->request_name_async) ||
        !binder.bind(handle, "sd_bus_add_object_vtable", api->add_object_vtable) ||
        !binder.bind(handle, "sd_bus_slot_unref", api->slot_unref) ||
        !binder.bind(handle, "sd_bus_emit_signal", api->emit_signal) ||
        !binder.bind(handle, "sd_bus_emit_properties_changed", api->emit_properties_changed) ||
        !binder.bind(handle, "sd_bus_reply_method_return", api->reply_method_return) ||
        !binder.bind(handle, "sd_bus_message_append", api->message_append) ||
        !binder.bind(handle, "sd_bus_message_get_error", api->message_get_error) ||
        !binder.bind(handle, "sd_bus_message_read", api->message_read) ||
        !binder.bind(handle, "sd_bus_error_setf", api->error_setf) ||
        !binder.bind(handle, "sd_bus_get_unique_name", api->get_unique_name) ||
        !binder.bind(handle, "sd_bus_object_vtable_format", api->vtable_format)) {
        error = binder.why();
        return nullptr;
    }
    loaded = std::move(api);
    return loaded.get();
}

} // namespace vigil::dbus
