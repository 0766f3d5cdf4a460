#include "bfd/drop_reason.hpp"

namespace vigil::bfd {

std::string_view drop_reason_name(DropReason reason) noexcept {
    switch (reason) {
    case DropReason::none:
        return "none";
    case DropReason::too_short:
        return "too_short";
    case DropReason::version:
        return "version";
    case DropReason::length:
        return "length";
    case DropReason::zero_multiplier:
        return "zero_multiplier";
    case DropReason::multipoint:
        return "multipoint";
    case DropReason::zero_my_discriminator:
        return "zero_my_discriminator";
    case DropReason::zero_your_discriminator:
        return "zero_your_discriminator";
    case DropReason::poll_and_final:
        return "poll_and_final";
    case DropReason::diagnostic:
        return "diagnostic";
    case DropReason::unknown_discriminator:
        return "unknown_discriminator";
    case DropReason::no_session:
        return "no_session";
    case DropReason::ttl:
        return "ttl";
    case DropReason::authentication:
        return "authentication";
    case DropReason::admin_down:
        return "admin_down";
    }
    return "unknown";
}

} // namespace vigil::bfd
