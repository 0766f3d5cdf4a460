#!/usr/bin/env bash
# Failover from r1 (priority 100) to r2 (priority 90), measured on c1's capture.
#   failover.sh kill VARIANT   master death: SIGKILL of r1's processes and r1's link down;
#                              r1's last advert -> r2's first advert = Master_Down_Interval
#                              (3 x interval + Skew_Time of priority 90)
#   failover.sh stop VARIANT   graceful stop: SIGTERM; exactly one priority-0 advert from r1,
#                              then r2's first advert after Skew_Time (RFC 3768 6.4.2)
# VARIANT: v2 (VRRPv2, 1 s), v3-10ms (VRRPv3, 10 ms), v3-50ms, ipv6 (VRRPv3 over IPv6,
# 100 ms, unsolicited NA), unicast (VRRPv2 1 s unicast peers), auth (VRRPv2 PASS, 1 s), auth-ah (VRRPv2
# IPsec AH: HMAC-MD5-96 ICV and sequence numbers, 1 s).
# Either way r2 announces the VIP (5 GARPs or NAs) within 20 ms of its first advert, its adverts
# are well formed, and c1 reaches the VIP at r2's MAC afterwards.
# Timing tolerance: -2 ms / +VT_TOL_MS (default 25 ms, for loaded CI machines; bench/failover
# reports the precision itself).
source "$(dirname "$0")/lib.sh"
mode=${1:?kill|stop}
variant=${2:-v2}
vt_init "$IMPL_A" "$IMPL_B"

version=2 int=1 vips="$VT_VIP4/24" VT_VIP=$VT_VIP4 extra_a="" extra_b="" announce=garp
case $variant in
  v2) ;;
  v3-10ms) version=3 int=0.01 ;;
  v3-50ms) version=3 int=0.05 ;;
  ipv6) version=3 int=0.1 vips="$VT_VIP6/64" VT_VIP=$VT_VIP6 announce=na ;;
  unicast)
    extra_a=$'    unicast_src_ip 192.0.2.1\n    unicast_peer {\n        192.0.2.2\n    }'
    extra_b=$'    unicast_src_ip 192.0.2.2\n    unicast_peer {\n        192.0.2.1\n    }' ;;
  auth)
    extra_a=$'    authentication {\n        auth_type PASS\n        auth_pass vigil42\n    }'
    extra_b=$extra_a ;;
  auth-ah)
    extra_a=$'    authentication {\n        auth_type AH\n        auth_pass vigil42\n    }'
    extra_b=$extra_a ;;
  *) vt_fail "unknown variant $variant" ;;
esac
int_ms=$(awk -v i="$int" 'BEGIN { print i * 1000 }')
mdi=$(vt_mdi_ms "$version" 90 "$int_ms")
skew=$(vt_skew_ms "$version" 90 "$int_ms")
tol_hi=${VT_TOL_MS:-25}

vt_topology 2
vt_pair_up "$(vt_conf MASTER 100 version=$version int=$int vips="$vips" extra="$extra_a")" \
  "$(vt_conf BACKUP 90 version=$version int=$int vips="$vips" extra="$extra_b")"
vt_wait_packets '$2 == "r1" && $3 == "advert"' 3 5 || vt_fail "r1 is not advertising"

case $mode in
  kill)
    vt_kill r1
    vt_log "killed r1 and set its link down"
    wait_for "vt_vip_on r2 $VT_VIP" $(awk -v m="$mdi" 'BEGIN { print m / 1000 + 3 }') ||
      vt_fail "r2 did not take over $VT_VIP"
    ;;
  stop)
    vt_stop r1 5
    vt_log "r1 exited $(vt_ms "$VT_TERM_AT" "$VT_EXIT_AT") ms after SIGTERM"
    vt_vip_off r1 "$VT_VIP" || vt_fail "r1 kept $VT_VIP after it stopped"
    wait_for "vt_vip_on r2 $VT_VIP" 3 || vt_fail "r2 did not take over $VT_VIP"
    ;;
  *) vt_fail "unknown mode $mode" ;;
esac
vt_wait_packets "\$2 == \"r2\" && \$3 == \"$announce\"" 5 3 || vt_fail "r2 sent fewer than 5 ${announce}s"
vt_ping c1 "$VT_VIP" || vt_fail "c1 cannot reach the VIP after the failover"
[ "$(vt_neigh_mac c1 "$VT_VIP")" = "$(vt_mac r2)" ] || vt_fail "c1 reaches the VIP at $(vt_neigh_mac c1 "$VT_VIP"), not r2"
vt_log "ok: c1 reaches $VT_VIP at r2's MAC"
vt_analyse

vt_check_adverts "$VT_P" r1 "$version" 100 "$int_ms"
vt_check_adverts "$VT_P" r2 "$version" 90 "$int_ms"
case $mode in kill) t_fail=$VT_KILL_AT ;; stop) t_fail=$VT_TERM_AT ;; esac
r2_first=$(vt_first_after "$VT_P" "$t_fail" '$2 == "r2" && $3 == "advert" && $4 > 0')
r2_ann=$(vt_first_after "$VT_P" "$r2_first" "\$2 == \"r2\" && \$3 == \"$announce\"")
case $mode in
  kill)
    r1_last=$(vt_last_before "$VT_P" "$r2_first" '$2 == "r1" && $3 == "advert"')
    vt_assert_near "last r1 advert -> first r2 advert" "$(vt_ms "$r1_last" "$r2_first")" "$mdi" 2 "$tol_hi"
    ;;
  stop)
    zeros=$(awk '$2 == "r1" && $3 == "advert" && $4 == 0' "$VT_P" | wc -l)
    [ "$zeros" -eq 1 ] || vt_fail "r1 sent $zeros priority-0 adverts, expected exactly 1"
    r1_zero=$(vt_first_after "$VT_P" "$t_fail" '$2 == "r1" && $3 == "advert" && $4 == 0')
    vt_assert_near "SIGTERM -> priority-0 advert" "$(vt_ms "$VT_TERM_AT" "$r1_zero")" 0 1 20
    vt_assert_near "priority-0 advert -> first r2 advert" "$(vt_ms "$r1_zero" "$r2_first")" "$skew" 2 "$tol_hi"
    ;;
esac
vt_assert_near "r2 first advert -> first $announce" "$(vt_ms "$r2_first" "$r2_ann")" 0 0 20
n_ann=$(vt_count "$VT_P" "$r2_ann" "$(awk -v f="$r2_ann" 'BEGIN { printf "%.6f", f + 0.5 }')" "\$2 == \"r2\" && \$3 == \"$announce\" && \$9 == \"$VT_VIP\"")
[ "$n_ann" -eq 5 ] || vt_fail "r2 sent $n_ann ${announce}s for $VT_VIP in its first burst, expected 5"
vt_log "ok: r2 sent 5 ${announce}s for $VT_VIP"
exit 0
