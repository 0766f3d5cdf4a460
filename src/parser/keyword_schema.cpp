// keepalived 2.2.7's keyword tables, reduced to their block structure (see the header).
// Sources: the install_keyword* calls of global_parser.c, vrrp_parser.c, check_parser.c and
// check_*.c, bfd_parser.c, track_file.c, and the handlers that call alloc_value_block().
#include "parser/keyword_schema.hpp"

#include <algorithm>

namespace vigil::parser::schema {

namespace {

constexpr Level no_blocks{};

constexpr Entry global_entries[] = {{"notification_email", Kind::value_block, nullptr}};
constexpr Level global_level{global_entries};

constexpr Entry tracking_value_blocks[] = {
    {"group", Kind::value_block, nullptr},           {"track_interface", Kind::value_block, nullptr},
    {"track_script", Kind::value_block, nullptr},    {"track_file", Kind::value_block, nullptr},
    {"track_process", Kind::value_block, nullptr},   {"track_bfd", Kind::value_block, nullptr},
};
constexpr Level sync_group_level{tracking_value_blocks};
constexpr Level track_group_level{std::span<const Entry>{tracking_value_blocks, 1}};

constexpr Entry garp_group_entries[] = {{"interfaces", Kind::value_block, nullptr}};
constexpr Level garp_group_level{garp_group_entries};

constexpr Entry instance_entries[] = {
    {"unicast_peer", Kind::value_block, nullptr},
    {"track_interface", Kind::value_block, nullptr},
    {"track_script", Kind::value_block, nullptr},
    {"track_file", Kind::value_block, nullptr},
    {"track_process", Kind::value_block, nullptr},
    {"track_bfd", Kind::value_block, nullptr},
    {"virtual_ipaddress", Kind::value_block, nullptr},
    {"virtual_ipaddress_excluded", Kind::value_block, nullptr},
    {"virtual_routes", Kind::value_block, nullptr},
    {"virtual_rules", Kind::value_block, nullptr},
    {"authentication", Kind::sublevel, &no_blocks},
};
constexpr Level instance_level{instance_entries};

constexpr Entry http_entries[] = {{"url", Kind::sublevel, &no_blocks}};
constexpr Level http_level{http_entries};
constexpr Entry smtp_entries[] = {{"host", Kind::sublevel, &no_blocks}};
constexpr Level smtp_level{smtp_entries};

constexpr Entry real_server_entries[] = {
    {"HTTP_GET", Kind::sublevel, &http_level},     {"SSL_GET", Kind::sublevel, &http_level},
    {"TCP_CHECK", Kind::sublevel, &no_blocks},     {"SMTP_CHECK", Kind::sublevel, &smtp_level},
    {"PING_CHECK", Kind::sublevel, &no_blocks},    {"UDP_CHECK", Kind::sublevel, &no_blocks},
    {"DNS_CHECK", Kind::sublevel, &no_blocks},     {"MISC_CHECK", Kind::sublevel, &no_blocks},
    {"FILE_CHECK", Kind::sublevel, &no_blocks},    {"BFD_CHECK", Kind::sublevel, &no_blocks},
};
constexpr Level real_server_level{real_server_entries};

constexpr Entry virtual_server_entries[] = {{"real_server", Kind::sublevel, &real_server_level}};
constexpr Level virtual_server_level{virtual_server_entries};

constexpr std::uint8_t P = parent;
constexpr std::uint8_t C = checker;
constexpr std::uint8_t V = vrrp;
constexpr std::uint8_t B = bfd;

constexpr RootEntry root_entries[] = {
    // parent: global_defs and the settings read before the processes start
    {{"linkbeat_use_polling", Kind::plain, nullptr}, P, Phase::parent},
    {{"net_namespace", Kind::plain, nullptr}, P, Phase::parent},
    {{"net_namespace_ipvs", Kind::plain, nullptr}, P, Phase::parent},
    {{"namespace_with_ipsets", Kind::plain, nullptr}, P, Phase::parent},
    {{"use_pid_dir", Kind::plain, nullptr}, P, Phase::parent},
    {{"instance", Kind::plain, nullptr}, P, Phase::parent},
    {{"child_wait_time", Kind::plain, nullptr}, P, Phase::parent},
    {{"global_defs", Kind::sublevel, &global_level}, P, Phase::parent},
    // VRRP
    {{"track_group", Kind::sublevel, &track_group_level}, V, Phase::vrrp},
    {{"static_ipaddress", Kind::value_block, nullptr}, V, Phase::vrrp},
    {{"static_routes", Kind::value_block, nullptr}, V, Phase::vrrp},
    {{"static_rules", Kind::value_block, nullptr}, V, Phase::vrrp},
    {{"vrrp_sync_group", Kind::sublevel, &sync_group_level}, V, Phase::vrrp},
    {{"garp_group", Kind::sublevel, &garp_group_level}, V, Phase::vrrp},
    {{"linkbeat_interfaces", Kind::value_block, nullptr}, V, Phase::vrrp},
    {{"vrrp_instance", Kind::sublevel, &instance_level}, V, Phase::vrrp},
    {{"vrrp_script", Kind::sublevel, &no_blocks}, V, Phase::vrrp},
    {{"vrrp_track_process", Kind::sublevel, &no_blocks}, V, Phase::vrrp},
    {{"interface_up_down_delays", Kind::value_block, nullptr}, V, Phase::vrrp},
    // checker
    {{"SSL", Kind::sublevel, &no_blocks}, C, Phase::checker},
    {{"virtual_server_group", Kind::value_block, nullptr}, C, Phase::checker},
    {{"virtual_server", Kind::sublevel, &virtual_server_level}, C, Phase::checker},
    // BFD (the checker and VRRP processes read the names and weights). Bound in the checker's
    // reading, the first of the three, so that BFD_CHECK and track_bfd see the instances;
    // the VRRP reading reports its own name checks (bind_root.cpp).
    {{"bfd_instance", Kind::sublevel, &no_blocks}, C | V | B, Phase::checker},
    // track files (checker and VRRP)
    {{"track_file", Kind::sublevel, &no_blocks}, C | V, Phase::checker},
    {{"vrrp_track_file", Kind::sublevel, &no_blocks}, C | V, Phase::checker},
};

constexpr ReadingPhase reading_order[] = {
    {parent, Phase::parent}, {checker, Phase::checker}, {vrrp, Phase::vrrp}, {bfd, Phase::bfd}};

} // namespace

const Entry* Level::find(std::string_view keyword) const noexcept {
    for (const auto& e : entries) {
        if (e.name == keyword) {
            return &e;
        }
    }
    return nullptr;
}

const RootEntry* find_root(std::string_view keyword) noexcept {
    for (const auto& r : root_entries) {
        if (r.entry.name == keyword) {
            return &r;
        }
    }
    return nullptr;
}

std::span<const RootEntry> roots() noexcept {
    return root_entries;
}

std::span<const ReadingPhase> readings() noexcept {
    return reading_order;
}

} // namespace vigil::parser::schema
