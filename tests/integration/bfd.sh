#!/usr/bin/env bash
# BFD (RFC 5880/5881) tracked by VRRP, against FRR's bfdd or another keepalived-compatible
# BFD. r1 runs IMPL_A with bfd_instance B1 (neighbour r2) and VRRP instance VI_1 tracking it;
# c1 captures BFD and VRRP on the switch. Modes:
#   frr      r2 runs FRR bfdd (mult 3, 300 ms). Unweighted track_bfd: VI_1 is FAULT until B1
#            is Up, then MASTER. FRR's packets are dropped: B1 goes Down one Detection Time
#            (3 x 300 ms) after FRR's last packet and VI_1 goes FAULT (priority-0 advert, VIP
#            removed); undropped: Up and MASTER again. FRR's AdminDown takes B1 Down without
#            any VRRP change (keepalived 2.2.7, RFC 5882 section 3.2).
#   weight   as frr, with `weight -20` and r3 (IMPL_B, priority 90) as backup: r1 advertises
#            100 while B1 is Up and 80 while it is Down, and r3 takes over meanwhile.
#   peer     r2 runs IMPL_B's BFD, both with 100 ms and multiplier 3 (keepalived's 10 ms
#            default flaps on this shared 2-core machine under load, whoever the peers are);
#            r2 is killed (SIGKILL): B1 goes Down 300 ms after r2's last packet and VI_1 FAULT;
#            r2 restarted: Up and MASTER again.
#   group    as peer, with B1 tracked by the sync group G1 of VI_1 and VI_2 instead of VI_1
#            itself: both instances go FAULT and come back with it.
# Each mode reports the detection figure: the first VRRP reaction on the wire minus the
# peer's last BFD packet, against the Detection Time.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/frr.sh"
mode=${1:-frr}
case $mode in
  frr | weight) frr_available || vt_skip "FRR (bfdd, zebra, vtysh) is not installed" ;;
  peer | group) ;;
  *) vt_fail "unknown mode $mode" ;;
esac
impls=("$IMPL_A")
[ "$mode" != frr ] && impls+=("$IMPL_B")
vt_init "${impls[@]}"
command -v nft >/dev/null || vt_skip "missing tool nft"
vt_topology 3

r1=$(vt_ip4 r1)
r2=$(vt_ip4 r2)
weight=""
[ "$mode" = weight ] && weight=" weight -20"
timers=""
[ "$mode" = peer ] || [ "$mode" = group ] && timers=$'\n    min_rx 100\n    min_tx 100\n    multiplier 3'
bfd_r1="bfd_instance B1 {
    neighbor_ip $r2
    source_ip $r1$timers
}"
if [ "$mode" = group ]; then
  conf_r1=$(vt_conf MASTER 100 head="$bfd_r1" tail="vrrp_instance VI_2 {
    state MASTER
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress {
        198.51.100.52/32
    }
}
vrrp_sync_group G1 {
    group {
        VI_1
        VI_2
    }
    track_bfd {
        B1
    }
}")
else
  conf_r1=$(vt_conf MASTER 100 head="$bfd_r1" extra="    track_bfd {
        B1$weight
    }")
fi

vt_capture_start "udp port 3784 or ip proto 112"
case $mode in
  frr | weight) frr_start r2 "$r2" "$r1" 3 300 300; detect_ms=900 ;;
  peer | group)
    vt_launch r2 "$IMPL_B" "bfd_instance B1 {
    neighbor_ip $r1
    source_ip $r2$timers
}"
    wait_for "[ -s '$VT_DIR/r2/bfd.pid' ]" 5 || vt_fail "r2 ($IMPL_B) did not start its BFD child"
    detect_ms=300
    ;;
esac
if [ "$mode" = weight ]; then
  vt_start r3 "$IMPL_B" "$(vt_conf BACKUP 90)"
  wait_for "vt_vip_on r3 $VT_VIP4" 8 || vt_fail "r3 never became master while r1 was at 80"
fi
vt_start r1 "$IMPL_A" "$conf_r1"
t_start=$EPOCHREALTIME
wait_for "vt_vip_on r1 $VT_VIP4" 12 || vt_fail "r1 ($IMPL_A) never took $VT_VIP4"
vt_log "r1 ($IMPL_A) is master $(vt_ms "$t_start" "$EPOCHREALTIME") ms after start"
vt_log_has r1 'Tracked BFD instance B1 is UP' || vt_fail "r1 logged no 'Tracked BFD instance B1 is UP'"
if [ "$mode" = weight ]; then
  wait_for "vt_vip_off r3 $VT_VIP4" 2 || vt_fail "r3 kept the VIP after r1 went to 100"
else
  vt_log_has r1 '\(VI_1\) entering FAULT state' || vt_fail "r1 did not start in FAULT"
fi
if [ "$mode" = group ]; then
  vt_vip_on r1 198.51.100.52 || vt_fail "r1 ($IMPL_A) does not hold VI_2's VIP"
fi
sleep 1

# --- failure ---------------------------------------------------------------------------
t_fail=$EPOCHREALTIME
case $mode in
  frr | weight) frr_block r2 ;;
  peer | group)
    p=$(vt_parent_pid r2)
    b=$(cat "$VT_DIR/r2/bfd.pid")
    kill -STOP "$p" "$b"
    kill -KILL "$p" "$b"
    vt_wait_exit "$p" 3 || true
    ;;
esac
if [ "$mode" = weight ]; then
  wait_for "vt_vip_on r3 $VT_VIP4" 6 || vt_fail "r3 did not take over when B1 went down"
else
  wait_for "vt_vip_off r1 $VT_VIP4" 4 || vt_fail "r1 kept $VT_VIP4 after B1 went down"
  [ "$mode" = group ] && { wait_for "vt_vip_off r1 198.51.100.52" 2 || vt_fail "r1 kept VI_2's VIP after B1 went down"; }
fi
vt_log "B1 down: r1 reacted after $(vt_ms "$t_fail" "$EPOCHREALTIME") ms (wall clock)"
wait_for "vt_log_has r1 'Tracked BFD instance B1 is DOWN'" 2 || vt_fail "r1 logged no 'Tracked BFD instance B1 is DOWN'"
sleep 0.5

# --- recovery --------------------------------------------------------------------------
case $mode in
  frr | weight) frr_unblock r2 ;;
  peer | group)
    vt_launch r2 "$IMPL_B" "$(cat "$VT_DIR/r2/keepalived.conf")"
    ;;
esac
t_heal=$EPOCHREALTIME
wait_for "vt_vip_on r1 $VT_VIP4" 12 || vt_fail "r1 did not take $VT_VIP4 back after B1 came up"
vt_log "B1 up again: r1 master after $(vt_ms "$t_heal" "$EPOCHREALTIME") ms"

# --- FRR AdminDown: no VRRP change -----------------------------------------------------
if [ "$mode" = frr ]; then
  ups=$(vt_log_count r1 'Tracked BFD instance B1 is UP')
  frr_admin r2 shutdown
  wait_for "vt_log_has r1 'Local diagnostic - Neighbor Signaled Session Down'" 4 ||
    vt_fail "r1's B1 did not go Down on FRR's AdminDown"
  sleep 1
  vt_vip_on r1 "$VT_VIP4" || vt_fail "r1 lost $VT_VIP4 on FRR's AdminDown (keepalived keeps it)"
  vt_log_has r1 'Tracked BFD instance B1 is DOWN.*' && [ "$(vt_log_count r1 'Tracked BFD instance B1 is DOWN')" -gt 1 ] &&
    vt_fail "r1 told VRRP about FRR's AdminDown"
  frr_admin r2 "no shutdown"
  wait_for "[ \"\$(frr_peer_status r2)\" = up ]" 6 || vt_fail "FRR's session did not come back up"
  [ "$(vt_log_count r1 'Tracked BFD instance B1 is UP')" = "$ups" ] || vt_fail "r1 told VRRP about the Up after AdminDown"
  vt_log "ok: FRR AdminDown and back: r1's VRRP instance untouched"
fi

# --- r1's BFD child killed: respawned with a new pid file; its first report is Down ------
# (keepalived: every session's state at child start), so VI_1 goes FAULT, then MASTER again
# once B1 is Up.
if [ "$mode" = frr ]; then
  old_bfd=$(cat "$VT_DIR/r1/bfd.pid")
  downs=$(vt_log_count r1 'Tracked BFD instance B1 is DOWN')
  kill -KILL "$old_bfd"
  wait_for "[ -s '$VT_DIR/r1/bfd.pid' ] && [ \"\$(cat '$VT_DIR/r1/bfd.pid')\" != $old_bfd ]" 10 ||
    vt_fail "r1 ($IMPL_A) did not respawn its BFD child"
  vt_log_has r1 "BFD child process\\($old_bfd\\) died: Respawning" || vt_fail "r1 logged no 'BFD child process($old_bfd) died: Respawning'"
  vt_log_has r1 "Starting BFD child process, pid=$(cat "$VT_DIR/r1/bfd.pid")" || vt_fail "r1 logged no 'Starting BFD child process'"
  wait_for "[ \"\$(vt_log_count r1 'Tracked BFD instance B1 is DOWN')\" -gt $downs ]" 5 ||
    vt_fail "r1's VRRP child got no Down from the new BFD child"
  wait_for "vt_vip_on r1 $VT_VIP4" 12 || vt_fail "r1 did not take $VT_VIP4 back after its BFD child respawned"
  vt_log "ok: r1's BFD child respawned (pid file rewritten), VI_1 down and back"
fi

vt_capture_stop
bfd_packets >"$VT_DIR/bfd.txt"
vt_packets >"$VT_DIR/vrrp.txt"
[ -s "$VT_DIR/bfd.txt" ] || vt_fail "no BFD packets captured"

# Wire checks on r1's packets: TTL 255, source port in 49152-65535, Desired Min TX 1 s
# (idle_tx) while not Up, 10 ms (min_tx) once Up.
awk -v r1="$r1" '$2 == r1 && ($11 != 255 || $12 < 49152) { bad++ } END { exit bad > 0 }' "$VT_DIR/bfd.txt" ||
  vt_fail "r1 sent BFD packets without TTL 255 or from a port below 49152"
awk -v r1="$r1" '$2 == r1 && $3 != 3 && $9 != 1000000 { bad++ } END { exit bad > 0 }' "$VT_DIR/bfd.txt" ||
  vt_fail "r1 advertised a Desired Min TX other than 1 s while not Up"
min_tx=10000
[ "$mode" = peer ] || [ "$mode" = group ] && min_tx=100000
awk -v r1="$r1" -v m="$min_tx" '$2 == r1 && $3 == 3 && $9 == m { ok++ } END { exit ok == 0 }' "$VT_DIR/bfd.txt" ||
  vt_fail "r1 never advertised min_tx $((min_tx / 1000)) ms while Up"
vt_log "ok: r1's BFD packets: TTL 255, source port >= 49152, 1 s idle / $((min_tx / 1000)) ms Up"

# Detection: r1's first VRRP reaction after the failure (priority 0, or 80 with the weight)
# minus the peer's last BFD packet before it.
if [ "$mode" = weight ]; then
  react=$(vt_first_after "$VT_DIR/vrrp.txt" "$t_fail" '$2 == "r1" && $3 == "advert" && $4 == 80')
else
  react=$(vt_first_after "$VT_DIR/vrrp.txt" "$t_fail" '$2 == "r1" && $3 == "advert" && $4 == 0')
fi
[ -n "$react" ] || vt_fail "no VRRP reaction from r1 on the wire"
last=$(awk -v t="$react" -v r2="$r2" '$1 < t && $2 == r2 { last = $1 } END { print last }' "$VT_DIR/bfd.txt")
[ -n "$last" ] || vt_fail "no BFD packet from r2 before r1's reaction"
measured=$(vt_ms "$last" "$react")
vt_log "detection: r1 ($IMPL_A) reacted $measured ms after r2's last BFD packet (Detection Time $detect_ms ms)"
echo "BFD_DETECTION impl=$IMPL_A mode=$mode measured_ms=$measured theory_ms=$detect_ms" >&2
# A master whose priority changes advertises it at its next advert (up to 1 s later): the
# weight mode's figure includes that wait and is only reported.
if [ "$mode" != weight ]; then
  slack=${BFD_SLACK_MS:-5}
  [ "$IMPL_A" = keepalived ] && slack=${BFD_SLACK_MS_KEEPALIVED:-100}
  vt_assert_near "B1 detection" "$measured" "$detect_ms" 1 "$slack"
fi
exit 0
