#include <doctest/doctest.h>

#include "parse_helpers.hpp"

using namespace vigil::parser;

using namespace vigil::parser::test;

TEST_CASE("statements, blocks and nesting") {
  CHECK(run("global_defs {\n  router_id x\n}\n") == "global_defs {\n  router_id|x\n}\n");
  CHECK(run("a b c\n") == "a|b|c\n");
  CHECK(run("a {\n b {\n  c\n }\n}\n") == "a {\n  b {\n    c\n  }\n}\n");
}

TEST_CASE("brace on the next line opens the block of the statement before it") {
  CHECK(run("vrrp_instance X\n\n# c\n{\n state MASTER\n}\n") == "vrrp_instance|X {\n  state|MASTER\n}\n");
}

TEST_CASE("single-line blocks are split at braces") {
  CHECK(run("virtual_ipaddress { 10.0.0.1/24 }\n") == "virtual_ipaddress {\n  10.0.0.1/24\n}\n");
  CHECK(run("a { b { c } d }\n") == "a {\n  b {\n    c\n  }\n  d\n}\n");
}

TEST_CASE("a brace with no statement before it gives an anonymous block") {
  CHECK(run("{\n a\n}\n") == "{\n  a\n}\n");
  CHECK(run("a {\n}\n{\n}\n") == "a {\n}\n{\n}\n");
}

TEST_CASE("comments and quotes") {
  CHECK(run("a b # c d\n! all\nx \"y # z\" ! w\n") == "a|b\nx|y # z\n");
  CHECK(run("a \\#b c\\!\n") == "a\n");  // keepalived's second decomment (preprocessor.cpp)
  CHECK(run("a b\\!c\n") == "a|b\n");
  CHECK(run("a \"{ b }\"\n") == "a|{ b }\n");
}

TEST_CASE("locations of words") {
  Diagnostics d;
  auto tree = parse_config_text("global_defs {\n  router_id  \"x y\"\n}\n", "t.conf", options(), d);
  REQUIRE(tree.statements.size() == 1);
  const auto& g = tree.statements[0];
  CHECK(g.where.line == 1);
  CHECK(g.where.column == 1);
  CHECK(g.block_open.line == 1);
  CHECK(g.block_open.column == 13);
  CHECK(g.block_close.line == 3);
  REQUIRE(g.block.size() == 1);
  const auto& r = g.block[0];
  CHECK(r.where.line == 2);
  CHECK(r.words[0].where.column == 3);
  CHECK(r.words[1].text == "x y");
  CHECK(r.words[1].where.column == 14);
  CHECK(r.words[1].quoting == Quoting::double_quoted);
  CHECK(r.raw == "router_id  \"x y\"");
  CHECK(g.where.file->path == "t.conf");
}

TEST_CASE("unbalanced braces") {
  Diagnostics d;
  CHECK(run("a {\n}\n}\nb\n", d) == "a {\n}\n}\nb\n");
  REQUIRE(d.size() == 1);
  CHECK(format_keepalived(d.all()[0]) == "(t.conf: Line 3) Extra '}' found");
  CHECK(format_gnu(d.all()[0]) == "t.conf:3:1: error: Extra '}' found");

  Diagnostics d2;
  CHECK(run("a {\n b {\n", d2) == "a {\n  b {\n  <missing }>\n<missing }>\n");
  REQUIRE(d2.size() == 1);
  CHECK(format_keepalived(d2.all()[0]) == "There are 2 missing '}'s or extra '{'s");
  CHECK(d2.all()[0].line == 1);
  CHECK(d2.exit_status() == 5);
}

TEST_CASE("absurd nesting is an error, not a stack overflow") {
  Diagnostics d;
  std::string deep(100000, '{');
  auto tree = parse_config_text(deep, "t.conf", options(), d);
  REQUIRE(d.size() == 1);
  CHECK(d.all()[0].message == "Configuration nested too deeply");
  CHECK(d.all()[0].column == 129);
  CHECK(tree.statements.size() == 1);
}
