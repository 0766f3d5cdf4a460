#include "process/pid_file.hpp"
#include "process/respawn_backoff.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

using namespace vigil::process;
using namespace std::chrono_literals;

TEST_CASE("pid file names: defaults, use_pid_dir, instance, overrides") {
    PidPathInputs in;
    PidPaths p = pid_paths(in);
    CHECK(p.parent == "/run/keepalived.pid");
    CHECK(p.vrrp == "/run/vrrp.pid");
    CHECK(p.checkers == "/run/checkers.pid");
    CHECK(p.directory.empty());

    in.use_pid_dir = true;
    p = pid_paths(in);
    CHECK(p.parent == "/run/keepalived/keepalived.pid");
    CHECK(p.vrrp == "/run/keepalived/vrrp.pid");
    CHECK(p.directory == "/run/keepalived");

    in.use_pid_dir = false;
    in.instance = "NAME";
    p = pid_paths(in);
    CHECK(p.parent == "/run/keepalived/keepalived_NAME.pid");
    CHECK(p.vrrp == "/run/keepalived/vrrp_NAME.pid");

    in.parent_override = "/tmp/x/p.pid";
    in.vrrp_override = "/tmp/x/v.pid";
    p = pid_paths(in);
    CHECK(p.parent == "/tmp/x/p.pid");
    CHECK(p.vrrp == "/tmp/x/v.pid");
}

TEST_CASE("pid file: write, detect a live owner, remove stale files") {
    char dir_template[] = "/tmp/vigil-pid-XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    const std::string path = std::string(dir_template) + "/k.pid";

    CHECK(check_pid_file(path) == PidFileState::absent);
    {
        PidFile file = PidFile::create(path);
        std::ifstream in(path);
        pid_t pid = 0;
        in >> pid;
        CHECK(pid == getpid());
        // Our own pid is not "another daemon".
        CHECK(check_pid_file(path) == PidFileState::stale_removed);
    }
    {
        std::ofstream(path) << getppid() << "\n";
        CHECK(check_pid_file(path) == PidFileState::running);
        std::ofstream(path) << 0x3ffffff0 << "\n"; // no such process
        CHECK(check_pid_file(path) == PidFileState::stale_removed);
        CHECK(access(path.c_str(), F_OK) != 0);
    }
    {
        PidFile file = PidFile::create(path);
        CHECK(access(path.c_str(), F_OK) == 0);
    }
    CHECK(access(path.c_str(), F_OK) != 0);
    rmdir(dir_template);
}

TEST_CASE("respawn back-off: 0, 1, 2, 4 ... 60 s; reset after a long run") {
    RespawnBackoff b;
    CHECK(b.on_death(1s) == 0s);
    CHECK(b.on_death(1s) == 1s);
    CHECK(b.on_death(1s) == 2s);
    CHECK(b.on_death(1s) == 4s);
    CHECK(b.on_death(1s) == 8s);
    CHECK(b.on_death(1s) == 16s);
    CHECK(b.on_death(1s) == 32s);
    CHECK(b.on_death(1s) == 60s);
    CHECK(b.on_death(1s) == 60s);
    CHECK(b.on_death(61s) == 0s);
    CHECK(b.on_death(1s) == 1s);
}
