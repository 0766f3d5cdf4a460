#include "script/script_spawner.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace vigil::script;

TEST_CASE("`</path` commands go through /bin/sh -c") {
    CHECK(exec_argv({"</dev/tcp/127.0.0.1/80"}, "</dev/tcp/127.0.0.1/80") ==
          std::vector<std::string>{"/bin/sh", "-c", "</dev/tcp/127.0.0.1/80"});
    CHECK(exec_argv({"/bin/true", "x"}, "/bin/true x") == std::vector<std::string>{"/bin/true", "x"});
}

TEST_CASE("spawned scripts run in their own process group with /dev/null stdio") {
    char t[] = "/tmp/vigil-spawn-XXXXXX";
    REQUIRE(mkdtemp(t) != nullptr);
    const std::string out = std::string(t) + "/out";
    const ScriptUser me{getuid(), getgid()};
    const pid_t pid = spawn_script({"/bin/sh", "-c", "echo $$ $(ps -o pgid= -p $$) > " + out}, me);
    REQUIRE(pid > 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    std::ifstream in(out);
    pid_t self = 0, group = 0;
    in >> self >> group;
    CHECK(self == pid);
    CHECK(group == pid);
    std::system(("rm -rf " + std::string(t)).c_str());
}
