#include "notify/notify_plan.hpp"
#include "notify/notify_runner.hpp"
#include "script/script_spawner.hpp"
#include "track/script_tracker.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace vigil::notify;
using namespace vigil::script;
using namespace vigil::track;
using vigil::config::Command;
using vigil::config::Notifies;
namespace vrrp = vigil::vrrp;

namespace {
Command command(std::vector<std::string> argv) {
    Command c;
    c.argv_ = std::move(argv);
    for (const auto& a : c.argv_) {
        c.text_ += (c.text_.empty() ? "" : " ") + a;
    }
    return c;
}
} // namespace

TEST_CASE("FIFO lines: quoted name, state word, priority, newline") {
    CHECK(fifo_line(NotifySubject::instance, "VI_1", "MASTER", 100) == "INSTANCE \"VI_1\" MASTER 100\n");
    CHECK(fifo_line(NotifySubject::group, "G1", "BACKUP", 0) == "GROUP \"G1\" BACKUP 0\n");
    CHECK(fifo_line(NotifySubject::instance, "VI_1", vrrp::to_string(vrrp::NotifyEvent::master_rx_lower_pri), 150) ==
          "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150\n");
}

TEST_CASE("generic notify gets TYPE NAME STATE PRIORITY appended") {
    const Command c = command({"/usr/local/bin/notify.sh", "VI1-A"});
    CHECK(generic_notify_argv(c, NotifySubject::instance, "VI_1", vrrp::NotifyEvent::master, 150) ==
          std::vector<std::string>{"/usr/local/bin/notify.sh", "VI1-A", "INSTANCE", "VI_1", "MASTER", "150"});
    CHECK(generic_notify_argv(c, NotifySubject::group, "G1", vrrp::NotifyEvent::fault, 0) ==
          std::vector<std::string>{"/usr/local/bin/notify.sh", "VI1-A", "GROUP", "G1", "FAULT", "0"});
}

TEST_CASE("notify order: specific script, generic notify, then the FIFO line") {
    Notifies n;
    n.master_ = command({"/s.sh", "master", "VI1"});
    n.generic_ = command({"/n.sh"});
    NotifyPlan plan = plan_notify(n, NotifySubject::instance, "VI_1", vrrp::NotifyEvent::master, 100);
    REQUIRE(plan.scripts.size() == 2);
    CHECK(plan.scripts[0].argv == std::vector<std::string>{"/s.sh", "master", "VI1"});
    CHECK(plan.scripts[1].argv == std::vector<std::string>{"/n.sh", "INSTANCE", "VI_1", "MASTER", "100"});
    CHECK(plan.fifo_line == "INSTANCE \"VI_1\" MASTER 100\n");

    plan = plan_notify(n, NotifySubject::instance, "VI_1", vrrp::NotifyEvent::stop, 100);
    REQUIRE(plan.scripts.size() == 1);
    CHECK(plan.scripts[0].argv.back() == "100");
    CHECK(plan.fifo_line == "INSTANCE \"VI_1\" STOP 100\n");
}

TEST_CASE("deleted instances notify FAULT unless notify_deleted is set") {
    Notifies n;
    n.fault_ = command({"/fault.sh"});
    NotifyPlan plan = plan_notify(n, NotifySubject::instance, "VI_1", vrrp::NotifyEvent::deleted, 90);
    REQUIRE(plan.scripts.size() == 1);
    CHECK(plan.scripts[0].argv[0] == "/fault.sh");
    CHECK(plan.fifo_line == "INSTANCE \"VI_1\" FAULT 90\n");
    n.deleted_ = true;
    plan = plan_notify(n, NotifySubject::instance, "VI_1", vrrp::NotifyEvent::deleted, 90);
    CHECK(plan.scripts.empty());
    CHECK(plan.fifo_line == "INSTANCE \"VI_1\" DELETED 90\n");
}

TEST_CASE("`</path` commands go through /bin/sh -c") {
    CHECK(exec_argv({"</dev/tcp/127.0.0.1/80"}, "</dev/tcp/127.0.0.1/80") ==
          std::vector<std::string>{"/bin/sh", "-c", "</dev/tcp/127.0.0.1/80"});
    CHECK(exec_argv({"/bin/true", "x"}, "/bin/true x") == std::vector<std::string>{"/bin/true", "x"});
}

TEST_CASE("rise/fall: one success suffices at start, `fall` failures to lose, `rise` to regain") {
    RiseFall rf(2, 3, InitialResult::assume_ok_after_one_success);
    CHECK(rf.status() == ScriptStatus::init);
    CHECK(rf.record(true) == ScriptStatus::ok);
    CHECK_FALSE(rf.record(false).has_value());
    CHECK_FALSE(rf.record(false).has_value());
    CHECK(rf.record(false) == ScriptStatus::failed);
    CHECK_FALSE(rf.record(true).has_value());
    CHECK(rf.record(true) == ScriptStatus::ok);

    RiseFall failing(1, 1, InitialResult::assume_ok_after_one_success);
    CHECK(failing.record(false) == ScriptStatus::failed);

    RiseFall init_fail(2, 1, InitialResult::failed);
    CHECK(init_fail.status() == ScriptStatus::failed);
    CHECK_FALSE(init_fail.record(true).has_value());
    CHECK(init_fail.record(true) == ScriptStatus::ok);
    CHECK(init_fail.record(false) == ScriptStatus::failed);
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

TEST_CASE("notify FIFO is created and receives lines without a reader blocking us") {
    char t[] = "/tmp/vigil-fifo-XXXXXX";
    REQUIRE(mkdtemp(t) != nullptr);
    vigil::config::Fifo f;
    f.path_ = std::string(t) + "/fifo";
    NotifyFifo fifo = NotifyFifo::open(f);
    REQUIRE(fifo.valid());
    fifo.write("INSTANCE \"VI_1\" MASTER 100\n");
    vigil::UniqueFd reader(::open(f.path_.c_str(), O_RDONLY | O_NONBLOCK));
    std::array<char, 64> buf{};
    const ssize_t n = ::read(reader.get(), buf.data(), buf.size());
    CHECK(std::string(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0) == "INSTANCE \"VI_1\" MASTER 100\n");
    std::system(("rm -rf " + std::string(t)).c_str());
}
