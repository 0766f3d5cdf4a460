#include "process/config_copy.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

using vigil::process::ConfigCopy;

TEST_CASE("config copy: the latest stored text, shorter ones included") {
    ConfigCopy copy;
    CHECK(copy.load().empty());
    copy.store("vrrp_instance VI_1 {\n}\n");
    CHECK(copy.load() == "vrrp_instance VI_1 {\n}\n");
    copy.store("x\n");
    CHECK(copy.load() == "x\n");
}

TEST_CASE("config copy: a forked child reads what the parent stores after the fork") {
    ConfigCopy copy;
    copy.store("old\n");
    int go[2];
    REQUIRE(::pipe(go) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        char byte = 0;
        ::close(go[1]);
        [[maybe_unused]] auto n = ::read(go[0], &byte, 1);
        ::_exit(copy.load() == "new text\n" ? 0 : 1);
    }
    ::close(go[0]);
    copy.store("new text\n");
    ::close(go[1]); // EOF: the child reads now
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
