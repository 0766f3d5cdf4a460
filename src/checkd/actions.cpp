// Carrying out the engine's actions, in the engine's order: IPVS commands (consecutive ones
// in one pipelined exchange, with keepalived's error policy), launches, scripts, FIFO lines,
// mails and log lines.
#include "checkd/checker_child.hpp"

#include "check/ipvs_policy.hpp"
#include "util/log.hpp"

namespace vigil::checkd {

void CheckerChild::launch(check::CheckerId id) noexcept {
    try {
        const check::CheckerState& checker = engine_->checker(id);
        const check::VirtualServerState& vs = engine_->virtual_servers()[checker.vs];
        runner_.launch(id, checker, *vs.servers[checker.rs].config, *vs.config, notify_.default_user());
    } catch (...) {
    }
}

void CheckerChild::execute(check::Actions& actions) noexcept {
    static_assert(std::variant_size_v<check::Action> == 7, "a new action needs handling here");
    auto flush = [this] {
        if (batch_.empty() || !ipvs_) {
            batch_.clear();
            return;
        }
        check::run_ipvs_commands(*ipvs_, batch_, failures_);
        batch_.clear();
        if (batch_.capacity() > 64) {
            // A start-up or reload burst (one command per destination: 1.8 MB for 10,000)
            // is not kept for the few commands a check result gives.
            std::vector<ipvs::Command>().swap(batch_);
        }
        for (const std::string& line : failures_) {
            log::info("{}", line);
        }
        failures_.clear();
    };
    try {
        for (check::Action& action : actions) {
            if (auto* change = std::get_if<check::IpvsChange>(&action)) {
                batch_.push_back(std::move(change->command));
                continue;
            }
            flush();
            if (const auto* l = std::get_if<check::LaunchCheck>(&action)) {
                launch(l->checker);
            } else if (const auto* line = std::get_if<check::LogLine>(&action)) {
                log::write(line->level, line->text);
            } else if (const auto* s = std::get_if<check::RunScript>(&action)) {
                const pid_t pid = notify_.spawn(s->command);
                if (pid > 0 && s->context == check::ScriptContext::stopping) {
                    stop_scripts_.push_back(pid);
                }
            } else if (const auto* f = std::get_if<check::FifoLine>(&action)) {
                notify_.write_fifos(f->line + "\n");
            } else if (const auto* m = std::get_if<check::SmtpAlert>(&action)) {
                smtp_.mail(m->subject, m->body);
            } else if (const auto* t = std::get_if<check::CheckerTrap>(&action)) {
                send_trap(*t);
            }
        }
        flush();
    } catch (...) {
        batch_.clear();
    }
    actions.clear();
}

} // namespace vigil::checkd
