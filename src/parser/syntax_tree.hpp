#pragma once
// The keyword-agnostic syntax tree of a keepalived configuration, after preprocessing
// (includes, @conditionals, $parameters, ~SEQ/~LST) and brace splitting.
//
// Every keepalived logical line becomes a Statement. A '{' that follows a statement (on the
// same line or on the next logical line) opens that statement's block; a '{' with no
// statement before it (start of input, after '{' or '}') gives a Statement with no words
// and a block. An unmatched '}' becomes a Statement whose only word is "}" (keepalived
// then reports "Unknown keyword '}'"), after the "Extra '}' found" diagnostic. Walking
// the tree in order therefore replays exactly keepalived's stream of logical lines.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parser/location.hpp"
#include "parser/text_arena.hpp"

namespace vigil::parser {

enum class Quoting { none, double_quoted };

struct Word {
  std::string_view text;  // quotes removed; points into the tree's storage
  Location where;         // of the first character (the opening quote when quoted)
  Quoting quoting = Quoting::none;
};

struct Statement {
  std::span<const Word> words;  // stored in the tree (contiguous per statement)
  // The logical line as written after preprocessing (comments removed, parameters
  // expanded, quotes kept), for script-like values that are re-tokenised.
  std::string_view raw;
  Location where;  // of the logical line's first character
  // Empty unless the statement has a block; then block_open is the '{' location and
  // block_close the matching '}' (line 0 when the '}' is missing).
  bool has_block = false;
  std::vector<Statement> block;
  Location block_open;
  Location block_close;

  std::string_view keyword() const { return words.empty() ? std::string_view{} : words.front().text; }
};

// Stable storage for words: a statement's words are contiguous.
class WordArena {
 public:
  std::span<const Word> store(std::span<const Word> words) {
    if (words.empty()) return {};
    if (left_ < words.size()) {
      std::size_t n = std::max(words.size(), block_words);
      blocks_.push_back(std::make_unique<Word[]>(n));
      next_ = blocks_.back().get();
      left_ = n;
    }
    Word* out = next_;
    std::copy(words.begin(), words.end(), out);
    next_ += words.size();
    left_ -= words.size();
    return {out, words.size()};
  }

 private:
  static constexpr std::size_t block_words = 4096;
  std::vector<std::unique_ptr<Word[]>> blocks_;
  Word* next_ = nullptr;
  std::size_t left_ = 0;
};

class SyntaxTree {
 public:
  SyntaxTree() = default;
  SyntaxTree(SyntaxTree&&) noexcept = default;
  SyntaxTree& operator=(SyntaxTree&&) noexcept = default;
  SyntaxTree(const SyntaxTree&) = delete;
  SyntaxTree& operator=(const SyntaxTree&) = delete;

  std::vector<Statement> statements;

  // Files in the order they were opened; the first is the main file.
  const std::deque<SourceFile>& files() const { return files_; }

  // Storage used while building the tree.
  const SourceFile* add_file(std::string path, std::string directory) {
    files_.push_back(SourceFile{std::move(path), std::move(directory)});
    return &files_.back();
  }
  TextArena& arena() { return arena_; }
  WordArena& word_arena() { return words_; }

 private:
  std::deque<SourceFile> files_;  // deque: stable addresses
  TextArena arena_;
  WordArena words_;
};

}  // namespace vigil::parser

namespace vigil::parser {

// A readable rendering of statements for tests and debugging: one statement per line,
// words separated by '|', blocks indented by two spaces between '{' and '}'.
std::string format_tree(const std::vector<Statement>& statements);

}  // namespace vigil::parser
