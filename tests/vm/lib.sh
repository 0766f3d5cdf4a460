# What every VM-tier scenario (tests/vm/*.sh, run inside the VM by tests/vm/run) shares.
# Source it first thing:  . "$(dirname "$0")/lib.sh"; vm_begin NAME "$1"
# Contract: vm_begin sets build (the build directory, absolute), here (tests/vm), ours (the
# daemon under test: $VIGIL_BIN or the build's keepalived), failed=0, and defines fail MESSAGE
# (prints "NAME: FAIL: MESSAGE", sets failed=1) and elapsed (the seconds since vm_begin).
# Nothing here starts a program except where a function says so: under TCG each program
# started costs tens of milliseconds.

# vm_begin NAME BUILD_DIR
vm_begin() {
  vm_name=$1
  build=$(cd "$2" && pwd)
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  ours=${VIGIL_BIN:-$build/src/daemon/keepalived}
  failed=0
  vm_started=$EPOCHREALTIME
}
fail() { echo "$vm_name: FAIL: $*"; failed=1; }
elapsed() { awk -v a="$vm_started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

# vm_need_module MODULE: loaded, or the scenario is skipped (exit 77).
vm_need_module() {
  modprobe "$1" || { echo "$vm_name: no $1 module"; exit 77; }
}
# vm_need_tools TOOL...: each on PATH (or an executable path), or the scenario is skipped.
vm_need_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$vm_name: no $tool"; exit 77; }
  done
}

# vm_inside_netns NS SCRIPT ARGS...: run the whole scenario inside namespace NS (no
# `ip netns exec` per command). In the outer call: creates NS, runs SCRIPT ARGS in it, deletes
# NS and exits with the script's status. In the inner call (VIGIL_VM_INNER set): returns.
vm_inside_netns() {
  local ns=$1 status
  shift
  [ -n "${VIGIL_VM_INNER:-}" ] && return 0
  ip netns add "$ns" || exit 1
  VIGIL_VM_INNER=1 ip netns exec "$ns" "$@"
  status=$?
  ip netns del "$ns"
  exit $status
}

# vm_nap_init DIR: nap SECONDS then sleeps without starting a program (a read with a timeout
# on a FIFO nobody writes, in DIR, held on fd 9).
vm_nap_init() {
  mkfifo "$1/nap"
  exec 9<>"$1/nap"
}
nap() { read -r -t "$1" -u 9; }
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

# satisfies TEXT CONDITION...: whether TEXT satisfies every condition, each `has` PATTERN (a
# line matches) or `lacks` PATTERN (none does).
satisfies() {
  local text=$1 how pattern
  shift
  while [ $# -gt 0 ]; do
    how=$1 pattern=$2
    shift 2
    if [ "$how" = has ]; then [[ $text == *"$pattern"* ]] || return 1
    else [[ $text != *"$pattern"* ]] || return 1; fi
  done
}

# vm_stop_daemon NAME: SIGTERM to $daemon_pid, then waits for it (at most 15 s, then SIGKILL
# and a failure); clears daemon_pid.
vm_stop_daemon() {
  kill -TERM "$daemon_pid"
  local deadline=$((SECONDS + 15))
  while kill -0 "$daemon_pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { fail "$1 did not stop in 15 s"; kill -9 "$daemon_pid"; break; }
    nap 0.1
  done
  wait "$daemon_pid" 2>/dev/null
  daemon_pid=
}
