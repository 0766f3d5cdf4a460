// bench_engine: receive-path and engine throughput on one core. Parts register here; each
// prints "<part> <case> <rate> <unit>/s <cost> ns/<unit>" lines.
// Usage: bench_engine [SECONDS_PER_CASE] (default 0.5). Exit 1 if a target is missed.
#include "bench.hpp"

#include <cstdlib>

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    const auto per_case = std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9));
    bool ok = vigil::bench::run_decode(per_case);
    ok &= vigil::bench::run_engine(per_case);
    return ok ? 0 : 1;
}
