#!/usr/bin/env bash
# A higher-priority router joins while r2 (priority 90) is master. VRRPv3, 50 ms adverts.
#   preempt.sh preempt     r1 (priority 100) takes over one Master_Down_Interval after its
#                          start (it discards r2's lower-priority adverts, RFC 5798 6.4.2) and
#                          r2 releases the VIP on r1's first advert
#   preempt.sh nopreempt   r1 (BACKUP, nopreempt) never takes over: no advert from r1 in 2 s
#   preempt.sh delay       r1 (BACKUP, preempt_delay 1) takes over no earlier than 1 s after
#                          the first lower-priority advert it received
source "$(dirname "$0")/lib.sh"
mode=${1:?preempt|nopreempt|delay}
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
args=(version=3 int=0.05)
case $mode in
  preempt) conf_a=$(vt_conf MASTER 100 "${args[@]}") ;;
  nopreempt) conf_a=$(vt_conf BACKUP 100 "${args[@]}" extra="    nopreempt") ;;
  delay) conf_a=$(vt_conf BACKUP 100 "${args[@]}" extra="    preempt_delay 1") ;;
  *) vt_fail "unknown mode $mode" ;;
esac
vt_capture_start
vt_start r2 "$IMPL_B" "$(vt_conf BACKUP 90 "${args[@]}")"
wait_for "vt_vip_on r2 $VT_VIP4" 3 || vt_fail "r2 ($IMPL_B) alone never became master"
vt_log "r2 ($IMPL_B) is master alone; starting r1 ($IMPL_A, $mode)"
vt_start r1 "$IMPL_A" "$conf_a"
case $mode in
  preempt | delay)
    wait_for "vt_vip_on r1 $VT_VIP4" 4 || vt_fail "r1 did not take over"
    wait_for "vt_vip_off r2 $VT_VIP4" 1 || vt_fail "r2 kept the VIP after r1 took over"
    t_off=$EPOCHREALTIME
    vt_ping c1 "$VT_VIP4" || vt_fail "c1 cannot reach the VIP"
    [ "$(vt_neigh_mac c1 "$VT_VIP4")" = "$(vt_mac r1)" ] || vt_fail "c1 does not reach the VIP at r1's MAC"
    ;;
  nopreempt)
    ! wait_for "vt_vip_on r1 $VT_VIP4" 2 || vt_fail "r1 took the VIP despite nopreempt"
    vt_vip_on r2 "$VT_VIP4" || vt_fail "r2 lost the VIP"
    ;;
esac
vt_analyse
vt_check_adverts "$VT_P" r2 3 90 50
r1_first=$(vt_first_after "$VT_P" 0 '$2 == "r1" && $3 == "advert"')
case $mode in
  nopreempt)
    [ -z "$r1_first" ] || vt_fail "r1 sent an advert despite nopreempt"
    vt_log "ok: r1 stayed silent backup for 2 s, r2 kept the VIP"
    ;;
  preempt)
    vt_check_adverts "$VT_P" r1 3 100 50
    vt_assert_near "r1 start -> first advert" "$(vt_ms "$VT_START_r1" "$r1_first")" "$(vt_mdi_ms 3 100 50)" 0 250
    after=$(vt_count "$VT_P" "$(awk -v t="$r1_first" 'BEGIN { printf "%.6f", t + 0.001 }')" 9e9 '$2 == "r2" && $3 == "advert"')
    [ "$after" -eq 0 ] || vt_fail "r2 sent $after adverts after r1's first advert"
    vt_assert_near "r1 first advert -> VIP off r2 (poll)" "$(vt_ms "$r1_first" "$t_off")" 0 0 300
    ;;
  delay)
    vt_check_adverts "$VT_P" r1 3 100 50
    # r1's first received advert from r2 comes within 50 ms of its start.
    vt_assert_near "r1 start -> first advert" "$(vt_ms "$VT_START_r1" "$r1_first")" 1000 0 500
    ;;
esac
exit 0
