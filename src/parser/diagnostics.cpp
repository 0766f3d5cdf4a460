#include "parser/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace vigil::parser {
namespace {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::warning: return "warning";
    case Severity::error: return "error";
    case Severity::fatal: return "fatal";
  }
  return "error";
}

}  // namespace

std::string format_gnu(const Diagnostic& d) {
  if (d.file.empty() && d.line == 0) return fmt::format("{}: {}", severity_name(d.severity), d.message);
  return fmt::format("{}:{}:{}: {}: {}", d.file, d.line, d.column, severity_name(d.severity), d.message);
}

std::string format_keepalived(const Diagnostic& d) {
  if (d.prefix == LinePrefix::none || d.line == 0) return d.message;
  if (d.file.empty()) return fmt::format("(Line {}) {}", d.line, d.message);
  return fmt::format("({}: Line {}) {}", d.file, d.line, d.message);
}

void Diagnostics::add(Diagnostic d) {
  if (!seen_.insert(fmt::format("{}:{}:{}:{}", d.file, d.line, d.column, d.message)).second) return;
  if (d.exit_class == ExitClass::aborted) {
    aborted_ = true;
  } else if (static_cast<int>(d.exit_class) > static_cast<int>(worst_)) {
    worst_ = d.exit_class;
  }
  if (d.phase == Phase::stream) d.phase = phase_;
  items_.push_back(std::move(d));
}

namespace {
int rank(Phase p) { return p == Phase::stream ? static_cast<int>(Phase::parent) : static_cast<int>(p); }
}  // namespace

void Diagnostics::apply_abort() {
  const int parent_rank = static_cast<int>(Phase::parent);
  // A failed include check is the only security-class diagnostic of the text itself (the
  // start/shutdown scripts' SECURITY VIOLATION is the parent's too, but does not stop it).
  const bool include_failed = std::any_of(items_.begin(), items_.end(), [&](const Diagnostic& d) {
    return d.exit_class == ExitClass::security && d.phase == Phase::stream;
  });
  const bool parent_aborted = std::any_of(items_.begin(), items_.end(), [&](const Diagnostic& d) {
    return d.exit_class == ExitClass::aborted && rank(d.phase) == parent_rank;
  });
  if (include_failed && !parent_aborted) {
    std::erase_if(items_, [&](const Diagnostic& d) { return rank(d.phase) > parent_rank; });
    aborted_ = false;
    worst_ = ExitClass::security;
    return;
  }
  if (!aborted_) return;
  std::size_t abort_at = items_.size();
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].exit_class == ExitClass::aborted &&
        (abort_at == items_.size() || rank(items_[i].phase) < rank(items_[abort_at].phase))) {
      abort_at = i;
    }
  }
  const int abort_rank = rank(items_[abort_at].phase);
  std::vector<Diagnostic> kept;
  worst_ = ExitClass::none;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const int r = rank(items_[i].phase);
    if (r < abort_rank || (r == abort_rank && i <= abort_at)) {
      if (items_[i].exit_class != ExitClass::aborted &&
          static_cast<int>(items_[i].exit_class) > static_cast<int>(worst_)) {
        worst_ = items_[i].exit_class;
      }
      kept.push_back(std::move(items_[i]));
    }
  }
  items_ = std::move(kept);
}

void Diagnostics::report(Severity severity, ExitClass exit_class, const Location& where, std::string message,
                         LinePrefix prefix) {
  Diagnostic d;
  d.severity = severity;
  d.exit_class = exit_class;
  d.prefix = prefix;
  if (where.file != nullptr) d.file = where.file->path;
  d.line = where.line;
  d.column = where.column;
  d.message = std::move(message);
  add(std::move(d));
}

void Diagnostics::warning(const Location& where, std::string message) {
  report(Severity::warning, ExitClass::none, where, std::move(message));
}
void Diagnostics::error(const Location& where, std::string message) {
  report(Severity::error, ExitClass::config_error, where, std::move(message));
}
void Diagnostics::fatal(const Location& where, std::string message) {
  report(Severity::fatal, ExitClass::fatal, where, std::move(message));
}
void Diagnostics::journal(std::string message) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.exit_class = ExitClass::none;
  d.prefix = LinePrefix::none;
  d.message = std::move(message);
  d.audience = Audience::journal;
  add(std::move(d));
}

std::size_t Diagnostics::count(Severity severity) const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity != Severity::warning; });
}

std::string Diagnostics::to_string() const {
  std::string out;
  for (const auto& d : items_) {
    out += format_gnu(d);
    out += '\n';
  }
  return out;
}

}  // namespace vigil::parser
