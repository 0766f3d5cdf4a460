#pragma once
// Private to bind_route*.cpp: the reader of one virtual_routes / static_routes line.

#include "parser/bind_option_line.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace vigil::parser::route_line {

// The state of one route line being read.
class RouteReader : OptionLineReader<config::Route> {
public:
    RouteReader(BindContext& ctx, const Statement& s, AddressContext where) : OptionLineReader{ctx, s, where} {}

    std::optional<config::Route> read();

private:
    // Sets the route's family; false (after "Cannot mix ...") on a mismatch.
    bool family(net::Family f, std::string_view mismatch = "Cannot mix IPv4 and IPv6 addresses for route") {
        if (!r_.family_) {
            r_.family_ = f;
            return true;
        }
        if (*r_.family_ != f) {
            error(std::string{mismatch});
            return false;
        }
        return true;
    }
    // get_u32 & co: read_unsigned with "errmsg" on failure.
    bool get_unsigned(std::string_view text, unsigned long max, std::string_view errmsg) {
        const auto r = read_unsigned(text, 0, max);
        for (const auto& m : r.messages) {
            error(m);
        }
        if (!r.ok) {
            error(fmt::format(fmt::runtime(errmsg), text));
        }
        return r.ok;
    }
    bool get_rtt(std::string_view text, unsigned unit_mult);
    bool option(std::string_view w);  // false: the route is dropped
    bool encap();
    bool nexthops();

    bool do_nexthop_ = false;
    bool had_or_ = false;
    bool have_dst_ = false;
    bool have_oif_ = false;
    std::string dest_;
};

}  // namespace vigil::parser::route_line
