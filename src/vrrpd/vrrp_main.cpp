#include "vrrpd/vrrp_main.hpp"

#include "vrrpd/vrrp_child.hpp"

namespace vigil::vrrpd {

int run_vrrp_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                   std::shared_ptr<const config::Config> config, const ModelLoader& reload,
                   const PreviewLoader& preview, int bfd_events) {
    VrrpChild child(channel, settings, reload, preview);
    child.listen_bfd_events(bfd_events);
    return child.run(std::move(config));
}

} // namespace vigil::vrrpd
