#pragma once
// Small values shared by every part of the configuration model (model.hpp, lvs_model.hpp,
// bfd_model.hpp): source positions, verbatim statements, commands, users and FIFOs.

#include "config/heap_optional.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::config {

struct Location {
    // The file's name, shared by every Location in that file (one string per file, not
    // per located object); null when there is no position.
    std::shared_ptr<const std::string> file_;
    unsigned line_{0};
    unsigned column_{0};
    friend bool operator==(const Location&, const Location&) noexcept { return true; }
};

// A keyword line kept verbatim (accepted-but-unmodelled globals):
// its words and, for a block, its nested statements. Dumped back as written.
struct RawStatement {
    std::vector<std::string> words_;
    bool has_block_{false};
    std::vector<RawStatement> children_;
    friend bool operator==(const RawStatement&, const RawStatement&) = default;
};

// A script/notify command: CMD|"CMD ARGS" [USER [GROUP]] (reference §3 tokenisation, §6).
struct Command {
    std::vector<std::string> argv_;    // the command split with shell-like rules
    std::string text_;                 // the command word as written (after unquoting)
    std::optional<std::string> user_;  // script user override
    std::optional<std::string> group_;
    friend bool operator==(const Command&, const Command&) = default;
};
// Commands are mostly absent and ~140 bytes each: kept on the heap when given.
using OptionalCommand = HeapOptional<Command>;

struct UserGroup {
    std::string user_;
    std::optional<std::string> group_;
    friend bool operator==(const UserGroup&, const UserGroup&) = default;
};

// PATH [USER [GROUP]] for notify_fifo / vrrp_notify_fifo.
struct Fifo {
    std::string path_;
    std::optional<std::string> user_;
    std::optional<std::string> group_;
    friend bool operator==(const Fifo&, const Fifo&) = default;
};

} // namespace vigil::config
