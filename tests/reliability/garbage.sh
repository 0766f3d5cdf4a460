#!/usr/bin/env bash
# Reliability: a flood of malformed and random IP protocol 112 packets (issue #17). r1
# (priority 100, master) and r2 (90); the client sends RATE packets/s for SECONDS to
# 224.0.0.18 (garbage_sender.py: bad checksum, TTL 64, other VRID, auth, interval, address
# count, version, type, truncated, IP options, random bytes; the well-formed-looking ones
# carry priority 254 or 0, so any one accepted would show).
#   garbage.sh [RATE] [SECONDS]
# Figures: packets sent, r1's adverts during the flood against the expected count, r2's
# adverts, VIP moves, CPU of each daemon during the flood (% of one core), daemon log lines
# written during the flood.
# Passes (ours) when r1's advert count is within 1 of the expected, r2 is silent, the VIP
# stays on r1 and each daemon used under 50 % of a core.
set -u
source "$(dirname "$0")/lib.sh"
rel_start "$@"
set -- "${REL_ARGS[@]}"
rate=${1:-5000} seconds=${2:-5}
command -v python3 >/dev/null || vt_skip "python3 missing"
vt_capture_start "(ip proto 112 or arp) and not ether src $(vt_mac c1)"
vt_start r1 "$IMPL_A" "$(vt_conf MASTER 100)"
vt_start r2 "$IMPL_B" "$(vt_conf BACKUP 90)"
wait_for "vt_vip_on r1 $VT_VIP4" 8 || vt_fail "r1 never took the VIP"
rel_monitor r1
rel_monitor r2
# The client reaches the VRRP group on its own link only.
ip -n "$(vt_ns c1)" route add 224.0.0.0/4 dev eth0
sleep 1.2
lines1=$(wc -l <"$VT_DIR/r1/daemon.log") lines2=$(wc -l <"$VT_DIR/r2/daemon.log")
cpu1=$(vt_cpu_ns r1) cpu2=$(vt_cpu_ns r2)
t0=$EPOCHREALTIME
sent=$(vt_in c1 python3 "$(dirname "$0")/garbage_sender.py" "$(vt_ip4 c1)" "$rate" "$seconds" | awk '{ print $2 }')
t1=$EPOCHREALTIME
cpu1=$(( $(vt_cpu_ns r1) - cpu1 )) cpu2=$(( $(vt_cpu_ns r2) - cpu2 ))
lines1=$(( $(wc -l <"$VT_DIR/r1/daemon.log") - lines1 )) lines2=$(( $(wc -l <"$VT_DIR/r2/daemon.log") - lines2 ))
sleep 0.5
vt_analyse
dur=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
r1_adverts=$(vt_count "$VT_P" "$t0" "$t1" '$2 == "r1" && $3 == "advert"')
expected=$(awk -v d="$dur" 'BEGIN { printf "%d", d }')
r2_adverts=$(vt_count "$VT_P" "$t0" "$t1" '$2 == "r2" && $3 == "advert"')
moves=$(( $(rel_vip_events r1 '192\.0\.2\.100') + $(rel_vip_events r2 '192\.0\.2\.100') ))
pct1=$(awk -v c="$cpu1" -v d="$dur" 'BEGIN { printf "%.1f", c / 1e9 / d * 100 }')
pct2=$(awk -v c="$cpu2" -v d="$dur" 'BEGIN { printf "%.1f", c / 1e9 / d * 100 }')
rel_result "rate=$rate sent=${sent:-0} secs=$(printf %.1f "$dur") r1_adverts=$r1_adverts expected=$expected r2_adverts=$r2_adverts vip_moves=$moves cpu_r1_pct=$pct1 cpu_r2_pct=$pct2 log_lines_r1=$lines1 log_lines_r2=$lines2"
[ "$IMPL_A" = ours ] || exit 0
[ "${sent:-0}" -gt 0 ] || vt_fail "nothing sent"
[ $((r1_adverts - expected)) -le 1 ] && [ $((expected - r1_adverts)) -le 1 ] ||
  vt_fail "r1 sent $r1_adverts adverts in $dur s (expected $expected)"
[ "$r2_adverts" -eq 0 ] || vt_fail "r2 advertised $r2_adverts times"
[ "$moves" -eq 0 ] || vt_fail "the VIP moved"
vt_vip_on r1 "$VT_VIP4" || vt_fail "r1 lost the VIP"
for p in "$pct1" "$pct2"; do
  awk -v p="$p" 'BEGIN { exit !(p < 50) }' || vt_fail "a daemon used $p % CPU under the flood"
done
vt_log "ok: $sent packets, master unmoved, CPU $pct1 / $pct2 %"
exit 0
