#pragma once
// Keyword-agnostic PEGTL grammar of keepalived's configuration text (after preprocessing,
// but it also reads plain keepalived text without directives):
//
//   config     <- (gap top_item)* gap eof
//   top_item   <- item / stray_close
//   item       <- statement gap block? / block
//   block      <- '{' (gap item)* gap ('}' / <eof: missing '}'>)
//   statement  <- word (blank* word)* blank* comment?
//   word       <- quoted / bare
//   quoted     <- '"' [^"\n]* '"'?
//   bare       <- ('\#' / '\!' / [^ blanks \n " { } # !])+
//   gap        <- (blank / '\n' / comment)*
//
// A '{' or '}' ends the statement before it (keepalived's brace splitting). Comments run
// from '#' or '!' outside quotes to the end of the line. One struct per rule so that
// actions and error messages can be attached to each.

#include <tao/pegtl.hpp>

namespace vigil::parser::grammar {

namespace pegtl = tao::pegtl;

struct blank : pegtl::one<' ', '\t', '\v', '\f', '\r'> {};
struct newline : pegtl::one<'\n'> {};
struct comment : pegtl::seq<pegtl::one<'#', '!'>, pegtl::star<pegtl::not_one<'\n'>>> {};
struct gap : pegtl::star<pegtl::sor<blank, newline, comment>> {};

struct escaped_comment_char : pegtl::seq<pegtl::one<'\\'>, pegtl::one<'#', '!'>> {};
struct bare_char
    : pegtl::sor<escaped_comment_char,
                 pegtl::not_one<' ', '\t', '\v', '\f', '\r', '\n', '"', '{', '}', '#', '!'>> {};
struct bare : pegtl::plus<bare_char> {};

struct quote_open : pegtl::one<'"'> {};
struct quoted_text : pegtl::star<pegtl::not_one<'"', '\n'>> {};
struct quote_close : pegtl::one<'"'> {};
// An unterminated quote runs to the end of the line (reported as a warning).
struct quote_unterminated : pegtl::at<pegtl::sor<newline, pegtl::eof>> {};
struct quoted : pegtl::seq<quote_open, quoted_text, pegtl::sor<quote_close, quote_unterminated>> {};

struct word : pegtl::sor<quoted, bare> {};
struct statement
    : pegtl::seq<word, pegtl::star<pegtl::star<blank>, word>, pegtl::star<blank>, pegtl::opt<comment>> {};

struct open_brace : pegtl::one<'{'> {};
struct close_brace : pegtl::one<'}'> {};
// End of input inside a block: keepalived's "There are N missing '}'s or extra '{'s".
struct missing_close : pegtl::eof {};
// A '}' outside any block: "Extra '}' found"; it then reads as a statement "}".
struct stray_close : pegtl::one<'}'> {};

struct item;
struct block_item : pegtl::seq<gap, item> {};
struct block : pegtl::seq<open_brace, pegtl::star<block_item>, gap, pegtl::sor<close_brace, missing_close>> {};
struct statement_with_block : pegtl::seq<statement, gap, pegtl::opt<block>> {};
struct stray_close_with_block : pegtl::seq<stray_close, gap, pegtl::opt<block>> {};
struct item : pegtl::sor<statement_with_block, block> {};
struct top_item : pegtl::seq<gap, pegtl::sor<item, stray_close_with_block>> {};
// Every character starts one of the alternatives above, so reaching anything but the end
// here is a grammar bug, reported by the must<>.
struct config : pegtl::seq<pegtl::star<top_item>, gap, pegtl::must<pegtl::eof>> {};

// Error messages for must<> (used with pegtl::must_if).
struct errors {
  template <typename Rule>
  static constexpr const char* message = nullptr;
};
template <>
inline constexpr const char* errors::message<pegtl::eof> = "unexpected character";

// ~SEQ(...) / ~SEQx(...) / ~LST(...) heads (preprocessor directives). After "~SEQ(" or
// "~LST(" there is no way back: the argument list must be closed by ')'.
namespace sequence {
struct group : pegtl::seq<pegtl::one<'{'>, pegtl::star<pegtl::not_one<'}', ')'>>, pegtl::one<'}'>> {};
struct arguments : pegtl::star<pegtl::sor<group, pegtl::not_one<')', '{'>>> {};
struct close_paren : pegtl::one<')'> {};
struct seq_hex : pegtl::one<'x'> {};
struct seq_head : pegtl::seq<pegtl::string<'~', 'S', 'E', 'Q'>, pegtl::opt<seq_hex>, pegtl::one<'('>> {};
struct lst_head : pegtl::string<'~', 'L', 'S', 'T', '('> {};
struct seq_directive : pegtl::seq<seq_head, pegtl::must<arguments, close_paren>> {};
struct lst_directive : pegtl::seq<lst_head, pegtl::must<arguments, close_paren>> {};
struct directive : pegtl::sor<seq_directive, lst_directive> {};

struct errors {
  template <typename Rule>
  static constexpr const char* message = nullptr;
};
template <>
inline constexpr const char* errors::message<arguments> = "bad arguments";
template <>
inline constexpr const char* errors::message<close_paren> = "missing ')'";
}  // namespace sequence

}  // namespace vigil::parser::grammar
