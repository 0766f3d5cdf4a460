// Round trip over every golden config (tests/config/ok): dump -> parse gives an equal
// model, and dumping that model again gives the same text.
#include "parser/dump_config.hpp"
#include "parser/load_config.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace vigil::parser;

TEST_CASE("every ok/ golden config round-trips through its dump") {
    const std::filesystem::path dir{VIGIL_GOLDEN_DIR};
    LoadOptions options;
    options.preprocess_.config_id = "vigil_golden";
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".conf") {
            continue;
        }
        ++count;
        CAPTURE(entry.path().string());
        const auto first = load_config_file(entry.path(), options);
        const auto text = dump_config(first.config_);
        const auto second = load_config_text(text, "dump.conf", options);
        CHECK(second.config_ == first.config_);
        CHECK(dump_config(second.config_) == text);
    }
    CHECK(count >= 10);
}
