#include "vrrp/drop_reason.hpp"

namespace vigil::vrrp {

std::string_view drop_reason_name(DropReason reason) noexcept {
    switch (reason) {
    case DropReason::none:
        return "none";
    case DropReason::too_short:
        return "too_short";
    case DropReason::bad_ip_header:
        return "bad_ip_header";
    case DropReason::ah_not_vrrp:
        return "ah_not_vrrp";
    case DropReason::multicast_on_unicast:
        return "multicast_on_unicast";
    case DropReason::ah_unexpected:
        return "ah_unexpected";
    case DropReason::ah_missing:
        return "ah_missing";
    case DropReason::length:
        return "length";
    case DropReason::ttl:
        return "ttl";
    case DropReason::version:
        return "version";
    case DropReason::invalid_auth_type:
        return "invalid_auth_type";
    case DropReason::auth_type_mismatch:
        return "auth_type_mismatch";
    case DropReason::auth_failure:
        return "auth_failure";
    case DropReason::ah_icv:
        return "ah_icv";
    case DropReason::ah_spi:
        return "ah_spi";
    case DropReason::ah_replay:
        return "ah_replay";
    case DropReason::interval_mismatch:
        return "interval_mismatch";
    case DropReason::invalid_type:
        return "invalid_type";
    case DropReason::address_count:
        return "address_count";
    case DropReason::total_length:
        return "total_length";
    case DropReason::checksum:
        return "checksum";
    case DropReason::cast_mismatch:
        return "cast_mismatch";
    case DropReason::address_missing:
        return "address_missing";
    case DropReason::unicast_source:
        return "unicast_source";
    case DropReason::peer_ttl:
        return "peer_ttl";
    }
    return "unknown";
}

} // namespace vigil::vrrp
