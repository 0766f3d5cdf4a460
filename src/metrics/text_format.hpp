#pragma once
// Prometheus text exposition format 0.0.4 (prometheus.io "Exposition formats"): a writer that
// keeps each family contiguous, with one HELP and one TYPE line before its first sample.
// Escaping: HELP text escapes '\' and newline; label values escape '\', '"' and newline.
// Numbers: integers as integers, reals in the shortest form, NaN / +Inf / -Inf spelled so.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace vigil::metrics {

inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType : std::uint8_t { counter, gauge, untyped };

using Label = std::pair<std::string_view, std::string_view>;

class TextWriter {
public:
    // Starts a family: its HELP and TYPE lines. Samples follow until the next family().
    void family(std::string_view name, MetricType type, std::string_view help);
    void sample(std::initializer_list<Label> labels, double value);
    void sample(std::initializer_list<Label> labels, std::uint64_t value);
    // A sample of the current family with a suffix-free name and no labels.
    void sample(double value) { sample({}, value); }

    const std::string& text() const noexcept { return text_; }
    std::string take() noexcept { return std::move(text_); }

private:
    void labels(std::initializer_list<Label> labels);
    std::string text_;
    std::string name_;
};

} // namespace vigil::metrics
