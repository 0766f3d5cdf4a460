#include "probe/ping_group_range.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace vigil::probe {

namespace {

bool read_range(const std::string& path, unsigned long& start, unsigned long& end) {
    std::ifstream in(path);
    return static_cast<bool>(in >> start >> end);
}

void write_range(const std::string& path, unsigned long start, unsigned long end) {
    std::ofstream out(path);
    out << start << '\t' << end << "\t\n";
}

} // namespace

std::optional<std::string> PingGroupRange::widen() {
    unsigned long start = 0;
    unsigned long end = 0;
    if (saved_start_ || !read_range(path_, start, end) || start == 0) {
        return std::nullopt;
    }
    std::optional<std::string> warning;
    if (start > 1 && end > 1) {
        warning = fmt::format("Warning: {} being expanded from {} {} to 0 {}", path_, start, end, end);
    }
    write_range(path_, 0, end);
    saved_start_ = start;
    return warning;
}

void PingGroupRange::restore() {
    unsigned long start = 0;
    unsigned long end = 0;
    if (!saved_start_ || !read_range(path_, start, end)) {
        return;
    }
    if (start != *saved_start_) {
        write_range(path_, *saved_start_, end);
    }
    saved_start_.reset();
}

} // namespace vigil::probe
