#pragma once
// Transition: the address type is net::IpAddress (net/ip_address.hpp). These names stay until
// the branches written against them have merged; new code spells net::.

#include "net/ip_address.hpp"

namespace vigil::config {
using net::Family;
using net::family_name;
using net::IpAddress;
using net::IpPrefix;
} // namespace vigil::config
