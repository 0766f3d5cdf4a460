#!/usr/bin/env bash
# The daemon under AddressSanitizer and UndefinedBehaviorSanitizer (issue #17): a subset of
# the integration and reliability scenarios with ours on both routers, run against the
# sanitized build (run-all's fuzz build, build-fuzz/: clang, -fsanitize=address,undefined,
# which also builds src/daemon/keepalived). Any sanitizer report fails the run: the reports
# go to files (ASAN_OPTIONS/UBSAN_OPTIONS log_path) that must stay absent.
#   sanitizers.sh   ($VIGIL_ASAN_BIN: the sanitized keepalived; 77 when it is missing)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${VIGIL_ASAN_BIN:-$here/../../build-fuzz/src/daemon/keepalived}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: not root"; exit 77; }
[ -x "$bin" ] || { echo "SKIP: no sanitized daemon at $bin (run-all's fuzz build makes it)"; exit 77; }
reports=$(mktemp -d "${TMPDIR:-/tmp}/vigil-san.XXXXXX")
trap 'rm -rf "$reports"' EXIT
export VIGIL_BIN=$bin IMPL_A=ours IMPL_B=ours IMPLS=ours
# Leaks: the children leave with _exit() and the parent frees everything it owns; a leak
# report of the parent at exit fails the run too. UBSan stops at the first finding.
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
rc=0
run() {
  echo "== $*"
  "$@" || { echo "FAIL: $*"; rc=1; }
}
run "$here/../integration/reload.sh" vips
run "$here/reload_storm.sh" change 5 0.5
run "$here/garbage.sh" 3000 2
run "$here/child_kill.sh" 1
if compgen -G "$reports/*" >/dev/null; then
  for f in "$reports"/*; do echo "---- $f"; head -n 60 "$f"; done
  echo "FAIL: sanitizer reports"
  rc=1
else
  echo "no sanitizer report"
fi
exit $rc
