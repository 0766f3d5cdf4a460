#!/usr/bin/env bash
# The proof of `vigil simulate`: one scenario of tests/simulate/ (its r*.conf, `scenario` and
# `args`) simulated, then run for real in namespaces (IMPL_A on r1, IMPL_B on r2), and the
# takeovers compared.
#   simulate.sh SCENARIO
# A takeover is a router's first advert after a silence (> 1.5 advert intervals). Its delay
# is measured from the advert that last reset the router's Master_Down_Timer: the last advert
# of another router with a priority at least the new master's, or priority 0 (release), and
# not after a partition that cut it off. Both runs are analysed by the same awk program, the
# simulation from its --json=adverts list, the real run from c1's capture. These wire-anchored
# delays must agree within SIM_TOLERANCE_MS (default 5 ms: the machine is shared; the figures
# are printed). Takeovers with no such advert are timed from the router's start or from the
# scenario event that set them off (a script result is polled each `interval`, a daemon needs
# milliseconds to start): printed, not asserted. The VIP holders at the end must agree.
source "$(dirname "$0")/lib.sh"
name=${1:?scenario folder under tests/simulate}
src="$VT_ROOT/tests/simulate/$name"
vigil=${VIGIL_CLI:-$VT_ROOT/build/src/cli/vigil}
tolerance=${SIM_TOLERANCE_MS:-5}
[ -f "$src/scenario" ] || vt_fail "no scenario $src"
[ -x "$vigil" ] || vt_skip "vigil command $vigil not built"
vt_init "$IMPL_A" "$IMPL_B"
command -v bridge >/dev/null || vt_skip "missing tool bridge"

mapfile -t nodes < <(cd "$src" && ls r*.conf | sed 's/\.conf$//' | sort)
vt_topology "${#nodes[@]}"
impl_of() { [ "$1" = r1 ] && echo "$IMPL_A" || echo "$IMPL_B"; }
interval_ms=$(awk '$1 == "advert_int" { printf "%d", $2 * 1000; exit }' "$src/r1.conf")
# shellcheck disable=SC2207
extra=($(cat "$src/args" 2>/dev/null))
until_ms=$(printf '%s\n' "${extra[@]}" | awk 'prev == "--until" { v = $1; ms = v ~ /ms$/ ? v + 0 : v * 1000; print int(ms) } { prev = $1 }')

# Scenario events as "TIME_MS KIND NODE ARG".
to_ms='function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v ~ /s$/ ? v * 1000 : v + 0 }'
awk "$to_ms"' { sub(/#.*/, "") } NF == 0 { next }
  { if (NF == 1) { split($1, f, ":"); t = f[1]; k = f[2]; nd = f[3]; a = f[4] } else { t = $1; k = $2; nd = $3; a = $4 }
    printf "%.3f %s %s %s\n", ms(t), k, nd, a }' "$src/scenario" | sort -s -g -k1,1 >"$VT_DIR/events"
late=$(awk '!seen[$3]++ && $2 == "start" { print $3 }' "$VT_DIR/events")

# --- the simulation ---------------------------------------------------------------------------
args=()
for n in "${nodes[@]}"; do args+=(--node "$n=$src/$n.conf"); done
args+=(--scenario "$src/scenario" "${extra[@]}")
"$vigil" simulate "${args[@]}" --json=adverts >"$VT_DIR/sim.adverts.json" 2>/dev/null || vt_fail "vigil simulate failed"
"$vigil" simulate "${args[@]}" --json=vips >"$VT_DIR/sim.vips.json" 2>/dev/null
"$vigil" simulate "${args[@]}" >"$VT_DIR/sim.txt" 2>&1
sed -n 's/.*"time_ms": \([0-9.]*\), "node": "\([^"]*\)", "instance": "[^"]*", "vrid": \([0-9]*\), "priority": \([0-9]*\).*/\1 \2 \3 \4/p' \
  "$VT_DIR/sim.adverts.json" >"$VT_DIR/sim.adverts"
awk '{ print $1, $2, $3 }' "$VT_DIR/events" >"$VT_DIR/sim.events"
for n in "${nodes[@]}"; do
  if printf '%s\n' "$late" | grep -qx "$n"; then
    awk -v n="$n" '$3 == n && $2 == "start" { print n, $1; exit }' "$VT_DIR/events"
  else
    echo "$n 0"
  fi
done >"$VT_DIR/sim.starts"
# Final VIP holders: "VIP NODE" for every VIP added and not removed since.
sed -n 's/.*"node": "\([^"]*\)", "instance": "[^"]*", "address": "\([^"]*\)", "change": "\([a-z]*\)".*/\2 \1 \3/p' \
  "$VT_DIR/sim.vips.json" | awk '$3 == "added" { h[$1 " " $2] = 1 } $3 == "removed" { delete h[$1 " " $2] } END { for (k in h) print k }' |
  sort >"$VT_DIR/sim.holders"

# --- the real run -----------------------------------------------------------------------------
conf_of() { sed "s#@DIR@#$VT_DIR/$1#g" "$src/$1.conf"; }
rel() { awk -v t0="$t0" -v t="$1" 'BEGIN { printf "%.3f", (t - t0) * 1000 }'; }
vt_capture_start
t0=$EPOCHREALTIME
for n in "${nodes[@]}"; do
  printf '%s\n' "$late" | grep -qx "$n" || vt_launch "$n" "$(impl_of "$n")" "$(conf_of "$n")"
done
for n in "${nodes[@]}"; do
  printf '%s\n' "$late" | grep -qx "$n" || vt_wait_started "$n"
done
: >"$VT_DIR/real.events"
: >"$VT_DIR/real.starts"
for n in "${nodes[@]}"; do
  printf '%s\n' "$late" | grep -qx "$n" || { v="VT_START_$n"; echo "$n $(rel "${!v}")" >>"$VT_DIR/real.starts"; }
done
sleep_until() { # MS after t0
  local d
  d=$(awk -v t0="$t0" -v at="$1" -v now="$EPOCHREALTIME" 'BEGIN { x = t0 + at / 1000 - now; printf "%.6f", (x > 0 ? x : 0) }')
  sleep "$d"
}
while read -r at kind node arg; do
  sleep_until "$at"
  now=$EPOCHREALTIME
  case $kind in
    start)
      ip -n "$(vt_ns "$node")" link set eth0 up
      vt_start "$node" "$(impl_of "$node")" "$(conf_of "$node")"
      v="VT_START_$node"; now=${!v}
      grep -q "^$node " "$VT_DIR/real.starts" || echo "$node $(rel "$now")" >>"$VT_DIR/real.starts" ;;
    crash) vt_kill "$node" ;;
    stop) vt_stop "$node" ;;
    link-down) vt_link "$node" down ;;
    link-up) vt_link "$node" up ;;
    script-fail) touch "$VT_DIR/$node/fail" ;;
    script-ok) rm -f "$VT_DIR/$node/fail" ;;
    partition | heal)
      for m in "$node" ${arg//,/ }; do
        bridge -n "$(vt_ns sw)" link set dev "$m" isolated "$([ "$kind" = partition ] && echo on || echo off)"
      done
      now=$EPOCHREALTIME ;; # the cut (or mend) is complete only with both ports set
    *) vt_fail "scenario event $kind is not supported in namespaces" ;;
  esac
  echo "$(rel "$now") $kind $node" >>"$VT_DIR/real.events"
done <"$VT_DIR/events"
sleep_until "${until_ms:-10000}"
for n in "${nodes[@]}"; do
  vt_vip_on "$n" "$VT_VIP4" && echo "$VT_VIP4 $n"
  vt_vip_on "$n" 192.0.2.101 && echo "192.0.2.101 $n"
done | sort >"$VT_DIR/real.holders"
vt_analyse
awk -v t0="$t0" -v until="${until_ms:-10000}" '$3 == "advert" && ($1 - t0) * 1000 <= until {
  printf "%.3f %s %s %s\n", ($1 - t0) * 1000, $2, $10, $4 }' "$VT_P" >"$VT_DIR/real.adverts"

# --- the same analysis for both -----------------------------------------------------------------
# takeovers ADVERTS EVENTS STARTS: "NODE VRID TIME ANCHOR_KIND DELAY_MS" per takeover.
takeovers() {
  awk -v I="$interval_ms" '
    FILENAME == ARGV[1] { ev_t[++ne] = $1; ev_k[ne] = $2; ev_n[ne] = $3; next }
    FILENAME == ARGV[2] { start[$1] = $2; next }
    { T[++na] = $1; N[na] = $2; V[na] = $3; P[na] = $4 }
    END {
      for (i = 1; i <= na; i++) {
        key = N[i] SUBSEP V[i]
        gap = (key in last) ? T[i] - last[key] : 1e12
        last[key] = T[i]
        if (P[i] == 0 || gap <= 1.5 * I) continue
        limit = T[i]; mine = -1
        for (e = 1; e <= ne; e++) {
          if (ev_t[e] > T[i]) break
          if (ev_k[e] == "partition") limit = ev_t[e]
          if (ev_k[e] == "heal") limit = T[i]
          if (ev_n[e] == N[i]) mine = ev_t[e]
        }
        anchor = -1
        for (j = i - 1; j >= 1; j--)
          if (N[j] != N[i] && V[j] == V[i] && T[j] < limit && (P[j] >= P[i] || P[j] == 0)) { anchor = T[j]; break }
        if (anchor >= 0 && anchor > mine) { kind = "wire" }
        else if (mine >= 0 && mine >= start[N[i]]) { kind = "event"; anchor = mine }
        else { kind = "start"; anchor = start[N[i]] }
        printf "%s %s %.3f %s %.3f\n", N[i], V[i], T[i], kind, T[i] - anchor
      }
    }' "$2" "$3" "$1"
}
# Matched per router and VRID, in order (members of a sync group move in either order).
takeovers "$VT_DIR/sim.adverts" "$VT_DIR/sim.events" "$VT_DIR/sim.starts" | sort -s -k1,2 >"$VT_DIR/sim.takeovers"
takeovers "$VT_DIR/real.adverts" "$VT_DIR/real.events" "$VT_DIR/real.starts" | sort -s -k1,2 >"$VT_DIR/real.takeovers"

vt_log "scenario $name: IMPL_A=$IMPL_A IMPL_B=$IMPL_B (takeover: node vrid kind, simulated vs measured delay)"
paste -d' ' "$VT_DIR/sim.takeovers" "$VT_DIR/real.takeovers" | awk -v tol="$tolerance" -v name="$name" '
  { diff = $10 - $5
    printf "  %s VRID %s %-5s simulated %9.3f ms  measured %9.3f ms  diff %+8.3f ms%s\n", $1, $2, $4, $5, $10, diff,
      ($4 == "wire" && $6 != "" && (diff > tol || diff < -tol)) ? "  <-- beyond " tol " ms" : ""
    if ($6 != $1 || $7 != $2 || $9 != $4) bad = 1
    if ($4 == "wire" && (diff > tol || diff < -tol)) bad = 1
    printf "RESULT %s %s %s %s %.3f %.3f\n", name, $1, $2, $4, $5, $10 >"/dev/stderr"
  }
  END { exit bad }' 2> >(cat >>"${SIM_RESULTS:-/dev/null}") || {
  vt_log "simulated takeovers:"; cat "$VT_DIR/sim.takeovers" >&2
  vt_log "measured takeovers:"; cat "$VT_DIR/real.takeovers" >&2
  vt_fail "$name: the namespace run does not match the simulation"
}
[ "$(wc -l <"$VT_DIR/sim.takeovers")" -eq "$(wc -l <"$VT_DIR/real.takeovers")" ] ||
  vt_fail "$name: $(wc -l <"$VT_DIR/sim.takeovers") simulated takeovers, $(wc -l <"$VT_DIR/real.takeovers") measured"
cmp -s "$VT_DIR/sim.holders" "$VT_DIR/real.holders" ||
  vt_fail "$name: VIP holders at the end differ: simulated $(tr '\n' ' ' <"$VT_DIR/sim.holders"), measured $(tr '\n' ' ' <"$VT_DIR/real.holders")"
vt_log "ok: $name: $(wc -l <"$VT_DIR/sim.takeovers") takeovers as simulated; VIPs end on $(awk '{ print $2 }' "$VT_DIR/real.holders" | sort -u | tr '\n' ' ')"
exit 0
