#pragma once
// A small JSON value (RFC 8259) for the control protocol: built by the daemon, written
// compactly on one line, and parsed from one request line. Objects keep their members in
// insertion order, so that a reply's text is deterministic (golden files).
//
// Parser contract: parse_json() accepts exactly one JSON text (surrounding whitespace
// allowed), rejects nesting deeper than max_depth and anything malformed, never throws on
// bad input (std::bad_alloc aside), and reports the byte offset of the first error.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vigil::control {

class Json;
using JsonArray = std::vector<Json>;
using JsonMember = std::pair<std::string, Json>;
using JsonObject = std::vector<JsonMember>;

class Json {
public:
    enum class Kind : std::uint8_t { null, boolean, integer, real, string, array, object };

    Json() noexcept = default;
    Json(std::nullptr_t) noexcept {}
    Json(bool b) noexcept : value_(b) {}
    Json(int i) noexcept : value_(static_cast<std::int64_t>(i)) {}
    Json(unsigned i) noexcept : value_(static_cast<std::int64_t>(i)) {}
    Json(long i) noexcept : value_(static_cast<std::int64_t>(i)) {}
    Json(long long i) noexcept : value_(static_cast<std::int64_t>(i)) {}
    // Counters: values above INT64_MAX are clamped (never reached in practice).
    Json(unsigned long i) noexcept : value_(clamp(i)) {}
    Json(unsigned long long i) noexcept : value_(clamp(i)) {}
    Json(double d) noexcept : value_(d) {}
    Json(const char* s) : value_(std::string(s)) {}
    Json(std::string s) noexcept : value_(std::move(s)) {}
    Json(std::string_view s) : value_(std::string(s)) {}
    Json(JsonArray a) noexcept : value_(std::move(a)) {}
    Json(JsonObject o) noexcept : value_(std::move(o)) {}

    static Json array() { return Json(JsonArray{}); }
    static Json object() { return Json(JsonObject{}); }

    Kind kind() const noexcept { return static_cast<Kind>(value_.index()); }
    bool is_null() const noexcept { return kind() == Kind::null; }

    // Typed access: nullptr when the value is of another kind.
    const bool* boolean() const noexcept { return std::get_if<bool>(&value_); }
    const std::int64_t* integer() const noexcept { return std::get_if<std::int64_t>(&value_); }
    const std::string* string() const noexcept { return std::get_if<std::string>(&value_); }
    const JsonArray* array_items() const noexcept { return std::get_if<JsonArray>(&value_); }
    const JsonObject* members() const noexcept { return std::get_if<JsonObject>(&value_); }
    // Integers and reals alike.
    std::optional<double> number() const noexcept;

    // Object member by key (the first one), nullptr when absent or not an object.
    const Json* find(std::string_view key) const noexcept;

    // Building: appends a member (object) or an item (array); the value must be of that kind.
    Json& set(std::string key, Json value);
    Json& push(Json value);

    friend bool operator==(const Json&, const Json&) = default;

private:
    template <typename U>
    static std::int64_t clamp(U u) noexcept {
        return u > static_cast<U>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(u);
    }
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, JsonArray, JsonObject>
        value_;
};

// One line of compact JSON (no newline inside: control characters in strings are escaped).
std::string to_json_text(const Json& value);
void append_json_text(std::string& out, const Json& value);
// A JSON string literal for `text` (quotes included); invalid UTF-8 bytes become U+FFFD.
void append_json_string(std::string& out, std::string_view text);

struct JsonError {
    std::size_t offset = 0;
    std::string message;
};

inline constexpr std::size_t max_depth = 32;

// Exactly one JSON text, or the first error.
std::variant<Json, JsonError> parse_json(std::string_view text);

} // namespace vigil::control
