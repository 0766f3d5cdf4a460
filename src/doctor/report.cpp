#include "doctor/doctor.hpp"

#include "util/json_string.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::doctor {
namespace {

using util::json_string;

std::size_t problems(const Result& result) {
    return static_cast<std::size_t>(std::count_if(result.findings.begin(), result.findings.end(),
                                                  [](const Finding& f) { return f.severity == Severity::problem; }));
}

} // namespace

std::string text_report(const Result& result) {
    std::string out;
    for (const Severity severity : {Severity::problem, Severity::note}) {
        for (const Finding& f : result.findings) {
            if (f.severity != severity) {
                continue;
            }
            out += fmt::format("{} [{}] {}\n", severity == Severity::problem ? "PROBLEM" : "note", f.check, f.message);
            if (!f.fix.empty()) {
                out += fmt::format("    fix: {}\n", f.fix);
            }
        }
    }
    if (!result.heard.empty()) {
        out += "heard:\n";
        for (const std::string& h : result.heard) {
            out += "    " + h + "\n";
        }
    }
    const std::size_t n = problems(result);
    out += n == 0 ? "no problems found\n" : fmt::format("{} problem{} found\n", n, n == 1 ? "" : "s");
    return out;
}

std::string json_report(const Result& result) {
    std::vector<std::string> items;
    for (const Finding& f : result.findings) {
        items.push_back(fmt::format(R"({{"check": {}, "severity": {}, "message": {}, "fix": {}}})",
                                    json_string(f.check), f.severity == Severity::problem ? "\"problem\"" : "\"note\"",
                                    json_string(f.message), json_string(f.fix)));
    }
    std::vector<std::string> heard;
    for (const std::string& h : result.heard) {
        heard.push_back(json_string(h));
    }
    return fmt::format("{{\"problems\": {}, \"findings\": [{}], \"heard\": [{}]}}\n", problems(result),
                       fmt::join(items, ", "), fmt::join(heard, ", "));
}

} // namespace vigil::doctor
