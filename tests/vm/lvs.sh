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
# same and stay so for 1 s. At the end the checker's transition log lines (adding, removing,
# quorum, weights...) must be the same, and so must the whole log (every line, masked and
# counted: see every_line), the LVS notify FIFO's lines and the SMTP alerts (fake_smtp.py)
# with their counts, and the checker child's SIGUSR1 dumps taken after steps 1-4.
# After vigil's steps 1-4, `vigil status --json` must list what keepalived's table had after
# that step (lvs_status_check.py: services, destinations and weights, the sorry server), and
# `vigil metrics` must carry the vigil_lvs_* families.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
vm_begin lvs "$1"
vm_need_module ip_vs
vm_need_tools keepalived
vm_inside_netns vigil-vm-lvs "$0" "$@"
vigil_cli=$build/src/cli/vigil
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
  stop_helpers
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
vm_nap_init "$work"
raw() {
  local line text=
  while read -r line; do text+=$line$'\n'; done </proc/net/ip_vs
  printf -v "$1" '%s' "$text"
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

# start BINARY NAME: the daemon on lvs_keepalived.conf, checker only, logging to a file; its
# LVS notify FIFO read into NAME.fifo, its mail received by fake_smtp.py into NAME.smtp, its
# SIGUSR1 dump written under NAME.tmp (TMPDIR).
start() {
  sed "s|@WORK@|$work|g" "$here/lvs_keepalived.conf" >"$work/keepalived.conf"
  rm -f "$work/fifo"
  mkfifo "$work/fifo"
  # The reader holds the FIFO open for writing too: no EOF when the daemon closes it (reload).
  bash -c 'exec 3<>"$1"; exec cat <&3 >"$2"' _ "$work/fifo" "$work/$2.fifo" &
  helper_pid[fifo]=$!
  python3 "$here/../integration/fake_smtp.py" 127.0.0.1 2525 "$work/$2.smtp" >"$work/smtp.out" 2>&1 &
  helper_pid[smtp]=$!
  local deadline=$((SECONDS + 60))
  until grep -q READY "$work/smtp.out" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { fail "the SMTP server did not start"; break; }
    nap 0.1
  done
  mkdir -p "$work/$2.tmp"
  TMPDIR=$work/$2.tmp "$1" -n -l -D -C -f "$work/keepalived.conf" -p "$work/$2.pid" -c "$work/$2.checkers.pid" \
    -r "$work/$2.vrrp.pid" >"$work/$2.log" 2>&1 &
  daemon_pid=$!
  daemon_name=$2
}
declare -A helper_pid=()
stop_helpers() {
  local k
  for k in "${!helper_pid[@]}"; do kill "${helper_pid[$k]}" 2>/dev/null; wait "${helper_pid[$k]}" 2>/dev/null; done
  helper_pid=()
}
# dump STEP: the checker child's SIGUSR1 dump, once written whole, into NAME.dump.STEP.
# A checker's first run comes 1 s + random(0, delay_loop) after it is (re)started (both
# implementations), so just after a reload a new checker may not have run yet: the dump is
# taken again (every 0.5 s, for at most 10 s) while it says "Has run = no".
dump() {
  local file=$work/$daemon_name.tmp/keepalived_check.data size last deadline=$((SECONDS + 20))
  local runs_deadline=$((SECONDS + 10))
  while :; do
    rm -f "$file"
    last=-1
    kill -USR1 "$(cat "$work/$daemon_name.checkers.pid")"
    while :; do
      size=$(stat -c %s "$file" 2>/dev/null || echo -1)
      [ "$size" -gt 0 ] && [ "$size" = "$last" ] && break
      [ $SECONDS -lt $deadline ] || { fail "$daemon_name wrote no checker dump at step $1"; return; }
      last=$size
      nap 0.3
    done
    grep -q '^   Has run = no$' "$file" && [ $SECONDS -lt $runs_deadline ] || break
    nap 0.5
  done
  cp "$file" "$work/$daemon_name.dump.$1"
}
reload() {
  sed "s|@WORK@|$work|g" "$here/lvs_keepalived_reload.conf" >"$work/keepalived.conf"
  kill -HUP "$daemon_pid"
}
stop() {
  vm_stop_daemon "$1"
  stop_helpers
}
# The checker's transition lines, without time stamps, sorted.
transitions() {
  sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //' "$work/$1.log" \
    | grep -E '^(Removing|Adding|Enabling|Disabling|Lost quorum|Gained quorum|Starting with quorum|Changing weight|service .* no longer exist|Shutting down)' \
    | sort
}

# Every log line of the run, masked (times, pids, CPU figures, the version and the command
# line, the file:line:col our configuration warnings add), counted: the set must be the same.
# A line repeated at each attempt while a server is down ("send ICMP packet fail") has a count
# that depends on how long the step lasted: only its presence is compared. So is "Script user
# 'keepalived_script' does not exist": the checker child logs it at start and at reload (ours
# too), and keepalived's parent once more at a reload when lvs_notify_fifo is set. So is "Printing
# checker data ... on signal": dump() asks again while a new checker has not run yet. Left out, with
# the reason: the parent's lines keepalived has and ours does not (its config reader's
# "Opening file '...'.", the VRRP "NOTICE: setting config option max_auto_priority ...").
# Left out as well, since they depend on the host's load and not on the configuration: both
# implementations log "A thread timer expired N seconds ago" when a child's timer runs over
# 1 s late (and then "Set realtime priority N", "... has used too much CPU time ...").
every_line() {
  sed -E -e 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //' \
      -e 's/ \[[^] ]+:[0-9]+:[0-9]+\]$//' -e 's/(pid[= ]|process ?\(|pid )[0-9]+/\1N/g' \
      -e 's#[0-9]+\.[0-9]+(/[0-9]+\.[0-9]+)? (user|system) time#T \2 time#g' "$work/$1.log" \
    | grep -v -E '^(Starting Keepalived|Stopped Keepalived|Running on|Command line|  +|CPU usage|Opening file|NOTICE: setting config option max_auto_priority|A thread timer expired |Set realtime priority |.* process has used too much CPU time)' \
    | sort | uniq -c | sed -E "s/^ *[0-9]+ (send ICMP packet fail|Script user 'keepalived_script' does not exist|Printing checker data for process\(N\) on signal)\$/      N \\1/"
}

# The whole dump (the global definitions, then the LVS topology and the checkers), without
# what changes from run to run: times, pids, and a retrying checker's iteration (0 or 1 while
# its server is down, depending on when the dump is taken).
masked_dump() {
  sed -E -e 's/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}/TIME/g' \
      -e 's/(pid|PID|process)([ =(]+)[0-9]+/\1\2N/g' -e 's/^(   Last ran = ).*/\1T/' \
      -e 's/^(   Retries iterations = ).*/\1N/' "$work/$1.dump.$2"
}
# The mails fake_smtp.py received: each session's client lines (without Date:), one line a
# mail, counted.
mails() {
  awk '$3 == "C:" { line = substr($0, index($0, "C: ") + 3); if (line !~ /^b.Date: /) mail[$2] = mail[$2] line }
       END { for (s in mail) print mail[s] }' "$work/$1.smtp" | sort | uniq -c
}

# status STEP: vigil's status (the default control socket) after its table matched
# keepalived's; compared with keepalived's table at the end (one python3 start under TCG).
status_checks=()
status_at() {
  "$vigil_cli" status --json >"$work/status.$1" || fail "vigil status failed at step $1"
  status_checks+=("$work/keepalived.$1" "$work/status.$1")
}

echo "== keepalived 2.2.7"
servers_up
start keepalived keepalived
settle 1-start has '198.51.100.3:80' has '198.51.100.4:80'
dump 1-start
servers_down
settle 2-failed has '198.51.100.9:80' lacks '198.51.100.1:80' lacks '198.51.100.5:53'
dump 2-failed
servers_up
settle 3-recovered lacks '198.51.100.9:80' has '198.51.100.1:80' has '198.51.100.5:53'
dump 3-recovered
reload
settle 4-reloaded has '192.0.2.13:80' has '198.51.100.7:80' 
dump 4-reloaded
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
status_at 1-start
metrics=$("$vigil_cli" metrics)
[[ $metrics == *'vigil_lvs_real_server_up{vs="[192.0.2.10]:tcp:80",rs="[198.51.100.1]:tcp:80"} 1'* ]] ||
  fail "vigil metrics lacks vigil_lvs_real_server_up for 198.51.100.1: $(grep vigil_lvs_real_server_up <<<"$metrics")"
dump 1-start
servers_down
match 2-failed
status_at 2-failed
dump 2-failed
servers_up
match 3-recovered
status_at 3-recovered
dump 3-recovered
reload
match 4-reloaded
status_at 4-reloaded
dump 4-reloaded
stop vigil
match 5-stopped

# compare WHAT FUNCTION [ARG]: FUNCTION NAME [ARG] for keepalived and vigil must print the same.
compare() {
  local what=$1 fn=$2
  shift 2
  "$fn" keepalived "$@" >"$work/keepalived.cmp"
  "$fn" vigil "$@" >"$work/vigil.cmp"
  diff -u "$work/keepalived.cmp" "$work/vigil.cmp" || fail "$what differ (keepalived -, vigil +)"
}
fifo_lines() { sort "$work/$1.fifo" | uniq -c; }
compare "the transition log lines" transitions
compare "the log lines (count and line)" every_line
for step in 1-start 2-failed 3-recovered 4-reloaded; do
  compare "the SIGUSR1 dumps after step $step" masked_dump $step
done
compare "the LVS notify FIFO lines (count and line)" fifo_lines
compare "the SMTP alerts (count and mail)" mails
python3 "$here/lvs_status_check.py" "${status_checks[@]}" || fail "vigil status and keepalived's table differ"
if [ $failed -ne 0 ]; then
  echo "-- keepalived's log"; cat "$work/keepalived.log"
  echo "-- vigil's log"; cat "$work/vigil.log"
fi
[ $failed -eq 0 ] && echo "lvs: ok ($(elapsed))"
exit $failed
