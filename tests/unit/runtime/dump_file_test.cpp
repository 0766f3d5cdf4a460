#include "runtime/dump_file.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

using namespace vigil::runtime;

TEST_CASE("dumps go to $TMPDIR when absolute, mode 0600") {
    char t[] = "/tmp/vigil-dump-XXXXXX";
    REQUIRE(mkdtemp(t) != nullptr);
    setenv("TMPDIR", t, 1);
    CHECK(dump_path("keepalived.json") == std::string(t) + "/keepalived.json");
    write_dump("keepalived.stats", "x\n");
    struct stat st {};
    REQUIRE(stat((std::string(t) + "/keepalived.stats").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    setenv("TMPDIR", "relative", 1);
    CHECK(dump_path("keepalived.json") == "/tmp/keepalived.json");
    unsetenv("TMPDIR");
    std::system(("rm -rf " + std::string(t)).c_str());
}
