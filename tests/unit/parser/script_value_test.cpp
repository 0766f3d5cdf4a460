// Script-like values; the expected argv were observed with keepalived 2.2.7 running
// notify_stop scripts that dump their arguments.

#include <doctest/doctest.h>

#include "parser/parse_config.hpp"
#include "parser/script_value.hpp"

using namespace vigil::parser;
using Args = std::vector<std::string>;

namespace {

ScriptCommand script(std::string_view line) {
  PreprocessOptions o;
  o.config_id = "main";
  o.include_mode = IncludeMode::disabled;
  Diagnostics d;
  auto tree = parse_config_text(line, "t.conf", o, d);
  REQUIRE(tree.statements.size() == 1);
  return parse_script_value(tree.statements[0]);
}

}  // namespace

TEST_CASE("command line and argv") {
  auto s = script("notify \"/bin/echo a#b 'c d'\"\n");
  CHECK(s.status == ScriptStatus::ok);
  CHECK(s.command_line == "/bin/echo a#b 'c d'");
  CHECK(s.argv == Args{"/bin/echo", "a#b", "c d"});
  CHECK_FALSE(s.user.has_value());
  CHECK(s.where.column == 8);

  CHECK(script("script /bin/true\n").argv == Args{"/bin/true"});
  CHECK(script("notify_master \"/x ab\\\" c\\\"d 'e f' \\\"g h\\\"\"\n").argv == Args{"/x", "ab cd", "e f", "g h"});
}

TEST_CASE("quotes join words") {
  CHECK(split_script_words("ab\" c\"d e") == Args{"ab cd", "e"});
  CHECK(split_script_words("'a b'\"c d\"") == Args{"a bc d"});
  CHECK(split_script_words("/x\\ y") == Args{"/x y"});
}

TEST_CASE("escapes") {
  CHECK(split_script_words("\\a\\b\\E\\f\\n\\r\\t\\v") == Args{"\a\b\x1b\f\n\r\t\v"});
  CHECK(split_script_words("\\0101") == Args{"\b1"});    // at most 3 octal digits
  CHECK(split_script_words("\\x414") == Args{"\x14"});   // all hex digits, low byte
  CHECK(split_script_words("\\x4g") == Args{"\x04g"});
  CHECK(split_script_words("\\x") == Args{"x"});
  CHECK(split_script_words("\\c? \\cA \\cz") == Args{"\x1f", "\x01", "\x1a"});
  CHECK(split_script_words("\\q\\\\") == Args{"q\\"});
  CHECK(split_script_words("'\\x41'") == Args{"A"});  // also inside single quotes
}

TEST_CASE("escapes are decoded again in the command line") {
  // "a\\b" -> command line "a\b" -> argv "a<backspace>"
  CHECK(script("notify_stop \"/x a\\\\b\"\n").argv == Args{"/x", "a\b"});
  CHECK(script("notify_stop \"/x \\0101 \\x414 \\c? \\E \\cA\\q\"\n").argv ==
        Args{"/x", "\b1", "\x14", "\x1f", "\x1b", "\x01q"});
  // a tab decoded in step 1 separates arguments in step 2
  CHECK(script("notify \"/x a\\tb\"\n").argv == Args{"/x", "a", "b"});
}

TEST_CASE("user and group") {
  auto s = script("notify_stop '/x \\x41 \"a b\"' root wheel\n");
  CHECK(s.argv == Args{"/x", "A", "a b"});
  REQUIRE(s.user.has_value());
  CHECK(*s.user == "root");
  REQUIRE(s.group.has_value());
  CHECK(*s.group == "wheel");
  CHECK(s.extra_words == 0);
  CHECK(script("notify \"/x\" a b c d\n").extra_words == 2);
}

TEST_CASE("unmatched quote in the command line") {
  auto s = script("notify_stop \"/x a\\'b c\"\n");
  CHECK(s.status == ScriptStatus::unparsable);
  CHECK(s.command_line == "/x a'b c");
  CHECK(split_command_line("/x 'a") == std::nullopt);
}

TEST_CASE("no value") {
  CHECK(script("notify\n").status == ScriptStatus::empty);
}
