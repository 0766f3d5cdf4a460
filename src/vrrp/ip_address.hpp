#pragma once
// Transition: the address type is net::IpAddress (net/ip_address.hpp). These names stay until
// the branches written against them have merged; new code spells net::.

#include "net/ip_address.hpp"

namespace vigil::vrrp {
using net::address_length;
using net::Family;
using net::IpAddress;
} // namespace vigil::vrrp
