#pragma once
// The block structure of keepalived 2.2.7's keyword tables (Debian build): which keywords
// open a sub-level of keywords (install_sublevel / install_keyword_root with keywords under
// it), which read a value block (their handler calls alloc_value_block/read_value_block), and
// in which of keepalived's readings of the configuration each root keyword is active.
//
// Contract: only keywords that take a block are listed below the root; any other word is a
// plain line there. The root lists every keyword keepalived knows at the top level, because
// an inactive root keyword skips its block while an unknown one does not.

#include "parser/diagnostics.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace vigil::parser::schema {

enum class Kind : std::uint8_t {
    plain,        // a line; a '{' after it is "Unexpected"
    sublevel,     // keyword { keywords... }: "Missing '{'" when the block does not open
    value_block,  // keyword { lines until '}' }: the first '{' is optional
};

struct Level;

struct Entry {
    std::string_view name;
    Kind kind;
    const Level* child;  // the sub-level's keywords (sublevel only)
};

struct Level {
    std::span<const Entry> entries;
    // The entry for `keyword`, or nullptr (a plain line).
    const Entry* find(std::string_view keyword) const noexcept;
};

// keepalived's readings of the configuration, as bits.
enum Reading : std::uint8_t {
    parent = 1,   // the parent process: global_defs and the root settings
    checker = 2,  // the checker process (LVS, track_file, bfd_instance names)
    vrrp = 4,     // the VRRP process
    bfd = 8,      // the BFD process
};

struct RootEntry {
    Entry entry;
    std::uint8_t active;  // Reading bits
    Phase home;           // the reading whose handlers report problems in it
};

// The root keyword, or nullptr when keepalived does not know it.
const RootEntry* find_root(std::string_view keyword) noexcept;
std::span<const RootEntry> roots() noexcept;

// The readings in keepalived's order, with the phase each one reports in.
struct ReadingPhase {
    Reading reading;
    Phase phase;
};
std::span<const ReadingPhase> readings() noexcept;

} // namespace vigil::parser::schema
