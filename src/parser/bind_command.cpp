#include "parser/bind_command.hpp"

namespace vigil::parser {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// One backslash escape starting after the backslash at text[i]; returns the bytes and
// advances i past the escape.
std::string escape(std::string_view text, std::size_t& i) {
    if (i >= text.size()) {
        return "\\";
    }
    const char c = text[i++];
    switch (c) {
    case 'a': return "\a";
    case 'b': return "\b";
    case 'E': return "\x1b";
    case 'f': return "\f";
    case 'n': return "\n";
    case 'r': return "\r";
    case 't': return "\t";
    case 'v': return "\v";
    case 'c':
        if (i < text.size()) {
            return std::string(1, static_cast<char>(text[i++] & 0x1f));
        }
        return "c";
    case 'x': {
        int value = 0;
        std::size_t n = 0;
        while (i < text.size() && n < 2 && std::isxdigit(static_cast<unsigned char>(text[i])) != 0) {
            const char h = text[i++];
            value = value * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            ++n;
        }
        return n == 0 ? std::string{"x"} : std::string(1, static_cast<char>(value));
    }
    default:
        if (c >= '0' && c <= '7') {
            int value = c - '0';
            std::size_t n = 1;
            while (i < text.size() && n < 3 && text[i] >= '0' && text[i] <= '7') {
                value = value * 8 + (text[i++] - '0');
                ++n;
            }
            return std::string(1, static_cast<char>(value));
        }
        return std::string(1, c);
    }
}

} // namespace

std::vector<std::string> split_script_words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        std::string word;
        char quote = 0;
        while (i < text.size() && (quote != 0 || !is_space(text[i]))) {
            const char c = text[i++];
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    word += escape(text, i);
                } else {
                    word += c;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '\\') {
                word += escape(text, i);
            } else {
                word += c;
            }
        }
        out.push_back(std::move(word));
    }
    return out;
}

std::vector<std::string> split_command_line(std::string_view command) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < command.size()) {
        while (i < command.size() && is_space(command[i])) {
            ++i;
        }
        if (i >= command.size()) {
            break;
        }
        std::string word;
        bool quoted = false;
        while (i < command.size() && (quoted || !is_space(command[i]))) {
            const char c = command[i++];
            if (c == '\'') {
                quoted = !quoted;
            } else {
                word += c;
            }
        }
        out.push_back(std::move(word));
    }
    return out;
}

std::string quote_script_word(std::string_view word) {
    bool plain = !word.empty();
    for (char c : word) {
        if (is_space(c) || c == '"' || c == '\'' || c == '\\' || c == '#' || c == '!' || c == '{' || c == '}') {
            plain = false;
        }
    }
    if (plain) {
        return std::string{word};
    }
    std::string out = "\"";
    for (char c : word) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

} // namespace vigil::parser
