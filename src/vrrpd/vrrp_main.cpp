#include "vrrpd/vrrp_main.hpp"

#include "vrrpd/vrrp_child.hpp"

namespace vigil::vrrpd {

int run_vrrp_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                   std::shared_ptr<const config::Config> config, const ModelLoader& reload,
                   const PreviewLoader& preview) {
    VrrpChild child(channel, settings, reload, preview);
    return child.run(std::move(config));
}

} // namespace vigil::vrrpd
