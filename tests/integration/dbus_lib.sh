# shellcheck shell=bash
# A private system-type dbus-daemon for the D-Bus tests (source after lib.sh), as in the
# reference lab (shared/reference/keepalived-2.2.7-observability.md section 2.6): Debian's
# system.conf without user, fork, pid file, syslog, service launching and includes, listening
# on a socket in the run dir, with one policy file: the project's etc/dbus/ policy, or
# keepalived's own when testing keepalived. Nothing touches the host's system bus.
#
#   vt_dbus_require            skip (77) unless dbus-daemon, busctl, dbus-monitor, setpriv exist
#   vt_dbus_start POLICY_FILE [NAME]  starts a bus (one per NAME); exports DBUS_SYSTEM_BUS_ADDRESS
#   vt_dbus_stop [NAME]        stops it
#   vt_dbus_monitor FILE       records every org.keepalived.Vrrp1 signal into FILE
#   vt_busctl ARGS...          busctl on the private bus
#   vt_busctl_nobody ARGS...   the same as uid/gid 65534 without groups

vt_dbus_require() {
  local t
  for t in dbus-daemon busctl dbus-monitor setpriv; do
    command -v "$t" >/dev/null || vt_skip "missing $t (packages dbus-daemon, dbus-bin, systemd, util-linux)"
  done
}

vt_dbus_start() {
  local policy=$1 d pid
  d="$VT_DIR/bus${2:+-$2}"
  mkdir -p "$d"
  chmod 755 "$VT_DIR" "$d" # the unprivileged caller must reach the socket
  sed -e '/<user>/d' -e '/<fork\/>/d' -e '/<standard_system_servicedirs\/>/d' -e '/<servicehelper>/d' \
    -e '/<pidfile>/d' -e '/<syslog\/>/d' -e "s|<listen>.*</listen>|<listen>unix:path=$d/socket</listen>|" \
    -e "s|<includedir>system.d</includedir>|<include>$policy</include>|" \
    -e '/<includedir>/d' -e '/<include ignore_missing="yes">/d' -e '/if_selinux_enabled/d' \
    /usr/share/dbus-1/system.conf >"$d/bus.conf"
  dbus-daemon --config-file="$d/bus.conf" --nofork --nopidfile >"$d/daemon.log" 2>&1 &
  pid=$!
  VT_PIDS+=("$pid")
  echo "$pid" >"$d/pid"
  wait_for "[ -S '$d/socket' ]" 5 || vt_fail "dbus-daemon did not start: $(cat "$d/daemon.log")"
  export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$d/socket"
}

vt_dbus_stop() {
  local d="$VT_DIR/bus${1:+-$1}" pid
  pid=$(cat "$d/pid")
  kill -TERM "$pid" 2>/dev/null
  vt_wait_exit "$pid" 5 || vt_fail "dbus-daemon did not exit"
  rm -f "$d/socket"
}

# vt_dbus_policy IMPL: the policy file each implementation ships.
vt_dbus_policy() {
  case $1 in
    ours) echo "$VT_ROOT/etc/dbus/org.keepalived.Vrrp1.conf" ;;
    keepalived) echo /etc/dbus-1/system.d/org.keepalived.Vrrp1.conf ;;
  esac
}

vt_dbus_monitor() {
  local pid
  rm -f "$1"
  dbus-monitor --address "$DBUS_SYSTEM_BUS_ADDRESS" \
    "type='signal',interface='org.keepalived.Vrrp1.Vrrp'" \
    "type='signal',interface='org.keepalived.Vrrp1.Instance'" >"$1" 2>&1 &
  pid=$!
  VT_PIDS+=("$pid")
  echo "$pid" >"$1.pid"
  wait_for "grep -qs NameAcquired '$1'" 5 || vt_fail "dbus-monitor did not start"
}

# vt_dbus_signals FILE: "PATH MEMBER [ARG]" per keepalived signal recorded so far.
vt_dbus_signals() {
  awk '/^signal / && /org\.keepalived\.Vrrp1/ {
         if (line != "") print line
         p = $0; sub(/.*path=/, "", p); sub(/;.*/, "", p)
         m = $0; sub(/.*member=/, "", m)
         line = p " " m; next }
       /^   uint32 / && line != "" { line = line " " $2 }
       END { if (line != "") print line }' "$1"
}

vt_busctl() { busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" "$@"; }
vt_busctl_nobody() {
  setpriv --reuid=65534 --regid=65534 --clear-groups busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" "$@"
}
