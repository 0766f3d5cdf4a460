#pragma once
// The line reader of keepalived's configuration language: it turns files into logical
// lines, resolving include*, @conditionals, $parameters (also multi-line), ~SEQ/~LST and
// splitting lines at the first brace, and records for each output character where it came
// from. The output is a text of logical lines (one per '\n') that the grammar parses.
//
// Order per line, as the keepalived 2.2.7 binary does it (where it differs from the man
// page, the binary was followed; see tests/unit/parser/preprocessor_test.cpp):
//   physical line: remove the comment ('#'/'!' outside quotes, "\#" escapes), keep a final
//     '\\' right after the content, skip blank lines (a blank line ends a multi-line
//     definition, a comment-only line does not);
//   then: @id/@^id (once) -> $NAME= definition -> ~SEQ/~LST (REST replayed per value)
//     -> "$NAME" alone on the line for a multi-line value (replayed line by line)
//     -> $NAME/${NAME} expansion; if anything was expanded: comment removal again,
//        @id/@^id again and $NAME= again -> include* (so includes can be conditional and
//        parameterised) -> split at the first '{'/'}' outside quotes, the rest is read
//        again from the top as a new line.

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parser/diagnostics.hpp"
#include "parser/preprocess_options.hpp"
#include "parser/syntax_tree.hpp"

namespace vigil::parser {

// Maps output offsets to source columns: from `offset` on, `literal` text maps 1:1 to
// columns starting at `column`; substituted text all maps to `column` (its directive).
struct OutputSegment {
  std::uint32_t offset;
  std::uint32_t column;
  std::uint32_t literal;  // 1 = 1:1 mapping, 0 = all at `column`
};

struct OutputLine {
  std::uint32_t begin;  // offset of the first character in the output
  std::uint32_t end;    // offset of the '\n'
  const SourceFile* file;
  std::uint32_t line;
  std::uint32_t first_segment;  // index into PreprocessedText::segments
  std::uint32_t segment_count;
};

struct PreprocessedText {
  std::string text;  // logical lines, each ending in '\n'
  std::vector<OutputLine> lines;
  std::vector<OutputSegment> segments;
  Location end_of_input;  // after the last line of the main file

  // Position of an output offset (lines are searched from `hint`, an index into `lines`
  // that callers walking forward keep between calls).
  Location locate(std::uint32_t offset, std::size_t& hint) const;
};

// `text` with "\#" and "\!" outside double quotes unescaped, as keepalived quotes lines
// in its messages.
std::string unescape_comment_chars(std::string_view text);

class Preprocessor {
 public:
  Preprocessor(SyntaxTree& tree, const PreprocessOptions& options, Diagnostics& diagnostics);

  // Reads the main file; `name` is what messages call it.
  void read_main_file(const std::filesystem::path& name);
  // Reads in-memory text as the main file.
  void read_main_text(std::string_view text, std::string name, const std::filesystem::path& directory);

  PreprocessedText take_output() { return std::move(out_); }

 private:
  struct Work;  // a line being processed, with its column map
  struct Parameter {
    std::vector<std::string> lines;  // one for a plain value, several for multi-line
    bool multi_line = false;
  };
  struct PendingDefinition {
    std::string name;
    std::vector<std::string> lines;
  };

  void read_file(const std::string& display, const std::filesystem::path& open_path, const Location& from);
  void read_buffer(std::string_view text, const SourceFile* file);
  void physical_line(std::string_view line, const SourceFile* file, std::uint32_t number);
  void process(Work&& w, int depth);
  bool handle_include(Work& w);
  bool handle_conditional(Work& w);
  bool handle_definition(Work& w);
  bool handle_multi_line_use(Work& w, int depth);
  bool expand_parameters(Work& w);
  bool handle_sequence(Work& w, int depth);
  void split_and_emit(Work&& w, int depth);
  void emit(const Work& w, std::size_t begin, std::size_t end);
  void emit_plain(std::string_view text, const SourceFile* file, std::uint32_t number, std::uint32_t column);
  bool reserve_output(const Work& w, std::size_t size);
  bool count_line(const Location& where);
  void after_emit(std::string_view text, std::string_view line, const Location& where);
  void apply_include_check_keyword(std::string_view args, const Location& where);
  void apply_random_seed_keyword(std::string_view args);
  std::string random_value(std::string_view args);
  const std::string* lookup(std::string_view name, std::string& scratch);
  std::string expand_sequence_bounds(const std::string& line);

  SyntaxTree& tree_;
  const PreprocessOptions& options_;
  Diagnostics& diag_;
  std::string config_id_;
  IncludeCheck include_check_;
  int include_depth_ = 0;
  std::unordered_map<std::string, Parameter> params_;
  std::vector<PendingDefinition> pending_;  // open multi-line definition (at most one)
  std::mt19937 rng_;
  const SourceFile* current_file_ = nullptr;
  enum class BlockKind : std::uint8_t { global_defs, other };
  std::vector<BlockKind> blocks_;  // open blocks of the emitted text
  bool last_was_global_defs_ = false;
  std::size_t lines_ = 0;  // lines processed (replays included), for max_lines
  bool aborted_ = false;
  bool output_limit_reported_ = false;
  PreprocessedText out_;
};

}  // namespace vigil::parser
