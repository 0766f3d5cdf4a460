#include "control/server.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil::control {

namespace {

constexpr std::chrono::seconds sweep_interval{5};
constexpr int accepts_per_wakeup = 16;

// Creates `dir` and its missing parents with mode 0755 (e.g. /run/vigil).
void make_parents(const std::string& path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        const std::string dir = path.substr(0, slash);
        if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
            return;
        }
    }
}

} // namespace

Server::Server(runtime::EventLoop& loop, Handler handler) : loop_(loop), handler_(std::move(handler)) {
    clients_.resize(max_clients);
    sweep_timer_ = loop_.create_timer([this] { sweep(); });
    resume_timer_ = loop_.create_timer([this] { resume(); });
}

Server::~Server() {
    for (std::uint32_t s = 0; s < clients_.size(); ++s) {
        close_client(s);
    }
    loop_.destroy_timer(sweep_timer_);
    loop_.destroy_timer(resume_timer_);
    if (listener_) {
        loop_.remove_reader(listener_.get());
        struct stat st {};
        if (::lstat(path_.c_str(), &st) == 0 && st.st_ino == inode_) {
            ::unlink(path_.c_str()); // still ours (a later daemon may have replaced it)
        }
    }
}

std::error_code Server::listen(const SocketOptions& options, std::string& what) {
    auto failed = [&what](const char* step) {
        what = step;
        return std::error_code(errno, std::generic_category());
    };
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (options.path.empty() || options.path.size() >= sizeof address.sun_path) {
        what = "path";
        return std::make_error_code(std::errc::filename_too_long);
    }
    std::memcpy(address.sun_path, options.path.data(), options.path.size());
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        return failed("socket");
    }
    make_parents(options.path);
    struct stat st {};
    if (::lstat(options.path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
        ::unlink(options.path.c_str()); // a previous run's socket
    }
    // Created with no permissions for anyone but the owner, then opened up: no window in
    // which the socket is reachable with a looser mode.
    const mode_t old_umask = ::umask(0177);
    const int bound = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
    ::umask(old_umask);
    if (bound != 0) {
        return failed("bind");
    }
    if (options.group && ::chown(options.path.c_str(), static_cast<uid_t>(-1), *options.group) != 0) {
        return failed("chown");
    }
    if (::chmod(options.path.c_str(), options.mode) != 0) {
        return failed("chmod");
    }
    if (::lstat(options.path.c_str(), &st) == 0) {
        inode_ = st.st_ino;
    }
    if (::listen(fd.get(), 64) != 0) {
        return failed("listen");
    }
    if (auto ec = loop_.add_reader(fd.get(), [this](std::uint32_t) { on_accept(); })) {
        what = "epoll";
        return ec;
    }
    listener_ = std::move(fd);
    path_ = options.path;
    return {};
}

std::size_t Server::clients() const noexcept {
    std::size_t n = 0;
    for (const Client& c : clients_) {
        n += c.fd.valid() ? 1 : 0;
    }
    return n;
}

bool Server::has_followers() const noexcept {
    for (const Client& c : clients_) {
        if (c.fd.valid() && c.following) {
            return true;
        }
    }
    return false;
}

Server::Client* Server::client(ClientId id) noexcept {
    if (id.slot >= clients_.size()) {
        return nullptr;
    }
    Client& c = clients_[id.slot];
    return c.fd.valid() && c.generation == id.generation ? &c : nullptr;
}

void Server::on_accept() noexcept {
    for (int n = 0; n < accepts_per_wakeup; ++n) {
        UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            return; // EAGAIN, or a transient error (EMFILE...): the next wake-up retries
        }
        std::uint32_t slot = 0;
        while (slot < clients_.size() && clients_[slot].fd.valid()) {
            ++slot;
        }
        ucred cred{};
        socklen_t length = sizeof cred;
        if (slot == clients_.size() ||
            ::getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) {
            ++refused_;
            continue; // closed by fd's destructor
        }
        const int raw = fd.get();
        if (loop_.add_reader(raw, [this, slot](std::uint32_t events) { on_client(slot, events); })) {
            ++refused_;
            continue;
        }
        Client& c = clients_[slot];
        c = Client{};
        c.fd = std::move(fd);
        c.generation = ++generation_;
        c.peer = Peer{cred.pid, cred.uid, cred.gid, cred.uid == 0 ? Access::admin : Access::read_only};
        c.last_activity = runtime::Clock::now();
        if (!loop_.armed(sweep_timer_)) {
            loop_.arm(sweep_timer_, c.last_activity + sweep_interval); // idle: no wake-ups
        }
    }
}

void Server::on_client(std::uint32_t slot, std::uint32_t events) noexcept {
    Client& c = clients_[slot];
    if ((events & EPOLLOUT) != 0) {
        flush(slot);
        if (!c.fd.valid()) {
            return;
        }
    }
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0) {
        return;
    }
    char buffer[read_chunk];
    const ssize_t n = ::recv(c.fd.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        close_client(slot);
        return;
    }
    if (n < 0) {
        return;
    }
    c.last_activity = runtime::Clock::now();
    if (c.following || c.closing) {
        return; // a stream or a closing connection takes no more requests: input is dropped
    }
    try {
        c.input.append(buffer, static_cast<std::size_t>(n));
    } catch (...) {
        close_client(slot);
        return;
    }
    handle_input(slot);
}

void Server::handle_input(std::uint32_t slot) noexcept {
    Client& c = clients_[slot];
    for (std::size_t handled = 0; c.fd.valid() && !c.waiting && !c.following && !c.closing;) {
        if (handled == requests_per_wakeup) {
            // The rest waits for the next loop iteration: timers and adverts go first.
            loop_.arm(resume_timer_, runtime::Clock::now());
            return;
        }
        const std::size_t end = c.input.find('\n');
        if (end == std::string::npos) {
            if (c.input.size() > max_request_line) {
                queue(slot, reply_error(nullptr, ErrorCode::too_long, "request line too long"));
                c.closing = true;
                c.input.clear();
                flush(slot);
            }
            return;
        }
        std::string_view line(c.input.data(), end);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            c.input.erase(0, end + 1);
            continue;
        }
        ++handled;
        std::string reply;
        bool follow = false;
        bool deferred = false;
        if (end > max_request_line) {
            reply = reply_error(nullptr, ErrorCode::too_long, "request line too long");
            c.closing = true;
        } else {
            try {
                auto parsed = parse_request(line);
                if (auto* e = std::get_if<RequestError>(&parsed)) {
                    reply = reply_error(e->id, e->code, e->message);
                } else {
                    const Request& r = std::get<Request>(parsed);
                    if (access_needed(r) == Access::admin && c.peer.access != Access::admin) {
                        reply = reply_error(r.id, ErrorCode::permission_denied,
                                            std::string(method_name(r.method)) +
                                                " changes the daemon's state: root only");
                    } else {
                        Outcome o = handler_(ClientId{slot, c.generation}, c.peer, r);
                        follow = o.follow;
                        if (o.reply) {
                            reply = std::move(*o.reply);
                        } else {
                            deferred = true;
                        }
                    }
                }
            } catch (...) {
                reply = reply_error(nullptr, ErrorCode::failed, "out of memory");
            }
        }
        if (!c.fd.valid()) {
            return; // the handler's reply closed it (output cap)
        }
        c.input.erase(0, end + 1);
        c.following = follow;
        if (follow) {
            c.input.clear();
        }
        if (deferred) {
            c.waiting = true;
            return;
        }
        queue(slot, reply);
    }
}

void Server::reply(ClientId id, std::string line) noexcept {
    Client* c = client(id);
    if (c == nullptr) {
        return;
    }
    c->waiting = false;
    queue(id.slot, line);
    if (clients_[id.slot].fd.valid()) {
        handle_input(id.slot);
    }
}

void Server::publish(const std::string& line) noexcept {
    for (std::uint32_t s = 0; s < clients_.size(); ++s) {
        if (clients_[s].fd.valid() && clients_[s].following && !clients_[s].waiting) {
            queue(s, line);
        }
    }
}

void Server::send(ClientId id, std::string_view line) noexcept {
    if (client(id) != nullptr) {
        queue(id.slot, line);
    }
}

bool Server::connected(ClientId id) noexcept {
    return client(id) != nullptr;
}

void Server::abandon() noexcept {
    for (Client& c : clients_) {
        c.fd.reset();
    }
    listener_.reset();
}

void Server::queue(std::uint32_t slot, std::string_view text) noexcept {
    Client& c = clients_[slot];
    if (c.output.size() - c.output_sent + text.size() > max_output) {
        close_client(slot); // it does not read: drop it rather than hold the memory
        return;
    }
    try {
        if (c.output_sent > 0 && c.output_sent == c.output.size()) {
            c.output.clear();
            c.output_sent = 0;
        }
        c.output.append(text);
    } catch (...) {
        close_client(slot);
        return;
    }
    flush(slot);
}

void Server::flush(std::uint32_t slot) noexcept {
    Client& c = clients_[slot];
    while (c.output_sent < c.output.size()) {
        const ssize_t n = ::send(c.fd.get(), c.output.data() + c.output_sent, c.output.size() - c.output_sent,
                                 MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                if (!c.writable_armed) {
                    c.writable_armed = !loop_.set_interest(c.fd.get(), runtime::EventLoop::Interest::read_write);
                }
                if (c.stalled_since == runtime::TimePoint{}) {
                    c.stalled_since = runtime::Clock::now();
                }
                return;
            }
            close_client(slot);
            return;
        }
        c.output_sent += static_cast<std::size_t>(n);
        c.stalled_since = {};
    }
    c.output.clear();
    c.output_sent = 0;
    if (c.writable_armed) {
        c.writable_armed = false;
        (void)loop_.set_interest(c.fd.get(), runtime::EventLoop::Interest::read);
    }
    if (c.closing) {
        close_client(slot);
    }
}

void Server::close_client(std::uint32_t slot) noexcept {
    Client& c = clients_[slot];
    if (!c.fd.valid()) {
        return;
    }
    loop_.remove_reader(c.fd.get());
    c = Client{};
}

void Server::sweep() noexcept {
    const runtime::TimePoint now = runtime::Clock::now();
    for (std::uint32_t s = 0; s < clients_.size(); ++s) {
        Client& c = clients_[s];
        if (!c.fd.valid()) {
            continue;
        }
        const bool stalled = c.stalled_since != runtime::TimePoint{} && now - c.stalled_since >= stall_timeout;
        const bool idle = !c.following && !c.waiting && c.output_sent == c.output.size() &&
                          now - c.last_activity >= idle_timeout;
        if (stalled || idle) {
            close_client(s);
        }
    }
    if (clients() > 0) {
        loop_.arm(sweep_timer_, now + sweep_interval);
    }
}

void Server::resume() noexcept {
    for (std::uint32_t s = 0; s < clients_.size(); ++s) {
        if (clients_[s].fd.valid() && clients_[s].input.find('\n') != std::string::npos) {
            handle_input(s);
        }
    }
}

} // namespace vigil::control
