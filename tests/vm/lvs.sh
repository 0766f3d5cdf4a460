#!/usr/bin/env bash
# The checker child against keepalived 2.2.7 in the VM tier (run inside:
# tests/vm/run -- tests/vm/lvs.sh BUILD_DIR). keepalived 2.2.7, then vigil, run
# lvs_keepalived.conf (TCP_CHECK, MISC_CHECK, PING_CHECK, UDP_CHECK; alpha, quorum with a sorry
# server, inhibit_on_failure) with -C in one namespace whose lo carries the real servers, and
# the same steps drive both:
#   1. start, every real server healthy;
#   2. every checked real server fails (httpd killed, flag file removed, address removed, UDP
#      socket closed);
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

ns=vigil-vm-lvs
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
  kill -9 "$httpd7" 2>/dev/null
  ip netns del $ns 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add $ns
# (Background jobs use `ip netns exec` itself, which execs: $! is then the program's pid.)
in_ns() { ip netns exec $ns "$@"; }
in_ns ip link set lo up
for a in 1 2 3 5 6 7 9; do in_ns ip addr add 198.51.100.$a/32 dev lo; done
mkdir -p "$work/www"
echo ok >"$work/www/index.html"
ip netns exec $ns busybox httpd -f -p 198.51.100.7:80 -h "$work/www" & # for the whole run
httpd7=$!

httpd_up() { # the TCP_CHECK real servers
  local a
  for a in "$@"; do
    ip netns exec $ns busybox httpd -f -p 198.51.100.$a:80 -h "$work/www" &
    server_pid[httpd$a]=$!
  done
}
udp_up() { # UDP_CHECK passes while nothing answers with an ICMP error
  ip netns exec $ns python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.5", 53))
time.sleep(3600)' &
  server_pid[udp]=$!
}
down() { kill -9 "${server_pid[$1]}" 2>/dev/null; wait "${server_pid[$1]}" 2>/dev/null; unset "server_pid[$1]"; }
servers_up() {
  httpd_up 1 2
  udp_up
  touch "$work/rs3-up"
  in_ns ip addr add 198.51.100.4/32 dev lo
  # Listening before the checkers look.
  local deadline=$((SECONDS + 30))
  until in_ns sh -c 'cat /proc/net/tcp /proc/net/udp' | grep -q ':0035 ' \
      && [ "$(in_ns cat /proc/net/tcp | awk '$4 == "0A" && $2 ~ /:0050$/' | wc -l)" -ge 3 ]; do # 3 httpd
    [ $SECONDS -lt $deadline ] || { fail "the real servers did not start"; return; }
    sleep 0.1
  done
}
servers_down() {
  down httpd1; down httpd2; down udp
  rm -f "$work/rs3-up"
  in_ns ip addr del 198.51.100.4/32 dev lo
}

table() {
  in_ns ipvsadm -Ln --sort
  echo "--"
  in_ns ipvsadm -S -n | sort
}
# keepalived's side: once the table has what the step is waiting for (`has` PATTERN: a
# line matches; `lacks` PATTERN: none does; at most 40 s), the table when it has not changed
# for 2 s.
settle() {
  local step=$1 last now since deadline=$((SECONDS + 40))
  shift
  while :; do
    now=$(table)
    local ok=1 i
    for ((i = 1; i < $#; i += 2)); do
      local how=${!i} j=$((i + 1))
      local pattern=${!j}
      if [ "$how" = has ]; then grep -q -- "$pattern" <<<"$now" || ok=0
      else ! grep -q -- "$pattern" <<<"$now" || ok=0; fi
    done
    [ $ok -eq 1 ] && break
    if [ $SECONDS -ge $deadline ]; then
      fail "keepalived's table did not reach step $step"
      echo "-- keepalived's log"; cat "$work/keepalived.log"; exit 1
    fi
    sleep 0.2
  done
  last=$(table) since=$SECONDS
  while [ $((SECONDS - since)) -lt 2 ]; do
    [ $SECONDS -lt $deadline ] || { fail "keepalived's table did not settle ($step)"; break; }
    sleep 0.3
    now=$(table)
    if [ "$now" != "$last" ]; then last=$now; since=$SECONDS; fi
  done
  printf '%s\n' "$last" >"$work/keepalived.$step"
}
# vigil's side: the same table within 30 s, still the same 1 s later.
match() {
  local want=$work/keepalived.$1 deadline=$((SECONDS + 30)) held=
  while :; do
    table >"$work/vigil.$1"
    if cmp -s "$want" "$work/vigil.$1"; then
      [ -n "$held" ] || held=$EPOCHREALTIME
      awk -v a="$held" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a >= 1) }' && break
    else
      held=
      if [ $SECONDS -ge $deadline ]; then
        fail "step $1: keepalived's table (-) and vigil's (+) differ"
        diff -u "$want" "$work/vigil.$1"
        echo "-- vigil's log"; cat "$work/vigil.log"; exit 1
      fi
    fi
    sleep 0.2
  done
  echo "step $1: same table (at $(elapsed))"
}

# start BINARY NAME: the daemon on lvs_keepalived.conf, checker only, logging to a file.
start() {
  sed "s|@WORK@|$work|g" "$here/lvs_keepalived.conf" >"$work/keepalived.conf"
  ip netns exec $ns "$1" -n -l -D -C -f "$work/keepalived.conf" -p "$work/$2.pid" -c "$work/$2.checkers.pid" \
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
    sleep 0.1
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
stop_servers
in_ns ip addr del 198.51.100.4/32 dev lo
rm -f "$work/rs3-up"
in_ns ipvsadm -C
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
