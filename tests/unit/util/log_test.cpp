#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>

#include <string>
#include <vector>

namespace {
std::vector<std::string> captured;
void capture(vigil::log::Level, std::string_view message) { captured.emplace_back(message); }
} // namespace

TEST_CASE("log facade routes lines to the installed sink and filters detail") {
    captured.clear();
    vigil::log::set_sink(&capture);
    vigil::log::set_detail(false);
    vigil::log::info("({}) Entering {} STATE", "VI_1", "MASTER");
    vigil::log::detail("({}) setting VIPs.", "VI_1");
    vigil::log::set_detail(true);
    vigil::log::detail("({}) setting VIPs.", "VI_1");
    vigil::log::set_detail(false);
    vigil::log::set_sink(nullptr);
    REQUIRE(captured.size() == 2);
    CHECK(captured[0] == "(VI_1) Entering MASTER STATE");
    CHECK(captured[1] == "(VI_1) setting VIPs.");
}

TEST_CASE("UniqueFd closes exactly once and transfers ownership") {
    int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(raw >= 0);
    {
        vigil::UniqueFd a(raw);
        vigil::UniqueFd b(std::move(a));
        CHECK_FALSE(a.valid());
        CHECK(b.get() == raw);
    }
    CHECK(::fcntl(raw, F_GETFD) == -1);
}
