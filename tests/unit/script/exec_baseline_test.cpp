#include "script/exec_baseline.hpp"
#include "script/script_spawner.hpp"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

using namespace vigil::script;

namespace {

// Runs `command` through spawn_script and returns the first word it wrote to a file.
std::string script_output(const std::string& command) {
    char t[] = "/tmp/vigil-baseline-XXXXXX";
    REQUIRE(mkdtemp(t) != nullptr);
    const std::string out = std::string(t) + "/out";
    const pid_t pid = spawn_script({"/bin/sh", "-c", command + " > " + out}, ScriptUser{getuid(), getgid()});
    REQUIRE(pid > 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    std::ifstream in(out);
    std::string word;
    in >> word;
    std::system(("rm -rf " + std::string(t)).c_str());
    return word;
}

} // namespace

TEST_CASE("a script gets the open-file limit and nice value recorded before the process changed them") {
    rlimit original{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &original) == 0);
    if (original.rlim_cur < 64) {
        return; // too low to lower further here
    }
    record_exec_baseline();
    const int nice_before = getpriority(PRIO_PROCESS, 0);
    // What the checker child does to itself (lowered here: raising needs privileges).
    const rlimit changed{original.rlim_cur - 1, original.rlim_max};
    REQUIRE(setrlimit(RLIMIT_NOFILE, &changed) == 0);
    REQUIRE(setpriority(PRIO_PROCESS, 0, nice_before + 1) == 0);
    record_exec_baseline(); // a second call keeps the first baseline
    CHECK(script_output("ulimit -n") == std::to_string(original.rlim_cur));
    if (geteuid() == 0) { // going back to a lower nice value needs CAP_SYS_NICE
        CHECK(script_output("cut -d' ' -f19 /proc/self/stat") == std::to_string(nice_before));
    }
    CHECK(setrlimit(RLIMIT_NOFILE, &original) == 0);
}
