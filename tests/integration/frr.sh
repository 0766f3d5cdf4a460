# shellcheck shell=bash
# FRR's bfdd as a BFD peer for the integration scenarios (source after lib.sh).
# Setup verified with frr 8.4.4 from Debian 12 (reference keepalived-2.2.7-vrrp-parity.md
# section 3.6): zebra, then bfdd, in the node's namespace, with their sockets, pid and log
# files in the node's run dir. The daemons run as user frr, so that dir (and the path to
# it) must be traversable by frr. They are stopped by PID (frr_stop), and in any case killed
# with everything else in the namespace by vt_cleanup.

frr_available() { [ -x /usr/lib/frr/bfdd ] && [ -x /usr/lib/frr/zebra ] && command -v vtysh >/dev/null && id frr >/dev/null 2>&1; }

# frr_dir NODE: FRR's state dir for NODE.
frr_dir() { echo "$VT_DIR/$1/frr"; }

# frr_start NODE LOCAL_IP PEER_IP [MULT RX_MS TX_MS]: zebra + bfdd with one peer on eth0.
frr_start() {
  local n=$1 local_ip=$2 peer_ip=$3 mult=${4:-3} rx=${5:-300} tx=${6:-300} d ns
  d=$(frr_dir "$n")
  ns=$(vt_ns "$n")
  mkdir -p "$d"
  chmod 711 "$VT_DIR" "$VT_DIR/$n"
  chmod 755 "$d"
  echo "hostname $n" >"$d/zebra.conf"
  cat >"$d/bfdd.conf" <<CONF
bfd
 peer $peer_ip local-address $local_ip interface eth0
  detect-multiplier $mult
  receive-interval $rx
  transmit-interval $tx
 !
!
CONF
  chown -R frr:frr "$d"
  ip netns exec "$ns" /usr/lib/frr/zebra -d -f "$d/zebra.conf" -i "$d/zebra.pid" -z "$d/zserv.api" \
    --vty_socket "$d" -P 0 --log "file:$d/zebra.log" >/dev/null 2>&1 || vt_fail "zebra did not start"
  wait_for "[ -S '$d/zserv.api' ]" 5 || vt_fail "zebra socket missing"
  ip netns exec "$ns" /usr/lib/frr/bfdd -d -f "$d/bfdd.conf" -i "$d/bfdd.pid" -z "$d/zserv.api" \
    --vty_socket "$d" -P 0 --bfdctl "$d/bfdd.sock" --log "file:$d/bfdd.log" >/dev/null 2>&1 ||
    vt_fail "bfdd did not start"
  wait_for "[ -s '$d/bfdd.pid' ]" 5 || vt_fail "bfdd pid file missing"
  FRR_PEER=$peer_ip
  FRR_LOCAL=$local_ip
}

frr_vtysh() { local n=$1; shift; vtysh --vty_socket "$(frr_dir "$n")" -d bfdd "$@" 2>&1; }

# frr_peer_status NODE: up, down, init, shutdown... as `show bfd peers` reports it.
frr_peer_status() {
  frr_vtysh "$1" -c 'show bfd peers' | awk '/Status:/ { print $2; exit }'
}

# frr_admin NODE shutdown|"no shutdown": AdminDown on (or off) for the peer.
frr_admin() {
  frr_vtysh "$1" -c 'configure terminal' -c 'bfd' \
    -c "peer $FRR_PEER local-address $FRR_LOCAL interface eth0" -c "$2" >/dev/null
}

# frr_block NODE / frr_unblock NODE: drop (or stop dropping) NODE's BFD Control packets on
# output, so that the peer's Detection Time runs out while FRR itself keeps running.
frr_block() {
  ip netns exec "$(vt_ns "$1")" nft -f - <<NFT
table inet vtbfd {
  chain out {
    type filter hook output priority 0;
    udp dport 3784 drop
  }
}
NFT
}
frr_unblock() { ip netns exec "$(vt_ns "$1")" nft delete table inet vtbfd; }

frr_stop() {
  local d p
  d=$(frr_dir "$1")
  for p in bfdd zebra; do
    [ -s "$d/$p.pid" ] && kill -TERM "$(cat "$d/$p.pid")" 2>/dev/null
  done
  return 0
}

# bfd_packets [PCAP]: one line per captured BFD Control packet:
#   EPOCH SRC STATE POLL FINAL MULT MY_DISCR YOUR_DISCR DESIRED_TX_US REQUIRED_RX_US TTL SRCPORT
# STATE as tshark's bfd.sta (0 AdminDown, 1 Down, 2 Init, 3 Up).
bfd_packets() {
  tshark -r "${1:-$VT_PCAP}" -n -Y bfd -T fields -E separator=' ' \
    -e frame.time_epoch -e ip.src -e bfd.sta -e bfd.flags.p -e bfd.flags.f \
    -e bfd.detect_time_multiplier -e bfd.my_discriminator -e bfd.your_discriminator \
    -e bfd.desired_min_tx_interval -e bfd.required_min_rx_interval -e ip.ttl -e udp.srcport \
    2>/dev/null | awk '{ for (i = 1; i <= NF; i++) if ($i == "True") $i = 1; else if ($i == "False") $i = 0; print }'
}
