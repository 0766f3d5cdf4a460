// Script-like values; the expected argv were observed with keepalived 2.2.7 running
// notify_stop scripts that dump their arguments.

#include <doctest/doctest.h>

#include "parser/bind_scripts.hpp"
#include "parser/parse_config.hpp"
#include "parser/script_value.hpp"

using namespace vigil::parser;
using Args = std::vector<std::string>;

namespace {

struct Read {
  std::optional<vigil::config::Command> command;
  Diagnostics diagnostics;
};

Read script(std::string_view line) {
  PreprocessOptions o;
  o.config_id = "main";
  o.include_mode = IncludeMode::disabled;
  Read r;
  auto tree = parse_config_text(line, "t.conf", o, r.diagnostics);
  REQUIRE(tree.statements.size() == 1);
  BindContext ctx{r.diagnostics};
  r.command = read_notify_script(ctx, tree.statements[0]);
  return r;
}

Args argv(std::string_view line) {
  auto r = script(line);
  REQUIRE(r.command.has_value());
  return r.command->argv_;
}

Args split(std::string_view text) {
  auto q = split_quoted_escaped(text);
  REQUIRE(q.ok);
  return q.words;
}

}  // namespace

TEST_CASE("command line and argv") {
  auto s = script("notify \"/bin/echo a#b 'c d'\"\n");
  REQUIRE(s.command.has_value());
  CHECK(s.command->text_ == "/bin/echo a#b 'c d'");
  CHECK(s.command->argv_ == Args{"/bin/echo", "a#b", "c d"});
  CHECK_FALSE(s.command->user_.has_value());

  CHECK(argv("script /bin/true\n") == Args{"/bin/true"});
  CHECK(argv("notify_master \"/x ab\\\" c\\\"d 'e f' \\\"g h\\\"\"\n") == Args{"/x", "ab cd", "e f", "g h"});
}

TEST_CASE("quotes join words") {
  CHECK(split("ab\" c\"d e") == Args{"ab cd", "e"});
  CHECK(split("'a b'\"c d\"") == Args{"a bc d"});
  CHECK(split("/x\\ y") == Args{"/x y"});
}

TEST_CASE("escapes") {
  CHECK(split("\\a\\b\\E\\f\\n\\r\\t\\v") == Args{"\a\b\x1b\f\n\r\t\v"});
  CHECK(split("\\0101") == Args{"\b1"});    // at most 3 octal digits
  CHECK(split("\\x414") == Args{"\x14"});   // all hex digits, low byte
  CHECK(split("\\x4g") == Args{"\x04g"});
  CHECK(split("\\x") == Args{"x"});
  CHECK(split("\\c? \\cA \\cz") == Args{"\x1f", "\x01", "\x1a"});
  CHECK(split("\\q\\\\") == Args{"q\\"});
  CHECK(split("'\\x41'") == Args{"A"});  // also inside single quotes
}

TEST_CASE("escapes are decoded again in the command line") {
  // "a\\b" -> command line "a\b" -> argv "a<backspace>"
  CHECK(argv("notify_stop \"/x a\\\\b\"\n") == Args{"/x", "a\b"});
  CHECK(argv("notify_stop \"/x \\0101 \\x414 \\c? \\E \\cA\\q\"\n") ==
        Args{"/x", "\b1", "\x14", "\x1f", "\x1b", "\x01q"});
  // a tab decoded in step 1 separates arguments in step 2
  CHECK(argv("notify \"/x a\\tb\"\n") == Args{"/x", "a", "b"});
}

TEST_CASE("user and group") {
  auto s = script("notify_stop '/x \\x41 \"a b\"' root wheel\n");
  REQUIRE(s.command.has_value());
  CHECK(s.command->argv_ == Args{"/x", "A", "a b"});
  CHECK(s.command->user_ == std::optional<std::string>{"root"});
  CHECK(s.command->group_ == std::optional<std::string>{"wheel"});
}

TEST_CASE("unterminated quotes: keepalived reports the line and drops the script") {
  auto s = script("notify_stop \"/x a\\'b c\"\n");  // the command word "/x a'b c"
  CHECK_FALSE(s.command.has_value());
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics.all()[0].message == "String '/x a'b c': missing terminating '");
  auto q = split_quoted_escaped("/x 'a");
  CHECK_FALSE(q.ok);
  CHECK(q.error == std::optional<std::string>{"String '/x 'a': missing terminating '"});
  CHECK_FALSE(split_quoted_escaped("a\\").ok);  // a backslash at the end: silently NULL
}

TEST_CASE("no value aborts like keepalived's null_strvec") {
  auto s = script("notify\n");
  CHECK_FALSE(s.command.has_value());
  CHECK(s.diagnostics.exit_status() == 2);
}
