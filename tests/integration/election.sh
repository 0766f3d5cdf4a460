#!/usr/bin/env bash
# Election: r1 (state MASTER, priority 100) and r2 (BACKUP, 90), VRRPv2, advert_int 1.
# r1 becomes master one Master_Down_Interval after its start (RFC 3768 6.4.1: a non-owner
# starts as backup), r2 stays backup and silent. On c1's capture: r1's adverts are VRRPv2,
# priority 100, TTL 255, interval field 1 s, valid checksum, one every 1000 ms; 5 GARPs for
# the VIP follow the first advert. c1 reaches the VIP at r1's MAC.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
vt_pair_up "$(vt_conf MASTER 100)" "$(vt_conf BACKUP 90)"
vt_ping c1 "$VT_VIP4" || vt_fail "c1 cannot ping the VIP"
[ "$(vt_neigh_mac c1 "$VT_VIP4")" = "$(vt_mac r1)" ] || vt_fail "c1 does not reach the VIP at r1's MAC"
vt_wait_packets '$2 == "r1" && $3 == "advert"' 4 6 || vt_fail "fewer than 4 adverts from r1"
vt_analyse

vt_check_adverts "$VT_P" r1 2 100 1000
[ "$(awk '$2 == "r2" && $3 == "advert"' "$VT_P" | wc -l)" -eq 0 ] || vt_fail "r2 sent adverts while backup"
first=$(vt_first_after "$VT_P" 0 '$2 == "r1" && $3 == "advert"')
vt_assert_near "r1 start -> first advert" "$(vt_ms "$VT_START_r1" "$first")" "$(vt_mdi_ms 2 100 1000)" 0 250
garps=$(vt_count "$VT_P" "$first" "$(awk -v f="$first" 'BEGIN { printf "%.6f", f + 0.1 }')" '$2 == "r1" && $3 == "garp" && $9 == "192.0.2.100"')
[ "$garps" -eq 5 ] || vt_fail "expected 5 GARPs right after the first advert, saw $garps"
vt_log "ok: 5 GARPs for the VIP after the first advert"
# Intervals between consecutive adverts: median within 2 ms of 1000 ms.
median=$(awk '$2 == "r1" && $3 == "advert" { if (p) printf "%.3f\n", ($1 - p) * 1000; p = $1 }' "$VT_P" | vt_median)
vt_assert_near "advert interval (median)" "$median" 1000 5 10
exit 0
