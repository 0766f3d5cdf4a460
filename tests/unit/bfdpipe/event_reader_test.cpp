#include "bfdpipe/event_reader.hpp"

#include "util/unique_fd.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

using namespace vigil;

namespace {

struct Pipe {
    UniqueFd read_end;
    UniqueFd write_end;
    Pipe() {
        int fds[2] = {-1, -1};
        REQUIRE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0);
        read_end = UniqueFd(fds[0]);
        write_end = UniqueFd(fds[1]);
    }
    void write(const bfd::EventRecord& record) const {
        const bfd::EventBytes bytes = bfd::encode_event(record);
        REQUIRE(::write(write_end.get(), bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    }
};

std::vector<bfd::EventRecord> drain(int fd, bfdpipe::PipeState& state) {
    std::vector<bfd::EventRecord> seen;
    state = bfdpipe::read_events(fd, [&](const bfd::EventRecord& r, auto) { seen.push_back(r); });
    return seen;
}

} // namespace

TEST_CASE("every record waiting in the pipe is read in one call, in order") {
    Pipe pipe;
    std::vector<bfd::EventRecord> sent;
    for (int i = 0; i < 40; ++i) { // more than one read's buffer (16 records)
        sent.push_back({"B" + std::to_string(i), i % 2 == 0 ? bfd::SessionState::up : bfd::SessionState::down, i});
        pipe.write(sent.back());
    }
    bfdpipe::PipeState state = bfdpipe::PipeState::closed;
    CHECK(drain(pipe.read_end.get(), state) == sent);
    CHECK(state == bfdpipe::PipeState::open);
    CHECK(drain(pipe.read_end.get(), state).empty()); // nothing left: EAGAIN
    CHECK(state == bfdpipe::PipeState::open);
}

TEST_CASE("a record that does not decode is skipped; the writer's end closes the pipe") {
    Pipe pipe;
    bfd::EventBytes garbage{};
    garbage.fill(std::byte{0x7f}); // no NUL-terminated name, no valid state
    REQUIRE(::write(pipe.write_end.get(), garbage.data(), garbage.size()) == static_cast<ssize_t>(garbage.size()));
    pipe.write({"B1", bfd::SessionState::up, 5});
    pipe.write_end.reset();
    bfdpipe::PipeState state = bfdpipe::PipeState::open;
    const auto seen = drain(pipe.read_end.get(), state);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].name == "B1");
    // The end of file comes with the next wake-up (a closed pipe stays readable).
    CHECK(drain(pipe.read_end.get(), state).empty());
    CHECK(state == bfdpipe::PipeState::closed);
}
