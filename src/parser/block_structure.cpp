#include "parser/block_structure.hpp"

#include <string_view>

namespace vigil::parser {

namespace {

constexpr std::string_view open_brace = "{";
constexpr std::string_view close_brace = "}";

bool has_brace_word(const Statement& s) {
    for (const auto& w : s.words) {
        if (w.text == open_brace || w.text == close_brace) {
            return true;
        }
    }
    return false;
}

const schema::Entry* entry_of(const schema::Level* level, std::string_view keyword) {
    if (level == nullptr) {
        const auto* root = schema::find_root(keyword);
        return root != nullptr ? &root->entry : nullptr;
    }
    return level->find(keyword);
}

// level == nullptr: the root.
bool level_matches(const std::vector<Statement>& statements, const schema::Level* level) {
    for (const auto& s : statements) {
        if (s.words.empty() || has_brace_word(s)) {
            return false;
        }
        const auto* entry = entry_of(level, s.keyword());
        const auto kind = entry != nullptr ? entry->kind : schema::Kind::plain;
        switch (kind) {
        case schema::Kind::plain:
            if (s.has_block) {
                return false;
            }
            break;
        case schema::Kind::sublevel:
            if (!s.has_block || !level_matches(s.block, entry->child)) {
                return false;
            }
            break;
        case schema::Kind::value_block:
            if (!s.has_block) {
                return false;
            }
            for (const auto& line : s.block) {
                if (line.has_block || line.words.empty() || has_brace_word(line)) {
                    return false;
                }
            }
            break;
        }
    }
    return true;
}

// One logical line of keepalived's stream: a statement of the tree, or a brace the tree
// turned into structure.
struct Line {
    const Statement* statement = nullptr;
    std::string_view brace;  // "{" or "}" when statement is null
    Location where;

    std::string_view first() const { return statement != nullptr ? statement->words.front().text : brace; }
    std::string_view last() const { return statement != nullptr ? statement->words.back().text : brace; }
    std::size_t size() const { return statement != nullptr ? statement->words.size() : 1; }
    std::string_view word(std::size_t i) const { return statement != nullptr ? statement->words[i].text : brace; }
};

void flatten(const std::vector<Statement>& statements, std::vector<Line>& out) {
    for (const auto& s : statements) {
        if (!s.words.empty()) {
            out.push_back(Line{&s, {}, s.where});
        }
        if (s.has_block) {
            out.push_back(Line{nullptr, open_brace, s.block_open});
            flatten(s.block, out);
            if (s.block_close.line != 0) {
                out.push_back(Line{nullptr, close_brace, s.block_close});
            }
        }
    }
}

class Reader {
public:
    Reader(std::vector<Line> lines, WordArena& words, schema::Reading reading, Diagnostics& diagnostics)
        : lines_{std::move(lines)}, words_{words}, reading_{reading}, diag_{diagnostics} {}

    std::vector<Statement> root() { return level(nullptr, false, nullptr); }

private:
    const Line* next() { return next_ < lines_.size() ? &lines_[next_++] : nullptr; }

    // The statement of `line` with words [begin, end) (all when end is 0).
    Statement statement(const Line& line, std::size_t begin = 0, std::size_t end = 0) {
        Statement s;
        s.where = line.where;
        if (line.statement != nullptr) {
            const auto& words = line.statement->words;
            s.words = words.subspan(begin, (end == 0 ? words.size() : end) - begin);
            s.raw = line.statement->raw;
            if (!s.words.empty()) {
                s.where = s.words.front().where;
            }
        } else {
            const Word brace{line.brace, line.where, Quoting::none};
            s.words = words_.store(std::span<const Word>{&brace, 1});
            s.raw = line.brace;
        }
        return s;
    }

    // process_stream() for one level; owner is the statement whose block this is.
    std::vector<Statement> level(const schema::Level* keywords, bool need_bob, Statement* owner) {
        std::vector<Statement> out;
        const bool nested = owner != nullptr;
        while (const Line* line = next()) {
            const auto first = line->first();
            if (need_bob) {
                need_bob = false;
                if (first == open_brace) {
                    owner->block_open = line->where;
                    continue;
                }
                diag_.error(line->where, "Missing '{' at beginning of configuration block");
            } else if (first == open_brace) {
                diag_.error(line->where, "Unexpected '{' - ignoring");
                continue;
            }
            if (first == close_brace && nested) {
                owner->block_close = line->where;
                return out;
            }
            if (!nested) {
                const auto* root = schema::find_root(first);
                if (root != nullptr && (root->active & reading_) == 0) {
                    skip_block(*line);
                    continue;
                }
            }
            const auto* entry = entry_of(keywords, first);
            Statement s = statement(*line);
            if (entry != nullptr && entry->kind == schema::Kind::sublevel) {
                bool bob_needed = true;
                if (s.words.size() > 1 && line->last() == open_brace) {
                    s.words = s.words.first(s.words.size() - 1);
                    bob_needed = false;
                }
                s.has_block = true;
                s.block_open = s.where;
                s.block = level(entry->child, bob_needed, &s);
            } else if (entry != nullptr && entry->kind == schema::Kind::value_block) {
                s.has_block = true;
                s.block_open = s.where;
                value_block(s);
            }
            out.push_back(std::move(s));
        }
        return out;
    }

    // alloc_value_block(): lines up to the first one that ends in '}'; a first line '{' opens.
    void value_block(Statement& owner) {
        bool need_bob = true;
        while (const Line* line = next()) {
            std::size_t begin = 0;
            std::size_t end = line->size();
            if (need_bob) {
                need_bob = false;
                if (line->first() == open_brace) {
                    owner.block_open = line->where;
                    if (end == 1) {
                        continue;
                    }
                    begin = 1;
                }
            }
            bool eob = false;
            if (line->word(end - 1) == close_brace) {
                if (end - begin == 1) {
                    owner.block_close = line->where;
                    return;
                }
                eob = true;
                --end;
            }
            if (end > begin) {
                owner.block.push_back(statement(*line, begin, end));
            }
            if (eob) {
                owner.block_close = line->where;
                return;
            }
        }
    }

    // An inactive root keyword: its block, if a '{' follows, is skipped by counting braces.
    void skip_block(const Line& keyword) {
        int depth = keyword.size() > 1 && keyword.last() == open_brace ? 1 : -1;
        while (depth != 0 && next_ < lines_.size()) {
            const Line& line = lines_[next_];
            if (depth == -1) {
                if (line.first() != open_brace) {
                    return;
                }
                depth = 1;
                ++next_;
                continue;
            }
            for (std::size_t i = 0; i < line.size(); ++i) {
                if (line.word(i) == open_brace) {
                    ++depth;
                } else if (line.word(i) == close_brace && --depth == 0) {
                    break;
                }
            }
            ++next_;
        }
    }

    std::vector<Line> lines_;
    std::size_t next_ = 0;
    WordArena& words_;  // words of brace lines read as statements
    schema::Reading reading_;
    Diagnostics& diag_;
};

} // namespace

bool matches_keepalived(const std::vector<Statement>& roots) {
    return level_matches(roots, nullptr);
}

std::vector<Statement> reshape(SyntaxTree& tree, schema::Reading reading, Diagnostics& diagnostics) {
    std::vector<Line> lines;
    flatten(tree.statements, lines);
    Reader reader{std::move(lines), tree.word_arena(), reading, diagnostics};
    return reader.root();
}

} // namespace vigil::parser
