#pragma once
// What an SNMP Set may change: keepalived 2.2.7's writable objects (vrrp_snmp.c,
// check_snmp.c), implemented by the child that hosts the agent. The MIB builders validate
// the value in TestSet (type, range, row); these are called once the master has committed,
// with values already in range, and must not fail.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace vigil::snmp {

class VrrpControl {
public:
    virtual ~VrrpControl() = default;
    // vrrpInstanceBasePriority of the instance named `instance` (1..254).
    virtual void set_base_priority(const std::string& instance, std::uint8_t priority) = 0;
    // vrrpInstancePreempt: true(1) enables preemption, false(2) disables it.
    virtual void set_preempt(const std::string& instance, bool preempt) = 0;
};

class CheckControl {
public:
    virtual ~CheckControl() = default;
    // realServerWeight of the real server at 0-based `real_server` (sorry server excluded)
    // of the virtual server at 0-based `virtual_server` (0..255).
    virtual void set_real_server_weight(std::size_t virtual_server, std::size_t real_server,
                                        std::uint32_t weight) = 0;
};

// A CheckControl over a callback (the checker child's engine call).
class CheckControlFunction final : public CheckControl {
public:
    using Function = std::function<void(std::size_t, std::size_t, std::uint32_t)>;
    explicit CheckControlFunction(Function function) : function_(std::move(function)) {}
    void set_real_server_weight(std::size_t virtual_server, std::size_t real_server,
                                std::uint32_t weight) override {
        function_(virtual_server, real_server, weight);
    }

private:
    Function function_;
};

} // namespace vigil::snmp
