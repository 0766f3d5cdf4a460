#include "http/request.hpp"

namespace vigil::http {

std::string build_request(const RequestSpec& spec) {
    std::string out;
    out.reserve(128 + spec.path.size());
    out += "GET ";
    out += spec.path;
    out += spec.protocol == config::HttpProtocol::http_1_1 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n";
    out += "User-Agent: KeepAliveClient\r\n";
    if (spec.protocol != config::HttpProtocol::http_1_0) {
        out += "Connection: close\r\n";
    }
    out += "Host: ";
    if (spec.virtualhost) {
        out += *spec.virtualhost;
    } else {
        const bool v6 = spec.address.family() == net::Family::ipv6;
        if (v6) {
            out += '[';
        }
        out += spec.address.to_string();
        if (v6) {
            out += ']';
        }
        out += ':';
        out += std::to_string(spec.port);
    }
    out += "\r\n\r\n";
    if (out.size() > max_request_length) {
        out.resize(max_request_length);
    }
    return out;
}

std::optional<std::string_view> request_host(const config::HttpUrl& url, const config::HttpCheck& check,
                                             const config::RealServer& rs, const config::VirtualServer& vs) {
    if (url.virtualhost_) {
        return *url.virtualhost_;
    }
    if (check.virtualhost_) {
        return *check.virtualhost_;
    }
    if (rs.virtualhost_) {
        return *rs.virtualhost_;
    }
    if (vs.virtualhost_) {
        return *vs.virtualhost_;
    }
    return std::nullopt;
}

std::optional<std::string_view> sni_host(const config::HttpUrl& url, const config::HttpCheck& check,
                                         const config::VirtualServer& vs) {
    if (url.virtualhost_) {
        return *url.virtualhost_;
    }
    if (check.virtualhost_) {
        return *check.virtualhost_;
    }
    if (vs.virtualhost_) {
        return *vs.virtualhost_;
    }
    return std::nullopt;
}

} // namespace vigil::http
