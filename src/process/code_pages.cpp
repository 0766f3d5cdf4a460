#include "process/code_pages.hpp"

#include <sys/mman.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace vigil::process {

namespace {

bool traced() noexcept {
    std::FILE* status = std::fopen("/proc/self/status", "re");
    if (status == nullptr) {
        return true; // unknown: leave the pages alone
    }
    std::array<char, 256> line{};
    long tracer = 0;
    while (std::fgets(line.data(), static_cast<int>(line.size()), status) != nullptr) {
        if (std::sscanf(line.data(), "TracerPid: %ld", &tracer) == 1) {
            break;
        }
    }
    std::fclose(status);
    return tracer != 0;
}

} // namespace

void release_code_pages() noexcept {
    if (traced()) {
        return;
    }
    std::FILE* maps = std::fopen("/proc/self/maps", "re");
    if (maps == nullptr) {
        return;
    }
    // "START-END PERMS OFFSET DEV INODE PATH": the ranges are collected first, so that no
    // madvise() runs while the kernel is producing the listing.
    struct Range {
        std::uintptr_t start;
        std::uintptr_t end;
    };
    std::array<Range, 64> ranges{};
    std::size_t count = 0;
    std::array<char, 512> line{};
    while (count < ranges.size() && std::fgets(line.data(), static_cast<int>(line.size()), maps) != nullptr) {
        unsigned long start = 0;
        unsigned long end = 0;
        char perms[5] = {};
        unsigned long inode = 0;
        int path_at = 0;
        if (std::sscanf(line.data(), "%lx-%lx %4s %*s %*s %lu %n", &start, &end, perms, &inode, &path_at) < 4) {
            continue;
        }
        if (std::strcmp(perms, "r-xp") == 0 && inode != 0 && line[static_cast<std::size_t>(path_at)] == '/') {
            ranges[count++] = Range{start, end};
        }
    }
    std::fclose(maps);
    for (std::size_t i = 0; i < count; ++i) {
        ::madvise(reinterpret_cast<void*>(ranges[i].start), ranges[i].end - ranges[i].start, MADV_DONTNEED);
    }
}

} // namespace vigil::process
