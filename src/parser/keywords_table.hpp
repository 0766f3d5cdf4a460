#pragma once
// Data-driven keyword tables: keyword -> handler, with the statement's shape.
//
// Contract of bind_block(): every statement of a block is looked up in the table of that
// block. An unknown keyword is reported once as "Unknown keyword 'X'" (plus a "did you
// mean" hint when a keyword of this block is close). Statements come as keepalived reads
// the braces (block_structure.hpp), so an unknown keyword has no block; if one is given a
// block anyway, the block is skipped without reporting its lines.

#include "parser/bind_context.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::parser {

enum class Shape : std::uint8_t {
    line,    // keyword and arguments, no block
    block,   // keyword [args] { ... }
    either,  // accepted with or without a block
};

template <typename Target>
struct Keyword {
    std::string_view name_;
    Shape shape_;
    void (*handler_)(BindContext&, const Statement&, Target&);
};

// Keywords that are accepted and ignored (other subsystems), per block.
struct KeywordSet {
    std::span<const std::string_view> names_;
    bool contains(std::string_view name) const noexcept;
};

// The closest candidate within a small edit distance, or empty.
std::string_view closest_keyword(std::string_view word, std::span<const std::string_view> candidates);

// "Unknown keyword 'X'" with the hint; shared by all blocks.
void report_unknown_keyword(BindContext& ctx, const Statement& s, std::span<const std::string_view> candidates);

// Checks the block/no-block shape; reports and returns false when the statement must be skipped.
bool check_shape(BindContext& ctx, const Statement& s, Shape shape);

// Statements of `statements` dispatched through `table`. Keywords in `accepted` (other
// subsystems' keywords, kept verbatim) go to `on_accepted` when given.
template <typename Target>
void bind_block(BindContext& ctx, std::span<const Statement> statements, std::span<const Keyword<Target>> table,
                Target& target, std::span<const std::string_view> accepted = {},
                void (*on_accepted)(BindContext&, const Statement&, Target&) = nullptr) {
    for (const auto& s : statements) {
        if (s.words.empty()) {
            if (s.has_block) {
                ctx.error(s.block_open, "Unexpected '{' - ignoring");
            }
            continue;
        }
        const Keyword<Target>* found = nullptr;
        for (const auto& k : table) {
            if (k.name_ == s.keyword()) {
                found = &k;
                break;
            }
        }
        if (found != nullptr) {
            if (check_shape(ctx, s, found->shape_)) {
                found->handler_(ctx, s, target);
            }
            continue;
        }
        if (KeywordSet{accepted}.contains(s.keyword())) {
            if (on_accepted != nullptr) {
                on_accepted(ctx, s, target);
            }
            continue;
        }
        std::vector<std::string_view> names;
        names.reserve(table.size() + accepted.size());
        for (const auto& k : table) {
            names.push_back(k.name_);
        }
        names.insert(names.end(), accepted.begin(), accepted.end());
        report_unknown_keyword(ctx, s, names);
    }
}

} // namespace vigil::parser
