#!/usr/bin/env bash
# Reliability: SIGKILL of the VRRP child (issue #17). r1 (priority 100, master) and r2 (90);
# r1's VRRP child is killed KILLS times, each time once r1 is master again (the parent
# respawns it with keepalived's back-off: 0 s, 1 s, 2 s, 4 s ...).
#   child_kill.sh [KILLS]
# Figures per kill: respawn time (kill -> new child's pid file), time the VIP stayed on the
# dead child's host (kill -> VIP gone from r1), time the VIP sat on both routers
# (kernel address events), whether r1 became master again. keepalived leaves the dead
# child's VIP on the host until the respawned child removes it; ours removes it at once.
# Passes (ours) when the VIP is never on both routers and r1 drops it within 1 s of the kill.
set -u
source "$(dirname "$0")/lib.sh"
rel_start "$@"
set -- "${REL_ARGS[@]}"
kills=${1:-3}
vt_pair_up "$(vt_conf MASTER 100)" "$(vt_conf BACKUP 90)"
rel_ts_monitor r1
rel_ts_monitor r2
sleep 0.3
REL_MON_T0=$EPOCHREALTIME
respawns=() gone=() regained=0
for ((k = 1; k <= kills; k++)); do
  wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_off r2 $VT_VIP4" 70 || vt_fail "r1 is not master before kill $k"
  child=$(vt_vrrp_pid r1)
  [ -n "$child" ] || vt_fail "no VRRP child pid"
  t_kill=$EPOCHREALTIME
  kill -KILL "$child"
  if wait_for "vt_vip_off r1 $VT_VIP4" 65; then gone+=("$(vt_ms "$t_kill" "$EPOCHREALTIME")"); else gone+=(65000); fi
  if wait_for "p=\$(vt_vrrp_pid r1); [ -n \"\$p\" ] && [ \"\$p\" != $child ] && vt_alive \$p" 65; then
    respawns+=("$(vt_ms "$t_kill" "$EPOCHREALTIME")")
    # The dead child's window: until the new child runs (plus 1 s, well before the new
    # child's own Master_Down_Interval ends and it preempts r2 in the ordinary way).
    echo "$t_kill $(awk -v t="$EPOCHREALTIME" 'BEGIN { printf "%.6f", t + 1 }')" >>"$VT_DIR/windows"
  else
    vt_fail "no new VRRP child within 65 s of kill $k"
  fi
done
wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_off r2 $VT_VIP4" 70 && regained=1
dual=$(rel_dual_ms "$VT_VIP4" 1 0 "$VT_DIR/windows")
rel_result "kills=$kills respawn_ms_median=$(printf '%s\n' "${respawns[@]}" | vt_median) respawn_ms_max=$(printf '%s\n' "${respawns[@]}" | vt_stats | awk '{print $4}') vip_left_on_dead_ms_median=$(printf '%s\n' "${gone[@]}" | vt_median) dual_owner_ms_total=$dual master_again=$regained"
[ "$IMPL_A" = ours ] || exit 0
awk -v d="$dual" 'BEGIN { exit !(d == 0) }' || vt_fail "the VIP sat on both routers for $dual ms"
for g in "${gone[@]}"; do
  awk -v g="$g" 'BEGIN { exit !(g <= 1000) }' || vt_fail "the VIP stayed on r1 for $g ms after a kill"
done
[ "$regained" = 1 ] || vt_fail "r1 did not become master again"
vt_log "ok: $kills kills, VIP never on both, gone from r1 within ${gone[*]} ms"
exit 0
