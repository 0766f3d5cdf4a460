#pragma once
// sd-bus (libsystemd, LGPL-2.1-or-later) loaded at run time. Debian ships libsystemd only as
// a shared object, and the daemon links its libraries statically: linking it would map
// libsystemd and its dependencies (liblzma, libzstd, liblz4, libgcrypt, libcap...) into
// every process whether or not D-Bus is enabled. Loading it with dlopen() only when a
// configuration sets `enable_dbus` keeps a D-Bus-less configuration's footprint unchanged.
//
// Only the sd-bus headers are used at build time (types, constants, the vtable layout);
// every function goes through this table.

#include <systemd/sd-bus.h>

#include <memory>
#include <string>

namespace vigil::dbus {

struct SdBusApi {
    decltype(&::sd_bus_open_system) open_system = nullptr;
    decltype(&::sd_bus_flush_close_unref) flush_close_unref = nullptr;
    decltype(&::sd_bus_get_fd) get_fd = nullptr;
    decltype(&::sd_bus_get_events) get_events = nullptr;
    decltype(&::sd_bus_get_timeout) get_timeout = nullptr;
    decltype(&::sd_bus_process) process = nullptr;
    decltype(&::sd_bus_request_name_async) request_name_async = nullptr;
    decltype(&::sd_bus_add_object_vtable) add_object_vtable = nullptr;
    decltype(&::sd_bus_slot_unref) slot_unref = nullptr;
    decltype(&::sd_bus_emit_signal) emit_signal = nullptr;
    decltype(&::sd_bus_emit_properties_changed) emit_properties_changed = nullptr;
    decltype(&::sd_bus_reply_method_return) reply_method_return = nullptr;
    decltype(&::sd_bus_message_append) message_append = nullptr;
    decltype(&::sd_bus_message_get_error) message_get_error = nullptr;
    decltype(&::sd_bus_message_read) message_read = nullptr;
    decltype(&::sd_bus_error_setf) error_setf = nullptr;
    decltype(&::sd_bus_get_unique_name) get_unique_name = nullptr;
    // sd_bus_object_vtable_format: the address every vtable's first entry must carry.
    const unsigned* vtable_format = nullptr;

    // Loads libsystemd.so.0 (once per process; later calls return the same table). nullptr
    // with `error` set when it cannot be loaded or lacks a symbol.
    static const SdBusApi* load(std::string& error);
};

} // namespace vigil::dbus
