#include "http/exchange.hpp"

namespace vigil::http {
namespace {
constexpr std::size_t tls_input_size = 16 * 1024 + 512;  // one TLS record and its overhead
} // namespace

Exchange::Exchange(ExchangeOptions options) : options_(std::move(options)), reader_(options_.reader) {}

void Exchange::fail(const char* message) {
    step_ = Step::done;
    end_ = ExchangeEnd::failed;
    failure_ = message;
    deadline_ = probe::no_deadline;
    if (tls_) {
        tls_->quiet_shutdown();
    }
}

void Exchange::finish_response(ResponseReader::DigestDump dump) {
    digest_ = reader_.finish(dump);
    step_ = Step::done;
    end_ = ExchangeEnd::response;
    deadline_ = probe::no_deadline;
}

void Exchange::start(probe::ConnectStatus status, probe::TimePoint now) {
    switch (status) {
    case probe::ConnectStatus::connected:
    case probe::ConnectStatus::in_progress:
        step_ = Step::connecting;
        deadline_ = now + options_.timeout;
        return;
    case probe::ConnectStatus::failed:
    case probe::ConnectStatus::timed_out:
        fail("HTTP_CHECK - network unreachable");
        return;
    case probe::ConnectStatus::error:
        step_ = Step::done;
        end_ = ExchangeEnd::not_run;
        deadline_ = probe::no_deadline;
        return;
    }
}

void Exchange::on_connect(probe::ConnectStatus status, probe::TimePoint now) {
    if (step_ != Step::connecting) {
        return;
    }
    switch (status) {
    case probe::ConnectStatus::connected: connected(now); return;
    case probe::ConnectStatus::in_progress: return;
    case probe::ConnectStatus::timed_out: fail("Timeout connecting"); return;
    case probe::ConnectStatus::failed: fail("Connection failed"); return;
    case probe::ConnectStatus::error: fail("Error connecting"); return;
    }
}

void Exchange::connected(probe::TimePoint now) {
    if (options_.tls == nullptr) {
        begin_sending(now);
        return;
    }
    tls_ = std::make_unique<tls::Session>(*options_.tls, options_.server_name);
    tls_input_.reset(new char[tls_input_size]);
    if (!tls_->valid()) {
        fail("SSL handshake/communication error connecting to");
        return;
    }
    step_ = Step::handshaking;  // the connect deadline still applies
    handshake_step(now);
}

void Exchange::handshake_step(probe::TimePoint now) {
    switch (tls_->handshake()) {
    case tls::Session::Progress::want_read: return;
    case tls::Session::Progress::failed: fail("SSL handshake/communication error connecting to"); return;
    case tls::Session::Progress::done:
        if (!tls_->write({options_.request.data(), options_.request.size()})) {
            fail("Cannot send get request to");
            return;
        }
        begin_sending(now);
        return;
    }
}

void Exchange::begin_sending(probe::TimePoint now) {
    step_ = Step::sending;
    deadline_ = now + options_.timeout;
}

Interest Exchange::interest() const noexcept {
    const bool tls_output = tls_ && tls_->has_output();
    switch (step_) {
    case Step::connecting: return {false, true};
    case Step::handshaking: return {true, tls_output};
    case Step::sending: return {false, true};
    case Step::awaiting:
    case Step::reading: return {true, tls_output};
    case Step::done: return {};
    }
    return {};
}

std::span<const char> Exchange::output() noexcept {
    if (tls_) {
        return tls_->pending_output();
    }
    if (step_ == Step::sending) {
        return std::span<const char>(options_.request).subspan(request_sent_);
    }
    return {};
}

void Exchange::on_sent(std::size_t count, probe::TimePoint now) {
    if (tls_) {
        tls_->consume_output(count);
        if (step_ == Step::sending && tls_->pending_output().empty()) {
            step_ = Step::awaiting;
            deadline_ = now + options_.timeout;
        }
        return;
    }
    if (step_ != Step::sending) {
        return;
    }
    request_sent_ += count;
    if (request_sent_ >= options_.request.size()) {
        step_ = Step::awaiting;
        deadline_ = now + options_.timeout;
    }
}

void Exchange::on_send_failed(probe::TimePoint /*now*/) {
    if (step_ == Step::handshaking) {
        fail("SSL handshake/communication error connecting to");
    } else if (step_ == Step::sending) {
        fail("Cannot send get request to");
    } else if (step_ != Step::done && tls_) {
        // A failed send of TLS protocol bytes while reading: the read that follows fails.
        tls_->end_of_stream();
    }
}

std::span<char> Exchange::input_area() noexcept {
    if (tls_) {
        return {tls_input_.get(), tls_input_size};
    }
    return reader_.read_area();
}

void Exchange::on_received(std::size_t count, probe::TimePoint now) {
    if (step_ == Step::done) {
        return;
    }
    if (tls_) {
        if (count == 0) {
            tls_->end_of_stream();
        } else {
            tls_->feed({tls_input_.get(), count});
        }
        if (step_ == Step::handshaking) {
            handshake_step(now);
            return;
        }
        if (step_ == Step::awaiting || step_ == Step::sending) {
            // One deadline for every read of the response (check_ssl.c ssl_read_thread).
            step_ = Step::reading;
            deadline_ = now + options_.timeout;
        }
        tls_read_loop();
        return;
    }
    if (step_ != Step::awaiting && step_ != Step::reading) {
        return;
    }
    step_ = Step::reading;
    if (count == 0) {
        finish_response(ResponseReader::DigestDump::verbose);
        return;
    }
    reader_.received(count);
    deadline_ = now + options_.timeout;
}

void Exchange::tls_read_loop() {
    while (step_ == Step::reading) {
        const auto area = reader_.read_area();
        if (area.empty()) {
            finish_response(ResponseReader::DigestDump::none);
            return;
        }
        const auto result = tls_->read(area);
        switch (result.status) {
        case tls::Session::ReadStatus::want_read: return;
        case tls::Session::ReadStatus::data: reader_.received(result.count); break;
        case tls::Session::ReadStatus::closed:
            finish_response(ResponseReader::DigestDump::verbose);
            tls_->quiet_shutdown();
            if (!reader_.header_complete()) {
                end_ = ExchangeEnd::failed;
                failure_ = "SSL read error from";
            }
            return;
        case tls::Session::ReadStatus::failed:
            tls_->quiet_shutdown();
            finish_response(ResponseReader::DigestDump::none);
            return;
        }
    }
}

void Exchange::on_receive_failed(probe::TimePoint now) {
    if (tls_) {
        on_received(0, now);
        return;
    }
    switch (step_) {
    case Step::awaiting:
    case Step::reading:
        digest_ = reader_.finish(ResponseReader::DigestDump::none);
        fail("Read error with");
        return;
    default: return;
    }
}

void Exchange::on_deadline(probe::TimePoint now) {
    if (now < deadline_) {
        return;
    }
    switch (step_) {
    case Step::connecting:
    case Step::handshaking: fail("Timeout connecting"); return;
    case Step::sending: fail("Timeout WEB write"); return;
    case Step::awaiting: fail("Timeout WEB read"); return;
    case Step::reading: fail(tls_ ? "Timeout SSL read" : "Timeout HTTP read"); return;
    case Step::done: return;
    }
}

} // namespace vigil::http
