#!/usr/bin/env bash
# Reliability: link flaps (issue #17). r1 (priority 100, master) and r2 (90); r1's eth0 goes
# down and up CYCLES times, each phase 20-400 ms long (seeded random).
#   link_flap.sh [CYCLES]
# Figures: seconds until one master again after the last flap, VIP owners at the end, RSS
# and open fds of r1's daemon before and after (growth), state changes logged by r1.
# Passes (ours) when r1 ends as the only VIP owner within 10 s and neither anonymous RSS
# (beyond 256 kB of allocator noise; code paged in by the first flaps is not a leak) nor the
# fd count grew.
set -u
source "$(dirname "$0")/lib.sh"
rel_start "$@"
set -- "${REL_ARGS[@]}"
cycles=${1:-20}
vt_pair_up "$(vt_conf MASTER 100)" "$(vt_conf BACKUP 90)"
sleep 1
rss0=$(vt_rss_kb r1) anon0=$(vt_rss_anon_kb r1) fds0=$(rel_fds r1)
RANDOM=17
for ((i = 1; i <= cycles; i++)); do
  vt_link r1 down
  sleep "0.$(printf '%03d' $((20 + RANDOM % 380)))"
  vt_link r1 up
  sleep "0.$(printf '%03d' $((20 + RANDOM % 380)))"
done
t_last=$EPOCHREALTIME
settled=-1
if wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_off r2 $VT_VIP4" 10; then
  settled=$(vt_ms "$t_last" "$EPOCHREALTIME")
fi
sleep 1
rss1=$(vt_rss_kb r1) anon1=$(vt_rss_anon_kb r1) fds1=$(rel_fds r1)
owners=""
vt_vip_on r1 "$VT_VIP4" && owners+=r1
vt_vip_on r2 "$VT_VIP4" && owners+=r2
transitions=$(vt_log_count r1 'Entering (MASTER|BACKUP|FAULT) STATE')
rel_result "cycles=$cycles settle_ms=$settled owners=${owners:-none} rss_kb=$rss0->$rss1 anon_kb=$anon0->$anon1 fds=$fds0->$fds1 r1_transitions=$transitions"
[ "$IMPL_A" = ours ] || exit 0
[ "$owners" = r1 ] || vt_fail "VIP owners at the end: ${owners:-none}"
[ $((anon1 - anon0)) -le 256 ] || vt_fail "anonymous RSS grew from $anon0 to $anon1 kB"
[ "$fds1" -le "$fds0" ] || vt_fail "open fds grew from $fds0 to $fds1"
vt_log "ok: $cycles flaps, r1 master again after $settled ms, RSS $rss0->$rss1 kB, fds $fds0->$fds1"
exit 0
