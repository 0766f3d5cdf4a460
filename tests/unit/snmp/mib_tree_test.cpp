// Get/GetNext over scalars and ragged tables (RFC 3416 section 4.2, RFC 2741 section 7.2.3).
#include "snmp/mib_tree.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace vigil::snmp;

namespace {

// Scalars 1.1.0 and 1.3.0 (absent), a table at 2.1 with columns 2, 3, 5 and rows 1, 2, 10;
// column 3 has no value in row 2, column 5 only in row 10.
MibTree sample() {
    MibTree t;
    t.add(std::make_unique<Scalar>(Oid{1, 1}, [] { return std::optional{Value::integer(7)}; }));
    t.add(std::make_unique<Scalar>(Oid{1, 3}, [] { return std::optional<Value>{}; }));
    auto table = std::make_unique<Table>(Oid{2, 1}, std::vector<std::uint32_t>{5, 2, 3},
                                         [](std::size_t row, std::uint32_t column) -> std::optional<Value> {
                                             const std::uint32_t index[] = {10, 1, 2};
                                             if (column == 3 && index[row] == 2) {
                                                 return std::nullopt;
                                             }
                                             if (column == 5 && index[row] != 10) {
                                                 return std::nullopt;
                                             }
                                             return Value::gauge32(column * 100 + index[row]);
                                         });
    table->add_row(Oid{10}); // rows out of order
    table->add_row(Oid{1});
    table->add_row(Oid{2});
    t.add(std::move(table));
    return t;
}

std::vector<std::string> walk(const MibTree& t, Oid from, const Oid& end = {}) {
    std::vector<std::string> out;
    while (true) {
        VarBind vb = t.get_next(from, false, end);
        if (vb.value.syntax == Syntax::end_of_mib_view) {
            return out;
        }
        out.push_back(to_string(vb));
        from = vb.name;
    }
}

} // namespace

TEST_CASE("a walk visits columns in order, rows by index, and skips missing cells") {
    const MibTree t = sample();
    CHECK(walk(t, Oid{}) == std::vector<std::string>{
                                ".1.1.0 = INTEGER: 7",
                                ".2.1.2.1 = Gauge32: 201",
                                ".2.1.2.2 = Gauge32: 202",
                                ".2.1.2.10 = Gauge32: 210",
                                ".2.1.3.1 = Gauge32: 301",
                                ".2.1.3.10 = Gauge32: 310",
                                ".2.1.5.10 = Gauge32: 510",
                            });
}

TEST_CASE("GetNext from inside an index, between columns and past the end") {
    const MibTree t = sample();
    CHECK(t.get_next(Oid{2, 1, 2, 1, 5}, false, {}).name == Oid{2, 1, 2, 2});
    CHECK(t.get_next(Oid{2, 1, 2, 2}, false, {}).name == Oid{2, 1, 2, 10});
    CHECK(t.get_next(Oid{2, 1, 4}, false, {}).name == Oid{2, 1, 5, 10});
    CHECK(t.get_next(Oid{1, 2}, false, {}).name == Oid{2, 1, 2, 1});
    CHECK(t.get_next(Oid{0, 9}, false, {}).name == Oid{1, 1, 0});
    const VarBind end = t.get_next(Oid{2, 1, 5, 10}, false, {});
    CHECK(end.value.syntax == Syntax::end_of_mib_view);
    CHECK(end.name == Oid{2, 1, 5, 10});
}

TEST_CASE("the search range's end bounds GetNext and include admits the start") {
    const MibTree t = sample();
    CHECK(t.get_next(Oid{1, 1, 0}, false, Oid{2, 1, 3}).name == Oid{2, 1, 2, 1});
    CHECK(t.get_next(Oid{2, 1, 2, 10}, false, Oid{2, 1, 3}).value.syntax == Syntax::end_of_mib_view);
    CHECK(t.get_next(Oid{2, 1, 2, 2}, true, {}).name == Oid{2, 1, 2, 2});
    CHECK(t.get_next(Oid{2, 1, 3, 2}, true, {}).name == Oid{2, 1, 3, 10});
}

TEST_CASE("Get distinguishes noSuchObject from noSuchInstance") {
    const MibTree t = sample();
    CHECK(t.get(Oid{1, 1, 0}).value == Value::integer(7));
    CHECK(t.get(Oid{1, 1, 1}).value.syntax == Syntax::no_such_instance);
    CHECK(t.get(Oid{1, 3, 0}).value.syntax == Syntax::no_such_instance);
    CHECK(t.get(Oid{1, 2, 0}).value.syntax == Syntax::no_such_object);
    CHECK(t.get(Oid{2, 1, 4, 1}).value.syntax == Syntax::no_such_object);
    CHECK(t.get(Oid{2, 1, 3, 2}).value.syntax == Syntax::no_such_instance);
    CHECK(t.get(Oid{2, 1, 3, 10}).value == Value::gauge32(310));
    CHECK(t.get(Oid{2, 1}).value.syntax == Syntax::no_such_object);
}

TEST_CASE("Oid ordering and parsing") {
    CHECK(Oid{1, 3} < Oid{1, 3, 0});
    CHECK(Oid{1, 3, 6} < Oid{1, 4});
    CHECK(Oid::parse(".1.3.6.1") == Oid{1, 3, 6, 1});
    CHECK(Oid::parse("1.3.6.1") == Oid{1, 3, 6, 1});
    CHECK_FALSE(Oid::parse("1..3").has_value());
    CHECK_FALSE(Oid::parse("1.3.x").has_value());
    CHECK_FALSE(Oid::parse("1.99999999999").has_value());
    CHECK(Oid{1, 3, 6}.to_string() == ".1.3.6");
}
