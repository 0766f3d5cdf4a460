#pragma once
// Generic keyword handlers for the tables: one template per value shape, parameterised by
// the member they set. Each has the Keyword<Target>::handler_ signature.

#include "parser/bind_context.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <type_traits>

namespace vigil::parser::handlers {

template <typename T>
struct member_traits;
template <typename C, typename M>
struct member_traits<M C::*> {
    using target = C;
    using value = M;
};

template <typename T>
struct unwrap_optional {
    using type = T;
};
template <typename T>
struct unwrap_optional<std::optional<T>> {
    using type = T;
};

// Keyword without arguments sets a bool member (or an optional<bool>) to true.
template <auto Member>
void flag(BindContext&, const Statement&, typename member_traits<decltype(Member)>::target& t) {
    t.*Member = true;
}

// Keyword [BOOL].
template <auto Member>
void boolean(BindContext& ctx, const Statement& s, typename member_traits<decltype(Member)>::target& t) {
    if (auto v = ctx.boolean(s, 1)) {
        t.*Member = *v;
    }
}

// Keyword STRING (first argument).
template <auto Member>
void string(BindContext& ctx, const Statement& s, typename member_traits<decltype(Member)>::target& t) {
    if (auto v = ctx.word(s, 1)) {
        t.*Member = std::string{*v};
    }
}

// Keyword N with N in [Min, Max]; the member may be an integer, a std::chrono::seconds or
// an optional of either.
template <auto Member, long long Min, long long Max>
void integer(BindContext& ctx, const Statement& s, typename member_traits<decltype(Member)>::target& t) {
    using V = typename unwrap_optional<typename member_traits<decltype(Member)>::value>::type;
    if (auto v = ctx.integer(s, 1, Min, Max)) {
        if constexpr (std::is_same_v<V, std::chrono::seconds>) {
            t.*Member = std::chrono::seconds{*v};
        } else {
            t.*Member = static_cast<V>(*v);
        }
    }
}

// Keyword DECIMAL-SECONDS in [Min/1e6, Max/1e6] (microsecond bounds), into microseconds.
template <auto Member, long long MinUs, long long MaxUs>
void timer(BindContext& ctx, const Statement& s, typename member_traits<decltype(Member)>::target& t) {
    if (auto v = ctx.timer(s, 1, static_cast<double>(MinUs) / 1e6, static_cast<double>(MaxUs) / 1e6)) {
        t.*Member = *v;
    }
}

// Keyword ADDRESS.
template <auto Member>
void address(BindContext& ctx, const Statement& s, typename member_traits<decltype(Member)>::target& t) {
    if (auto v = ctx.address(s, 1)) {
        t.*Member = *v;
    }
}

// Keyword CMD [USER [GROUP]].
template <auto Member>
void command(BindContext& ctx, const Statement& s, typename member_traits<decltype(Member)>::target& t) {
    if (auto v = ctx.command(s)) {
        t.*Member = std::move(*v);
    }
}

// Keyword WORD... (all arguments).
template <auto Member>
void words(BindContext&, const Statement& s, typename member_traits<decltype(Member)>::target& t) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        out.emplace_back(s.words[i].text);
    }
    t.*Member = std::move(out);
}

} // namespace vigil::parser::handlers
