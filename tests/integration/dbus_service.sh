#!/usr/bin/env bash
# vigil's D-Bus service (VrrpBus over sd-bus) against a private dbus-daemon with the project's
# policy (etc/dbus/org.keepalived.Vrrp1.conf), without the daemon: dbus_harness exposes two
# instances. Checks the object tree and introspection against keepalived 2.2.7's (recorded
# in tests/data/dbus), the properties and their wire types, the signals and their order
# (VrrpStarted, VrrpStatusChange per instance, ..., VrrpStopped), method calls, and that the
# policy lets an unprivileged caller read properties but not call methods.
#   dbus_service.sh HARNESS_BINARY
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dbus_lib.sh"

harness=${1:?usage: dbus_service.sh HARNESS_BINARY}
vt_init
vt_dbus_require
[ -x "$harness" ] || vt_skip "harness $harness not built"
data="$VT_ROOT/tests/data/dbus"
vt_dbus_start "$VT_ROOT/etc/dbus/org.keepalived.Vrrp1.conf"
vt_dbus_monitor "$VT_DIR/monitor.txt"

"$harness" >"$VT_DIR/harness.log" 2>&1 &
hpid=$!
VT_PIDS+=("$hpid")
wait_for "grep -q 'Acquired the name org.keepalived.Vrrp1' '$VT_DIR/harness.log'" 5 ||
  vt_fail "the service did not take its name: $(cat "$VT_DIR/harness.log")"

i1=/org/keepalived/Vrrp1/Instance/veth0/51/IPv4
i3=/org/keepalived/Vrrp1/Instance/veth0/52/IPv4
same() { # same NAME EXPECTED_FILE ACTUAL
  if ! diff "$2" <(echo "$3") >"$VT_DIR/diff" 2>&1; then
    cat "$VT_DIR/diff" >&2
    vt_fail "$1 differs from keepalived's"
  fi
  vt_log "ok: $1 as keepalived"
}
same "the object tree" "$data/keepalived-tree.txt" "$(vt_busctl tree --list org.keepalived.Vrrp1)"
same "the Vrrp interface" "$data/keepalived-introspect-vrrp.txt" \
  "$(vt_busctl introspect org.keepalived.Vrrp1 /org/keepalived/Vrrp1/Vrrp)"
# 2.2.7's XML declares Name as "s" while it sends "(s)"; vigil declares what it sends.
same "the Instance interface (Name declared as sent)" \
  <(sed 's/^\.Name  *property  s  /.Name                               property  (s)/' "$data/keepalived-introspect-instance.txt") \
  "$(vt_busctl introspect org.keepalived.Vrrp1 $i1)"

[ "$(vt_busctl get-property org.keepalived.Vrrp1 $i1 org.keepalived.Vrrp1.Instance Name)" = '(s) "VI_1"' ] ||
  vt_fail "Name is not the (s) struct keepalived sends"
[ "$(vt_busctl get-property org.keepalived.Vrrp1 $i1 org.keepalived.Vrrp1.Instance State)" = '(us) 1 "Backup"' ] ||
  vt_fail "State is not (us) 1 \"Backup\""
kill -USR1 "$hpid"
wait_for "[ \"\$(vt_busctl get-property org.keepalived.Vrrp1 $i3 org.keepalived.Vrrp1.Instance State)\" = '(us) 2 \"Master\"' ]" 3 ||
  vt_fail "State did not follow the transition"
[ "$(vt_busctl call org.keepalived.Vrrp1 $i3 org.freedesktop.DBus.Properties GetAll s org.keepalived.Vrrp1.Instance)" = \
  'a{sv} 2 "Name" (s) "VI_3" "State" (us) 2 "Master"' ] || vt_fail "GetAll differs"
vt_log "ok: Name (s), State (us), GetAll"

vt_busctl call org.keepalived.Vrrp1 /org/keepalived/Vrrp1/Vrrp org.keepalived.Vrrp1.Vrrp PrintData
vt_busctl call org.keepalived.Vrrp1 $i1 org.keepalived.Vrrp1.Instance SendGarp
grep -q "handler: print_data" "$VT_DIR/harness.log" || vt_fail "PrintData did not reach the handler"
grep -q "Sending garps on VI_1 on DBus request" "$VT_DIR/harness.log" || vt_fail "SendGarp did not log keepalived's line"
! vt_busctl call org.keepalived.Vrrp1 /org/keepalived/Vrrp1/Vrrp org.keepalived.Vrrp1.Vrrp CreateInstance ssuu a b 1 4 2>/dev/null ||
  vt_fail "CreateInstance exists (absent from Debian's keepalived)"
vt_log "ok: PrintData and SendGarp reach the VRRP side; CreateInstance does not exist"

[ "$(vt_busctl_nobody get-property org.keepalived.Vrrp1 $i1 org.keepalived.Vrrp1.Instance Name)" = '(s) "VI_1"' ] ||
  vt_fail "an unprivileged caller cannot read properties"
for call in "/org/keepalived/Vrrp1/Vrrp org.keepalived.Vrrp1.Vrrp PrintStats" \
  "/org/keepalived/Vrrp1/Vrrp org.keepalived.Vrrp1.Vrrp ReloadConfig" "$i1 org.keepalived.Vrrp1.Instance SendGarp"; do
  # shellcheck disable=SC2086
  out=$(vt_busctl_nobody call org.keepalived.Vrrp1 $call 2>&1) && vt_fail "unprivileged call allowed: $call"
  grep -q "Access denied" <<<"$out" || vt_fail "unexpected refusal for $call: $out"
done
grep -q "print_stats\|reload_config" "$VT_DIR/harness.log" && vt_fail "a denied call reached the handler"
vt_log "ok: the policy lets nobody read properties and denies every method"

kill -TERM "$hpid"
vt_wait_exit "$hpid" 3 || vt_fail "the harness did not exit"
wait_for "grep -q VrrpStopped '$VT_DIR/monitor.txt'" 3 || vt_fail "no VrrpStopped"
got=$(vt_dbus_signals "$VT_DIR/monitor.txt")
want="/org/keepalived/Vrrp1/Vrrp VrrpStarted
$i1 VrrpStatusChange 0
$i3 VrrpStatusChange 0
$i1 VrrpStatusChange 1
$i3 VrrpStatusChange 1
$i1 VrrpStatusChange 2
$i3 VrrpStatusChange 2
$i1 VrrpStatusChange 98
$i3 VrrpStatusChange 98
/org/keepalived/Vrrp1/Vrrp VrrpStopped"
[ "$got" = "$want" ] || vt_fail "signals differ:
$(diff <(echo "$want") <(echo "$got"))"
vt_log "ok: signals in keepalived's order, from VrrpStarted to VrrpStopped"
vt_log "PASS"
