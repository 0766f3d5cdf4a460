#pragma once
// Golden-file comparison: the text must equal the file's content. With VIGIL_UPDATE_GOLDEN=1
// in the environment the file is (re)written instead, for a reviewed schema change.

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace vigil::testing {

inline void check_golden(const std::string& path, const std::string& text) {
    if (const char* update = std::getenv("VIGIL_UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
        std::ofstream(path) << text;
        return;
    }
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << path << " (VIGIL_UPDATE_GOLDEN=1 writes it)");
    std::stringstream content;
    content << in.rdbuf();
    CHECK_MESSAGE(content.str() == text, "differs from " << path);
}

} // namespace vigil::testing
