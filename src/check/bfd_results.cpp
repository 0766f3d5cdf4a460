// Engine: BFD_CHECK follows the BFD child's Up/Down reports (keepalived's
// bfd_check_handle_event in check_bfd.c), with its log line and mail.
#include "check/engine.hpp"

#include <fmt/format.h>

namespace vigil::check {

void Engine::on_bfd(std::string_view name, BfdReport report, Actions& out) {
    if (phase_ != Phase::running) {
        return;
    }
    const bool up = report == BfdReport::up;
    Pool pool(topology_, settings_, out);
    for (CheckerState& checker : checkers_) {
        if (checker.type != config::CheckerType::bfd) {
            continue;
        }
        const auto* detail = std::get_if<config::BfdCheck>(&checker.config->detail_);
        if (detail == nullptr || detail->name_ != name) {
            continue;
        }
        // Each checker on its own: alpha may have started some down and not others.
        if (checker.is_up == up && checker.has_run) {
            continue;
        }
        pool.log(fmt::format("BFD check of [{}] RS({}) is {}", name, rs_of(checker).name, up ? "UP" : "DOWN"));
        const bool was_up = checker.is_up;
        const bool was_alive = rs_of(checker).alive;
        update_checker_state(pool, checker, up);
        if (rs_of(checker).smtp_alert && (was_alive != rs_of(checker).alive || !no_checker_emails_) &&
            up != was_up) {
            checker_mail(pool, checker,
                         fmt::format("=> BFD CHECK {} {} on service <=", name, up ? "succeeded" : "failed").c_str());
        }
    }
}

} // namespace vigil::check
