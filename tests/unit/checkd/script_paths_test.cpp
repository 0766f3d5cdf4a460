// checkd::resolve_script_path: MISC_CHECK command words as keepalived 2.2.7 resolves them.
#include "checkd/script_paths.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

using vigil::checkd::resolve_script_path;

namespace {

struct TempTree {
    std::string root;
    TempTree() {
        char name[] = "/tmp/vigil-script-paths-XXXXXX";
        REQUIRE(::mkdtemp(name) != nullptr);
        root = name;
        REQUIRE(::mkdir((root + "/real").c_str(), 0755) == 0);
        std::ofstream(root + "/real/tool") << "#!/bin/sh\n";
        REQUIRE(::chmod((root + "/real/tool").c_str(), 0755) == 0);
        std::ofstream(root + "/real/data") << "x\n";
        REQUIRE(::symlink("real", (root + "/link").c_str()) == 0);
        REQUIRE(::symlink("tool", (root + "/real/alias").c_str()) == 0);
    }
    ~TempTree() {
        for (const char* f : {"/real/tool", "/real/data", "/real/alias", "/link"}) {
            ::unlink((root + f).c_str());
        }
        ::rmdir((root + "/real").c_str());
        ::rmdir(root.c_str());
    }
};

} // namespace

TEST_CASE("a path through a symlinked directory becomes canonical") {
    TempTree t;
    CHECK(resolve_script_path(t.root + "/link/tool") == t.root + "/real/tool");
}

TEST_CASE("a symlink under another name keeps its name in the canonical directory") {
    TempTree t;
    CHECK(resolve_script_path(t.root + "/link/alias") == t.root + "/real/alias");
}

TEST_CASE("a bare name is looked up in PATH, skipping entries without an executable file") {
    TempTree t;
    const char* old = std::getenv("PATH");
    const std::string saved = old != nullptr ? old : "";
    ::setenv("PATH", (t.root + "/nowhere:" + t.root + "/link").c_str(), 1);
    CHECK(resolve_script_path("tool") == t.root + "/real/tool");
    CHECK(resolve_script_path("data") == "data"); // not executable
    CHECK(resolve_script_path("absent") == "absent");
    ::setenv("PATH", saved.c_str(), 1);
}

TEST_CASE("what cannot be resolved is kept as written") {
    TempTree t;
    CHECK(resolve_script_path(t.root + "/real/absent") == t.root + "/real/absent");
    CHECK(resolve_script_path("</bin/true") == "</bin/true");
    CHECK(resolve_script_path("") == "");
}
