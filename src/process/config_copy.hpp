#pragma once
// The parent's accepted configuration as canonical text (parser::dump_config), kept in an
// anonymous file (memfd) that every child inherits across fork. A respawned child, and a
// child applying a reload the parent accepted, build their model from this text, never from
// the files: every process runs the configuration the parent validated, whatever happened
// to the files since (keepalived's children likewise read the parent's consolidated copy).
// The text lives in the file's pages, outside every process's heap.
//
// Contract: store() before the child is told (fork, SIGHUP); load() returns the latest
// stored text, or "" when there is none or it cannot be read. Never throws after
// construction.

#include "util/unique_fd.hpp"

#include <string>
#include <string_view>

namespace vigil::process {

class ConfigCopy {
public:
    // A memfd, or an unnamed file in /tmp where memfd_create is missing; without either,
    // every load() is empty (a child then has no configuration to respawn with).
    ConfigCopy() noexcept;

    void store(std::string_view text) noexcept;
    [[nodiscard]] std::string load() const;

private:
    UniqueFd fd_;
};

} // namespace vigil::process
