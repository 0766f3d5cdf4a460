#pragma once
// Shared by the io_* integration programs: run the doctest cases inside a private network
// namespace (unshare(CLONE_NEWNET): the kernel deletes it, and everything in it, when the
// process exits, so there is nothing to clean up), or exit 77 when that is not possible
// (not root, no CAP_SYS_ADMIN).

#define DOCTEST_CONFIG_IMPLEMENT
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sched.h>
#include <string>
#include <unistd.h>

namespace io_test {

// Runs a shell command (inside our namespace); returns its stdout.
inline std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        return out;
    }
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    ::pclose(pipe);
    return out;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Polls `condition` until it holds or `timeout` passes.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        ::usleep(10000);
    }
    return true;
}

// A second namespace "b" next to the test's own "a", joined by a veth pair vgioA (in a) and
// vgioB (in b), both up. Both namespaces die with the process (and with this object, once no
// socket refers to them). The calling thread is left in "a".
class NamespacePair {
public:
    NamespacePair() {
        a_ = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        REQUIRE(a_ >= 0);
        REQUIRE(::unshare(CLONE_NEWNET) == 0);
        b_ = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        REQUIRE(b_ >= 0);
        prepare();
        run("ip link add name vgioB type veth peer name vgioA netns /proc/" +
            std::to_string(::getpid()) + "/fd/" + std::to_string(a_));
        run("ip link set vgioB up");
        enter_a();
        prepare();
        run("ip link set vgioA up");
    }
    ~NamespacePair() {
        enter_a();
        run("ip link del vgioA");
        ::close(b_);
        ::close(a_);
    }
    NamespacePair(const NamespacePair&) = delete;
    NamespacePair& operator=(const NamespacePair&) = delete;

    void enter_a() const { REQUIRE(::setns(a_, CLONE_NEWNET) == 0); }
    void enter_b() const { REQUIRE(::setns(b_, CLONE_NEWNET) == 0); }

private:
    // No DAD delays on the test links (sysctls are per namespace).
    static void prepare() {
        run("ip link set lo up; sysctl -qw net.ipv6.conf.default.accept_dad=0 "
            "net.ipv6.conf.all.accept_dad=0");
    }

    int a_ = -1;
    int b_ = -1;
};

inline int main_in_private_netns(int argc, char** argv) {
    if (::geteuid() != 0 || ::unshare(CLONE_NEWNET) != 0) {
        std::puts("SKIP: needs root (a private network namespace)");
        return 77;
    }
    run("ip link set lo up");
    doctest::Context context(argc, argv);
    return context.run();
}

} // namespace io_test

int main(int argc, char** argv) {
    return io_test::main_in_private_netns(argc, argv);
}
