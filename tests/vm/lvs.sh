#!/usr/bin/env bash
# The checker child against keepalived 2.2.7 in the VM tier (run inside:
# tests/vm/run -- tests/vm/lvs.sh BUILD_DIR). keepalived 2.2.7, then vigil, run
# lvs_keepalived.conf (TCP_CHECK, MISC_CHECK, PING_CHECK, UDP_CHECK; alpha, quorum with a sorry
# server, inhibit_on_failure) with -C in one namespace whose lo carries the real servers, and
# the same steps drive both:
#   1. start, every real server healthy;
#   2. every checked real server fails (httpd killed, flag file removed, addresses removed);
#   3. they recover;
#   4. SIGHUP with lvs_keepalived_reload.conf (real servers and a virtual server added and
#      removed, a weight and a scheduler changed);
#   5. SIGTERM (the table is released).
# After each step keepalived's table (ipvsadm -Ln --sort and ipvsadm -S -n, sorted) is taken
# once it has what the step waits for and has been still for 2 s; vigil's must become the
# same and stay so for 1 s. The checker's transition log lines (adding, removing, quorum,
# weights...) must be the same too.
set -uo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
ours=$build/src/daemon/keepalived
failed=0
fail() { echo "lvs: FAIL: $*"; failed=1; }
started=$EPOCHREALTIME
elapsed() { awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

modprobe ip_vs || { echo "lvs: no ip_vs module"; exit 77; }
command -v keepalived >/dev/null || { echo "lvs: no keepalived"; exit 77; }

# The whole test runs inside its namespace (no `ip netns exec` per command: under TCG each
# program started costs).
ns=vigil-vm-lvs
if [ -z "${VIGIL_LVS_INNER:-}" ]; then
  ip netns add $ns || exit 1
  VIGIL_LVS_INNER=1 ip netns exec $ns "$0" "$@"
  status=$?
  ip netns del $ns
  exit $status
fi
work=$(mktemp -d)
daemon_pid=
declare -A server_pid=()
stop_servers() {
  for k in "${!server_pid[@]}"; do kill -9 "${server_pid[$k]}" 2>/dev/null; done
  for k in "${!server_pid[@]}"; do wait "${server_pid[$k]}" 2>/dev/null; done
  server_pid=()
}
cleanup() {
  [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null
  stop_servers
  ipvsadm -C
  rm -rf "$work"
}
trap cleanup EXIT
ip link set lo up
for a in 1 2 3 5 6 7 9; do ip addr add 198.51.100.$a/32 dev lo; done
mkdir -p "$work/www"
echo ok >"$work/www/index.html"
# For the whole run: httpd on 198.51.100.7, and a UDP socket on 198.51.100.5:53 (UDP_CHECK
# passes while no ICMP error comes back; it fails while the address is gone).
busybox httpd -f -p 198.51.100.7:80 -h "$work/www" &
server_pid[httpd7]=$!
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.5", 53))
time.sleep(3600)' &
server_pid[udp]=$!

httpd_up() { # the TCP_CHECK real servers
  local a
  for a in "$@"; do
    busybox httpd -f -p 198.51.100.$a:80 -h "$work/www" &
    server_pid[httpd$a]=$!
  done
}
down() { kill -9 "${server_pid[$1]}" 2>/dev/null; wait "${server_pid[$1]}" 2>/dev/null; unset "server_pid[$1]"; }
listening() { # LISTEN sockets on port 80, the UDP socket on port 53
  local line tcp=0 udp=0
  while read -r line; do [[ $line =~ :0050\ [0-9A-F:]+\ 0A ]] && tcp=$((tcp + 1)); done </proc/net/tcp
  while read -r line; do [[ $line =~ :0035\  ]] && udp=1; done </proc/net/udp
  [ $tcp -ge 3 ] && [ $udp -eq 1 ]
}
servers_up() {
  httpd_up 1 2
  touch "$work/rs3-up"
  ip addr replace 198.51.100.4/32 dev lo
  ip addr replace 198.51.100.5/32 dev lo
  local deadline=$((SECONDS + 30)) # listening before the checkers look
  until listening; do
    [ $SECONDS -lt $deadline ] || { fail "the real servers did not start"; return; }
    nap 0.1
  done
}
servers_down() {
  down httpd1; down httpd2
  rm -f "$work/rs3-up"
  ip addr del 198.51.100.4/32 dev lo
  ip addr del 198.51.100.5/32 dev lo
}

table() {
  ipvsadm -Ln --sort
  echo "--"
  ipvsadm -S -n | sort
}
# Polling without starting programs: a builtin sleep, the kernel's table read by the shell.
mkfifo "$work/nap"
exec 9<>"$work/nap"
nap() { read -r -t "$1" -u 9; }
raw() {
  local line text=
  while read -r line; do text+=$line$'\n'; done </proc/net/ip_vs
  printf -v "$1" '%s' "$text"
}
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }
# Whether table text $1 satisfies the conditions ${@:2}: `has` PATTERN (a line matches) or
# `lacks` PATTERN (none does).
satisfies() {
  local text=$1 how pattern
  shift
  while [ $# -gt 0 ]; do
    how=$1 pattern=$2
    shift 2
    if [ "$how" = has ]; then [[ $text == *"$pattern"* ]] || return 1
    else [[ $text != *"$pattern"* ]] || return 1; fi
  done
}
# Waits until the kernel's table has not changed for $1 microseconds (at most until $2, in
# seconds of SECONDS).
still() {
  local hold=$1 until=$2 r last since
  raw last
  since=$(now_us)
  while [ $(($(now_us) - since)) -lt "$hold" ]; do
    [ $SECONDS -lt "$until" ] || return 1
    nap 0.2
    raw r
    if [ "$r" != "$last" ]; then last=$r since=$(now_us); fi
  done
}
# keepalived's side: once the table has what the step is waiting for (conditions as for
# satisfies; at most 90 s), the table when it has not changed for 2 s.
settle() {
  local step=$1 r last= text= deadline=$((SECONDS + 90))
  shift
  while :; do
    raw r
    if [ "$r" != "$last" ]; then
      last=$r
      text=$(table)
      satisfies "$text" "$@" && break
    fi
    if [ $SECONDS -ge $deadline ]; then
      fail "keepalived's table did not reach step $step"
      printf '%s\n' "$text"
      echo "-- keepalived's log"; cat "$work/keepalived.log"; exit 1
    fi
    nap 0.2
  done
  still 2000000 $deadline || fail "keepalived's table did not settle ($step)"
  table >"$work/keepalived.$step"
}
# vigil's side: the same table within 90 s, still the same 1 s later.
match() {
  local step=$1 want r last= deadline=$((SECONDS + 90))
  want=$(cat "$work/keepalived.$step")
  while :; do
    raw r
    if [ "$r" != "$last" ]; then
      last=$r
      table >"$work/vigil.$step"
      if [ "$(cat "$work/vigil.$step")" = "$want" ] && still 1000000 $deadline; then
        table >"$work/vigil.$step"
        [ "$(cat "$work/vigil.$step")" = "$want" ] && break
      fi
    fi
    if [ $SECONDS -ge $deadline ]; then
      fail "step $step: keepalived's table (-) and vigil's (+) differ"
      table >"$work/vigil.$step"
      diff -u "$work/keepalived.$step" "$work/vigil.$step"
      echo "-- vigil's log"; cat "$work/vigil.log"; exit 1
    fi
    nap 0.2
  done
  echo "step $step: same table (at $(elapsed))"
}

# start BINARY NAME: the daemon on lvs_keepalived.conf, checker only, logging to a file.
start() {
  sed "s|@WORK@|$work|g" "$here/lvs_keepalived.conf" >"$work/keepalived.conf"
  "$1" -n -l -D -C -f "$work/keepalived.conf" -p "$work/$2.pid" -c "$work/$2.checkers.pid" \
    -r "$work/$2.vrrp.pid" >"$work/$2.log" 2>&1 &
  daemon_pid=$!
}
reload() {
  sed "s|@WORK@|$work|g" "$here/lvs_keepalived_reload.conf" >"$work/keepalived.conf"
  kill -HUP "$daemon_pid"
}
stop() {
  kill -TERM "$daemon_pid"
  local deadline=$((SECONDS + 15))
  while kill -0 "$daemon_pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { fail "$1 did not stop in 15 s"; kill -9 "$daemon_pid"; break; }
    nap 0.1
  done
  wait "$daemon_pid" 2>/dev/null
  daemon_pid=
}
# The checker's transition lines, without time stamps, sorted.
transitions() {
  sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //' "$work/$1.log" \
    | grep -E '^(Removing|Adding|Enabling|Disabling|Lost quorum|Gained quorum|Starting with quorum|Changing weight|service .* no longer exist|Shutting down)' \
    | sort
}

echo "== keepalived 2.2.7"
servers_up
start keepalived keepalived
settle 1-start has '198.51.100.3:80' has '198.51.100.4:80'
servers_down
settle 2-failed has '198.51.100.9:80' lacks '198.51.100.1:80' lacks '198.51.100.5:53'
servers_up
settle 3-recovered lacks '198.51.100.9:80' has '198.51.100.1:80' has '198.51.100.5:53'
reload
settle 4-reloaded has '192.0.2.13:80' has '198.51.100.7:80' 
stop keepalived
table >"$work/keepalived.5-stopped"
servers_down
ipvsadm -C
echo "keepalived done (at $(elapsed))"
for s in 1-start 2-failed 3-recovered 4-reloaded 5-stopped; do
  echo "-- keepalived, $s"; cat "$work/keepalived.$s"
done

echo "== vigil"
servers_up
start "$ours" vigil
match 1-start
servers_down
match 2-failed
servers_up
match 3-recovered
reload
match 4-reloaded
stop vigil
match 5-stopped

transitions keepalived >"$work/keepalived.transitions"
transitions vigil >"$work/vigil.transitions"
if ! diff -u "$work/keepalived.transitions" "$work/vigil.transitions"; then
  fail "the transition log lines differ (keepalived -, vigil +)"
fi
if [ $failed -ne 0 ]; then
  echo "-- keepalived's log"; cat "$work/keepalived.log"
  echo "-- vigil's log"; cat "$work/vigil.log"
fi
[ $failed -eq 0 ] && echo "lvs: ok ($(elapsed))"
exit $failed
