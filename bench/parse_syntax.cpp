// Times the syntax layer alone (preprocess + grammar + tree) on a configuration file.
// Usage: parse_syntax FILE [RUNS=5]; prints the median and minimum wall time.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include "parser/parse_config.hpp"

namespace {

std::size_t count_statements(const std::vector<vigil::parser::Statement>& v) {
  std::size_t n = v.size();
  for (const auto& s : v) n += count_statements(s.block);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [RUNS]\n", argv[0]);
    return 2;
  }
  int runs = argc > 2 ? std::stoi(argv[2]) : 5;
  std::vector<double> ms, cpu;
  auto cpu_ms = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  };
  std::size_t statements = 0, diagnostics = 0;
  for (int i = 0; i < runs; ++i) {
    vigil::parser::PreprocessOptions options;
    options.random_seed = 1;
    vigil::parser::Diagnostics diag;
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpu_ms();
    auto tree = vigil::parser::parse_config_file(argv[1], options, diag);
    cpu.push_back(cpu_ms() - c0);
    auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    statements = count_statements(tree.statements);
    diagnostics = diag.size();
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("syntax layer: %zu statements, %zu diagnostics; wall median %.1f ms (min %.1f), cpu median %.1f ms "
              "(min %.1f); %d runs\n",
              statements, diagnostics, ms[ms.size() / 2], ms.front(), cpu[cpu.size() / 2], cpu.front(), runs);
  return 0;
}
