#!/usr/bin/env bash
# BFD on the wire and across reloads (reference keepalived-2.2.7-vrrp-parity.md section 3.8,
# B3 B5 B6 B8): r1 runs IMPL_A with bfd_instance B1 (min_rx/min_tx 100 ms, multiplier 3) to
# FRR's bfdd on r2 (300 ms, multiplier 3); c1 captures BFD and VRRP. Every assertion holds
# for keepalived 2.2.7 (IMPL_A=keepalived) and for ours:
#   B3  weighted track_bfd: VI_1 tracks B1 with `weight -20`, VI_2 with `weight 20 reverse`
#       (both priority 100): VI_1 advertises 100 and VI_2 80 while B1 is Up, 80 and 100
#       while FRR's packets are dropped (B1 Down), 100 and 80 again once they flow.
#   B5  r1's packets: TTL 255, destination port 3784, source port >= 49152; Desired Min TX
#       1 s (idle_tx) while not Up, 100 ms (min_tx) once Up; a Final answers each of FRR's
#       Polls and FRR's Final ends r1's; while Up the gaps between r1's packets lie within
#       75-100% of the 300 ms interval (RFC 5880 section 6.8.7; keepalived's own jitter
#       keeps them within 75-90%, ours within 75-100%: both figures are reported).
#   B8  SIGHUP with the same configuration: B1 does not flap (no state line, same
#       discriminator on the wire). B1 renamed B9 and SIGHUP: a new session (a new
#       discriminator, not Up at first).
#   B6  GTSM: r2's packets leave with TTL 254 (nft): B9 (max_hops 0) goes Down and stays
#       Down; SIGHUP with max_hops 1: B9 comes Up.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/frr.sh"
frr_available || vt_skip "FRR (bfdd, zebra, vtysh) is not installed"
vt_init "$IMPL_A"
command -v nft >/dev/null || vt_skip "missing tool nft"
vt_topology 2

r1=$(vt_ip4 r1)
r2=$(vt_ip4 r2)
conf() { # conf NAME [MAX_HOPS]
  local hops=""
  [ -n "${2:-}" ] && hops=$'\n    max_hops '$2
  vt_conf MASTER 100 head="bfd_instance $1 {
    neighbor_ip $r2
    source_ip $r1
    min_rx 100
    min_tx 100
    multiplier 3$hops
}" extra="    track_bfd {
        $1 weight -20
    }" tail="vrrp_instance VI_2 {
    state MASTER
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    track_bfd {
        $1 weight 20 reverse
    }
    virtual_ipaddress {
        198.51.100.52/32
    }
}"
}
d1=$(vt_node_dir r1)
reload_with() { # reload_with CONF_TEXT
  printf '%s\n' "$1" >"$d1/keepalived.conf"
  kill -HUP "$(vt_parent_pid r1)"
}
count() { vt_log_count r1 "$1"; }

vt_capture_start "udp port 3784 or ip proto 112"
frr_start r2 "$r2" "$r1" 3 300 300
vt_start r1 "$IMPL_A" "$(conf B1)"
wait_for "vt_log_has r1 '\\(B1\\) Entering Up state'" 10 || vt_fail "B1 did not come Up"
wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_on r1 198.51.100.52" 10 || vt_fail "r1 did not become master of VI_1 and VI_2"
sleep 2.5
t_up=$EPOCHREALTIME

# --- B3: B1 Down, then Up ---------------------------------------------------------------
frr_block r2
wait_for "vt_log_has r1 '\\(B1\\) Entering Down state'" 4 || vt_fail "B1 did not go Down while FRR's packets were dropped"
sleep 2.5
t_down=$EPOCHREALTIME
frr_unblock r2
wait_for "[ \$(count '\\(B1\\) Entering Up state') -ge 2 ]" 8 || vt_fail "B1 did not come Up again"
sleep 2.5
t_back=$EPOCHREALTIME

# --- B8: same configuration, then B1 renamed B9 ---------------------------------------
states=$(count '\(B1\) Entering')
reload_with "$(conf B1)"
wait_for "[ \$(count 'Reload finished') -ge 1 ]" 5 || true
sleep 2
t_same=$EPOCHREALTIME
[ "$(count '\(B1\) Entering')" = "$states" ] || vt_fail "B1 changed state on a SIGHUP with the same configuration"
[ "$(frr_peer_status r2)" = up ] || vt_fail "FRR's session is not up after the same-config SIGHUP"
reload_with "$(conf B9)"
wait_for "vt_log_has r1 '\\(B9\\) Entering Up state'" 10 || vt_fail "the renamed instance B9 did not come Up"
sleep 1
t_renamed=$EPOCHREALTIME

# --- B6: GTSM ---------------------------------------------------------------------------
ip netns exec "$(vt_ns r2)" nft -f - <<NFT
table inet vtgtsm {
  chain post {
    type filter hook postrouting priority 0;
    udp dport 3784 ip ttl set 254
  }
}
NFT
wait_for "vt_log_has r1 '\\(B9\\) Entering Down state'" 4 || vt_fail "B9 (max_hops 0) kept a session whose packets arrive with TTL 254"
sleep 2
vt_log_has r1 '\(B9\) Entering Up state.*' && [ "$(count '\(B9\) Entering Up state')" -gt 1 ] &&
  vt_fail "B9 came Up with TTL 254 and max_hops 0"
reload_with "$(conf B9 1)"
wait_for "[ \$(count '\\(B9\\) Entering Up state') -ge 2 ]" 10 || vt_fail "B9 did not come Up with max_hops 1"
vt_log "ok: GTSM: TTL 254 refused with max_hops 0, accepted with max_hops 1"

vt_capture_stop
vt_packets >"$VT_DIR/vrrp.txt"
bfd_packets >"$VT_DIR/bfd.txt"
tshark -r "$VT_PCAP" -n -Y "bfd && ip.src == $r1" -T fields -e udp.dstport 2>/dev/null | sort -u >"$VT_DIR/dports.txt"

# --- B3 assertions: the last advert of each instance before each mark ------------------
last_prio() { # last_prio VRID T
  awk -v v="$1" -v t="$2" '$2 == "r1" && $3 == "advert" && $10 == v && $1 < t { p = $4 } END { print p }' "$VT_DIR/vrrp.txt"
}
expect_prio() { # expect_prio WHEN T VI_1 VI_2
  local a b
  a=$(last_prio 51 "$2") b=$(last_prio 52 "$2")
  [ "$a $b" = "$3 $4" ] || vt_fail "B3 $1: VI_1/VI_2 advertised $a/$b, want $3/$4"
}
expect_prio "B1 Up" "$t_up" 100 80
expect_prio "B1 Down" "$t_down" 80 100
expect_prio "B1 Up again" "$t_back" 100 80
expect_prio "B9 Up" "$t_renamed" 100 80
vt_log "ok: B3: weight -20 and weight 20 reverse: 100/80 Up, 80/100 Down"

# --- B5 assertions ----------------------------------------------------------------------
# bfd.txt: EPOCH SRC STATE POLL FINAL MULT MY_DISCR YOUR_DISCR DESIRED_TX_US REQUIRED_RX_US TTL SRCPORT
[ "$(cat "$VT_DIR/dports.txt")" = 3784 ] || vt_fail "r1 sent BFD to ports other than 3784: $(tr '\n' ' ' <"$VT_DIR/dports.txt")"
awk -v r1="$r1" '$2 == r1 && ($11 != 255 || $12 < 49152) { bad++ } END { exit bad > 0 }' "$VT_DIR/bfd.txt" ||
  vt_fail "r1 sent BFD packets without TTL 255 or from a port below 49152"
awk -v r1="$r1" '$2 == r1 && $3 != 3 && $9 != 1000000 { bad++ } END { exit bad > 0 }' "$VT_DIR/bfd.txt" ||
  vt_fail "r1 advertised a Desired Min TX other than 1 s (idle_tx) while not Up"
awk -v r1="$r1" '$2 == r1 && $3 == 3 && $9 == 100000 { ok++ } END { exit ok == 0 }' "$VT_DIR/bfd.txt" ||
  vt_fail "r1 never advertised min_tx 100 ms while Up"
# Each Poll is answered by a Final from the other side within 1 s.
polls=$(awk -v r1="$r1" -v r2="$r2" '
  $4 == 1 { pending[$2] = $1; asked[$2]++ }
  $5 == 1 { other = ($2 == r1) ? r2 : r1; if (pending[other] != "" && $1 - pending[other] < 1) { answered[other]++; pending[other] = "" } }
  END { printf "%d %d %d %d", asked[r2], answered[r2], asked[r1], answered[r1] }' "$VT_DIR/bfd.txt")
read -r frr_polls r1_finals r1_polls frr_finals <<<"$polls"
[ "$frr_polls" -gt 0 ] && [ "$r1_finals" -gt 0 ] || vt_fail "no Final from r1 answering FRR's Poll ($frr_polls polls, $r1_finals answered)"
[ "$r1_polls" -gt 0 ] && [ "$frr_finals" -gt 0 ] || vt_fail "r1 never polled, or FRR never answered ($r1_polls polls, $frr_finals answered)"
vt_log "ok: B5: polls: FRR $frr_polls (r1 answered $r1_finals), r1 $r1_polls (FRR answered $frr_finals)"
# Gaps between r1's periodic packets while Up at min_tx (not Poll/Final), in the steady
# window from 1 s after Up to the drop; as % of max(100 ms, FRR's 300 ms).
gaps=$(awk -v r1="$r1" -v a="$t_up" '$2 == r1 && $3 == 3 && $9 == 100000 && $1 < a {
    if (last != "" && $4 == 0 && $5 == 0 && lastplain) g[n++] = ($1 - last) * 1000 / 300 * 100
    last = $1; lastplain = ($4 == 0 && $5 == 0) }
  END { if (n == 0) { print "0 0 0 0"; exit }
        min = 1e9; max = 0; out = 0
        for (i = 0; i < n; i++) { if (g[i] < min) min = g[i]; if (g[i] > max) max = g[i]; if (g[i] < 73 || g[i] > 102) out++ }
        printf "%d %.1f %.1f %d", n, min, max, out }' "$VT_DIR/bfd.txt")
read -r ngaps gmin gmax gout <<<"$gaps"
vt_log "B5: r1 ($IMPL_A) periodic gaps while Up: $ngaps gaps, $gmin-$gmax% of 300 ms, $gout outside 75-100% (+-2)"
echo "BFD_GAPS impl=$IMPL_A n=$ngaps min_pct=$gmin max_pct=$gmax outside=$gout" >&2
[ "$ngaps" -ge 3 ] || vt_fail "too few periodic packets from r1 while Up ($ngaps gaps)"
# A loaded host delays a packet now and then: at most one in ten outside.
[ $((gout * 10)) -le "$ngaps" ] || vt_fail "r1's gaps: $gout of $ngaps outside 75-100% of the interval"

# --- B8 assertions on the wire: B1's discriminator unchanged by the same-config SIGHUP; ---
# B9 a new one, starting Down.
discr_between() { # discr_between A B: r1's My Discriminators while Up in [A, B)
  awk -v r1="$r1" -v a="$1" -v b="$2" '$2 == r1 && $1 >= a && $1 < b && $3 == 3 { print $7 }' "$VT_DIR/bfd.txt" | sort -u
}
before=$(discr_between "$t_down" "$t_back" | tail -n1)
after_same=$(discr_between "$t_back" "$t_same")
[ -n "$before" ] && [ "$after_same" = "$before" ] ||
  vt_fail "B1's discriminator changed across the same-config SIGHUP ($before -> $(echo $after_same))"
renamed=$(discr_between "$t_same" "$t_renamed" | grep -vx -- "$before" | head -n1)
[ -n "$renamed" ] || vt_fail "B9 did not start a new session (no new discriminator while Up)"
first_b9=$(awk -v r1="$r1" -v a="$t_same" -v d="$renamed" '$2 == r1 && $1 >= a && $7 == d { print $3; exit }' "$VT_DIR/bfd.txt")
[ "$first_b9" != 3 ] || vt_fail "B9's first packet was already Up: not a new session"
vt_log "ok: B8: same-config SIGHUP kept discriminator $before; renamed B9 started anew with $renamed"
exit 0
