#!/usr/bin/env bash
# The VIP is deleted by hand on the master. r1 goes to BACKUP, sends a priority-0 advert and,
# with the shorter Skew_Time of the two, becomes master again about Skew_Time(100) later and
# restores the VIP; r2 never takes over. VRRPv2, 1 s adverts.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
vt_pair_up "$(vt_conf MASTER 100)" "$(vt_conf BACKUP 90)"
vt_wait_packets '$2 == "r1" && $3 == "advert"' 2 4 || vt_fail "r1 is not advertising"
t_del=$EPOCHREALTIME
ip -n "$(vt_ns r1)" addr del "$VT_VIP4/24" dev eth0
vt_log "deleted $VT_VIP4 from r1"
wait_for "vt_vip_on r1 $VT_VIP4" 3 || vt_fail "r1 did not restore the VIP"
vt_vip_off r2 "$VT_VIP4" || vt_fail "r2 took the VIP"
vt_wait_packets '$2 == "r1" && $3 == "garp"' 10 3 || vt_fail "r1 did not re-announce the VIP"
vt_analyse
vt_check_adverts "$VT_P" r1 2 100 1000
zero=$(vt_first_after "$VT_P" "$t_del" '$2 == "r1" && $3 == "advert" && $4 == 0')
[ -n "$zero" ] || vt_fail "no priority-0 advert from r1 after the deletion"
back=$(vt_first_after "$VT_P" "$zero" '$2 == "r1" && $3 == "advert" && $4 == 100')
vt_assert_near "priority-0 advert -> r1 master again" "$(vt_ms "$zero" "$back")" "$(vt_skew_ms 2 100 1000)" 2 50
[ "$(vt_count "$VT_P" "$t_del" 9e9 '$2 == "r2" && $3 == "advert"')" -eq 0 ] || vt_fail "r2 advertised"
exit 0
