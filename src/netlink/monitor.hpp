#pragma once
// Kernel notifications about links and addresses (and routes/rules when asked), read when
// the event loop reports the monitor's fd readable. A small interface so the daemon can be
// tested with a fake; the real one is NetlinkMonitor.

#include "netlink/events.hpp"

#include <functional>
#include <system_error>

namespace vigil::netlink {

using EventSink = std::function<void(const NetlinkEvent& event)>;

class Monitor {
public:
    virtual ~Monitor() = default;
    // Readable when events are pending (non-blocking).
    virtual int fd() const noexcept = 0;
    // Reads what is pending and calls `sink` once per event, in kernel order. Never throws
    // and never blocks. Buffer overruns are reported as a MonitorOverrun event, not an error.
    virtual std::error_code read_events(const EventSink& sink) noexcept = 0;

protected:
    Monitor() = default;
    Monitor(const Monitor&) = default;
    Monitor& operator=(const Monitor&) = default;
};

} // namespace vigil::netlink
