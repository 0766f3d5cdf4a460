#include "cli/connection.hpp"

#include <fmt/format.h>

namespace vigil::cli {

namespace {

// call()'s work; an error whose code is `quiet` is not printed and leaves `quieted` set.
std::optional<Reply> exchange(const CommonOptions& common, const control::Request& request,
                              std::chrono::milliseconds timeout, int& exit_status, std::string_view quiet,
                              bool& quieted) {
    exit_status = exit_error;
    std::string error;
    auto client = control::Client::connect(common.socket_path, error);
    if (!client) {
        fmt::print(stderr, "vigil: {}\n", error);
        return std::nullopt;
    }
    if (!client->send(control::request_line(request), reply_timeout, error)) {
        fmt::print(stderr, "vigil: {}\n", error);
        return std::nullopt;
    }
    const auto line = client->read_line(timeout, error);
    if (!line) {
        fmt::print(stderr, "vigil: {}\n", error);
        return std::nullopt;
    }
    auto parsed = control::parse_json(*line);
    const control::Json* reply = std::get_if<control::Json>(&parsed);
    if (reply == nullptr || reply->members() == nullptr) {
        fmt::print(stderr, "vigil: the daemon's reply is not JSON\n");
        return std::nullopt;
    }
    if (const control::Json* e = reply->find("error")) {
        if (!quiet.empty() && text_of(*e, "code") == quiet) {
            quieted = true;
            return std::nullopt;
        }
        const std::string message = text_of(*e, "message");
        fmt::print(stderr, "vigil: {} ({})\n", message.empty() ? "request failed" : message, text_of(*e, "code"));
        return std::nullopt;
    }
    const control::Json* result = reply->find("result");
    if (result == nullptr) {
        fmt::print(stderr, "vigil: the daemon's reply has no result\n");
        return std::nullopt;
    }
    exit_status = exit_ok;
    return Reply{*result, std::move(client)};
}

} // namespace

std::optional<Reply> call(const CommonOptions& common, const control::Request& request,
                          std::chrono::milliseconds timeout, int& exit_status) {
    bool quieted = false;
    return exchange(common, request, timeout, exit_status, "", quieted);
}

int query_both(const CommonOptions& common, control::Method method, bool json, const Printer& vrrp,
               const Printer& lvs) {
    std::optional<control::Json> parts[2];
    bool absent[2] = {false, false};
    for (const control::Process process : {control::Process::vrrp, control::Process::checker}) {
        const auto k = static_cast<std::size_t>(process);
        control::Request request{nullptr, method};
        request.process = process;
        int status = exit_error;
        auto reply = exchange(common, request, reply_timeout, status, "absent", absent[k]);
        if (!reply && !absent[k]) {
            return status;
        }
        if (reply) {
            parts[k] = std::move(reply->result);
        }
    }
    if (!parts[0] && !parts[1]) {
        fmt::print(stderr, "vigil: neither the VRRP nor the checker process runs (absent)\n");
        return exit_error;
    }
    if (json) {
        control::Json out = parts[0] && parts[0]->members() != nullptr ? *parts[0] : control::Json::object();
        out.set("lvs", parts[1] ? *parts[1] : control::Json(nullptr));
        fmt::print("{}\n", control::to_json_text(out));
        return exit_ok;
    }
    int status = exit_ok;
    if (parts[0]) {
        status = vrrp(*parts[0]);
    }
    if (parts[1] && status == exit_ok) {
        if (parts[0]) {
            fmt::print("\n");
        }
        status = lvs(*parts[1]);
    }
    return status;
}

int query(const CommonOptions& common, const control::Request& request, bool json,
          const std::function<int(const control::Json& result)>& human) {
    int status = exit_error;
    const auto reply = call(common, request, reply_timeout, status);
    if (!reply) {
        return status;
    }
    if (json) {
        fmt::print("{}\n", control::to_json_text(reply->result));
        return exit_ok;
    }
    return human(reply->result);
}

bool parse_flags(std::string_view subcommand, Arguments arguments, std::initializer_list<Flag> flags,
                 std::vector<std::string_view>* positional) {
    for (const std::string_view a : arguments) {
        bool known = false;
        for (const Flag& f : flags) {
            if (a.size() > 2 && a.substr(0, 2) == "--" && a.substr(2) == f.name) {
                *f.value = true;
                known = true;
            }
        }
        if (known) {
            continue;
        }
        if (a.starts_with("-") || positional == nullptr) {
            fmt::print(stderr, "vigil {}: unexpected argument '{}' (vigil --help)\n", subcommand, a);
            return false;
        }
        positional->push_back(a);
    }
    return true;
}

std::string text_of(const control::Json& object, std::string_view key) {
    const control::Json* v = object.find(key);
    return v != nullptr && v->string() != nullptr ? *v->string() : std::string();
}

double number_of(const control::Json& object, std::string_view key) {
    const control::Json* v = object.find(key);
    return v != nullptr ? v->number().value_or(0) : 0;
}

std::optional<bool> flag_of(const control::Json& object, std::string_view key) {
    const control::Json* v = object.find(key);
    return v != nullptr && v->boolean() != nullptr ? std::optional<bool>(*v->boolean()) : std::nullopt;
}

} // namespace vigil::cli
