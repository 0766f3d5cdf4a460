#include "metrics/text_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace vigil::metrics {

namespace {

// HELP text escapes '\\' and newline; label values also '"'.
enum class Escape : std::uint8_t { help, label_value };

void append_escaped(std::string& out, std::string_view text, Escape escape) {
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && escape == Escape::label_value) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

} // namespace

void TextWriter::family(std::string_view name, MetricType type, std::string_view help) {
    name_ = name;
    text_ += "# HELP ";
    text_ += name;
    text_ += ' ';
    append_escaped(text_, help, Escape::help);
    text_ += "\n# TYPE ";
    text_ += name;
    switch (type) {
    case MetricType::counter: text_ += " counter\n"; break;
    case MetricType::gauge: text_ += " gauge\n"; break;
    case MetricType::untyped: text_ += " untyped\n"; break;
    }
}

void TextWriter::labels(std::initializer_list<Label> labels) {
    text_ += name_;
    if (labels.size() == 0) {
        return;
    }
    text_ += '{';
    bool first = true;
    for (const Label& l : labels) {
        if (!first) {
            text_ += ',';
        }
        first = false;
        text_ += l.first;
        text_ += "=\"";
        append_escaped(text_, l.second, Escape::label_value);
        text_ += '"';
    }
    text_ += '}';
}

void TextWriter::sample(std::initializer_list<Label> l, double value) {
    labels(l);
    if (std::isnan(value)) {
        text_ += " NaN\n";
    } else if (std::isinf(value)) {
        text_ += value > 0 ? " +Inf\n" : " -Inf\n";
    } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
        fmt::format_to(std::back_inserter(text_), " {}\n", static_cast<std::int64_t>(value));
    } else {
        fmt::format_to(std::back_inserter(text_), " {}\n", value);
    }
}

void TextWriter::sample(std::initializer_list<Label> l, std::uint64_t value) {
    labels(l);
    fmt::format_to(std::back_inserter(text_), " {}\n", value);
}

} // namespace vigil::metrics
