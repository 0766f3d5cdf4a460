// bench/checker_footprint [VIRTUAL_SERVERS] [REAL_PER_VS]: the checker child's memory per real
// server, host-side (no IPVS, no sockets): bench/lvs-checks' TCP_CHECK configuration (1,000 x
// 10 by default) parsed, the checker engine built and started, the runner's slots made, and
// the heap bytes (mallinfo2) each step added, divided by the number of real servers. The VM
// tier's bench/lvs-checks gives the child's whole RSS; this shows where the per-server part
// goes. keepalived 2.2.7: about 0.7 kB per real server (README, note 7).
#include "check/engine.hpp"
#include "checkd/check_runner.hpp"
#include "ipvs/command.hpp"
#include "parser/load_config.hpp"
#include "runtime/child_reaper.hpp"
#include "runtime/event_loop.hpp"

#include <fmt/format.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

std::size_t heap_in_use() {
    return mallinfo2().uordblks;
}

std::string lvs_config(int virtual_servers, int per_vs) {
    constexpr int ports = 100;
    std::string text = "global_defs { router_id lvs-bench }\n";
    for (int v = 0; v < virtual_servers; ++v) {
        text += fmt::format("virtual_server 203.0.113.10 {} {{\n  delay_loop 60\n  lb_algo rr\n"
                            "  lb_kind NAT\n  protocol TCP\n",
                            1000 + v);
        for (int r = v * per_vs; r < (v + 1) * per_vs; ++r) {
            text += fmt::format("  real_server 198.51.100.{} {} {{\n    TCP_CHECK {{\n"
                                "      connect_timeout 2\n    }}\n  }}\n",
                                r / ports + 2, 8000 + r % ports);
        }
        text += "}\n";
    }
    return text;
}

void row(const char* what, std::size_t bytes, int servers) {
    std::printf("%-44s %10zu B %8.0f B/server\n", what, bytes, static_cast<double>(bytes) / servers);
}

} // namespace

int main(int argc, char** argv) {
    const int virtual_servers = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int per_vs = argc > 2 ? std::atoi(argv[2]) : 10;
    const int servers = virtual_servers * per_vs;
    if (virtual_servers <= 0 || per_vs <= 0 || per_vs * virtual_servers > 25'000) {
        std::fprintf(stderr, "usage: checker_footprint [VIRTUAL_SERVERS] [REAL_PER_VS] (at most 25,000 servers)\n");
        return 2;
    }
    const std::string text = lvs_config(virtual_servers, per_vs);

    const std::size_t h0 = heap_in_use();
    auto loaded = std::make_unique<vigil::parser::LoadResult>(vigil::parser::load_config_text(text, "bench.conf", {}));
    if (loaded->diagnostics_.has_errors()) {
        std::fprintf(stderr, "checker_footprint: the generated configuration has errors\n");
        return 1;
    }
    auto config = std::make_shared<const vigil::config::Config>(std::move(loaded->config_));
    loaded.reset();
    const std::size_t h1 = heap_in_use();

    vigil::check::Engine engine(config, 1);
    vigil::check::Actions actions;
    engine.start(vigil::check::TimePoint{}, actions);
    std::size_t commands = 0;
    for (const auto& a : actions) {
        commands += std::holds_alternative<vigil::check::IpvsChange>(a) ? 1 : 0;
    }
    vigil::check::Actions().swap(actions);
    const std::size_t h2 = heap_in_use();

    vigil::runtime::EventLoop loop;
    vigil::runtime::ChildReaper reaper;
    const std::size_t h3 = heap_in_use();
    vigil::checkd::CheckRunner runner(loop, reaper, [](vigil::check::CheckerId, vigil::check::CheckResult) {});
    runner.reset(engine.checkers().size());
    const std::size_t h4 = heap_in_use();

    std::printf("%d virtual servers x %d real servers (TCP_CHECK), %zu checkers, %zu IPVS commands at start\n",
                virtual_servers, per_vs, engine.checkers().size(), commands);
    row("configuration model (parsed)", h1 - h0, servers);
    row("checker engine (topology, checkers, schedule)", h2 - h1, servers);
    row("runner slots", h4 - h3, servers);
    row("total", (h1 - h0) + (h2 - h1) + (h4 - h3), servers);
    std::printf("sizeof: RealServer %zu, Checker %zu, ServerState %zu, CheckerState %zu, ipvs::Command %zu\n",
                sizeof(vigil::config::RealServer), sizeof(vigil::config::Checker), sizeof(vigil::check::ServerState),
                sizeof(vigil::check::CheckerState), sizeof(vigil::ipvs::Command));
    return 0;
}
