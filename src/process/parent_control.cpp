#include "process/parent_control.hpp"

#include "control/client.hpp"
#include "control/schema.hpp"
#include "util/log.hpp"

#include <fstream>

namespace vigil::process {

std::string vrrp_socket_path(const std::string& path) {
    return path + ".vrrp";
}

std::string check_socket_path(const std::string& path) {
    return path + ".check";
}

std::optional<gid_t> vigil_group() {
    std::ifstream in("/etc/group");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("vigil:", 0) == 0) {
            const std::size_t a = line.find(':', 6);
            const std::size_t b = a == std::string::npos ? a : line.find(':', a + 1);
            if (b != std::string::npos) {
                try {
                    return static_cast<gid_t>(std::stoul(line.substr(a + 1, b - a - 1)));
                } catch (...) {
                    return std::nullopt;
                }
            }
        }
    }
    return std::nullopt;
}

ParentControl::ParentControl(const std::string& path, Snapshot snapshot)
    : snapshot_(std::move(snapshot)),
      server_(loop_, [this](control::ClientId client, const control::Peer& peer, const control::Request& request) {
          return on_request(client, peer, request);
      }),
      relay_(loop_, server_, vrrp_socket_path(path), "the VRRP process"),
      check_relay_(loop_, server_, check_socket_path(path), "the checker process") {}

ParentControl::~ParentControl() = default;

std::unique_ptr<ParentControl> ParentControl::start(const std::string& path, Snapshot snapshot) {
    if (path.empty()) {
        return nullptr;
    }
    try {
        std::string error;
        if (control::Client::connect(path, error)) {
            log::warning("Control socket {} is in use by another process - not serving it", path);
            return nullptr;
        }
        std::unique_ptr<ParentControl> control(new ParentControl(path, std::move(snapshot)));
        std::string what;
        if (const std::error_code ec = control->server_.listen({path, 0660, vigil_group()}, what)) {
            log::error("Control socket {}: {} failed - {}", path, what, ec.message());
            return nullptr;
        }
        return control;
    } catch (const std::exception& e) {
        log::error("Control socket {}: {}", path, e.what());
        return nullptr;
    }
}

void ParentControl::dispatch() noexcept {
    (void)loop_.run_once(std::chrono::milliseconds(0));
}

void ParentControl::abandon_in_child() noexcept {
    server_.abandon();
    relay_.abandon();
    check_relay_.abandon();
}

// The server has checked the caller's access (SO_PEERCRED) already: the VRRP process sees
// the parent as its caller.
control::Outcome ParentControl::on_request(control::ClientId client, const control::Peer&,
                                           const control::Request& request) noexcept {
    using control::ErrorCode;
    try {
        if (request.method == control::Method::processes) {
            control::ProcessesView p = snapshot_();
            p.control_clients = server_.clients();
            p.control_refused = server_.refused();
            p.relayed = relay_.pending() + check_relay_.pending();
            return {control::reply_result(request.id, control::to_json(p))};
        }
        const bool checker = request.process == control::Process::checker;
        const std::string_view child = checker ? "checker" : "vrrp";
        const char* who = checker ? "the checker process" : "the VRRP process";
        bool wanted = false;
        for (const control::ChildProcessView& c : snapshot_().children) {
            wanted = wanted || (c.name == child && c.wanted);
        }
        if (!wanted) {
            return {control::reply_error(request.id, ErrorCode::absent,
                                         std::string(who) + " does not run (" +
                                             (checker ? "no virtual_server in the configuration, or -P"
                                                      : "no vrrp_instance in the configuration, or -C") +
                                             ")")};
        }
        std::string error;
        if (!(checker ? check_relay_ : relay_).forward(client, request, error)) {
            return {control::reply_error(request.id, ErrorCode::busy,
                                         std::string(who) + " is not serving requests (restarting?): " + error)};
        }
        return {std::nullopt, request.method == control::Method::events && request.follow};
    } catch (const std::exception& e) {
        return {control::reply_error(request.id, ErrorCode::failed, e.what())};
    }
}

} // namespace vigil::process
