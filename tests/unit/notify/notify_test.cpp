#include "notify/notify_plan.hpp"
#include "notify/notify_runner.hpp"
#include "script/script_spawner.hpp"

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
