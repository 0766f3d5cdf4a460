#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace vigil::parser {

bool KeywordSet::contains(std::string_view name) const noexcept {
    return std::find(names_.begin(), names_.end(), name) != names_.end();
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

std::string_view closest_keyword(std::string_view word, std::span<const std::string_view> candidates) {
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (const auto candidate : candidates) {
        const auto d = edit_distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

void report_unknown_keyword(BindContext& ctx, const Statement& s, std::span<const std::string_view> candidates) {
    const auto hint = closest_keyword(s.keyword(), candidates);
    if (hint.empty()) {
        ctx.error(s.words.front().where, fmt::format("Unknown keyword '{}'", s.keyword()));
    } else {
        ctx.error(s.words.front().where, fmt::format("Unknown keyword '{}' (did you mean '{}'?)", s.keyword(), hint));
    }
}

bool check_shape(BindContext& ctx, const Statement& s, Shape shape) {
    switch (shape) {
    case Shape::line:
        if (s.has_block) {
            ctx.error(s.block_open, "Unexpected '{' - ignoring");
        }
        return true;
    case Shape::block:
        if (!s.has_block) {
            ctx.error(s.where, fmt::format("Missing '{{' at beginning of configuration block ('{}')", s.keyword()));
            return false;
        }
        return true;
    case Shape::either:
        return true;
    }
    return true;
}

} // namespace vigil::parser
