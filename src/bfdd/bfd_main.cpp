#include "bfdd/bfd_main.hpp"

#include "bfdd/bfd_child.hpp"

namespace vigil::bfdd {

int run_bfd_child(process::ChildChannel& channel, const process::DaemonSettings& settings,
                  std::shared_ptr<const config::Config> config, const ModelLoader& reload,
                  EventPipes pipes) {
    BfdChild child(channel, settings, reload, pipes);
    return child.run(std::move(config));
}

} // namespace vigil::bfdd
