#pragma once
// The text writer of the configuration dump (dump_config.cpp, dump_lvs.cpp): indented
// keyword lines and blocks, and the quoting that makes every value re-parse to itself.

#include "config/values.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vigil::parser {

// A config word: quoted when the reader would otherwise split or comment it.
inline std::string word(std::string_view w) {
    bool plain = !w.empty();
    for (char c : w) {
        if (c == ' ' || c == '\t' || c == '"' || c == '#' || c == '!' || c == '{' || c == '}') {
            plain = false;
        }
    }
    return plain ? std::string{w} : "\"" + std::string{w} + "\"";
}

// A script word for the shell-like re-tokeniser (script_value.hpp): double quotes, with
// backslash escapes for '"' and '\\'.
inline std::string quote_script_word(std::string_view w) {
    bool plain = !w.empty();
    for (char c : w) {
        if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '\\' || c == '#' || c == '!' || c == '{' || c == '}') {
            plain = false;
        }
    }
    if (plain) {
        return std::string{w};
    }
    std::string out = "\"";
    for (char c : w) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

class Writer {
public:
    void line(std::string_view text) {
        out_.append(depth_ * 4, ' ');
        out_ += text;
        out_ += '\n';
    }
    void open(std::string_view header) {
        line(std::string{header} + " {");
        ++depth_;
    }
    void close() {
        --depth_;
        line("}");
    }
    void flag(std::string_view kw, bool value) {
        if (value) {
            line(kw);
        }
    }
    template <typename T>
    void value(std::string_view kw, const T& v) {
        line(fmt::format("{} {}", kw, v));
    }
    // `kw v` unless v is the default (the keyword was left out or restated the default).
    template <typename T>
    void value_unless_default(std::string_view kw, const T& v, const std::type_identity_t<T>& default_value) {
        if (v != default_value) {
            value(kw, v);
        }
    }
    void opt_string(std::string_view kw, const std::optional<std::string>& v) {
        if (v) {
            line(fmt::format("{} {}", kw, word(*v)));
        }
    }
    void opt_bool(std::string_view kw, const std::optional<bool>& v) {
        if (v) {
            line(fmt::format("{} {}", kw, *v ? "true" : "false"));
        }
    }
    void command(std::string_view kw, const config::OptionalCommand& c) {
        if (!c) {
            return;
        }
        std::string text = fmt::format("{} {}", kw, quote_script_word(c->text_));
        if (c->user_) {
            text += " " + quote_script_word(*c->user_);
            if (c->group_) {
                text += " " + quote_script_word(*c->group_);
            }
        }
        line(text);
    }
    // KW PATH [USER [GROUP]]
    void fifo(std::string_view kw, const std::optional<config::Fifo>& f) {
        if (!f) {
            return;
        }
        std::string text = fmt::format("{} {}", kw, word(f->path_));
        if (f->user_) {
            text += " " + word(*f->user_);
            if (f->group_) {
                text += " " + word(*f->group_);
            }
        }
        line(text);
    }
    // KW WORD...
    void words_line(std::string_view kw, const std::vector<std::string>& words) {
        std::string text{kw};
        for (const auto& x : words) {
            text += " " + word(x);
        }
        line(text);
    }
    // KW [all] INTERVAL
    void garp_extra_if(std::string_view kw, const std::optional<config::GarpExtraIf>& g) {
        if (g) {
            line(fmt::format("{} {}{}", kw, g->all_ ? "all " : "", g->interval_.count()));
        }
    }
    void raw(const config::RawStatement& s) {
        std::string text;
        for (const auto& w : s.words_) {
            if (!text.empty()) {
                text += ' ';
            }
            text += word(w);
        }
        if (!s.has_block_) {
            line(text);
            return;
        }
        open(text);
        for (const auto& c : s.children_) {
            raw(c);
        }
        close();
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
    std::size_t depth_{0};
};

} // namespace vigil::parser
