#!/usr/bin/env bash
# SIGUSR1 data dumps: keepalived 2.2.7 and ours, one after the other on the same router (r1,
# with a second link eth1 whose peer stays in r1's namespace), on the same configurations
# (tests/data/dumps: the tutorial one and a rich one with a sync group, a vrrp_script, a
# track_file, track_interface, unicast peers with AH, PASS, VIPs, an eVIP, a route, a rule,
# notify scripts and many global_defs; and an "extra" one with a VMAC instance, static
# addresses, routes and rules, a bfd_instance tracked with track_bfd, an instance FAULT on a
# down tracked interface, a track script dumped while it runs and a pending timed reload).
# Once every instance is MASTER (and, in extra, the slow script is running), the parent gets
# SIGUSR1 and keepalived_parent.data, keepalived.data and keepalived_bfd.data must be the
# same, line for line, after masking only these run-time values:
#   Last transition / Read timeout   wall-clock times of the instance's last change and
#                                    next timer
#   fd_in / fd_out                   socket descriptor numbers (keepalived opens one socket
#                                    per direction, we open one for both)
#   GARP / GNA next time             when the next paced gratuitous ARP/NA may go
#   Result (VRRP Script)             the rise/fall counter at the instant of the dump
#   Master router                    a backup's last master (keepalived shows stale memory
#                                    before it has heard one)
#   index of a VMAC (vrrp.*)         each run creates it again, with a new index
#   BFD fd_in / fd_out               socket descriptor numbers
#   0x0x... (BFD thread_*)           keepalived's timer thread addresses; "0x(nil)" (no timer
#                                    pending) is compared
#   local discriminator (BFD)        random (RFC 5880 section 6.8.1)
# Usage: dumps.sh [tutorial|rich|extra|all] (default all)
source "$(dirname "$0")/lib.sh"
which=${1:-all}
vt_init keepalived ours
vt_topology 1
data_dir="$VT_ROOT/tests/data/dumps"
ns=$(vt_ns r1)
ip -n "$ns" link add eth1 type veth peer name peer1
ip -n "$ns" link set peer1 up
ip -n "$ns" link set eth1 up
ip -n "$ns" addr add 198.51.100.1/24 dev eth1
# eth2 stays down: the extra scenario's VI_4 tracks it and is FAULT.
ip -n "$ns" link add eth2 type veth peer name peer2
out="$VT_DIR/out"
mkdir -p "$out"

mask() {
  sed -E -e 's/^(   (Last transition|Read timeout)) = [0-9]+\.[0-9]+ \(.*\)$/\1 = <time>/' \
    -e 's/^   fd_in [0-9]+, fd_out [0-9]+$/   fd_in <fd>, fd_out <fd>/' \
    -e 's/^ fd_in [0-9]+ fd_out = [0-9]+$/ fd_in <fd> fd_out = <fd>/' \
    -e 's/^ (GARP|GNA) next time .*$/ \1 next time <time>/' \
    -e 's/^   Result = [0-9]+$/   Result = <n>/' \
    -e 's/^   Master router = .*$/   Master router = <addr>/' \
    -e '/^ Name = vrrp\./{n;s/^   index = [0-9]+$/   index = <n>/}' \
    -e 's/^ fd_in = [0-9]+$/ fd_in = <fd>/' -e 's/^   fd_out [0-9]+$/   fd_out <fd>/' \
    -e 's/0x0x[0-9a-f]+$/0x0x<ptr>/' \
    -e 's/^   local discriminator = 0x[0-9a-f]+$/   local discriminator = <n>/' "$1"
}

size_of() { stat -c %s "$1" 2>/dev/null || echo -1; }
# complete FILE: present, and the same size twice 50 ms apart.
complete() {
  local a
  a=$(size_of "$1")
  [ "$a" -gt 0 ] || return 1
  sleep 0.05
  [ "$a" = "$(size_of "$1")" ]
}
# settled FILE INSTANCES [RUNNING]: INSTANCES instances MASTER, no script still in its
# initial state and, with RUNNING, a script running.
settled() {
  [ "$(grep -c '^   State = MASTER$' "$1")" -eq "$2" ] && ! grep -q '^   Init state = INIT$' "$1" &&
    { [ -z "${3:-}" ] || grep -q '^   State = running$' "$1"; }
}

# dump NAME IMPL CONF INSTANCES [RUNNING]: runs IMPL on CONF until it has settled, keeps its
# dumps.
dump() {
  local name=$1 impl=$2 conf=$3 count=$4 running=${5:-} d deadline parent
  d=$(vt_node_dir r1)
  rm -f "$d"/keepalived*.data
  # keepalived leaves a VMAC base's arp_ignore and arp_filter at 1: each run starts from 0.
  ip netns exec "$ns" sysctl -qw net.ipv4.conf.eth1.arp_ignore=0 net.ipv4.conf.eth1.arp_filter=0
  vt_start r1 "$impl" "$conf"
  wait_for "vt_vip_on r1 192.0.2.100" 10 || vt_fail "$impl ($name): no VIP within 10 s"
  parent=$(vt_parent_pid r1)
  deadline=$((SECONDS + 15))
  while :; do
    rm -f "$d"/keepalived*.data
    kill -USR1 "$parent"
    wait_for "complete '$d/keepalived_parent.data' && complete '$d/keepalived.data'" 5 ||
      vt_fail "$impl ($name): no dump files after SIGUSR1"
    settled "$d/keepalived.data" "$count" "$running" && break
    [ $SECONDS -lt $deadline ] || vt_fail "$impl ($name): not settled within 15 s"
    sleep 0.5
  done
  for f in keepalived_parent.data keepalived.data keepalived_bfd.data; do
    [ ! -f "$d/$f" ] || cp "$d/$f" "$out/$name.$impl.$f"
  done
  vt_stop r1
}

compare() {
  local name=$1 f rc=0
  for f in keepalived_parent.data keepalived.data keepalived_bfd.data; do
    [ -f "$out/$name.keepalived.$f" ] || [ -f "$out/$name.ours.$f" ] || continue
    if ! diff -u <(mask "$out/$name.keepalived.$f") <(mask "$out/$name.ours.$f") >"$out/$name.$f.diff"; then
      vt_log "FAIL: $name $f differs (- keepalived 2.2.7, + ours, after masking):"
      cat "$out/$name.$f.diff" >&2
      rc=1
    else
      vt_log "ok: $name $f: $(wc -l <"$out/$name.ours.$f") lines, the same"
    fi
  done
  return $rc
}

fail=0
if [ "$which" = all ] || [ "$which" = tutorial ]; then
  conf=$(cat "$data_dir/tutorial.conf")
  dump tutorial keepalived "$conf" 1
  dump tutorial ours "$conf" 1
  compare tutorial || fail=1
fi
if [ "$which" = all ] || [ "$which" = rich ]; then
  rich="$VT_DIR/rich"
  mkdir -p "$rich"
  echo 0 >"$rich/track"
  conf=$(sed "s|@DIR@|$rich|g" "$data_dir/rich.conf")
  dump rich keepalived "$conf" 2
  rm -f "$rich/vrrp.fifo"
  dump rich ours "$conf" 2
  compare rich || fail=1
fi
if [ "$which" = all ] || [ "$which" = extra ]; then
  extra="$VT_DIR/extra"
  mkdir -p "$extra"
  # The first run answers at once (the instance can become MASTER), the next ones run 30 s.
  printf '#!/bin/sh\n[ -f %s/ran ] && exec sleep 30\ntouch %s/ran\n' "$extra" "$extra" >"$extra/slow.sh"
  chmod 755 "$extra/slow.sh"
  echo "2030-01-02 03:04:05" >"$extra/reload_time"
  conf=$(sed "s|@DIR@|$extra|g" "$data_dir/extra.conf")
  dump extra keepalived "$conf" 2 running
  rm -f "$extra/ran"
  dump extra ours "$conf" 2 running
  compare extra || fail=1
fi
[ $fail = 0 ] || vt_fail "the dumps differ"
vt_log "PASS: dumps identical to keepalived 2.2.7's but for the masked run-time values"
