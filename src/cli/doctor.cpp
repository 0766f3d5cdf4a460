// `vigil doctor [-f FILE] [-i ID] [--listen SECONDS] [--json]`: exit 0 when nothing was
// found, 1 when problems were found (or the configuration could not be read), 2 usage.
#include "cli/subcommand.hpp"

#include "doctor/doctor.hpp"
#include "util/log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace vigil::cli {
namespace {

constexpr std::string_view doctor_usage =
    "Usage: vigil doctor [-f FILE] [-i CONFIG_ID] [--listen SECONDS] [--json]\n"
    "  -f, --use-file FILE   the configuration (default /etc/keepalived/keepalived.conf)\n"
    "  -i, --config-id ID    keepalived's -i for @ID conditional lines\n"
    "  --listen SECONDS      how long to listen for adverts (default 3; 0: no network checks)\n"
    "  --json                one JSON object instead of text\n";

void discard_log(log::Level, std::string_view) noexcept {}

} // namespace

int doctor_main(const CommonOptions&, Arguments args) {
    doctor::Options options;
    bool json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        const auto value = [&](std::string_view long_name, std::string_view short_name) -> std::optional<std::string_view> {
            if (a.starts_with(long_name) && a.size() > long_name.size() && a[long_name.size()] == '=') {
                return a.substr(long_name.size() + 1);
            }
            if ((a == long_name || (!short_name.empty() && a == short_name)) && i + 1 < args.size()) {
                return args[++i];
            }
            return std::nullopt;
        };
        if (a == "-h" || a == "--help") {
            fmt::print("{}", doctor_usage);
            return exit_ok;
        }
        if (a == "--json") {
            json = true;
        } else if (const auto file = value("--use-file", "-f")) {
            options.config = std::string{*file};
        } else if (const auto id = value("--config-id", "-i")) {
            options.config_id = std::string{*id};
        } else if (const auto v = value("--listen", "")) {
            double seconds = -1;
            const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), seconds);
            if (ec != std::errc{} || p != v->data() + v->size() || seconds < 0 || seconds > 3600) {
                fmt::print(stderr, "vigil doctor: bad --listen '{}'\n{}", *v, doctor_usage);
                return exit_usage;
            }
            options.listen = std::chrono::milliseconds{static_cast<std::int64_t>(seconds * 1000)};
        } else {
            fmt::print(stderr, "vigil doctor: unknown argument '{}'\n{}", a, doctor_usage);
            return exit_usage;
        }
    }
    log::set_sink(&discard_log);
    const doctor::Result result = doctor::run(options);
    log::set_sink(nullptr);
    fmt::print("{}", json ? doctor::json_report(result) : doctor::text_report(result));
    const bool problems = std::any_of(result.findings.begin(), result.findings.end(), [](const doctor::Finding& f) {
        return f.severity == doctor::Severity::problem;
    });
    return problems ? exit_error : exit_ok;
}

} // namespace vigil::cli
