#include "control/protocol.hpp"

#include <array>

namespace vigil::control {

namespace {

constexpr std::array<std::string_view, 7> method_names = {"status", "explain", "stats",   "events",
                                                          "metrics", "reload",  "processes"};

std::optional<Method> method_of(std::string_view name) noexcept {
    for (std::size_t i = 0; i < method_names.size(); ++i) {
        if (method_names[i] == name) {
            return static_cast<Method>(i);
        }
    }
    return std::nullopt;
}

// A boolean parameter: absent is false; anything but true/false is refused.
bool boolean_param(const Json& params, std::string_view key, bool& out, std::string& error) {
    const Json* v = params.find(key);
    if (v == nullptr) {
        return true;
    }
    if (const bool* b = v->boolean()) {
        out = *b;
        return true;
    }
    error = "params." + std::string(key) + " must be true or false";
    return false;
}

} // namespace

Access access_needed(const Request& request) noexcept {
    switch (request.method) {
    case Method::reload:
        return request.preview ? Access::read_only : Access::admin;
    case Method::status:
    case Method::explain:
    case Method::stats:
    case Method::events:
    case Method::metrics:
    case Method::processes:
        return Access::read_only;
    }
    return Access::admin;
}

std::string_view method_name(Method method) noexcept {
    return method_names[static_cast<std::size_t>(method)];
}

std::string_view process_name(Process process) noexcept {
    return process == Process::checker ? "checker" : "vrrp";
}

std::string_view error_code_name(ErrorCode code) noexcept {
    switch (code) {
    case ErrorCode::parse_error: return "parse_error";
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::unsupported_version: return "unsupported_version";
    case ErrorCode::unknown_method: return "unknown_method";
    case ErrorCode::permission_denied: return "permission_denied";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::failed: return "failed";
    case ErrorCode::too_long: return "too_long";
    case ErrorCode::busy: return "busy";
    case ErrorCode::absent: return "absent";
    }
    return "failed";
}

std::variant<Request, RequestError> parse_request(std::string_view line) {
    auto parsed = parse_json(line);
    if (auto* e = std::get_if<JsonError>(&parsed)) {
        return RequestError{nullptr, ErrorCode::parse_error,
                            "offset " + std::to_string(e->offset) + ": " + e->message};
    }
    const Json& root = std::get<Json>(parsed);
    if (root.members() == nullptr) {
        return RequestError{nullptr, ErrorCode::invalid_request, "a request is a JSON object"};
    }
    Request r;
    if (const Json* id = root.find("id")) {
        r.id = *id;
    }
    if (const Json* v = root.find("version")) {
        if (v->integer() == nullptr || *v->integer() != protocol_version) {
            return RequestError{r.id, ErrorCode::unsupported_version, "this daemon speaks version 1"};
        }
    }
    const Json* m = root.find("method");
    if (m == nullptr || m->string() == nullptr) {
        return RequestError{r.id, ErrorCode::invalid_request, "\"method\" (a string) is missing"};
    }
    const auto method = method_of(*m->string());
    if (!method) {
        return RequestError{r.id, ErrorCode::unknown_method, "unknown method \"" + *m->string() + "\""};
    }
    r.method = *method;
    const Json empty = Json::object();
    const Json* params = root.find("params");
    if (params == nullptr) {
        params = &empty;
    } else if (params->members() == nullptr) {
        return RequestError{r.id, ErrorCode::invalid_request, "\"params\" must be an object"};
    }
    std::string error;
    switch (r.method) {
    case Method::explain: {
        const Json* i = params->find("instance");
        if (i == nullptr || i->string() == nullptr || i->string()->empty()) {
            return RequestError{r.id, ErrorCode::invalid_request, "params.instance (a name) is missing"};
        }
        r.instance = *i->string();
        break;
    }
    case Method::events:
        if (!boolean_param(*params, "follow", r.follow, error)) {
            return RequestError{r.id, ErrorCode::invalid_request, error};
        }
        break;
    case Method::reload:
        if (!boolean_param(*params, "preview", r.preview, error)) {
            return RequestError{r.id, ErrorCode::invalid_request, error};
        }
        break;
    case Method::status:
    case Method::stats:
    case Method::metrics:
        if (const Json* p = params->find("process")) {
            if (p->string() != nullptr && *p->string() == "checker") {
                r.process = Process::checker;
            } else if (p->string() == nullptr || *p->string() != "vrrp") {
                return RequestError{r.id, ErrorCode::invalid_request, "params.process must be \"vrrp\" or \"checker\""};
            }
        }
        break;
    case Method::processes:
        break;
    }
    return r;
}

std::string reply_result(const Json& id, const Json& result) {
    std::string out = "{\"version\":1,\"id\":";
    append_json_text(out, id);
    out += ",\"result\":";
    append_json_text(out, result);
    out += "}\n";
    return out;
}

std::string reply_error(const Json& id, ErrorCode code, std::string_view message) {
    std::string out = "{\"version\":1,\"id\":";
    append_json_text(out, id);
    out += ",\"error\":{\"code\":";
    append_json_string(out, error_code_name(code));
    out += ",\"message\":";
    append_json_string(out, message);
    out += "}}\n";
    return out;
}

std::string stream_event(const Json& event) {
    std::string out = "{\"version\":1,\"event\":";
    append_json_text(out, event);
    out += "}\n";
    return out;
}

std::string request_line(const Request& request) {
    Json params = Json::object();
    switch (request.method) {
    case Method::explain:
        params.set("instance", request.instance);
        break;
    case Method::events:
        params.set("follow", request.follow);
        break;
    case Method::reload:
        params.set("preview", request.preview);
        break;
    case Method::status:
    case Method::stats:
    case Method::metrics:
        if (request.process == Process::checker) {
            params.set("process", std::string(process_name(request.process)));
        }
        break;
    case Method::processes:
        break;
    }
    Json root = Json::object();
    root.set("version", protocol_version);
    root.set("id", request.id);
    root.set("method", std::string(method_name(request.method)));
    root.set("params", std::move(params));
    return to_json_text(root) + "\n";
}

} // namespace vigil::control
