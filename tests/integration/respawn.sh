#!/usr/bin/env bash
# The VRRP child is SIGKILLed on the master: the parent respawns it (new pid in the VRRP pid
# file), r2 takes over meanwhile or not, and r1 ends up master again. VRRPv3, 50 ms.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
vt_pair_up "$(vt_conf MASTER 100 version=3 int=0.05)" "$(vt_conf BACKUP 90 version=3 int=0.05)"
old=$(vt_vrrp_pid r1)
t_kill=$EPOCHREALTIME
kill -KILL "$old"
vt_log "killed r1's VRRP child $old"
wait_for "[ -s '$VT_DIR/r1/vrrp.pid' ] && [ \"\$(vt_vrrp_pid r1)\" != $old ] && vt_alive \$(vt_vrrp_pid r1)" 5 ||
  vt_fail "no new VRRP child"
vt_log "ok: new VRRP child $(vt_vrrp_pid r1)"
vt_alive "$(vt_parent_pid r1)" || vt_fail "r1's parent died"
vt_wait_packets "\$1 > $t_kill && \$2 == \"r1\" && \$3 == \"advert\" && \$4 == 100" 3 5 ||
  vt_fail "the new VRRP child does not advertise"
wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_off r2 $VT_VIP4" 2 || vt_fail "r1 is not master again"
vt_ping c1 "$VT_VIP4" || vt_fail "c1 cannot reach the VIP"
vt_log "ok: r1 master again"
vt_analyse
vt_check_adverts "$VT_P" r1 3 100 50
exit 0
