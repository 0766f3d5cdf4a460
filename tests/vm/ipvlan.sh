#!/usr/bin/env bash
# use_ipvlan against keepalived 2.2.7 in the VM tier (run inside: tests/vm/run --
# tests/vm/ipvlan.sh BUILD_DIR; the host kernel has no ipvlan). Router namespace A has two
# veths to peer namespace P, where tcpdump listens. keepalived 2.2.7 runs first, then ours,
# on the same configuration and the same veths:
#   V1  ipva0, bridge, no name (vrrp.51), 192.0.2.11/24: master
#   V2  ipvb0, private, ipvl52, 198.51.100.12/24: master (the kernel keeps the flags per
#       lower device, hence its own veth)
#   V3  ipva0, ipvl53 without an address: "IPv4 ipvlan requires a source ip address", FAULT
#   V6  ipva0, IPv6, ipvl54 (its source is the kernel's link-local address): master
# Steps: start; reload with the same configuration; reload with V1's use_ipvlan removed and
# V3 given an address; ipvl52 deleted by hand (recreated); stop. After each step the ipvlans
# (`ip -d -j link`: name, parent, mode, flags, state, MAC), the addresses, the sysctls and
# the log lines of the step (a counted set, times masked) must be the same; at the end, the
# set of adverts, GARPs and NAs seen in P (source MAC and IP, VRID, priority).
# Known differences, left out of the comparison (vigil(7)):
#  - ours logs "(X) removing VIPs." at start-up for instances on a new ipvlan too, and V3's
#    "entering FAULT state (no IPv4 address for interface)" where keepalived is silent;
#  - after the deletion by hand keepalived leaves V2 in FAULT until the next reload (no
#    link-up event for an ipvlan created up); ours goes back to BACKUP (then MASTER), so V2's
#    later lines, VIP and priority 0 advert at stop, and the send errors of the deleted link
#    (errno), are not compared;
#  - V3, in FAULT for want of an address, given one by the second reload: keepalived starts
#    it anew ("Entering BACKUP STATE (init)"), ours carries it over (without "(init)").
set -uo pipefail
. "$(dirname "$0")/lib.sh"
vm_begin ipvlan "$1"
vm_need_module ipvlan
vm_need_tools keepalived tcpdump jq

A=vigil-vm-ipvl-a P=vigil-vm-ipvl-p
work=$(mktemp -d)
daemon_pid= dumps=()
cleanup() {
  [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null
  for p in "${dumps[@]}"; do kill "$p" 2>/dev/null; done
  ip netns del $A 2>/dev/null
  ip netns del $P 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add $A || exit 1
ip netns add $P || exit 1
ip link add ipva0 netns $A type veth peer name ipvp0 netns $P || exit 1
ip link add ipvb0 netns $A type veth peer name ipvq0 netns $P || exit 1
ip netns exec $A sysctl -qw net.ipv4.conf.all.rp_filter=1
for ns in $A $P; do ip -n $ns link set lo up; done
ip -n $A addr add 192.0.2.1/24 dev ipva0
ip -n $A addr add 198.51.100.1/24 dev ipvb0
ip -n $P addr add 192.0.2.9/24 dev ipvp0
ip -n $P addr add 198.51.100.9/24 dev ipvq0
for l in ipva0 ipvb0; do ip -n $A link set $l up; done
for l in ipvp0 ipvq0; do ip -n $P link set $l up; done

vm_nap_init "$work"
# The base interfaces' link-local addresses (named in the snapshots; the ipvlans' own,
# which the kernel derives from the shared MAC and a per-device number, are masked).
deadline=$((SECONDS + 30))
until ip -n $A -6 addr show dev ipva0 scope link | grep -q 'inet6' &&
      ! ip -n $A -6 addr show tentative | grep -q inet6; do
  [ $SECONDS -lt $deadline ] || { echo "ipvlan: no link-local address on ipva0"; exit 1; }
  nap 0.2
done
ll_a=$(ip -n $A -j -6 addr show dev ipva0 scope link | jq -r '.[0].addr_info[0].local')
ll_b=$(ip -n $A -j -6 addr show dev ipvb0 scope link | jq -r '.[0].addr_info[0].local')
mask() {
  sed -E -e "s/$ll_a/LL-ipva0/g" -e "s/$ll_b/LL-ipvb0/g" \
    -e 's/fe80::[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}/fe80::LL/g'
}

write_conf() { # write_conf FILE V1_IPVLAN V3_IPVLAN
  cat >"$1" <<CONF
global_defs {
    router_id ipvlan
}
vrrp_instance V1 {
    interface ipva0
    virtual_router_id 51
    priority 200
    advert_int 1
    $2
    virtual_ipaddress {
        192.0.2.100/32
    }
}
vrrp_instance V2 {
    interface ipvb0
    virtual_router_id 52
    priority 200
    advert_int 1
    use_ipvlan ipvl52 198.51.100.12/24 private
    virtual_ipaddress {
        198.51.100.100/32
    }
}
vrrp_instance V3 {
    interface ipva0
    virtual_router_id 53
    priority 100
    advert_int 1
    $3
    virtual_ipaddress {
        192.0.2.103/32
    }
}
vrrp_instance V6 {
    interface ipva0
    virtual_router_id 54
    priority 200
    advert_int 1
    use_ipvlan ipvl54
    virtual_ipaddress {
        fe80::54/64
        2001:db8::54/64
    }
}
CONF
}
write_conf "$work/first.conf" "use_ipvlan 192.0.2.11/24 bridge" "use_ipvlan ipvl53"
write_conf "$work/second.conf" "" "use_ipvlan ipvl53 192.0.2.13/24"

links() {
  ip -n $A -d -j link show | jq -c '[.[] | select(.linkinfo.info_kind == "ipvlan") |
    {ifname, link, kind: .linkinfo.info_kind, data: .linkinfo.info_data, flags, operstate, address}] |
    sort_by(.ifname) | .[]'
}
addresses() { # addresses [IFNAME_REGEX]
  ip -n $A -j addr show | jq -c --arg only "${1:-.}" '[.[] | select(.ifname | test($only)) |
    {ifname, addresses: ([.addr_info[] | "\(.local)/\(.prefixlen)\(if .nodad then " nodad" else "" end)"] | sort)}] |
    sort_by(.ifname) | .[]' | mask
}
sysctls() { # one process in A: forks are slow under TCG
  ip netns exec $A sh -c '
    for i in all default ipva0 ipvb0 vrrp.51 ipvl52 ipvl53 ipvl54; do
      for k in ipv4/conf/$i/rp_filter ipv4/conf/$i/arp_ignore ipv4/conf/$i/arp_filter ipv4/conf/$i/accept_local \
               ipv4/conf/$i/promote_secondaries ipv6/conf/$i/disable_ipv6 ipv6/conf/$i/addr_gen_mode; do
        [ -e /proc/sys/net/$k ] && echo "$k=$(cat /proc/sys/net/$k)"
      done
    done'
}
snapshot() { # snapshot NAME STEP [links|all]
  { echo "-- links"; links
    if [ "${3:-all}" = all ]; then echo "-- addresses"; addresses; echo "-- sysctls"; sysctls
    else echo "-- ipvlan addresses"; addresses '^(vrrp|ipvl)'; fi
  } >"$work/$1.$2"
}
log_count() { wc -l <"$work/$1.log"; }
has_logged() { # has_logged NAME COUNT PATTERN: PATTERN logged at least COUNT times
  [ "$(grep -cE "$3" "$work/$1.log")" -ge "$2" ]
}
wait_log() { # wait_log NAME COUNT PATTERN WHAT
  local deadline=$((SECONDS + 40))
  until has_logged "$1" "$2" "$3"; do
    if [ $SECONDS -ge $deadline ]; then
      fail "$1: $4 not logged within 40 s"; echo "-- $1's log"; cat "$work/$1.log"; exit 1
    fi
    nap 0.2
  done
}
# The log lines of lines FROM..TO of NAME's log that concern ipvlans and states, times and
# pids masked, minus the known differences of STEP; sorted (a counted set).
step_lines() { # step_lines NAME STEP FROM TO
  sed -n "$(($3 + 1)),$4p" "$work/$1.log" |
    sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //' |
    grep -E 'ipvlan|IPVLAN|VMAC interface|Found matching|Interface .* deleted|Netlink reports|STATE|FAULT|sent 0 priority|setting VIPs|removing VIPs|Failed to add interface address|Reloading$|Reload complete' |
    grep -vE "^\(V3\) entering FAULT state|send advert error|^Command line|^ " |
    case $2 in
      1-start) grep -vE 'removing VIPs\.$' ;;
      3-reload-changed) sed 's/^(V3) Entering BACKUP STATE (init)$/(V3) Entering BACKUP STATE/' ;;
      4-deleted) grep -E 'ipvl52|^\(V2\) (Entering FAULT STATE|sent 0 priority|removing VIPs\.)$' ;;
      5-stopped) grep -vE '^\(V2\)' ;;
      *) cat ;;
    esac | sort
}

start() {
  ip netns exec $A "$1" -n -l -D -P -f "$work/run.conf" -p "$work/$2.pid" -r "$work/$2.vrrp.pid" \
    >"$work/$2.log" 2>&1 &
  daemon_pid=$!
}
stop() { vm_stop_daemon "$1"; }
wire() { # wire NAME: what P hears, from A's MACs, as a set
  local l
  for l in ipvp0 ipvq0; do
    ip netns exec $P tcpdump -l -n -e -i $l 'ip proto 112 or ip6 proto 112 or arp or (icmp6 and ip6[40] == 136)' \
      >"$work/$1.wire.$l" 2>/dev/null &
    dumps+=($!)
  done
}
wire_end() {
  for p in "${dumps[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  dumps=()
}
steps=(1-start 2-reload-same 3-reload-changed 4-deleted 5-stopped)
run() { # run BINARY NAME
  local name=$2 b=()
  cp "$work/first.conf" "$work/run.conf"
  wire "$name"
  nap 0.5
  start "$1" "$name"
  wait_log $name 1 '\(V1\) Entering MASTER STATE' "V1 master"
  wait_log $name 1 '\(V2\) Entering MASTER STATE' "V2 master"
  wait_log $name 1 '\(V6\) Entering MASTER STATE' "V6 master"
  nap 1
  snapshot $name 1-start
  echo "$name: started (at $(elapsed))"
  b+=($(log_count $name))

  kill -HUP "$daemon_pid"
  wait_log $name 1 'Reload complete' "the first reload"
  nap 2
  snapshot $name 2-reload-same
  echo "$name: reloaded (at $(elapsed))"
  b+=($(log_count $name))

  cp "$work/second.conf" "$work/run.conf"
  kill -HUP "$daemon_pid"
  wait_log $name 2 'Reload complete' "the second reload"
  wait_log $name 1 'Interface vrrp.51 deleted' "vrrp.51's deletion"
  wait_log $name 1 '\(V3\) Entering MASTER STATE' "V3 master (given an address)"
  nap 1
  snapshot $name 3-reload-changed
  echo "$name: reloaded with changes (at $(elapsed))"
  b+=($(log_count $name))

  ip -n $A link del ipvl52
  wait_log $name 2 'Success creating ipvlan interface ipvl52$' "ipvl52's recreation"
  nap 1
  snapshot $name 4-deleted links
  echo "$name: ipvl52 deleted and back (at $(elapsed))"
  b+=($(log_count $name))

  stop $name
  snapshot $name 5-stopped
  b+=($(log_count $name))
  wire_end
  local from=0 i
  for i in "${!steps[@]}"; do
    step_lines $name "${steps[$i]}" $from "${b[$i]}" >"$work/$name.lines.${steps[$i]}"
    from=${b[$i]}
  done
  for l in ipvp0 ipvq0; do
    sed -E 's/^[0-9:.]+ //; s/, length [0-9]+$//' "$work/$name.wire.$l"
  done | grep -v 'vrid 52, prio 0,' | mask | sort -u >"$work/$name.wire"
}

echo "== keepalived 2.2.7"
run keepalived keepalived
echo "keepalived done (at $(elapsed))"
echo "== vigil"
run "$ours" vigil
echo "vigil done (at $(elapsed))"

for s in "${steps[@]}"; do
  if diff -u "$work/keepalived.$s" "$work/vigil.$s" >"$work/diff" &&
     diff -u "$work/keepalived.lines.$s" "$work/vigil.lines.$s" >>"$work/diff"; then
    echo "step $s: same links, addresses, sysctls and log lines ($(wc -l <"$work/vigil.lines.$s") lines)"
  else
    fail "step $s: keepalived (-) and vigil (+) differ"; cat "$work/diff"
  fi
done
grep -q 'vrid 51, prio 200' "$work/keepalived.wire" || fail "P heard no advert of V1 from keepalived"
if diff -u "$work/keepalived.wire" "$work/vigil.wire"; then
  echo "wire: the same $(wc -l <"$work/vigil.wire") kinds of frames"
else
  fail "what P heard differs (keepalived -, vigil +)"
fi
if [ $failed -ne 0 ]; then
  echo "-- keepalived's log"; cat "$work/keepalived.log"
  echo "-- vigil's log"; cat "$work/vigil.log"
fi
[ $failed -eq 0 ] && echo "ipvlan: ok ($(elapsed))"
exit $failed
