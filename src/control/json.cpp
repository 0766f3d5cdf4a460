#include "control/json.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace vigil::control {

std::optional<double> Json::number() const noexcept {
    if (const auto* i = std::get_if<std::int64_t>(&value_)) {
        return static_cast<double>(*i);
    }
    if (const auto* d = std::get_if<double>(&value_)) {
        return *d;
    }
    return std::nullopt;
}

const Json* Json::find(std::string_view key) const noexcept {
    if (const auto* o = std::get_if<JsonObject>(&value_)) {
        for (const JsonMember& m : *o) {
            if (m.first == key) {
                return &m.second;
            }
        }
    }
    return nullptr;
}

Json& Json::set(std::string key, Json value) {
    std::get<JsonObject>(value_).emplace_back(std::move(key), std::move(value));
    return *this;
}

Json& Json::push(Json value) {
    std::get<JsonArray>(value_).push_back(std::move(value));
    return *this;
}

namespace {

// Length of the valid UTF-8 sequence at s[i], 0 when invalid (RFC 3629 section 4).
std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        lo = b == 0xE0 ? 0xA0 : 0x80;
        hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
            return 0;
        }
    }
    return n;
}

} // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        switch (c) {
        case '"': out += "\\\""; ++i; continue;
        case '\\': out += "\\\\"; ++i; continue;
        case '\n': out += "\\n"; ++i; continue;
        case '\r': out += "\\r"; ++i; continue;
        case '\t': out += "\\t"; ++i; continue;
        default: break;
        }
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
            ++i;
            continue;
        }
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        out.append(text.substr(i, n));
        i += n;
    }
    out += '"';
}

void append_json_text(std::string& out, const Json& value) {
    switch (value.kind()) {
    case Json::Kind::null:
        out += "null";
        return;
    case Json::Kind::boolean:
        out += *value.boolean() ? "true" : "false";
        return;
    case Json::Kind::integer:
        fmt::format_to(std::back_inserter(out), "{}", *value.integer());
        return;
    case Json::Kind::real: {
        const double d = *value.number();
        if (!std::isfinite(d)) {
            out += "null"; // JSON has no NaN or infinity
        } else {
            fmt::format_to(std::back_inserter(out), "{}", d);
        }
        return;
    }
    case Json::Kind::string:
        append_json_string(out, *value.string());
        return;
    case Json::Kind::array: {
        out += '[';
        bool first = true;
        for (const Json& item : *value.array_items()) {
            if (!first) {
                out += ',';
            }
            first = false;
            append_json_text(out, item);
        }
        out += ']';
        return;
    }
    case Json::Kind::object: {
        out += '{';
        bool first = true;
        for (const JsonMember& m : *value.members()) {
            if (!first) {
                out += ',';
            }
            first = false;
            append_json_string(out, m.first);
            out += ':';
            append_json_text(out, m.second);
        }
        out += '}';
        return;
    }
    }
}

std::string to_json_text(const Json& value) {
    std::string out;
    append_json_text(out, value);
    return out;
}

namespace {

// Recursive descent over RFC 8259 section 2-7; depth bounded by max_depth.
class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    std::variant<Json, JsonError> parse() {
        Json v;
        skip_space();
        if (!value(v, 0)) {
            return error_;
        }
        skip_space();
        if (pos_ != text_.size()) {
            fail("unexpected text after the JSON value");
            return error_;
        }
        return v;
    }

private:
    bool fail(const char* message) {
        error_ = JsonError{pos_, message};
        return false;
    }
    void skip_space() noexcept {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }
    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) {
            return fail("invalid literal");
        }
        pos_ += word.size();
        return true;
    }
    bool value(Json& out, std::size_t depth) {
        if (pos_ >= text_.size()) {
            return fail("unexpected end of input");
        }
        switch (text_[pos_]) {
        case '{': return object(out, depth + 1);
        case '[': return array(out, depth + 1);
        case '"': {
            std::string s;
            if (!string(s)) {
                return false;
            }
            out = Json(std::move(s));
            return true;
        }
        case 't': out = Json(true); return literal("true");
        case 'f': out = Json(false); return literal("false");
        case 'n': out = Json(nullptr); return literal("null");
        default: return number(out);
        }
    }
    bool object(Json& out, std::size_t depth) {
        if (depth > max_depth) {
            return fail("nesting too deep");
        }
        ++pos_;
        out = Json::object();
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != '"') {
                return fail("expected a member name");
            }
            std::string key;
            if (!string(key)) {
                return false;
            }
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != ':') {
                return fail("expected ':'");
            }
            ++pos_;
            skip_space();
            Json v;
            if (!value(v, depth)) {
                return false;
            }
            out.set(std::move(key), std::move(v));
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }
    bool array(Json& out, std::size_t depth) {
        if (depth > max_depth) {
            return fail("nesting too deep");
        }
        ++pos_;
        out = Json::array();
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_space();
            Json v;
            if (!value(v, depth)) {
                return false;
            }
            out.push(std::move(v));
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }
    bool hex4(std::uint32_t& out) {
        if (pos_ + 4 > text_.size()) {
            return fail("truncated \\u escape");
        }
        out = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text_[pos_++];
            out <<= 4;
            if (c >= '0' && c <= '9') {
                out |= static_cast<std::uint32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                out |= static_cast<std::uint32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                out |= static_cast<std::uint32_t>(c - 'A' + 10);
            } else {
                return fail("invalid \\u escape");
            }
        }
        return true;
    }
    static void put_utf8(std::string& s, std::uint32_t cp) {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xE0 | (cp >> 12));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            s += static_cast<char>(0xF0 | (cp >> 18));
            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    bool string(std::string& out) {
        ++pos_; // the opening quote
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return fail("control character in a string");
            }
            if (c != '\\') {
                const std::size_t n = utf8_length(text_, pos_);
                if (n == 0) {
                    return fail("invalid UTF-8");
                }
                out.append(text_.substr(pos_, n));
                pos_ += n;
                continue;
            }
            if (++pos_ >= text_.size()) {
                break;
            }
            const char e = text_[pos_++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(cp)) {
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low = 0;
                    if (text_.substr(pos_, 2) != "\\u") {
                        return fail("unpaired surrogate");
                    }
                    pos_ += 2;
                    if (!hex4(low)) {
                        return false;
                    }
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return fail("unpaired surrogate");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail("unpaired surrogate");
                }
                put_utf8(out, cp);
                break;
            }
            default: return fail("invalid escape");
            }
        }
        return fail("unterminated string");
    }
    bool number(Json& out) {
        const std::size_t start = pos_;
        bool integral = true;
        if (pos_ < text_.size() && text_[pos_] == '-') {
            ++pos_;
        }
        if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') {
            return fail("invalid value");
        }
        if (text_[pos_] == '0') {
            ++pos_;
        } else {
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
                ++pos_;
            }
        }
        auto digits = [this] {
            const std::size_t d = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
                ++pos_;
            }
            return pos_ > d;
        };
        if (pos_ < text_.size() && text_[pos_] == '.') {
            integral = false;
            ++pos_;
            if (!digits()) {
                return fail("invalid number");
            }
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            integral = false;
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
                ++pos_;
            }
            if (!digits()) {
                return fail("invalid number");
            }
        }
        const std::string_view t = text_.substr(start, pos_ - start);
        if (integral) {
            std::int64_t i = 0;
            if (std::from_chars(t.data(), t.data() + t.size(), i).ec == std::errc{}) {
                out = Json(static_cast<long long>(i));
                return true;
            }
        }
        // strtod, not std::from_chars(double): libstdc++'s from_chars object also holds the
        // long double conversion, whose fesetround() made the statically linked daemon load
        // libm (0.3 MB resident in the parent) for nothing. The token is already a valid JSON
        // number, and nothing in vigil calls setlocale(): the decimal point is '.'.
        const std::string token(t);
        errno = 0;
        const double d = std::strtod(token.c_str(), nullptr);
        if (errno == ERANGE) {
            return fail("number out of range");
        }
        out = Json(d);
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    JsonError error_;
};

} // namespace

std::variant<Json, JsonError> parse_json(std::string_view text) {
    return Parser(text).parse();
}

} // namespace vigil::control
