#include "parser/bind_scripts.hpp"

#include "parser/script_value.hpp"

namespace vigil::parser {

namespace {

// The line's words and the arguments of its command word; nullopt for the command when
// keepalived gets no arguments.
struct ScriptLine {
    QuotedWords line;
    std::optional<std::vector<std::string>> args;
};

ScriptLine read_line(BindContext& ctx, const Statement& s) {
    ScriptLine out;
    out.line = split_quoted_escaped(s.raw);
    if (out.line.error) {
        ctx.error(s.where, *out.line.error);
    }
    if (!out.line.ok || out.line.words.size() < 2) {
        return out;
    }
    const auto where = BindContext::has(s, 1) ? s.words[1].where : s.where;
    auto inner = split_quoted_escaped(out.line.words[1]);
    if (inner.error) {
        ctx.error(where, *inner.error);
    }
    if (inner.ok) {
        out.args = std::move(inner.words);
    }
    return out;
}

config::Command command_of(const ScriptLine& l) {
    config::Command c;
    c.argv_ = *l.args;
    c.text_ = l.line.words[1];
    return c;
}

} // namespace

std::optional<config::Command> read_notify_script(BindContext& ctx, const Statement& s) {
    ScriptLine l = read_line(ctx, s);
    if (!l.line.ok) {
        return std::nullopt;  // "Unable to parse notify script" (logged)
    }
    if (!l.args) {
        if (l.line.words.size() < 2) {
            // "Unable to parse script '%s'" reads the missing word: null_strvec.
            ctx.missing_parameter(s.where, l.line.words.front(), l.line.words.back(), 1);
        }
        return std::nullopt;
    }
    config::Command c = command_of(l);
    const auto& words = l.line.words;
    if (words.size() > 2) {
        const auto group = words.size() > 3 ? std::optional<std::string_view>{words[3]} : std::nullopt;
        if (!ctx.user_group_exists(words[2], group)) {
            return std::nullopt;  // "Invalid user/group for notify script" (logged)
        }
        c.user_ = words[2];
        if (group) {
            c.group_ = std::string{*group};
        }
    } else if (!ctx.default_script_user(s.where)) {
        return std::nullopt;  // "Failed to set default user for notify script" (logged)
    }
    return c;
}

std::optional<config::Command> read_script_params(BindContext& ctx, const Statement& s) {
    ScriptLine l = read_line(ctx, s);
    if (!l.args) {
        return std::nullopt;
    }
    return command_of(l);
}

} // namespace vigil::parser
