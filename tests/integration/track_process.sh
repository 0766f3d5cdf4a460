#!/usr/bin/env bash
# vrrp_track_process: r1 (priority 100) tracks a process of its own (a copy of sleep under a
# unique name) with weight -20; r2 has priority 90. VRRPv3, 100 ms adverts.
#   1. the process ends: r1 advertises priority 80 and r2 takes over
#   2. the process runs again: r1 advertises 100 and takes the VIP back
# In a network namespace the kernel's process events are unavailable, so this exercises
# vigil's /proc polling (1 s); io_proc_events covers the event-driven path.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
d=$(vt_node_dir r1)
name="vgtp$$"
cp /bin/sleep "$d/$name"
start_tracked() { "$d/$name" 600 & tracked=$!; VT_PIDS+=("$tracked"); }
start_tracked
head="vrrp_track_process proc {
    process $name
    weight -20
}"
extra=$'    track_process {\n        proc\n    }'
vt_pair_up "$(vt_conf MASTER 100 version=3 int=0.1 extra="$extra" head="$head")" \
  "$(vt_conf BACKUP 90 version=3 int=0.1)"

kill -KILL "$tracked"; wait "$tracked" 2>/dev/null
t_gone=$EPOCHREALTIME
wait_for "vt_vip_on r2 $VT_VIP4" 4 || vt_fail "r2 did not take over after r1's tracked process ended"
wait_for "vt_vip_off r1 $VT_VIP4" 1 || vt_fail "r1 kept the VIP with priority 80"
vt_log "process ended: r2 took over after $(vt_ms "$t_gone" "$EPOCHREALTIME") ms"

start_tracked
t_back=$EPOCHREALTIME
wait_for "vt_vip_on r1 $VT_VIP4" 4 || vt_fail "r1 did not take the VIP back after the process returned"
vt_log "process back: r1 took the VIP back after $(vt_ms "$t_back" "$EPOCHREALTIME") ms"
vt_log_has r1 "Quorum lost for tracked process proc" || vt_fail "r1 did not log the lost quorum"

vt_analyse
prios=$(awk '$2 == "r1" && $3 == "advert" { p = $4; if (p != last) { printf "%s ", p; last = p } }' "$VT_P")
[ "$prios" = "100 80 100 " ] || vt_fail "r1 advertised priorities '$prios', expected '100 80 100 '"
vt_log "ok: r1 advertised 100 -> 80 -> 100 and the VIP followed"
exit 0
