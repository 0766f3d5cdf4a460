#pragma once
// Helpers of the LVS binding and validation tests: load a text with a fake system (eth*
// interfaces, every user but keepalived_script, scripts that exist unless their path says
// "missing", unsafe under /tmp/).

#include "parser/load_config.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace vigil::parser::test {

class LvsCatalog final : public SystemCatalog {
public:
    bool interface_exists(std::string_view name) const override { return name.rfind("eth", 0) == 0; }
    bool user_exists(std::string_view name) const override { return name != "keepalived_script" && name != "nobody_here"; }
    bool executable_exists(std::string_view command) const override {
        return command.find("missing") == std::string_view::npos;
    }
    ScriptFile script_file(std::string_view command) const override {
        return {executable_exists(command), command.rfind("/tmp/", 0) != 0, false};
    }
};

inline LoadResult load(std::string_view text) {
    static const LvsCatalog catalog;
    LoadOptions options;
    options.preprocess_.include_mode = IncludeMode::disabled;
    options.preprocess_.config_id = "test";
    options.system_ = &catalog;
    return load_config_text(text, "t.conf", options);
}

inline std::string messages(const LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics_.all()) {
        out += format_gnu(d) + "\n";
    }
    return out;
}

inline bool has(const LoadResult& r, std::string_view text) {
    return messages(r).find(text) != std::string::npos;
}

// A virtual server with the three settings keepalived otherwise reports as defaulted.
inline std::string vs(std::string_view head, std::string_view body) {
    return "virtual_server " + std::string{head} + " {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n" +
           std::string{body} + "\n}\n";
}

inline const config::VirtualServer& first_vs(const LoadResult& r) {
    REQUIRE(r.config_.lvs_);
    REQUIRE(!r.config_.lvs_->virtual_servers_.empty());
    return r.config_.lvs_->virtual_servers_.front();
}

} // namespace vigil::parser::test
