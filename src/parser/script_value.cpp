#include "parser/script_value.hpp"

#include <fmt/format.h>

namespace vigil::parser {

namespace {

constexpr std::string_view white_space = " \t\f\n\r\v";

bool is_blank(char c) {
    return white_space.find(c) != std::string_view::npos;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    return 10 + ((c >= 'A' && c <= 'F') ? c - 'A' : c - 'a');
}

// The character an escape stands for; `i` is just after the backslash and moves past it.
char decode_escape(std::string_view text, std::size_t& i) {
    const char c = text[i];
    if (c == 'x' && i + 1 < text.size() && is_hex(text[i + 1])) {
        unsigned char value = 0;
        ++i;
        while (i < text.size() && is_hex(text[i])) {
            value = static_cast<unsigned char>((value << 4) | hex_value(text[i]));
            ++i;
        }
        return static_cast<char>(value);
    }
    if (c == 'c' && i + 1 < text.size()) {
        i += 2;
        return static_cast<char>(text[i - 1] & 0x1f);
    }
    if (c >= '0' && c <= '7') {
        unsigned char value = static_cast<unsigned char>(c - '0');
        ++i;
        for (int k = 0; k < 2 && i < text.size() && text[i] >= '0' && text[i] <= '7'; ++k) {
            value = static_cast<unsigned char>((value << 3) + (text[i] - '0'));
            ++i;
        }
        return static_cast<char>(value);
    }
    ++i;
    switch (c) {
    case 'a': return '\a';
    case 'b': return '\b';
    case 'E': return '\x1b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return c;
    }
}

} // namespace

QuotedWords split_quoted_escaped(std::string_view text) {
    QuotedWords out;
    std::size_t i = 0;
    char quote = 0;
    while (i < text.size()) {
        while (i < text.size() && is_blank(text[i])) {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        std::string word;
        while (i < text.size()) {
            const char c = text[i];
            if (c == '\\') {
                ++i;
                if (i >= text.size()) {
                    return QuotedWords{};  // "Missing escape char at end" (logged only)
                }
                word += decode_escape(text, i);
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word += c;
                }
                ++i;
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                ++i;
                continue;
            }
            if (is_blank(c)) {
                break;
            }
            word += c;
            ++i;
        }
        if (quote != 0) {
            QuotedWords failed;
            failed.error = fmt::format("String '{}': missing terminating {}", text, quote);
            return failed;
        }
        out.words.push_back(std::move(word));
    }
    out.ok = !out.words.empty();
    return out;
}

} // namespace vigil::parser
