#!/usr/bin/env bash
# Link down means FAULT: r1's carrier goes away (the switch port is set down). r1 enters
# FAULT and releases the VIP, r2 takes over after its Master_Down_Interval. When the link
# comes back r1 returns to BACKUP and, having the higher priority, takes the VIP back.
# VRRPv3, 50 ms adverts.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
vt_pair_up "$(vt_conf MASTER 100 version=3 int=0.05)" "$(vt_conf BACKUP 90 version=3 int=0.05)"
ip -n "$(vt_ns sw)" link set r1 down
vt_log "r1's switch port down"
wait_for "vt_log_has r1 'Entering FAULT STATE'" 2 || vt_fail "r1 did not log 'Entering FAULT STATE'"
wait_for "vt_vip_off r1 $VT_VIP4" 2 || vt_fail "r1 kept the VIP in FAULT"
wait_for "vt_vip_on r2 $VT_VIP4" 2 || vt_fail "r2 did not take over"
vt_log "ok: r1 FAULT without the VIP, r2 master"
ip -n "$(vt_ns sw)" link set r1 up
vt_log "r1's switch port up"
wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_off r2 $VT_VIP4" 5 || vt_fail "r1 did not take the VIP back"
vt_log_has r1 'Entering BACKUP STATE$' || vt_fail "r1 did not log 'Entering BACKUP STATE' after FAULT"
vt_log "ok: r1 back to BACKUP, then MASTER"
vt_ping c1 "$VT_VIP4" || vt_fail "c1 cannot reach the VIP"
vt_analyse
vt_check_adverts "$VT_P" r1 3 100 50
vt_check_adverts "$VT_P" r2 3 90 50
exit 0
