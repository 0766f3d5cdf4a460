// Preprocessor behaviour, checked against keepalived 2.2.7 (`keepalived -t -i nodeA` on the
// same input; the "Unknown keyword" lines it prints show the logical lines it produced).

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "parse_helpers.hpp"

using namespace vigil::parser;
using namespace vigil::parser::test;
namespace fs = std::filesystem;

namespace {

// A temporary directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("vigil-pp-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  void write(const std::string& name, std::string_view text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name) << text;
  }
};

}  // namespace

TEST_CASE("conditional lines") {
  CHECK(run("@main a\n@other b\n@^main c\n@^other d\n") == "a\nd\n");
  CHECK(run("@^other @main x\n") == "@main|x\n");  // checked once per line
  CHECK(run("x {\n  @main y 1\n  @backup y 2\n}\n") == "x {\n  y|1\n}\n");
  CHECK(run("@main\n") == "");
  CHECK(run("aa { @main bb }\n") == "aa {\n  bb\n}\n");
  CHECK(run("@main $P=240\n@backup $P=200\npriority $P\n") == "priority|240\n");
}

TEST_CASE("parameter definitions and uses") {
  CHECK(run("$X=foo\n$X\n") == "foo\n");
  CHECK(run("$X= value\n$X\n") == "value\n");
  CHECK(run("$N=9\na $N/32 ${N}/32 $N\n") == "a|$N/32|9/32|9\n");
  CHECK(run("a ${UNDEF} $UNDEF\n") == "a|$ {\n  UNDEF\n}\n$UNDEF\n");  // the brace still splits
  CHECK(run("$X3 =1\n") == "$X3|=1\n");
  CHECK(run("$E=\nx$E y\nx${E}y\n") == "x|y\nxy\n");
  CHECK(run("$X4=a b\n\"$X4\" $X4\n") == "$X4|a|b\n");
  // recursion happens at use time (man page example)
  CHECK(run("$B=10.2.${S}\n$S=0\n${B}.100/32\n$S=10\n${B}.100/32\n") == "10.2.0.100/32\n10.2.10.100/32\n");
  CHECK(run("$IF_MAIN=@main\n$IF_MAIN priority 240\n$IF_B=@backup\n$IF_B priority 1\n") == "priority|240\n");
  CHECK(run("$A=x\n$A $A ${A}${A}\n") == "x|x|xx\n");
  CHECK(run("$D=$X=1 m\n$D\nv $X\n") == "v|1|m\n");  // a definition produced by expansion
}

TEST_CASE("runaway parameter recursion is an error, not a hang") {
  Diagnostics d;
  CHECK(run("$R=${R}x\n${R}\nok\n", d) == "ok\n");
  REQUIRE(d.size() == 1);
  CHECK(d.all()[0].message == "Parameter expansion too deep (recursive definition?)");
}

TEST_CASE("multi-line parameters are replayed line by line") {
  CHECK(run("$ML= \\\n  ml1 a \\\n  ml2 { b } \\\n  ml3\n$ML\n$ML trailing\n") ==
        "ml1|a\nml2 {\n  b\n}\nml3\n$ML|trailing\n");
  // nested use, replayed lines are at the use site
  Diagnostics d;
  auto tree = parse_config_text("$ML= \\\n  m1 \\\n  m2\n$OUT= \\\n o1 \\\n $ML \\\n o2\n\n$OUT\n", "t.conf", options(), d);
  CHECK(format_tree(tree.statements) == "o1\nm1\nm2\no2\n");
  for (const auto& s : tree.statements) CHECK(s.where.line == 9);
  // a blank line ends the definition (2.2.7 binary)
  CHECK(run("$ML= \\\n  ml1 a \\\n\n  ml2 b \\\n$ML\n") == "ml2|b\\\nml1|a\n");
  CHECK(run("$ML= \\\n  ml1 a \\\n # c\n  ml2\n$ML\n") == "ml1|a\nml2\n");  // comment lines are skipped
  // conditionals inside are evaluated on replay
  CHECK(run("$I= \\\n @main p 1 \\\n @backup p 2\n$I\n") == "p|1\n");
  // parameters of the replayed lines are expanded at use time
  CHECK(run("$I= \\\n vi VI_${N} { \\\n  id ${N} \\\n }\n$N=1\n$I\n$N=2\n$I\n") ==
        "vi|VI_1 {\n  id|1\n}\nvi|VI_2 {\n  id|2\n}\n");
}

TEST_CASE("pre-defined parameters") {
  CHECK(run("${_INSTANCE}inst\n") == "maininst\n");
  // keepalived's readings read its decommented copy of the file: "\\#" starts a comment there
  CHECK(run("a \\#x\n") == "a\n");
  CHECK(run("a \\\\#x\n") == "a|\\\\\n");
  CHECK(run("a \"\\#x\"\n") == "a|\\#x\n");
  // ${_HASH} is a plain '#': it starts a comment
  CHECK(run("a \\#x ${_HASH}y\n") == "a\n");
  CHECK(run("w\\!x m ${_HASH}\n") == "w\n");
  CHECK(run("a 7${_HASH}x\n") == "a|7\n");
  CHECK(run("a \"9${_HASH}\" \"${_BANG}\"\n") == "a|9#|!\n");
  CHECK(run("${_HASH}x\n") == "");
  CHECK(run("r ${_RANDOM 5 5}\n") == "r|5\n");
  Diagnostics d;
  auto tree = parse_config_text("r ${_RANDOM} ${_RANDOM 10} ${_RANDOM 3 4}\n", "t.conf", options(), d);
  REQUIRE(tree.statements.size() == 1);
  const auto& w = tree.statements[0].words;
  REQUIRE(w.size() == 4);
  auto num = [](std::string_view s) { return std::stol(std::string(s)); };
  CHECK(num(w[1].text) >= 0);
  CHECK(num(w[1].text) <= 32767);
  CHECK(num(w[2].text) >= 10);
  CHECK(num(w[2].text) <= 32767);
  CHECK(num(w[3].text) >= 3);
  CHECK(num(w[3].text) <= 4);
  // the same seed gives the same values
  Diagnostics d2;
  auto again = parse_config_text("r ${_RANDOM} ${_RANDOM 10} ${_RANDOM 3 4}\n", "t.conf", options(), d2);
  CHECK(format_tree(again.statements) == format_tree(tree.statements));
  // random_seed (a global_defs keyword) reseeds while reading
  Diagnostics d3;
  auto s1 = run("global_defs {\n random_seed 7\n}\nr ${_RANDOM}\n", d3);
  auto o = options();
  o.random_seed = 99;
  auto s2 = run("global_defs {\n random_seed 7\n}\nr ${_RANDOM}\n", d3, o);
  CHECK(s1 == s2);
}

TEST_CASE("_PWD is the directory of the current file") {
  TempDir t;
  t.write("sub/inc.conf", "in ${_PWD}\n");
  t.write("main.conf", "out ${_PWD}\ninclude sub/inc.conf\n");
  PreprocessOptions o = options();
  o.include_mode = IncludeMode::follow;
  Diagnostics d;
  auto tree = parse_config_file(t.path / "main.conf", o, d);
  CHECK(d.empty());
  CHECK(format_tree(tree.statements) == "out|" + t.path.string() + "\nin|" + (t.path / "sub").string() + "\n");
}

TEST_CASE("~SEQ and ~SEQx") {
  CHECK(run("~SEQ(i,1,3) k$i\n") == "k1\nk2\nk3\n");
  CHECK(run("~SEQ(i,3) x${i}\n") == "x1\nx2\nx3\n");
  CHECK(run("~SEQ(i,-2) y${i}\n") == "y-1\ny-2\n");
  CHECK(run("~SEQ(i,5,1) z${i}\n") == "z5\nz4\nz3\nz2\nz1\n");
  CHECK(run("~SEQ(i, 0, 2, 4) s${i}\n") == "s0\ns2\ns4\n");
  CHECK(run("~SEQx(i,8,2,12) h${i}\n") == "h8\nha\nhc\n");
  CHECK(run("~SEQx(S, 0x90, 0x10, 0xc0) fe80::20:${S}:1\n") ==
        "fe80::20:90:1\nfe80::20:a0:1\nfe80::20:b0:1\nfe80::20:c0:1\n");
  CHECK(run("~SEQ(a,0x10,0x11) hx${a}\n") == "hx16\nhx17\n");
  CHECK(run("~SEQ(ii,1,2) ~SEQ(jj,1,2) n${ii}${jj}\n") == "n11\nn12\nn21\nn22\n");
  // bounds from definitions ($NAME ends at a blank, ',' or ')')
  CHECK(run("$S=1\n$E=3\n~SEQ(i, $S, ${E}) b${i}\n") == "b1\nb2\nb3\n");
  CHECK(run("$E=2\n~SEQ(i, $E) c${i}\n") == "c1\nc2\n");
  CHECK(run("~SEQ(a,1,2)\nv${a}\n") == "v2\n");  // no replay, but $a is set
  Diagnostics extra;  // keepalived: ee { s1 } s2 } and "Extra '}' found"
  CHECK(run("ee { ~SEQ(q,1,2) s$q }\n", extra) == "ee {\n  s1\n}\ns2\n}\n");
  CHECK(messages(extra) == std::vector<std::string>{"(t.conf: Line 1) Extra '}' found"});
  CHECK(run("v {\n ~SEQx(A, 0x90, 0x10, 0xa0) ~SEQx(B, 0x12, -1, 0x11) fe81::${A}:${B}\n}\n") ==
        "v {\n  fe81::90:12\n  fe81::90:11\n  fe81::a0:12\n  fe81::a0:11\n}\n");
}

TEST_CASE("~SEQ errors use keepalived's wording") {
  Diagnostics d;
  CHECK(run("~SEQ(i6,1,0,3) x\n~SEQ(i7) y\n~SEQ(i8,1,3 z\n~LST(v)\n", d) == "");
  CHECK(messages(d) == std::vector<std::string>{
                           "(t.conf: Line 1) Invalid ~SEQ values '~SEQ(i6,1,0,3) x'",
                           "(t.conf: Line 1) Invalid ~SEQ specification '~SEQ(i6,1,0,3) x'",
                           "(t.conf: Line 2) Invalid ~SEQ definition '~SEQ(i7) y'",
                           "(t.conf: Line 2) Invalid ~SEQ specification '~SEQ(i7) y'",
                           "(t.conf: Line 3) ~SEQ parameter strings too long '~SEQ(i8,1,3 z'",
                           "(t.conf: Line 3) Invalid ~SEQ specification '~SEQ(i8,1,3 z'",
                           "(t.conf: Line 4) Invalid ~LST specification '~LST(v)'",
                       });
}

TEST_CASE("~LST") {
  CHECK(run("~LST(v,a,b) l${v}\n") == "la\nlb\n");
  CHECK(run("~LST({a,b},{1,2},{3,4}) m${a}_${b}\n") == "m1_2\nm3_4\n");
  CHECK(run("~LST({IP, IP1}, {10,1},{20,4}) 192.168.${IP}.${IP1}\n") == "192.168.10.1\n192.168.20.4\n");
  CHECK(run("~LST(v,) e${v}\n") == "");
  CHECK(run("~LST(v,a) ~SEQ(i,2) x${v}${i}\n") == "xa1\nxa2\n");
}

TEST_CASE("unterminated quotes drop the rest of the line") {
  Diagnostics d;
  CHECK(run("\"\n\" x {\na \"b\" \"c\nfoo\n", d) == "a|b\nfoo\n");
  CHECK(d.size() == 6);
}

TEST_CASE("a line ending in a backslash keeps it after the content") {
  // (2.2.7 binary) "bar \\" -> "bar\\", comments and blanks before the '\\' go
  CHECK(run("bar \\\nfoo\n") == "bar\\\nfoo\n");
  CHECK(run("x !c \\\n") == "x\\\n");
  CHECK(run("!c \\\n") == "\\\n");
  CHECK(run("a b   \\\n") == "a|b\\\n");
  CHECK(run("{ \\\n", *std::make_unique<Diagnostics>()) == "{\n  \\\n<missing }>\n");
  // so "@main \\" compares the id "main\\" and never matches
  CHECK(run("@main \\\nfoo\n") == "foo\n");
  // a comment line ending in '\\' does not end a multi-line definition, a blank line does
  CHECK(run("$ML= \\\n a \\\n # c \\\n b \\\n\n$ML\n") == "a\nb\n");
  CHECK(run("$ML= \\\n a \\ # c\n b\n$ML\n") == "b\na|\\\n");
}

TEST_CASE("words of expanded text are located at the directive") {
  Diagnostics d;
  auto tree = parse_config_text("$X=a b\n  k $X c\n~SEQ(i,1,2) s$i\n", "t.conf", options(), d);
  REQUIRE(tree.statements.size() == 3);
  const auto& k = tree.statements[0];
  REQUIRE(k.words.size() == 4);
  CHECK(k.words[0].where.column == 3);
  CHECK(k.words[1].where.column == 5);  // 'a' comes from $X at column 5
  CHECK(k.words[2].where.column == 5);
  CHECK(k.words[3].where.column == 8);  // 'c' is literal text after the expansion
  CHECK(k.where.line == 2);
  CHECK(tree.statements[2].where.line == 3);
  CHECK(tree.statements[2].words[0].text == "s2");
}

TEST_CASE("unterminated quote") {
  Diagnostics d;
  CHECK(run("foo2 \"abc\n", d) == "foo2\n");
  CHECK(messages(d) == std::vector<std::string>{"(t.conf: Line 1) Unterminated quote 'foo2 \"abc'",
                                                "(t.conf: Line 1) Unmatched quote: 'foo2 \"abc'"});
}

TEST_CASE("includes") {
  TempDir t;
  t.write("conf.d/b.conf", "b\n");
  t.write("conf.d/a.conf", "a\ninclude ../x/c.conf\n");  // relative to conf.d
  t.write("x/c.conf", "c\n");
  t.write("one.conf", "one\n");
  t.write("two.conf", "two\n");
  PreprocessOptions o = options();
  o.include_mode = IncludeMode::follow;

  SUBCASE("glob order, relative to the including file") {
    t.write("main.conf", "m {\ninclude conf.d/*.conf\n}\ninclude {two,one}.conf\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "main.conf", o, d);
    CHECK(d.empty());
    CHECK(format_tree(tree.statements) == "m {\n  a\n  c\n  b\n}\ntwo\none\n");
    REQUIRE(tree.statements[0].block.size() == 3);
    CHECK(tree.statements[0].block[0].where.file->path == "conf.d/a.conf");
    CHECK(tree.statements[0].block[1].where.file->path == "../x/c.conf");
    CHECK(tree.files().size() == 6);
  }
  SUBCASE("the pattern is the rest of the line") {
    t.write("main.conf", "ff { include one.conf }\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "main.conf", o, d);
    CHECK(format_tree(tree.statements) == "ff {\n<missing }>\n");
    REQUIRE(d.size() == 2);
    CHECK(d.all()[0].message == "Config files missing 'one.conf }'.");
    CHECK(d.all()[1].message == "There are 1 missing '}'s or extra '{'s");
  }
  SUBCASE("parameters in the pattern are expanded") {
    t.write("main.conf", "$P=one\ninclude ${P}.conf\ninclude foo ${_HASH} bar\ninclude foo $Q\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "main.conf", o, d);
    CHECK(format_tree(tree.statements) == "one\n");
    REQUIRE(d.size() == 2);
    CHECK(d.all()[0].message == "Config files missing 'foo'.");
    CHECK(d.all()[1].message == "Config files missing 'foo $Q'.");
  }
  SUBCASE("missing files: plain include only warns") {
    t.write("main.conf", "include nothere.conf\ninclude none/*.conf\ninclude {x,y}.conf\nok\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "main.conf", o, d);
    CHECK(format_tree(tree.statements) == "ok\n");
    REQUIRE(d.size() == 2);
    CHECK(d.all()[0].message == "Config files missing 'nothere.conf'.");
    CHECK(d.all()[0].line == 1);
    CHECK(d.all()[1].message == "Config files missing '{x,y}.conf'.");
    CHECK(d.exit_status() == 0);
  }
  SUBCASE("-e makes every check fail the load with exit 6") {
    t.write("main.conf", "include nothere.conf\ninclude none/*.conf\ninclude {one,y}.conf\n");
    auto oe = o;
    oe.include_check = IncludeCheck::all;
    Diagnostics d;
    parse_config_file(t.path / "main.conf", oe, d);
    REQUIRE(d.size() == 3);
    CHECK(d.all()[1].message == "No config files matched 'none/*.conf'.");
    CHECK(d.exit_status() == 6);
  }
  // exit status of reading main.conf with `text`
  auto exit_of = [&](std::string_view text) {
    t.write("main.conf", text);
    Diagnostics d;
    parse_config_file(t.path / "main.conf", o, d);
    return d.exit_status();
  };
  SUBCASE("include_check keyword and include variants") {
    CHECK(exit_of("global_defs {\n include_check\n}\ninclude nothere.conf\n") == 6);
    CHECK(exit_of("includem nothere.conf\n") == 6);
    CHECK(exit_of("includew none/*.x\n") == 6);
    CHECK(exit_of("includem none/*.x\n") == 0);  // a wildcard needs wildcard_match
    CHECK(exit_of("global_defs {\n include_check +match -match\n}\ninclude nothere.conf\n") == 0);
  }
  SUBCASE("include_check outside global_defs does nothing") {
    CHECK(exit_of("include_check\ninclude nothere.conf\nx {\n include_check\n}\ninclude nothere.conf\n") == 0);
  }
  SUBCASE("unknown include_check types are ignored") {
    t.write("main.conf", "global_defs {\n include_check bogus +match\n}\ninclude nothere.conf\n");
    Diagnostics d;
    parse_config_file(t.path / "main.conf", o, d);
    REQUIRE(d.size() == 2);
    CHECK(d.all()[0].message == "Unknown include_check type 'bogus' - ignoring");
    CHECK(d.all()[0].line == 2);
    CHECK(d.exit_status() == 6);
  }
  SUBCASE("include_check set in an included file ends with that file") {
    t.write("inner.conf", "global_defs {\n include_check\n}\n");
    CHECK(exit_of("include inner.conf\ninclude nothere.conf\n") == 0);
  }
  SUBCASE("include loops stop") {
    t.write("main.conf", "x\ninclude main.conf\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "main.conf", o, d);
    CHECK(d.has_errors());
    CHECK(tree.statements.size() == 65);
  }
  SUBCASE("includes can be conditional or come from parameters (2.2.7 binary, not the man page)") {
    t.write("main.conf", "@other include one.conf\n@main include two.conf\n$I=include\n$I one.conf\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "main.conf", o, d);
    CHECK(format_tree(tree.statements) == "two\none\n");
    CHECK(d.empty());
  }
  SUBCASE("a pattern ending in a backslash is silently ignored") {
    t.write("main.conf", "include m \\\nx\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "main.conf", o, d);
    CHECK(format_tree(tree.statements) == "x\n");
    CHECK(d.empty());
  }
  SUBCASE("missing main file") {
    Diagnostics d;
    auto tree = parse_config_file(t.path / "nope.conf", o, d);
    REQUIRE(d.size() == 1);
    CHECK(format_keepalived(d.all()[0]) == "Config files missing '" + (t.path / "nope.conf").string() + "'.");
    CHECK(d.exit_status() == 0);
  }
  SUBCASE("the main file name is a pattern too") {
    t.write("m/a.conf", "bogus_a\n");
    t.write("m/b.conf", "bogus_b\n");
    Diagnostics d;
    auto tree = parse_config_file(t.path / "m/*.conf", o, d);
    CHECK(format_tree(tree.statements) == "bogus_a\nbogus_b\n");
    REQUIRE(d.size() == 1);
    CHECK(format_keepalived(d.all()[0]) == "WARNING, multiple configuration file matches of " +
                                               (t.path / "m/*.conf").string() + ", starting with " +
                                               (t.path / "m/a.conf").string());
  }
  SUBCASE("disabled includes never touch the file system") {
    Diagnostics d;
    auto tree = parse_config_text("include /etc/*\nx\n", "t.conf", options(), d);
    CHECK(format_tree(tree.statements) == "x\n");
  }
}
