#include "metrics/render_lvs.hpp"

#include "metrics/text_format.hpp"

#include <map>

namespace vigil::metrics {

namespace {

using control::LvsRealServerView;
using control::LvsStatusView;
using control::LvsVirtualServerView;

void per_virtual_server(TextWriter& w, const LvsStatusView& s, std::string_view name, std::string_view help,
                        bool (*value)(const LvsVirtualServerView&)) {
    w.family(name, MetricType::gauge, help);
    for (const LvsVirtualServerView& v : s.virtual_servers) {
        w.sample({{"vs", v.name}}, value(v) ? 1.0 : 0.0);
    }
}

void per_real_server(TextWriter& w, const LvsStatusView& s, std::string_view name, std::string_view help,
                     double (*value)(const LvsRealServerView&)) {
    w.family(name, MetricType::gauge, help);
    for (const LvsVirtualServerView& v : s.virtual_servers) {
        for (const LvsRealServerView& r : v.real_servers) {
            w.sample({{"vs", v.name}, {"rs", r.name}}, value(r));
        }
    }
}

} // namespace

std::string render_lvs(const LvsStatusView& s) {
    TextWriter w;
    per_virtual_server(w, s, "vigil_lvs_virtual_server_up", "The virtual server's IPVS service is in the table",
                       [](const LvsVirtualServerView& v) { return v.alive; });
    per_virtual_server(w, s, "vigil_lvs_virtual_server_quorum_up",
                       "The virtual server's quorum is met (1) or lost (0)",
                       [](const LvsVirtualServerView& v) { return v.quorum_up; });
    per_virtual_server(w, s, "vigil_lvs_virtual_server_sorry_active", "The sorry server is in use",
                       [](const LvsVirtualServerView& v) { return v.sorry_active; });
    per_real_server(w, s, "vigil_lvs_real_server_up", "The real server's checkers are all up",
                    [](const LvsRealServerView& r) { return r.alive ? 1.0 : 0.0; });
    per_real_server(w, s, "vigil_lvs_real_server_weight", "The real server's weight in IPVS (0 when inhibited or out)",
                    [](const LvsRealServerView& r) { return r.in_ipvs ? double(r.current_weight) : 0.0; });
    per_real_server(w, s, "vigil_lvs_real_server_configured_weight", "The real server's configured weight",
                    [](const LvsRealServerView& r) { return double(r.weight); });
    w.family("vigil_lvs_checker_failures_total", MetricType::counter,
             "Failed health check attempts since the checker process started, per checker type");
    for (const LvsVirtualServerView& v : s.virtual_servers) {
        for (const LvsRealServerView& r : v.real_servers) {
            std::map<std::string_view, std::uint64_t> by_type; // two checkers of one type: one series
            for (const control::LvsCheckerView& c : r.checkers) {
                by_type[c.type] += c.failures;
            }
            for (const auto& [type, failures] : by_type) {
                w.sample({{"vs", v.name}, {"rs", r.name}, {"checker", type}}, failures);
            }
        }
    }
    return w.take();
}

} // namespace vigil::metrics
