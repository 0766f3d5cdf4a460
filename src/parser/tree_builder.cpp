#include "parser/tree_builder.hpp"

#include <cstring>
#include <iterator>

#include <fmt/format.h>

#include "parser/grammar.hpp"

namespace vigil::parser {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

// keepalived configurations nest 4 levels deep; anything near this is not a configuration.
constexpr std::size_t max_nesting = 128;

struct BuildState {
  const PreprocessedText& pre;
  SyntaxTree& tree;
  Diagnostics& diag;
  const char* base;
  std::size_t hint = 0;
  // Statements being read, per nesting level; a block's list is moved into its owner
  // (exactly sized) when the block closes.
  std::vector<std::vector<Statement>> levels;
  std::size_t depth = 0;
  std::vector<Word> words;                     // words of the statement being read
  const char* word_begin = nullptr;            // start of the quoted word (its '"')
  const char* statement_begin = nullptr;
  const char* unterminated_end = nullptr;      // end of an unterminated quote's text (raw keeps it)
  std::vector<Location> open_braces;           // unclosed '{' positions
  bool attachable = false;                     // the last item was a statement: '{' opens its block
  bool missing_reported = false;

  Location at(const char* p) { return pre.locate(static_cast<std::uint32_t>(p - base), hint); }
  std::vector<Statement>& current() { return levels[depth]; }
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::quote_open> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.word_begin = in.begin();
    if (s.words.empty()) s.statement_begin = in.begin();
  }
};

template <>
struct action<g::quoted_text> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.words.push_back(Word{std::string_view(in.begin(), in.size()), s.at(s.word_begin), Quoting::double_quoted});
  }
};

template <>
struct action<g::quote_unterminated> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    // keepalived 2.2.7 drops the unterminated word (the rest of the line); "Unterminated
    // quote" was reported by the preprocessor when it removed comments
    std::string_view line(s.statement_begin, static_cast<std::size_t>(in.begin() - s.statement_begin));
    Location where = s.words.back().where;
    s.diag.error(where, fmt::format("Unmatched quote: '{}'", unescape_comment_chars(line)));
    s.words.pop_back();
    s.unterminated_end = in.begin();
  }
};

template <>
struct action<g::bare> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    std::string_view text(in.begin(), in.size());
    if (s.words.empty()) s.statement_begin = in.begin();
    Location where = s.at(in.begin());
    if (text.find('\\') != std::string_view::npos) {  // "\#" and "\!" are literal '#' and '!'
      std::string plain;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '#' || text[i + 1] == '!')) continue;
        plain.push_back(text[i]);
      }
      if (plain.size() != text.size()) text = s.tree.arena().store(plain);
    }
    s.words.push_back(Word{text, where, Quoting::none});
  }
};

template <>
struct action<g::statement> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    if (s.words.empty()) {  // only an unterminated quote: keepalived skips the line
      s.unterminated_end = nullptr;
      return;
    }
    Statement st;
    st.where = s.words.front().where;
    // raw: from the first word to the end of the last one (and its closing quote)
    const Word& last = s.words.back();
    const char* end = last.text.data() + last.text.size();
    if (end < s.statement_begin || end > in.end()) end = in.end();  // unescaped copy: not in the buffer
    if (s.unterminated_end != nullptr) end = s.unterminated_end;  // script lines re-read the whole line
    s.unterminated_end = nullptr;
    if (last.quoting == Quoting::double_quoted && end < in.end() && *end == '"') ++end;
    std::string_view raw(s.statement_begin, static_cast<std::size_t>(end - s.statement_begin));
    st.raw = raw;
    st.words = s.tree.word_arena().store(s.words);
    s.words.clear();
    s.current().push_back(std::move(st));
    s.attachable = true;
  }
};

template <>
struct action<g::open_brace> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    Location where = s.at(in.begin());
    if (s.depth >= max_nesting) {
      // the grammar recurses per block: stop before the stack does
      throw pegtl::parse_error("Configuration nested too deeply", in);
    }
    if (!s.attachable) {  // a block with no statement before it
      Statement anon;
      anon.where = where;
      s.current().push_back(std::move(anon));
    }
    Statement& owner = s.current().back();
    owner.has_block = true;
    owner.block_open = where;
    if (++s.depth == s.levels.size()) s.levels.emplace_back();
    s.open_braces.push_back(where);
    s.attachable = false;
  }
};

void close_block(BuildState& s, const Location& where) {
  auto& children = s.levels[s.depth];
  --s.depth;
  Statement& owner = s.current().back();
  owner.block.reserve(children.size());
  std::move(children.begin(), children.end(), std::back_inserter(owner.block));
  children.clear();
  owner.block_close = where;
  s.open_braces.pop_back();
  s.attachable = false;
}

template <>
struct action<g::close_brace> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    close_block(s, s.at(in.begin()));
  }
};

template <>
struct action<g::missing_close> {
  template <typename Input>
  static void apply(const Input& /*in*/, BuildState& s) {
    // reported once, when the end of input is reached in the innermost open block
    if (!s.missing_reported) {
      s.missing_reported = true;
      Diagnostic d;
      d.severity = Severity::error;
      d.exit_class = ExitClass::config_error;
      d.prefix = LinePrefix::none;
      Location open = s.open_braces.front();
      if (open.file != nullptr) d.file = open.file->path;
      d.line = open.line;
      d.column = open.column;
      d.message = fmt::format("There are {} missing '}}'s or extra '{{'s", s.open_braces.size());
      s.diag.add(std::move(d));
    }
    close_block(s, Location{});
  }
};

template <>
struct action<g::stray_close> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    Location where = s.at(in.begin());
    s.diag.error(where, "Extra '}' found");
    Statement st;
    st.where = where;
    st.raw = std::string_view(in.begin(), 1);
    Word w{st.raw, where, Quoting::none};
    st.words = s.tree.word_arena().store(std::span<const Word>(&w, 1));
    s.current().push_back(std::move(st));
    s.attachable = true;
  }
};

}  // namespace

void build_tree(PreprocessedText&& text, SyntaxTree& tree, Diagnostics& diagnostics) {
  auto owned = std::make_unique_for_overwrite<char[]>(text.text.size() + 1);
  std::memcpy(owned.get(), text.text.data(), text.text.size());
  owned[text.text.size()] = '\0';
  std::size_t size = text.text.size();
  std::string_view buffer = tree.arena().adopt(std::move(owned), size);
  text.text.clear();
  text.text.shrink_to_fit();

  BuildState state{text, tree, diagnostics, buffer.data()};
  state.levels.emplace_back();
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(buffer.data(), buffer.size(), "config");
  try {
    pegtl::parse<g::config, action, pegtl::must_if<g::errors>::control>(in, state);
  } catch (const pegtl::parse_error& e) {
    const auto& pos = e.positions().front();
    diagnostics.error(state.at(buffer.data() + pos.byte), std::string(e.message()));
  }
  while (state.depth > 0) close_block(state, Location{});  // only after a grammar error
  tree.statements = std::move(state.levels[0]);
}

}  // namespace vigil::parser
