#!/usr/bin/env bash
# net_namespace NAME, ours beside keepalived 2.2.7 (one after the other, the same config):
# the daemon, started on the host, enters the namespace before checking the configuration
# (its interface exists only there), gives itself a private mount namespace (not the host's;
# its VRRP child shares it) with /run/keepalived/NAME bound over /run/keepalived, so its pid
# files show on the host as /run/keepalived/NAME/{keepalived,vrrp}.pid; at stop the bind
# and the directory are gone. Each observation must be the same for both daemons.
set -uo pipefail
[ "$(id -u)" -eq 0 ] || { echo "net_namespace: needs root"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
ours=${VIGIL_KEEPALIVED:-$here/../../build/src/daemon/keepalived}
ka=/usr/sbin/keepalived
[ -x "$ka" ] || { echo "net_namespace: keepalived 2.2.7 is not installed"; exit 77; }
[ -x "$ours" ] || { echo "net_namespace: $ours is not built"; exit 77; }
[ -e /run/keepalived ] && { echo "net_namespace: /run/keepalived is in use on this host"; exit 77; }
ns=vgns$$
dir=/run/keepalived/$ns
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null && sleep 0.2
  ip netns del $ns 2>/dev/null
  rmdir "$dir" /run/keepalived 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add $ns
ip -n $ns link add vgns0 type veth peer name vgns1
ip -n $ns link set vgns0 up
ip -n $ns link set vgns1 up
cat >"$work/keepalived.conf" <<CONF
net_namespace $ns
vrrp_instance VI_1 {
    state BACKUP
    interface vgns0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.60/24
    }
}
CONF
host_mnt=$(readlink /proc/self/ns/mnt)
observe() { # NAME BINARY: what the host sees while it runs and after it stops
  local name=$1 binary=$2 deadline vrrp out
  out=$work/$name.seen
  "$binary" -n -l -f "$work/keepalived.conf" >"$work/$name.log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 20))
  until [ -s "$dir/vrrp.pid" ] && grep -q 'Entering\|entering' "$work/$name.log"; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "net_namespace: $name did not start in 20 s"; cat "$work/$name.log"; break
    fi
    sleep 0.1
  done
  vrrp=$(cat "$dir/vrrp.pid" 2>/dev/null)
  {
    echo "pid files: $(ls "$dir" 2>/dev/null | tr '\n' ' ')"
    echo "parent pid file names it: $([ "$(cat "$dir/keepalived.pid" 2>/dev/null)" = "$pid" ] && echo yes || echo no)"
    echo "bind: $(awk '$5 == "/run/keepalived" {print $4, $5}' /proc/$pid/mountinfo)"
    echo "host sees the bind: $(awk '$5 == "/run/keepalived"' /proc/self/mountinfo | wc -l)"
    echo "parent's mount namespace is the host's: $([ "$(readlink /proc/$pid/ns/mnt)" = "$host_mnt" ] && echo yes || echo no)"
    echo "VRRP child's is the parent's: $([ -n "$vrrp" ] && [ "$(readlink /proc/$vrrp/ns/mnt)" = "$(readlink /proc/$pid/ns/mnt)" ] && echo yes || echo no)"
    echo "VRRP child's network namespace: $([ -n "$vrrp" ] && [ "$(readlink /proc/$vrrp/ns/net)" = "$(ip netns exec $ns readlink /proc/self/ns/net)" ] && echo $ns || echo other)"
  } >"$out"
  kill -TERM "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" 2>/dev/null
  pid=
  echo "after stop: $(ls -d /run/keepalived "$dir" 2>/dev/null | tr '\n' ' ')" >>"$out"
  grep -h 'syslog ident\|interface' "$work/$name.log" | cut -c27- | sed 's/ \[[^]]*\]$//' >>"$out"
}
observe keepalived "$ka"
observe ours "$ours"
if diff -u "$work/keepalived.seen" "$work/ours.seen"; then
  echo "net_namespace: the same as keepalived 2.2.7:"
  sed 's/^/  /' "$work/ours.seen"
  exit 0
fi
echo "net_namespace: FAIL: keepalived's observations (-) and ours (+) differ"
exit 1
