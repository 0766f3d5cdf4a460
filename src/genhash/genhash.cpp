#include "genhash/genhash.hpp"

#include "http/exchange.hpp"
#include "http/request.hpp"
#include "probe/socket_open.hpp"
#include "tls/client_context.hpp"
#include "tls/openssl_library.hpp"
#include "util/unique_fd.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace vigil::genhash {
namespace {

using Clock = std::chrono::steady_clock;

int refuse(const Refused& refused, const char* program, Invocation invocation) {
    std::fputs(refused.messages.c_str(), stderr);
    std::fputs(usage_text(program, invocation).c_str(), stderr);
    return 1;
}

void flush(std::string& verbose) {
    if (!verbose.empty()) {
        std::fwrite(verbose.data(), 1, verbose.size(), stdout);
        verbose.clear();
    }
}

// SIGINT and SIGTERM end the run (keepalived's terminate event), read through a signalfd.
UniqueFd termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    return UniqueFd(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

// Drives the exchange on its socket until it ends or a signal arrives; false on a signal.
bool drive(http::Exchange& exchange, int fd, int signals, std::string& verbose) {
    while (exchange.end() == http::ExchangeEnd::running) {
        const auto interest = exchange.interest();
        pollfd fds[2] = {{fd, 0, 0}, {signals, POLLIN, 0}};
        if (interest.read) {
            fds[0].events |= POLLIN;
        }
        if (interest.write) {
            fds[0].events |= POLLOUT;
        }
        int timeout_ms = -1;
        if (exchange.deadline() != probe::no_deadline) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(exchange.deadline() - Clock::now());
            timeout_ms = static_cast<int>(std::max<std::int64_t>(0, std::min<std::int64_t>(left.count(), INT32_MAX)));
        }
        const int ready = ::poll(fds, signals >= 0 ? 2 : 1, timeout_ms);
        const auto now = Clock::now();
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        if (signals >= 0 && (fds[1].revents & POLLIN) != 0) {
            return false;
        }
        if (now >= exchange.deadline()) {
            exchange.on_deadline(now);
            flush(verbose);
            continue;
        }
        const short events = fds[0].revents;
        if ((events & (POLLOUT | POLLERR | POLLHUP)) != 0 && interest.write) {
            if (exchange.connecting()) {
                exchange.on_connect(probe::connect_result(fd), now);
            } else {
                const auto out = exchange.output();
                if (!out.empty()) {
                    const ssize_t sent = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
                    if (sent >= 0) {
                        exchange.on_sent(static_cast<std::size_t>(sent), now);
                    } else if (errno != EAGAIN && errno != EINTR) {
                        exchange.on_send_failed(now);
                    }
                }
            }
        } else if ((events & (POLLIN | POLLERR | POLLHUP)) != 0 && interest.read) {
            const auto area = exchange.input_area();
            const ssize_t got = ::read(fd, area.data(), area.size());
            if (got >= 0) {
                exchange.on_received(static_cast<std::size_t>(got), now);
            } else if (errno != EAGAIN && errno != EINTR) {
                exchange.on_receive_failed(now);
            }
        }
        flush(verbose);
    }
    return true;
}

} // namespace

int run(const Options& options) {
    const auto started = Clock::now();
    std::string why;
    if (tls::openssl(&why) == nullptr) {  // the digest needs libcrypto
        std::fprintf(stderr, "%s\n", why.c_str());
        return 1;
    }
    std::unique_ptr<tls::ClientContext> context;
    if (options.ssl) {
        std::vector<std::string> log;
        context = tls::ClientContext::create(std::nullopt, log);
        if (!context) {
            std::fputs("Cannot initialize SSL context.\n", stderr);
            return 1;
        }
    }
    std::string verbose;
    http::ExchangeOptions exchange_options;
    exchange_options.request = http::build_request(
        {options.url, options.protocol,
         options.virtualhost ? std::optional<std::string_view>(*options.virtualhost) : std::nullopt, options.server,
         options.port});
    exchange_options.timeout = probe::Duration(options.timeout_us);
    exchange_options.tls = context.get();
    if (options.ssl && options.sni && options.virtualhost) {
        exchange_options.server_name = *options.virtualhost;
    }
    exchange_options.reader.digest = true;
    exchange_options.reader.verbose = options.verbose ? &verbose : nullptr;

    const UniqueFd signals = termination_signals();
    probe::Target target;
    target.address = options.server;
    target.port = options.port;
    target.fwmark = options.fwmark;
    auto socket = probe::open_and_connect(target, probe::Transport::tcp);
    if (!socket.fd) {
        std::fputs("WEB connection fail to create socket.\n", stderr);
        return 1;
    }
    http::Exchange exchange(std::move(exchange_options));
    exchange.start(socket.status, Clock::now());
    if (exchange.end() == http::ExchangeEnd::not_run) {
        std::fprintf(stderr, "%s\n", socket.problem.empty() ? "WEB socket bind failed." : socket.problem.c_str());
        return 1;
    }
    const bool completed = drive(exchange, socket.fd.get(), signals.get(), verbose);
    flush(verbose);
    if (completed) {
        switch (exchange.end()) {
        case http::ExchangeEnd::response:
            if (!exchange.reader().header_complete()) {
                std::fflush(stdout);
                std::fputs("no data received from remote webserver\n", stderr);
            } else {
                std::printf("%s\n", http::to_hex(exchange.digest()).c_str());
            }
            break;
        case http::ExchangeEnd::failed: std::printf("%s\n", exchange.failure()); break;
        case http::ExchangeEnd::running:
        case http::ExchangeEnd::not_run: break;
        }
    }
    if (options.verbose) {
        const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
        std::printf("\nGlobal response time for [%s] = %lld usecs\n", options.url.c_str(),
                    static_cast<long long>(elapsed.count()));
    }
    std::fflush(stdout);
    return 0;
}

int main_named(int argc, char* argv[]) {
    auto parsed = parse_options(argc, argv, Invocation::genhash);
    if (const auto* refused = std::get_if<Refused>(&parsed)) {
        return refuse(*refused, argv[0], Invocation::genhash);
    }
    return run(std::get<Options>(parsed));
}

int main_from_keepalived(int argc, char* argv[], bool first, bool long_form) {
    if (!first) {
        std::fprintf(stderr, "Warning -- `%s` not used as first option, previous options ignored\n",
                     long_form ? "genhash" : "-T");
    }
    ::prctl(PR_SET_NAME, "genhash");
    auto parsed = parse_options(argc, argv, Invocation::keepalived_option);
    if (const auto* refused = std::get_if<Refused>(&parsed)) {
        return refuse(*refused, argv[0], Invocation::keepalived_option);
    }
    return run(std::get<Options>(parsed));
}

} // namespace vigil::genhash
