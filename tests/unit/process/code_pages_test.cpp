#include "process/code_pages.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

// Resident kB of this process's executable file mappings (smaps), or -1 when unreadable.
long resident_code_kb() {
    std::ifstream smaps("/proc/self/smaps");
    if (!smaps) {
        return -1;
    }
    long total = 0;
    bool code = false;
    std::string line;
    while (std::getline(smaps, line)) {
        char perms[5] = {};
        unsigned long inode = 0;
        if (std::sscanf(line.c_str(), "%*x-%*x %4s %*s %*s %lu", perms, &inode) == 2) {
            code = std::string(perms) == "r-xp" && inode != 0;
        } else if (code && line.rfind("Rss:", 0) == 0) {
            total += std::strtol(line.c_str() + 4, nullptr, 10);
        }
    }
    return total;
}

int work(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
        s += std::to_string(i);
    }
    return static_cast<int>(s.size());
}

} // namespace

TEST_CASE("release_code_pages: code out of the resident set, and the process runs on") {
    const int before = work(100);
    const long resident = resident_code_kb();
    vigil::process::release_code_pages();
    const long after = resident_code_kb();
    // The code it ran since faulted in again; the rest of what the test runner mapped is gone
    // (unless a debugger is attached: then nothing is released).
    if (resident > 0 && after >= 0) {
        CHECK(after <= resident);
    }
    CHECK(work(100) == before);
    vigil::process::release_code_pages();
    CHECK(work(1000) > before);
}
