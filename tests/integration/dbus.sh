#!/usr/bin/env bash
# D-Bus as keepalived 2.2.7 speaks it: org.keepalived.Vrrp1 of IMPL_A (r1, MASTER) and IMPL_B
# (r2, BACKUP), each on its own private dbus-daemon with the policy its package ships,
# compared with a reference round in which keepalived 2.2.7 runs on both routers:
#   - the object tree, the introspection of both interfaces (vigil declares Name as the
#     "(s)" keepalived sends; 2.2.7's XML says "s"), Name, State and GetAll on every instance;
#   - the signals each bus carried from start to stop (VrrpStarted, the start-up
#     VrrpStatusChange, the failover to r2 after r1's death, STOP and VrrpStopped), in order
#     on each object.
#     keepalived connects from a second thread and races its instances: its first
#     VrrpStatusChange carries INIT (0) or already BACKUP (1), run to run. vigil connects
#     before the instances start (INIT, then BACKUP); INIT lines are left out of the
#     comparison. keepalived's race can also repeat the start-up BACKUP (its thread's first
#     signal reads BACKUP and the transition's own follows): repeats of the same signal on
#     one object are compared once;
#   - PrintData writes the data dump and logs keepalived's line; SendGarp sends GARPs;
#   - as uid 65534: properties readable, PrintStats, ReloadConfig and SendGarp denied.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dbus_lib.sh"

vt_init "$IMPL_A" "$IMPL_B" keepalived
vt_dbus_require
vt_topology 2

conf() { # conf STATE PRIORITY
  vt_conf "$1" "$2" vips="192.0.2.100/24" global="    enable_dbus" \
    tail="vrrp_instance VI_3 {
    state $1
    interface eth0
    virtual_router_id 52
    version 3
    priority $2
    virtual_ipaddress {
        192.0.2.200/24
    }
}"
}

V=/org/keepalived/Vrrp1/Vrrp
I1=/org/keepalived/Vrrp1/Instance/eth0/51/IPv4
I3=/org/keepalived/Vrrp1/Instance/eth0/52/IPv4

# What a client sees on NODE's bus (introspection with the known Name difference undone).
observe() { # observe NODE IMPL
  local n=$1 o
  export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$VT_DIR/bus-$n/socket"
  vt_busctl tree --list org.keepalived.Vrrp1
  vt_busctl introspect org.keepalived.Vrrp1 $V
  if [ "$2" = keepalived ]; then
    vt_busctl introspect org.keepalived.Vrrp1 $I1 |
      sed -E 's/^(\.Name +property +)s {2}( +)/\1(s)\2/'
  else
    vt_busctl introspect org.keepalived.Vrrp1 $I1
  fi
  for o in $I1 $I3; do
    vt_busctl call org.keepalived.Vrrp1 $o org.freedesktop.DBus.Properties GetAll s org.keepalived.Vrrp1.Instance
    vt_busctl_nobody get-property org.keepalived.Vrrp1 $o org.keepalived.Vrrp1.Instance Name State
  done
  vt_busctl_nobody call org.keepalived.Vrrp1 $V org.keepalived.Vrrp1.Vrrp PrintStats 2>&1 || true
  vt_busctl_nobody call org.keepalived.Vrrp1 $V org.keepalived.Vrrp1.Vrrp ReloadConfig 2>&1 || true
  vt_busctl_nobody call org.keepalived.Vrrp1 $I1 org.keepalived.Vrrp1.Instance SendGarp 2>&1 || true
}

round() { # round TAG IMPL1 IMPL2
  local tag=$1 a=$2 b=$3 n impl
  vt_log "round $tag: r1 $a, r2 $b"
  for n in r1 r2; do
    impl=$a
    [ "$n" = r2 ] && impl=$b
    vt_link "$n" up
    ip -n "$(vt_ns "$n")" addr flush dev eth0 scope global
    ip -n "$(vt_ns "$n")" addr add "$(vt_ip4 "$n")/24" dev eth0
    vt_dbus_start "$(vt_dbus_policy "$impl")" "$n"
    vt_dbus_monitor "$VT_DIR/$tag.$n.monitor"
    rm -f "$(vt_node_dir "$n")/keepalived.data"
  done
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$VT_DIR/bus-r1/socket" vt_start r1 "$a" "$(conf MASTER 100)"
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$VT_DIR/bus-r2/socket" vt_start r2 "$b" "$(conf BACKUP 90)"
  wait_for "vt_vip_on r1 192.0.2.100 && vt_vip_on r1 192.0.2.200" 10 || vt_fail "r1 ($a) did not become master"
  wait_for "[ \$(vt_dbus_signals '$VT_DIR/$tag.r1.monitor' | grep -c 'VrrpStatusChange 2') -ge 2 ]" 5 ||
    vt_fail "no MASTER signals from r1 ($a)"
  wait_for "[ \$(vt_dbus_signals '$VT_DIR/$tag.r2.monitor' | grep -c 'VrrpStatusChange 1') -ge 2 ]" 5 ||
    vt_fail "no BACKUP signals from r2 ($b)"
  observe r1 "$a" >"$VT_DIR/$tag.r1.observed" 2>&1
  observe r2 "$b" >"$VT_DIR/$tag.r2.observed" 2>&1

  export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$VT_DIR/bus-r1/socket"
  vt_busctl call org.keepalived.Vrrp1 $V org.keepalived.Vrrp1.Vrrp PrintData
  wait_for "[ -s '$(vt_node_dir r1)/keepalived.data' ]" 3 || vt_fail "PrintData wrote no data dump on r1 ($a)"
  vt_log_has r1 "Printing VRRP data on DBus request" || vt_fail "r1 ($a) did not log the PrintData line"
  vt_busctl call org.keepalived.Vrrp1 $I1 org.keepalived.Vrrp1.Instance SendGarp
  wait_for "vt_log_has r1 'Sending garps on VI_1 on DBus request'" 3 || vt_fail "r1 ($a) did not log the SendGarp line"

  vt_kill r1
  wait_for "vt_vip_on r2 192.0.2.100 && vt_vip_on r2 192.0.2.200" 10 || vt_fail "r2 ($b) did not take over"
  wait_for "[ \$(vt_dbus_signals '$VT_DIR/$tag.r2.monitor' | grep -c 'VrrpStatusChange 2') -ge 2 ]" 5 ||
    vt_fail "no MASTER signals from r2 ($b) after the failover"
  vt_stop r2
  wait_for "grep -q VrrpStopped '$VT_DIR/$tag.r2.monitor'" 3 || vt_fail "no VrrpStopped from r2 ($b)"
  for n in r1 r2; do
    vt_dbus_signals "$VT_DIR/$tag.$n.monitor" | grep -v ' VrrpStatusChange 0$' >"$VT_DIR/$tag.$n.signals"
    kill -TERM "$(cat "$VT_DIR/$tag.$n.monitor.pid")" 2>/dev/null || true
    vt_dbus_stop "$n"
  done
}

compare() { # compare WHAT FILE
  if ! diff "$VT_DIR/ref.$2" "$VT_DIR/run.$2" >"$VT_DIR/diff" 2>&1; then
    cat "$VT_DIR/diff" >&2
    vt_fail "$1 differs from keepalived's ($2)"
  fi
  vt_log "ok: $1 as keepalived 2.2.7 ($(wc -l <"$VT_DIR/run.$2") lines)"
}

round ref keepalived keepalived
round run "$IMPL_A" "$IMPL_B"
compare "what clients see on the master's bus" r1.observed
compare "what clients see on the backup's bus" r2.observed
# Signals per object, in order: two instances that take over together race (in keepalived
# as in vigil), so their interleaving is not compared.
per_object() { # per_object FILE: each object's signals in order, repeats once, then the rest
  local o
  for o in $V $I1 $I3; do grep "^$o " "$1" | uniq; done
  grep -v -e "^$V " -e "^$I1 " -e "^$I3 " "$1" || true
}
compare_signals() { # compare_signals WHAT FILE
  local o
  for o in $V $I1 $I3; do
    if ! diff <(grep "^$o " "$VT_DIR/ref.$2" | uniq) <(grep "^$o " "$VT_DIR/run.$2" | uniq) >"$VT_DIR/diff" 2>&1; then
      cat "$VT_DIR/diff" >&2
      vt_fail "$1 on $o differ from keepalived's ($2)"
    fi
  done
  [ "$(per_object "$VT_DIR/ref.$2" | wc -l)" = "$(per_object "$VT_DIR/run.$2" | wc -l)" ] ||
    vt_fail "$1: not as many as keepalived's ($2)"
  vt_log "ok: $1 as keepalived 2.2.7 ($(per_object "$VT_DIR/run.$2" | wc -l) lines)"
}
compare_signals "r1's signals" r1.signals
compare_signals "r2's signals" r2.signals
grep -q "Access denied" "$VT_DIR/run.r1.observed" || vt_fail "the policy let uid 65534 call a method"
vt_log "PASS"
