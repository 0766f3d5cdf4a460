#!/usr/bin/env bash
# vrrp_script tracking (the classic nginx health check): r1 (priority 100) tracks a script
# with weight -20, fall 2, rise 2, interval 1; r2 has priority 90. VRRPv3, 100 ms adverts.
#   1. the check fails on r1: after `fall` runs r1 advertises priority 80 and r2 takes over
#      one Master_Down_Interval later (it ignores lower-priority adverts, RFC 5798 6.4.2)
#   2. the check passes again: after `rise` runs r1 advertises 100 and takes the VIP back
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
d=$(vt_node_dir r1)
printf '#!/bin/sh\nexec test -e %s/up\n' "$d" >"$d/chk.sh"
chmod 0755 "$d/chk.sh"
touch "$d/up"
global=$'    enable_script_security\n    script_user root'
extra=$'    track_script {\n        chk\n    }'
head="vrrp_script chk {
    script \"$d/chk.sh\"
    interval 1
    fall 2
    rise 2
    weight -20
}"
vt_pair_up "$(vt_conf MASTER 100 version=3 int=0.1 global="$global" extra="$extra" head="$head")" \
  "$(vt_conf BACKUP 90 version=3 int=0.1)"

rm -f "$d/up"
t_fail=$EPOCHREALTIME
wait_for "vt_vip_on r2 $VT_VIP4" 6 || vt_fail "r2 did not take over after r1's check failed"
wait_for "vt_vip_off r1 $VT_VIP4" 1 || vt_fail "r1 kept the VIP with priority 80"
vt_log "check failed on r1: r2 took over after $(vt_ms "$t_fail" "$EPOCHREALTIME") ms"
vt_ping c1 "$VT_VIP4" || vt_fail "c1 cannot reach the VIP on r2"

touch "$d/up"
t_up=$EPOCHREALTIME
wait_for "vt_vip_on r1 $VT_VIP4" 6 || vt_fail "r1 did not take the VIP back after its check passed"
wait_for "vt_vip_off r2 $VT_VIP4" 1 || vt_fail "r2 kept the VIP after r1 took it back"
vt_log "check passed again on r1: r1 took the VIP back after $(vt_ms "$t_up" "$EPOCHREALTIME") ms"

vt_analyse
# r1's priorities on the wire: 100, then 80 while the check failed, then 100 again.
prios=$(awk '$2 == "r1" && $3 == "advert" { p = $4; if (p != last) { printf "%s ", p; last = p } }' "$VT_P")
[ "$prios" = "100 80 100 " ] || vt_fail "r1 advertised priorities '$prios', expected '100 80 100 '"
vt_check_adverts "$VT_P" r2 3 90 100
vt_log "ok: r1 advertised 100 -> 80 -> 100 and the VIP followed"
exit 0
