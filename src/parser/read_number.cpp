#include "parser/read_number.hpp"

#include "parser/number_reader.hpp"

#include <climits>

namespace vigil::parser {

namespace {

// The reading's messages, at the word; its value when keepalived uses it.
template <typename T, typename R = T>
std::optional<R> report(BindContext& ctx, const Location& at, NumberReading<T>&& reading) {
    for (auto& m : reading.messages) {
        ctx.error(at, std::move(m));
    }
    if (!reading.ok) {
        return std::nullopt;
    }
    return static_cast<R>(reading.value);
}

} // namespace

std::optional<unsigned long> read_unsigned(BindContext& ctx, const Location& at, std::string_view text,
                                           unsigned long min, unsigned long max) {
    return report(ctx, at, read_unsigned(text, min, max));
}

std::optional<long> read_int(BindContext& ctx, const Location& at, std::string_view text, long min, long max) {
    return report<long long, long>(ctx, at, read_int(text, min, max));
}

std::optional<unsigned long> read_decimal(BindContext& ctx, const Location& at, std::string_view text,
                                          unsigned long min, unsigned long max, unsigned shift, KeepOnError keep) {
    return report(ctx, at, read_decimal(text, min, max, shift, keep == KeepOnError::yes ? Lenient::yes : Lenient::no));
}

std::optional<std::chrono::microseconds> read_timer(BindContext& ctx, const Location& at, std::string_view text,
                                                    unsigned long min_us, unsigned long max_us) {
    const auto value = read_decimal(ctx, at, text, min_us, max_us == 0 ? ULONG_MAX - 1 : max_us, 6, KeepOnError::yes);
    if (!value) {
        return std::nullopt;
    }
    // Values beyond the representable range of the model saturate (keepalived's are
    // unsigned long microseconds, far beyond any useful timer).
    const auto limit = static_cast<unsigned long>(std::chrono::microseconds::max().count());
    return std::chrono::microseconds{static_cast<long long>(*value > limit ? limit : *value)};
}

std::optional<bool> true_false(std::string_view text) {
    const int v = check_true_false(text);
    if (v < 0) {
        return std::nullopt;
    }
    return v == 1;
}

} // namespace vigil::parser
