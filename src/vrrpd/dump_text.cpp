#include "vrrpd/dump_text.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace vigil::vrrpd {

namespace {

std::string prefix_text(const net::IpAddress& a, unsigned length) {
    const unsigned full = a.family() == net::Family::ipv4 ? 32 : 128;
    return length == full ? a.to_string() : fmt::format("{}/{}", a.to_string(), length);
}

unsigned table_number(const std::optional<std::string>& table) {
    if (!table || *table == "main") {
        return 254;
    }
    if (*table == "local") {
        return 255;
    }
    if (*table == "default") {
        return 253;
    }
    return static_cast<unsigned>(std::strtoul(table->c_str(), nullptr, 10));
}

} // namespace

std::string address_line(const vrrp::VirtualAddress& v, const vrrpconf::AddressOptions& o, const std::optional<std::string>& base,
                         const std::optional<std::string>& track_group) {
    std::string text = prefix_text(v.address, v.prefix_length);
    if (o.broadcast && v.address.family() == net::Family::ipv4) {
        text += " brd " + o.broadcast->to_string();
    }
    text += " dev " + v.interface;
    if (base) {
        text += "@" + *base;
    }
    switch (o.scope) {
    case 0:
        text += " scope global";
        break;
    case 200:
        text += " scope site";
        break;
    case 253:
        text += " scope link";
        break;
    case 254:
        text += " scope host";
        break;
    case 255:
        text += " scope nowhere";
        break;
    default:
        text += fmt::format(" scope {}", o.scope);
    }
    if (!o.label.empty()) {
        text += " label " + o.label;
    }
    if (o.peer) {
        text += fmt::format(" peer {}/{}", o.peer->to_string(), v.prefix_length);
    }
    if (track_group) {
        text += " track_group " + *track_group;
    }
    if (v.address.family() == net::Family::ipv6) {
        const std::uint32_t lft = o.preferred_lft.value_or(0xffffffffU);
        text += lft == 0 ? std::string(" deprecated")
                : lft == 0xffffffffU ? std::string(" preferred_lft forever")
                                     : fmt::format(" preferred_lft {}", lft);
    }
    return text;
}

std::string route_text(const config::Route& r) {
    std::string text = "prepend ";
    if (r.type_ && *r.type_ != "unicast") {
        text += *r.type_ + " ";
    }
    text += r.destination_ ? prefix_text(r.destination_->address_, r.destination_->prefix_) : "default";
    if (r.src_) {
        text += " src " + r.src_->to_string();
    }
    if (r.via_) {
        text += fmt::format(" via {} {}", r.via_->family() == net::Family::ipv6 ? "inet6" : "inet", r.via_->to_string());
    }
    if (r.dev_) {
        text += " dev " + *r.dev_;
    }
    if (const unsigned table = table_number(r.table_); table != 254) {
        text += fmt::format(" table {}", table);
    }
    text += " proto 18";
    if (r.metric_) {
        text += fmt::format(" metric {}", *r.metric_);
    }
    if (r.no_track_) {
        text += " no_track";
    }
    if (r.track_group_) {
        text += " track_group " + *r.track_group_;
    }
    return text;
}

std::string rule_text(const config::Rule& r) {
    std::string text;
    if (!r.from_ && !r.to_ && r.family_ == net::Family::ipv6) {
        text += "inet6 ";
    }
    text += r.from_ ? "from " + prefix_text(r.from_->address_, r.from_->prefix_) : std::string("from all");
    if (r.to_) {
        text += " to " + prefix_text(r.to_->address_, r.to_->prefix_);
    }
    if (r.preference_) {
        text += fmt::format(" priority {}", *r.preference_);
    }
    text += " tos 0x0";
    if (r.iif_) {
        text += " iif " + *r.iif_;
    }
    if (r.oif_) {
        text += " oif " + *r.oif_;
    }
    text += " protocol 18";
    text += fmt::format(" lookup {}", table_number(r.table_));
    if (r.no_track_) {
        text += " no_track";
    }
    if (r.track_group_) {
        text += " track_group " + *r.track_group_;
    }
    return text;
}

std::string weight_text(const vrrp::TrackRef& t) {
    return fmt::format("weight {}{}", t.weight, t.reverse == vrrp::TrackerReverse::reverse ? " reverse" : "");
}

} // namespace vigil::vrrpd
