#!/usr/bin/env bash
# dbus_service_name: the daemon owns the configured bus name instead of org.keepalived.Vrrp1
# and answers on it, as keepalived 2.2.7. r1 (IMPL_A) runs alone on a private dbus-daemon
# whose policy is the one its package ships with the name replaced (an admin's copy for the
# new name); a reference round runs keepalived 2.2.7 the same way. Compared: the names on
# the bus, the object tree under the new name, GetAll on the instance, PrintData's log line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dbus_lib.sh"

vt_init "$IMPL_A" keepalived
vt_dbus_require
vt_topology 1
NAME=org.example.Vrrp7
I1=/org/keepalived/Vrrp1/Instance/eth0/51/IPv4

observe() { # what a client sees: the keepalived names on the bus, the tree, the properties
  vt_busctl list --acquired --no-legend | awk '{ print $1 }' | grep -E 'Vrrp' | sort
  vt_busctl tree --list $NAME
  vt_busctl call $NAME $I1 org.freedesktop.DBus.Properties GetAll s org.keepalived.Vrrp1.Instance
  vt_busctl call $NAME /org/keepalived/Vrrp1/Vrrp org.keepalived.Vrrp1.Vrrp PrintData
}

round() { # round TAG IMPL
  local tag=$1 impl=$2
  vt_log "round $tag: r1 $impl"
  sed "s/\"org\.keepalived\.Vrrp1\"/\"$NAME\"/g" "$(vt_dbus_policy "$impl")" >"$VT_DIR/$tag.policy.conf"
  vt_dbus_start "$VT_DIR/$tag.policy.conf" r1
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$VT_DIR/bus-r1/socket" vt_start r1 "$impl" \
    "$(vt_conf MASTER 100 global="    enable_dbus
    dbus_service_name $NAME")"
  wait_for "vt_vip_on r1 $VT_VIP4" 10 || vt_fail "r1 ($impl) did not become master"
  wait_for "vt_busctl list --acquired --no-legend | grep -q '^$NAME '" 5 || vt_fail "r1 ($impl) did not take $NAME"
  wait_for "[ \"\$(vt_busctl get-property $NAME $I1 org.keepalived.Vrrp1.Instance State)\" = '(us) 2 \"Master\"' ]" 5 ||
    vt_fail "r1 ($impl) does not answer on $NAME"
  observe >"$VT_DIR/$tag.observed" 2>&1
  wait_for "vt_log_has r1 'Printing VRRP data on DBus request'" 3 || vt_fail "r1 ($impl) did not log PrintData"
  vt_stop r1
  vt_dbus_stop r1
}

round ref keepalived
round run "$IMPL_A"
if ! diff "$VT_DIR/ref.observed" "$VT_DIR/run.observed" >"$VT_DIR/diff" 2>&1; then
  cat "$VT_DIR/diff" >&2
  vt_fail "what a client sees on $NAME differs from keepalived's"
fi
grep -q "^org.keepalived.Vrrp1$" "$VT_DIR/run.observed" && vt_fail "org.keepalived.Vrrp1 is owned too"
vt_log "ok: $NAME owned and answering as keepalived 2.2.7:"
cat "$VT_DIR/run.observed"
vt_log "PASS"
