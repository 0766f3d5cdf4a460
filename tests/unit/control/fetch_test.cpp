// control::Fetch on a real event loop: a reply's result, nothing serving the path, an error
// reply, and a server that never answers (the timeout).
#include "control/fetch.hpp"
#include "control/server.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>

using namespace vigil::control;
using vigil::runtime::EventLoop;

namespace {

std::string fetch_socket_path() {
    return "/tmp/vigil-fetch-test-" + std::to_string(::getpid()) + ".sock";
}

// Runs the loop until `done` or 3 s pass.
void run_until(EventLoop& loop, const bool& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!done && std::chrono::steady_clock::now() < deadline) {
        (void)loop.run_once(std::chrono::milliseconds(10));
    }
}

} // namespace

TEST_CASE("fetch: a result, an error, nothing serving, no reply in time") {
    EventLoop loop;
    const std::string path = fetch_socket_path();
    ClientId silent_client{};
    Server server(loop, [&](ClientId client, const Peer&, const Request& r) -> Outcome {
        if (r.method == Method::stats) {
            silent_client = client;
            return {std::nullopt}; // never answered
        }
        if (r.process != Process::checker) {
            return {reply_error(r.id, ErrorCode::absent, "no")};
        }
        Json result = Json::object();
        result.set("text", "vigil_lvs_x 1\n");
        return {reply_result(r.id, result)};
    });
    std::string what;
    REQUIRE_FALSE(server.listen({path, 0600, std::nullopt}, what));
    Fetch fetch(loop, std::chrono::milliseconds(300));

    bool done = false;
    std::optional<std::string> text;
    Request request{nullptr, Method::metrics};
    request.process = Process::checker;
    fetch.get(path, request, [&](const Json* result) {
        done = true;
        if (result != nullptr && result->find("text") != nullptr) {
            text = *result->find("text")->string();
        }
    });
    run_until(loop, done);
    CHECK(done);
    CHECK(text == "vigil_lvs_x 1\n");

    done = false;
    bool got = true;
    fetch.get(path, Request{nullptr, Method::metrics}, [&](const Json* result) {
        done = true;
        got = result != nullptr;
    });
    run_until(loop, done);
    CHECK(done);
    CHECK_FALSE(got); // an error reply: no result

    done = false;
    got = true;
    fetch.get(path + ".none", request, [&](const Json* result) {
        done = true;
        got = result != nullptr;
    });
    CHECK(done); // at once: nothing serves the path
    CHECK_FALSE(got);

    done = false;
    got = true;
    const auto start = std::chrono::steady_clock::now();
    fetch.get(path, Request{nullptr, Method::stats}, [&](const Json* result) {
        done = true;
        got = result != nullptr;
    });
    run_until(loop, done);
    CHECK(done);
    CHECK_FALSE(got);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
}
