#!/usr/bin/env bash
# BFD_CHECK against keepalived 2.2.7 in the VM tier (run inside: tests/vm/run --
# tests/vm/bfd_check.sh BUILD_DIR). The director namespace runs keepalived 2.2.7, then vigil,
# with bfd_instance B1 and B2 to a real server namespace whose keepalived 2.2.7 answers both
# sessions (its BFD child only), and a virtual server whose real servers follow them:
# 198.51.100.2 with BFD_CHECK B1, 198.51.100.3 with BFD_CHECK B2 and alpha. The same steps
# drive both daemons:
#   1. start: both sessions come Up, both real servers are in the table;
#   2. the real server namespace drops B1's packets (UDP 3784 from 198.51.100.2): B1 expires
#      and 198.51.100.2 leaves the table;
#   3. the drop is removed: B1 comes Up again and 198.51.100.2 comes back;
#   4. SIGHUP with the same configuration (the BFD child reports every state again): the
#      table does not change;
#   5. SIGTERM: the table is released.
# After each step keepalived's table is taken once it has what the step waits for and has
# been still for 2 s; vigil's must become the same and stay so for 1 s. The "BFD check of
# [B] RS(...) is UP|DOWN" lines must be the same too.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
vm_begin bfd-check "$1"
vm_need_module ip_vs
vm_need_tools keepalived nft

dir=vigil-vm-bfd-dir rs=vigil-vm-bfd-rs
work=$(mktemp -d)
daemon_pid= peer_pid=
cleanup() {
  [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null
  [ -n "$peer_pid" ] && { kill -9 "$peer_pid" 2>/dev/null; wait "$peer_pid" 2>/dev/null; }
  # The daemons' children follow their parent (PR_SET_PDEATHSIG); the namespaces go.
  ip netns exec $dir ipvsadm -C 2>/dev/null
  ip netns del $dir 2>/dev/null
  ip netns del $rs 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add $dir || exit 1
ip netns add $rs || exit 1
ip link add vbfd0 netns $dir type veth peer name vbfd1 netns $rs || exit 1
ip -n $dir link set lo up
ip -n $rs link set lo up
ip -n $dir addr add 198.51.100.1/24 dev vbfd0
ip -n $rs addr add 198.51.100.2/24 dev vbfd1
ip -n $rs addr add 198.51.100.3/24 dev vbfd1
ip -n $dir link set vbfd0 up
ip -n $rs link set vbfd1 up

# 200 ms x 5: a 1 s Detection Time, steady under TCG on a loaded host.
timers='    min_rx 200
    min_tx 200
    multiplier 5'
cat >"$work/director.conf" <<CONF
bfd_instance B1 {
    neighbor_ip 198.51.100.2
    source_ip 198.51.100.1
$timers
}
bfd_instance B2 {
    neighbor_ip 198.51.100.3
    source_ip 198.51.100.1
$timers
}
virtual_server 192.0.2.1 80 {
    delay_loop 5
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.2 80 {
        weight 2
        BFD_CHECK {
            name B1
        }
    }
    real_server 198.51.100.3 80 {
        weight 3
        BFD_CHECK {
            name B2
            alpha
        }
    }
}
CONF
cat >"$work/peer.conf" <<CONF
bfd_instance P1 {
    neighbor_ip 198.51.100.1
    source_ip 198.51.100.2
$timers
}
bfd_instance P2 {
    neighbor_ip 198.51.100.1
    source_ip 198.51.100.3
$timers
}
CONF
ip netns exec $rs keepalived -n -l -D -f "$work/peer.conf" -p "$work/peer.pid" -b "$work/peer.bfd.pid" \
  -r "$work/peer.vrrp.pid" -c "$work/peer.checkers.pid" >"$work/peer.log" 2>&1 &
peer_pid=$!

vm_nap_init "$work"
table() {
  ip netns exec $dir ipvsadm -Ln --sort
  echo "--"
  ip netns exec $dir ipvsadm -S -n | sort
}
# The table when it has not changed for $1 microseconds (at most until $2, in SECONDS).
still() {
  local hold=$1 until=$2 r last since
  last=$(table)
  since=$(now_us)
  while [ $(($(now_us) - since)) -lt "$hold" ]; do
    [ $SECONDS -lt "$until" ] || return 1
    nap 0.3
    r=$(table)
    if [ "$r" != "$last" ]; then last=$r since=$(now_us); fi
  done
}
# keepalived's side: once the table has what the step waits for (at most 60 s), the table
# when it has been still for 2 s.
settle() {
  local step=$1 text= deadline=$((SECONDS + 60))
  shift
  until text=$(table) && satisfies "$text" "$@"; do
    if [ $SECONDS -ge $deadline ]; then
      fail "keepalived's table did not reach step $step"
      printf '%s\n' "$text"
      echo "-- keepalived's log"; cat "$work/keepalived.log"; echo "-- peer's log"; cat "$work/peer.log"; exit 1
    fi
    nap 0.3
  done
  still 2000000 $deadline || fail "keepalived's table did not settle ($step)"
  table >"$work/keepalived.$step"
}
# vigil's side: the same table within 60 s, still the same 1 s later.
match() {
  local step=$1 want deadline=$((SECONDS + 60))
  want=$(cat "$work/keepalived.$step")
  while :; do
    table >"$work/vigil.$step"
    if [ "$(cat "$work/vigil.$step")" = "$want" ] && still 1000000 $deadline; then
      table >"$work/vigil.$step"
      [ "$(cat "$work/vigil.$step")" = "$want" ] && break
    fi
    if [ $SECONDS -ge $deadline ]; then
      fail "step $step: keepalived's table (-) and vigil's (+) differ"
      diff -u "$work/keepalived.$step" "$work/vigil.$step"
      echo "-- vigil's log"; cat "$work/vigil.log"; echo "-- peer's log"; cat "$work/peer.log"; exit 1
    fi
    nap 0.3
  done
  echo "step $step: same table (at $(elapsed))"
}
start() {
  ip netns exec $dir "$1" -n -l -D -f "$work/director.conf" -p "$work/$2.pid" -b "$work/$2.bfd.pid" \
    -c "$work/$2.checkers.pid" -r "$work/$2.vrrp.pid" >"$work/$2.log" 2>&1 &
  daemon_pid=$!
}
stop() { vm_stop_daemon "$1"; }
drop_b1() {
  ip netns exec $rs nft -f - <<'NFT'
table inet vigil_bfd_drop {
  chain out {
    type filter hook output priority 0;
    ip saddr 198.51.100.2 udp dport 3784 drop
  }
}
NFT
}
undrop_b1() { ip netns exec $rs nft delete table inet vigil_bfd_drop; }
lines() { # the checker's BFD_CHECK lines, without time stamps, sorted
  sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //' "$work/$1.log" |
    grep -E '^BFD check of ' | sort || true
}

run() { # run BINARY NAME ACTION: the steps with ACTION (settle or match) after each
  local act=$3
  start "$1" "$2"
  $act 1-start has '198.51.100.2:80' has '198.51.100.3:80'
  drop_b1
  $act 2-dropped lacks '198.51.100.2:80' has '198.51.100.3:80'
  undrop_b1
  $act 3-back has '198.51.100.2:80' has '198.51.100.3:80'
  kill -HUP "$daemon_pid"
  $act 4-reloaded has '198.51.100.2:80' has '198.51.100.3:80'
  stop "$2"
  $act 5-stopped lacks '198.51.100.2:80'
}
echo "== keepalived 2.2.7"
run keepalived keepalived settle
for s in 1-start 2-dropped 3-back 4-reloaded 5-stopped; do
  echo "-- keepalived, $s"; cat "$work/keepalived.$s"
done
echo "keepalived done (at $(elapsed))"
echo "== vigil"
run "$ours" vigil match

lines keepalived >"$work/keepalived.lines"
lines vigil >"$work/vigil.lines"
[ -s "$work/keepalived.lines" ] || fail "keepalived logged no 'BFD check of' line"
echo "BFD_CHECK lines: keepalived $(wc -l <"$work/keepalived.lines"), vigil $(wc -l <"$work/vigil.lines")"
if ! diff -u "$work/keepalived.lines" "$work/vigil.lines"; then
  fail "the BFD_CHECK log lines (sorted) differ (keepalived -, vigil +)"
fi
if [ $failed -ne 0 ]; then
  echo "-- keepalived's log"; cat "$work/keepalived.log"
  echo "-- vigil's log"; cat "$work/vigil.log"
  echo "-- peer's log"; cat "$work/peer.log"
fi
[ $failed -eq 0 ] && echo "bfd-check: ok ($(elapsed))"
exit $failed
