#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "parser/grammar.hpp"

namespace pegtl = tao::pegtl;
namespace g = vigil::parser::grammar;

TEST_CASE("grammars have no left recursion or empty loops") {
  CHECK(pegtl::analyze<g::config>(-1) == 0);
  CHECK(pegtl::analyze<g::sequence::directive>(-1) == 0);
}

namespace {

template <typename Rule>
bool matches_all(std::string_view text) {
  pegtl::memory_input in(text.data(), text.size(), "t");
  try {
    return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(in);
  } catch (const pegtl::parse_error&) {
    return false;
  }
}

}  // namespace

TEST_CASE("rules") {
  CHECK(matches_all<g::word>("abc"));
  CHECK(matches_all<g::word>("\"a b # c\""));
  CHECK(matches_all<g::word>("a\\#b"));
  CHECK_FALSE(matches_all<g::word>("a#b"));
  CHECK_FALSE(matches_all<g::word>("a{"));
  CHECK(matches_all<g::statement>("a b \"c d\"  # comment"));
  CHECK(matches_all<g::block>("{ a\n b { c }\n}"));
  CHECK(matches_all<g::block>("{ a"));  // missing '}' at the end of input is accepted (and reported)
  CHECK(matches_all<g::config>("a {\n}\n}\n{ b }\n"));
  CHECK(matches_all<g::sequence::directive>("~SEQ(i,1,3)"));
  CHECK(matches_all<g::sequence::directive>("~LST({a,b},{1,2})"));
  CHECK_FALSE(matches_all<g::sequence::directive>("~SEQ(i,1"));  // must<> raises
}
