// Engine: changes an operator makes at run time through SNMP (keepalived 2.2.7's
// check_snmp_realserver_weight).
#include "check/engine.hpp"
#include "check/pool.hpp"

namespace vigil::check {

void Engine::set_real_server_weight(std::size_t virtual_server, std::size_t real_server, std::uint32_t weight,
                                   Actions& out) {
    if (virtual_server >= topology_.virtual_servers.size()) {
        return;
    }
    VirtualServerState& vs = topology_.virtual_servers[virtual_server];
    if (real_server >= vs.servers.size()) {
        return;
    }
    Pool pool(topology_, settings_, out);
    pool.update_weight(vs, vs.servers[real_server], weight, true);
}

} // namespace vigil::check
