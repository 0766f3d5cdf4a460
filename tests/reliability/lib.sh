# shellcheck shell=bash
# Shared helpers of the reliability scenarios (issue #17), on top of the namespace harness
# tests/integration/lib.sh. Each scenario runs once per implementation in $IMPLS (default
# "ours keepalived": keepalived 2.2.7 is the anchor), each run in its own process (its own
# namespaces, cleanup trap and temp dir), prints one "RESULT impl=... key=value..." line,
# and the driver prints ours beside keepalived's and applies the pass criteria to ours only.
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

REL_IMPLS=${IMPLS:-"ours keepalived"}

# rel_start "$@": the scenario's entry. Called as `SCRIPT ARGS...` it drives one run per
# implementation (rel_drive) and exits; called as `SCRIPT --one IMPL ARGS...` (one run) it
# sets IMPL_A=IMPL_B=IMPL, leaves ARGS in REL_ARGS and builds the two-router topology.
rel_start() {
  if [ "${1:-}" != --one ]; then
    rel_drive "$0" "$@"
    exit $?
  fi
  IMPL_A=$2 IMPL_B=$2
  REL_ARGS=("${@:3}")
  vt_init "$IMPL_A"
  vt_topology 2
}

# rel_result KEY=VALUE...: the run's figures (one line on stdout, parsed by rel_drive).
rel_result() { echo "RESULT impl=$IMPL_A $*"; }

# rel_drive SCRIPT ARGS...: runs `SCRIPT --one IMPL ARGS...` for each implementation, shows
# the figures side by side and returns the status of ours (keepalived's run only informs:
# where keepalived has a known flaw its figures show it, and the run still passes).
rel_drive() {
  local script=$1; shift
  local impl out rc=0 ours_rc=0 table=""
  for impl in $REL_IMPLS; do
    out=$(bash "$script" --one "$impl" "$@" 2> >(sed "s/^/[$impl] /" >&2))
    rc=$?
    echo "$out" | grep -v '^RESULT ' || true
    table+="$(echo "$out" | grep '^RESULT ' | sed 's/^RESULT //')"$'\n'
    if [ "$impl" = ours ]; then ours_rc=$rc; fi
    if [ "$rc" -eq 77 ]; then return 77; fi
  done
  echo "---- $(basename "$script") $*"
  printf '%s' "$table" | awk '{ printf "%-16s", $1; for (i = 2; i <= NF; i++) printf "  %s", $i; printf "\n" }'
  return "$ours_rc"
}

# rel_max_gap_ms PACKETS T0 T1 NODE VRID: the longest interval between two adverts of VRID
# from NODE in [T0, T1) (ms, one decimal).
rel_max_gap_ms() {
  awk -v a="$2" -v b="$3" -v n="$4" -v vrid="$5" '
    $1 >= a && $1 < b && $2 == n && $3 == "advert" && $10 == vrid {
      if (last != "" && $1 - last > max) max = $1 - last; last = $1 }
    END { printf "%.1f\n", max * 1000 }' "$1"
}

# rel_vip_events NODE REGEX: address additions and deletions of matching addresses seen by
# `ip monitor` on NODE since rel_monitor NODE.
rel_monitor() {
  ip -n "$(vt_ns "$1")" monitor address >"$VT_DIR/addrmon.$1" 2>&1 &
  VT_PIDS+=($!)
}
rel_vip_events() { grep -cE "inet6? ($2)/" "$VT_DIR/addrmon.$1" 2>/dev/null || true; }

# rel_ts_monitor NODE: like rel_monitor, with kernel-event timestamps (ip -ts).
rel_ts_monitor() {
  ip -n "$(vt_ns "$1")" -ts monitor address >"$VT_DIR/tsmon.$1" 2>&1 &
  VT_PIDS+=($!)
}
# rel_owner_changes NODE ADDR: "EPOCH 1|0" per addition/deletion of ADDR on NODE (rel_ts_monitor).
rel_owner_changes() {
  local line stamp
  grep -E "inet6? $2/" "$VT_DIR/tsmon.$1" 2>/dev/null | while read -r line; do
    stamp=${line%%]*}; stamp=${stamp#[}
    case $line in *Deleted*) echo "$(date -d "$stamp" +%s.%6N) 0" ;; *) echo "$(date -d "$stamp" +%s.%6N) 1" ;; esac
  done
}
# rel_dual_ms ADDR ON1 ON2 [WINDOWS]: total ms during which ADDR was on both r1 and r2 since
# rel_ts_monitor (ON1/ON2: whether each held it then, 1|0), up to now; with WINDOWS (a file
# of "START END" epoch lines) only the time inside those windows counts.
rel_dual_ms() {
  local now=$EPOCHREALTIME windows=${4:-/dev/null}
  { rel_owner_changes r1 "$1" | sed 's/$/ r1/'; rel_owner_changes r2 "$1" | sed 's/$/ r2/'; } | sort -g |
    awk -v a="$2" -v b="$3" -v t0="$REL_MON_T0" -v now="$now" -v wf="$windows" '
      function add(s, e,   i, lo, hi) {
        if (nw == 0) { dual += e - s; return }
        for (i = 1; i <= nw; i++) { lo = s > ws[i] ? s : ws[i]; hi = e < we[i] ? e : we[i]; if (hi > lo) dual += hi - lo }
      }
      BEGIN { on["r1"] = a; on["r2"] = b; last = t0; while ((getline line < wf) > 0) { split(line, f, " "); ws[++nw] = f[1]; we[nw] = f[2] } }
      { if (on["r1"] && on["r2"]) add(last, $1); last = $1; on[$3] = $2 }
      END { if (on["r1"] && on["r2"]) add(last, now); printf "%.1f\n", dual * 1000 }'
}

# rel_fds NODE: open file descriptors of the daemon's processes.
rel_fds() {
  local p t=0
  for p in $(vt_daemon_pids "$1"); do t=$((t + $(ls "/proc/$p/fd" 2>/dev/null | wc -l))); done
  echo "$t"
}
