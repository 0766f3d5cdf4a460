#!/usr/bin/env bash
# The proof of `vigil simulate`: one scenario of tests/simulate/ (its r*.conf, `scenario` and
# `args`) simulated, then run for real in namespaces (IMPL_A on r1, IMPL_B on r2), and the
# takeovers compared.
#   simulate.sh SCENARIO
# A takeover is a router's first advert after a silence (> 1.5 advert intervals). Its delay
# is measured from the moment that set off the router's last Master_Down_Timer: an advert of
# another router (wire), the end of a script that changed its result (script), the end of
# preempt_delay (delay) or the router's start (start; in namespaces the moment its log says
# it entered its first state, seen by tests/simulate/watch-start); see takeovers(). The real
# run is compared with a replay: the simulation run again with the starts, events and script
# results as they happened (below). Both are analysed by the same awk program, the replay
# from its --json=adverts list, the real run from c1's capture. The delays must agree within
# SIM_TOLERANCE_MS (default 2 ms) or, on a loaded machine, within the larger of the routers'
# advert period jitter on the wire and an ordinary process's wake-up lateness (p99) during the
# run (all printed). Takeovers set off by other scenario events (link-up, ...) are printed, not
# asserted. The VIP holders at the end must agree.
source "$(dirname "$0")/lib.sh"
name=${1:?scenario folder under tests/simulate}
src="$VT_ROOT/tests/simulate/$name"
vigil=${VIGIL_CLI:-$VT_ROOT/build/src/cli/vigil}
tolerance=${SIM_TOLERANCE_MS:-2}
[ -f "$src/scenario" ] || vt_fail "no scenario $src"
[ -x "$vigil" ] || vt_skip "vigil command $vigil not built"
vt_init "$IMPL_A" "$IMPL_B"
command -v bridge >/dev/null || vt_skip "missing tool bridge"

mapfile -t nodes < <(cd "$src" && ls r*.conf | sed 's/\.conf$//' | sort)
vt_topology "${#nodes[@]}"
impl_of() { [ "$1" = r1 ] && echo "$IMPL_A" || echo "$IMPL_B"; }
interval_ms=$(awk '$1 == "advert_int" { printf "%d", $2 * 1000; exit }' "$src/r1.conf")
# preempt_delay (the same on every router of a scenario).
preempt_delay_ms=$(awk '$1 == "preempt_delay" { printf "%d", $2 * 1000; exit }' "$src"/r*.conf)
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
# Final VIP holders: "VIP NODE" for every VIP added and not removed since.
sed -n 's/.*"node": "\([^"]*\)", "instance": "[^"]*", "address": "\([^"]*\)", "change": "\([a-z]*\)".*/\2 \1 \3/p' \
  "$VT_DIR/sim.vips.json" | awk '$3 == "added" { h[$1 " " $2] = 1 } $3 == "removed" { delete h[$1 " " $2] } END { for (k in h) print k }' |
  sort >"$VT_DIR/sim.holders"

# --- the real run -----------------------------------------------------------------------------
conf_of() { sed "s#@DIR@#$VT_DIR/$1#g" "$src/$1.conf"; }
rel() { awk -v t0="$t0" -v t="$1" 'BEGIN { printf "%.3f", (t - t0) * 1000 }'; }
vt_capture_start
# One log watcher per router (tests/simulate/watch-start), ready before any daemon starts.
for n in "${nodes[@]}"; do
  # Real-time priority: on a loaded machine an ordinary poller notices the line late.
  chrt -f 10 "$VT_ROOT/tests/simulate/watch-start" "$VT_DIR/$n/daemon.log" $(( ${until_ms:-10000} / 1000 + 5 )) \
    >"$VT_DIR/$n.starts" 2>/dev/null &
  VT_PIDS+=("$!")
done
for n in "${nodes[@]}"; do
  wait_for "grep -qs ready '$VT_DIR/$n.starts'" 5 || vt_fail "no log watcher on $n"
done
# The machine's wake-up lateness over the run (tests/simulate/wake-latency), beside it.
"$VT_ROOT/tests/simulate/wake-latency" "$(( ${until_ms:-10000} / 1000 + 1 ))" >"$VT_DIR/wake-latency" &
VT_PIDS+=("$!")
t0=$EPOCHREALTIME
for n in "${nodes[@]}"; do
  printf '%s\n' "$late" | grep -qx "$n" || vt_launch "$n" "$(impl_of "$n")" "$(conf_of "$n")"
done
for n in "${nodes[@]}"; do
  printf '%s\n' "$late" | grep -qx "$n" || vt_wait_started "$n"
done
: >"$VT_DIR/real.events"
for n in "${nodes[@]}"; do
  printf '%s\n' "$late" | grep -qx "$n" || { v="VT_START_$n"; echo "$n ${!v}" >>"$VT_DIR/launches"; }
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
      echo "$node $now" >>"$VT_DIR/launches" ;;
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
  echo "$(rel "$now") $kind $node $arg" >>"$VT_DIR/real.events"
done <"$VT_DIR/events"
sleep_until "${until_ms:-10000}"
for n in "${nodes[@]}"; do
  vt_vip_on "$n" "$VT_VIP4" && echo "$VT_VIP4 $n"
  vt_vip_on "$n" 192.0.2.101 && echo "192.0.2.101 $n"
done | sort >"$VT_DIR/real.holders"
vt_analyse
awk -v t0="$t0" -v until="${until_ms:-10000}" '$3 == "advert" && ($1 - t0) * 1000 <= until {
  printf "%.3f %s %s %s\n", ($1 - t0) * 1000, $2, $10, $4 }' "$VT_P" >"$VT_DIR/real.adverts"
# A router's start: the first "Entering ... STATE" line of its log after the launch; the exec
# time if none was seen. An instance that tracks a script without a weight waits for the
# script's first result (keepalived logs it first; ours enters BACKUP for the other
# instances before it, and the sync group when it comes): its start is then the first
# "Entering" line after the script's first end.
gated() { awk '/track_script/ { t = 1; next } t && /}/ { t = 0 } t && NF == 1 { g = 1 } END { exit !g }' "$src/$1.conf"; }
while read -r n launched; do
  started=$(awk -v t="$launched" '$1 != "ready" && $1 >= t { print $1; exit }' "$VT_DIR/$n.starts")
  started=${started:-$launched}
  if gated "$n" && [ -f "$VT_DIR/$n/chk.log" ]; then
    first=$(awk -v t="$launched" '$1 >= t { print $1; exit }' "$VT_DIR/$n/chk.log")
    after=$(awk -v t="${first:-0}" '$1 != "ready" && $1 >= t { print $1; exit }' "$VT_DIR/$n.starts")
    started=${after:-$started}
  fi
  echo "$n $(rel "$started")"
done <"$VT_DIR/launches" >"$VT_DIR/real.starts"

# Script results as the daemons saw them: the scripts of tests/simulate/*/r*.conf log
# "EPOCH RESULT" as they end; each change of result counts (fall 1, rise 1): "NODE MS RESULT".
for n in "${nodes[@]}"; do
  [ -f "$VT_DIR/$n/chk.log" ] || continue
  awk -v n="$n" -v t0="$t0" 'BEGIN { prev = 0 } $2 != prev { printf "%s %.3f %s\n", n, ($1 - t0) * 1000, $2 } { prev = $2 }' \
    "$VT_DIR/$n/chk.log"
done >"$VT_DIR/real.scripts"

# --- the replay: the simulation of what the namespaces were given ------------------------------
# A loaded machine starts the daemons tens of ms late, and not by the same amount, runs the
# scenario's events late and the scripts later still. The simulation is run again with the
# inputs as they happened: each router started at its first state, each event at the time it was
# done, each script result at the time the script ended. Its timeline must be the real one.
script_name=$(awk '$1 == "vrrp_script" { print $2; exit }' "$src"/r*.conf)
{
  awk '{ printf "%.3fms start %s\n", $2, $1 }' "$VT_DIR/real.starts"
  awk '$2 != "start" && $2 !~ /^script-/ { printf "%.3fms %s %s %s\n", $1, $2, $3, $4 }' "$VT_DIR/real.events"
  awk -v s="$script_name" '{ printf "%.3fms %s %s %s\n", $2, ($3 == 0 ? "script-ok" : "script-fail"), $1, s }' "$VT_DIR/real.scripts"
} | sort -g >"$VT_DIR/replay.scenario"
replay=()
for n in "${nodes[@]}"; do replay+=(--node "$n=$src/$n.conf"); done
replay+=(--scenario "$VT_DIR/replay.scenario" "${extra[@]}")
"$vigil" simulate "${replay[@]}" --json=adverts >"$VT_DIR/replay.adverts.json" 2>/dev/null || vt_fail "vigil simulate (replay) failed"
"$vigil" simulate "${replay[@]}" --json=vips >"$VT_DIR/replay.vips.json" 2>/dev/null
sed -n 's/.*"time_ms": \([0-9.]*\), "node": "\([^"]*\)", "instance": "[^"]*", "vrid": \([0-9]*\), "priority": \([0-9]*\).*/\1 \2 \3 \4/p' \
  "$VT_DIR/replay.adverts.json" >"$VT_DIR/replay.adverts"
sed -n 's/.*"node": "\([^"]*\)", "instance": "[^"]*", "address": "\([^"]*\)", "change": "\([a-z]*\)".*/\2 \1 \3/p' \
  "$VT_DIR/replay.vips.json" | awk '$3 == "added" { h[$1 " " $2] = 1 } $3 == "removed" { delete h[$1 " " $2] } END { for (k in h) print k }' |
  sort >"$VT_DIR/replay.holders"

# --- the same analysis for both -----------------------------------------------------------------
# takeovers ADVERTS EVENTS STARTS SCRIPTS: "NODE VRID TIME ANCHOR_KIND DELAY_MS" per takeover
# (SCRIPTS: "NODE TIME_MS" of each change of a script result as the daemon saw it), the delay
# from the moment that set off the router's last Master_Down_Timer (RFC 5798 section 6.4.2):
#   wire    the last advert of another router that reset it (priority at least ours, or 0:
#           Skew_Time), not cut off by a partition;
#   script  the moment the router got a changed script result (the script's own log of its
#           end, which the replay is given as the event): the timer restarts there after FAULT
#           (its last advert had priority 0), else it runs from the last advert heard before;
#   delay   preempt_delay: from the first lower-priority advert after the start, the router
#           stops accepting lower adverts preempt_delay later; its timer runs from the last
#           advert heard before that moment;
#   start   the router's start (the real run: its first "Entering ... STATE" log line);
#   event   any other scenario event of the router (printed, not asserted).
takeovers() {
  awk -v I="$interval_ms" -v PD="$preempt_delay_ms" '
    FILENAME == ARGV[1] { ev_t[++ne] = $1; ev_k[ne] = $2; ev_n[ne] = $3; next }
    FILENAME == ARGV[2] { S_n[++ns] = $1; S_t[ns] = $2; next }
    FILENAME == ARGV[3] { R_n[++nr] = $1; R_t[nr] = $2; next }
    { T[++na] = $1; N[na] = $2; V[na] = $3; P[na] = $4 }
    # last advert of another router than n on vrid v strictly before t (its index, or 0)
    function heard_before(n, v, t,   j) {
      for (j = na; j >= 1; j--) if (N[j] != n && V[j] == v && T[j] < t) return j
      return 0
    }
    END {
      for (i = 1; i <= na; i++) {
        key = N[i] SUBSEP V[i]
        gap = (key in last) ? T[i] - last[key] : 1e12
        last[key] = T[i]
        if (P[i] == 0 || gap <= 1.5 * I) continue
        limit = T[i]; mine = -1; mine_k = ""; script = -1
        st = 0
        for (s = 1; s <= ns; s++) if (S_n[s] == N[i] && S_t[s] <= T[i] && S_t[s] > st) st = S_t[s]
        for (e = 1; e <= ne; e++) {
          if (ev_t[e] > T[i]) break
          if (ev_k[e] == "partition") limit = ev_t[e]
          if (ev_k[e] == "heal") limit = T[i]
          if (ev_n[e] == N[i]) { mine = ev_t[e]; mine_k = ev_k[e] }
        }
        for (r = 1; r <= nr; r++) if (R_n[r] == N[i] && R_t[r] >= st && R_t[r] <= T[i]) script = R_t[r]
        anchor = -1
        for (j = i - 1; j >= 1; j--)
          if (N[j] != N[i] && V[j] == V[i] && T[j] < limit && (P[j] >= P[i] || P[j] == 0)) { anchor = T[j]; break }
        if (mine_k == "start") mine = st
        if (anchor >= 0 && anchor > mine) { kind = "wire" }
        else if (script >= st && script <= T[i]) {
          kind = "script"; anchor = script
          own = 0
          for (j = i - 1; j >= 1; j--) if (N[j] == N[i] && V[j] == V[i] && T[j] < script) { own = j; break }
          if (!(own && P[own] == 0)) { j = heard_before(N[i], V[i], script); if (j && T[j] > st) anchor = T[j] }
        } else if (PD > 0 && mine_k == "start") {
          kind = "delay"; anchor = st
          for (j = 1; j < i; j++) if (N[j] != N[i] && V[j] == V[i] && T[j] >= st && P[j] < P[i]) break
          # an advert at the very end of the delay no longer resets the timer (the replayed
          # periodic adverts can land on it exactly)
          if (j < i) { j = heard_before(N[i], V[i], T[j] + PD - 0.0005); if (j) anchor = T[j] }
        }
        else if (mine_k != "" && mine_k != "start") { kind = "event"; anchor = mine }
        else { kind = "start"; anchor = st }
        printf "%s %s %.3f %s %.3f\n", N[i], V[i], T[i], kind, T[i] - anchor
      }
    }' "$2" "$3" "$4" "$1"
}
# Matched per router and VRID, in order (members of a sync group move in either order).
takeovers "$VT_DIR/replay.adverts" "$VT_DIR/real.events" "$VT_DIR/real.starts" "$VT_DIR/real.scripts" | sort -s -k1,2 >"$VT_DIR/sim.takeovers"
takeovers "$VT_DIR/real.adverts" "$VT_DIR/real.events" "$VT_DIR/real.starts" "$VT_DIR/real.scripts" | sort -s -k1,2 >"$VT_DIR/real.takeovers"

# The machine's own timing error: the largest deviation of a router's advert period from
# advert_int on the wire (steady adverts only), and the 99th percentile of the lateness of an
# ordinary process's 10 ms sleeps during the run (wake-latency; its maximum is printed too). A loaded machine wakes a daemon's
# timers late by as much, so a takeover (one timer) cannot be judged closer than that: the
# tolerance is SIM_TOLERANCE_MS (2 ms) or the larger of these (all printed).
jitter=$(awk -v I="$interval_ms" '{ k = $2 " " $3 } (k in last) { g = $1 - last[k]; d = g - I; if (d < 0) d = -d
    if (g > 0.5 * I && g < 1.5 * I && d > m) m = d } { last[k] = $1 } END { printf "%.3f", m }' "$VT_DIR/real.adverts")
wait_for "[ -s '$VT_DIR/wake-latency' ]" 5 || true
read -r wake_p99 wake_max <"$VT_DIR/wake-latency" || { wake_p99=0; wake_max=0; }
tolerance=$(awk -v t="$tolerance" -v j="$jitter" -v w="$wake_p99" 'BEGIN { m = j > t ? j : t; print (w > m ? w : m) }')
vt_log "scenario $name: IMPL_A=$IMPL_A IMPL_B=$IMPL_B (takeover: node vrid kind, simulated vs measured delay)"
vt_log "  advert period jitter on the wire ${jitter} ms, wake-up lateness p99 ${wake_p99} ms max ${wake_max} ms: tolerance ${tolerance} ms (${SIM_TOLERANCE_MS:-2} ms on a quiet machine)"
# keepalived 2.2.7 moves a sync group's members one after the other: each further member
# takes over about 1.5 ms after the one before (its adverts, VIPs and GARPs are done first),
# where ours, as the simulation, moves them in one pass. With keepalived, each of a router's
# K takeovers of the same simulated moment (in whatever order they come) is allowed (K-1)
# times that much more.
member_ms=0
[ "$IMPL_A" = keepalived ] && member_ms=${SIM_KEEPALIVED_MEMBER_MS:-1.5}
paste -d' ' "$VT_DIR/sim.takeovers" "$VT_DIR/real.takeovers" | awk -v tol0="$tolerance" -v name="$name" -v member="$member_ms" '
  { row[NR] = $0; moment[NR] = $1 " " sprintf("%.3f", $3); members[moment[NR]]++ }
  END {
   for (r = 1; r <= NR; r++) {
    $0 = row[r]
    tol = tol0 + member * (members[moment[r]] - 1)
    diff = $10 - $5
    printf "  %s VRID %s %-5s simulated %9.3f ms  measured %9.3f ms  diff %+8.3f ms%s\n", $1, $2, $4, $5, $10, diff,
      ($4 != "event" && $6 != "" && (diff > tol || diff < -tol)) ? "  <-- beyond " tol " ms" : ""
    if ($6 != $1 || $7 != $2 || $9 != $4) bad = 1
    if ($4 != "event" && (diff > tol || diff < -tol)) bad = 1
    printf "RESULT %s %s %s %s %.3f %.3f\n", name, $1, $2, $4, $5, $10 >"/dev/stderr"
   }
   exit bad
  }' 2> >(cat >>"${SIM_RESULTS:-/dev/null}") || {
  vt_log "simulated takeovers:"; cat "$VT_DIR/sim.takeovers" >&2
  vt_log "measured takeovers:"; cat "$VT_DIR/real.takeovers" >&2
  vt_fail "$name: the namespace run does not match the simulation"
}
[ "$(wc -l <"$VT_DIR/sim.takeovers")" -eq "$(wc -l <"$VT_DIR/real.takeovers")" ] ||
  vt_fail "$name: $(wc -l <"$VT_DIR/sim.takeovers") simulated takeovers, $(wc -l <"$VT_DIR/real.takeovers") measured"
cmp -s "$VT_DIR/replay.holders" "$VT_DIR/real.holders" ||
  vt_fail "$name: VIP holders at the end differ: simulated $(tr '\n' ' ' <"$VT_DIR/replay.holders"), measured $(tr '\n' ' ' <"$VT_DIR/real.holders")"
cmp -s "$VT_DIR/sim.holders" "$VT_DIR/real.holders" ||
  vt_log "note: the scenario as written ends with $(tr '\n' ' ' <"$VT_DIR/sim.holders")(the late starts changed it)"
vt_log "ok: $name: $(wc -l <"$VT_DIR/sim.takeovers") takeovers as simulated; VIPs end on $(awk '{ print $2 }' "$VT_DIR/real.holders" | sort -u | tr '\n' ' ')"
exit 0
