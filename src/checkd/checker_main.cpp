#include "checkd/checker_main.hpp"

#include "checkd/checker_child.hpp"

namespace vigil::checkd {

bool needs_checker(const config::Config& config) noexcept {
    return config.lvs_ && config.lvs_->has_virtual_server_keyword_;
}

int run_checker_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                      std::shared_ptr<const config::Config> config, const ModelLoader& reload, int bfd_events) {
    CheckerChild child(channel, settings, reload, bfd_events);
    return child.run(std::move(config));
}

} // namespace vigil::checkd
