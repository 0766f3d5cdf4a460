#!/usr/bin/env bash
# The start-up's journal, process by process, ours beside keepalived 2.2.7 on the same
# configurations: who logs each configuration diagnostic and in what order. keepalived's
# parent logs "Configuration file X" and what its own reading reports (the root level and
# global_defs, "(Line N)" without a file name for the main file), then forks; each child logs
# its own reading's diagnostics ("(FILE: Line N)"). A configuration keepalived refuses in its
# VRRP child is still forked: the child says why, "Stopped", and the parent logs "pid N
# exited with permanent error CONFIG. Terminating" and "Stopped Keepalived ..." (no
# "Stopping").
# Each daemon runs alone in a network namespace of its own and a private mount namespace whose
# /dev/log is a socket this script reads, so every line comes with its syslog ident. The
# sequences of the parent (Keepalived) and of the VRRP child (Keepalived_vrrp) must be equal,
# after masking pids, CPU times, the version banner, "Running on", "Command line" and our
# additions (" [file:line:col]", " (did you mean ...)").
set -uo pipefail
[ "$(id -u)" -eq 0 ] || { echo "start_journal: needs root"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
ours=${VIGIL_KEEPALIVED:-$here/../../build/src/daemon/keepalived}
ka=/usr/sbin/keepalived
[ -x "$ka" ] || { echo "start_journal: keepalived 2.2.7 is not installed"; exit 77; }
[ -x "$ours" ] || { echo "start_journal: $ours is not built"; exit 77; }
ns=vgsj$$
work=$(mktemp -d)
pid=
reader=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  [ -n "$reader" ] && kill "$reader" 2>/dev/null
  ip netns del $ns 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add $ns
ip -n $ns link set lo up
# journald's queue (systemd's 50-default.conf), as on a Debian host; log_burst.sh runs the
# kernel's default of 10 with a slow listener
ip netns exec $ns sysctl -qw net.unix.max_dgram_qlen=512
ip -n $ns link add vgsj0 type veth peer name vgsj1
ip -n $ns addr add 192.0.2.1/24 dev vgsj0
ip -n $ns link set vgsj0 up
ip -n $ns link set vgsj1 up

cat >"$work/extra.conf" <<'CONF'
global_defs {
    vrrp_garp_master_refreshh 10
}
CONF
# Runs: diagnostics in the root, global_defs (main file and an include) and an instance.
cat >"$work/runs.conf" <<CONF
foo_bar 1
global_defs {
    router_idd sj1
}
include $work/extra.conf
vrrp_instance VI_1 {
    state BACKUP
    interface vgsj0
    virtual_router_id 51
    priorty 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.50/24
    }
}
CONF
# Refused by the VRRP child: an interface the host lacks (the tutorial's ens33).
sed -e 's/interface vgsj0/interface ens33/' "$work/runs.conf" >"$work/refused.conf"

# In the daemon's private mount namespace, /dev/log becomes the socket the reader listens on.
. "$here/syslog_lib.sh"
bind_log=$(syslog_bind_script) || { echo "start_journal: /dev/log links outside /run"; exit 77; }

start_reader() { # FILE
  syslog_reader_start $ns "$work/log.sock" "$1" || { echo "start_journal: the syslog reader did not start"; exit 1; }
  reader=$SYSLOG_READER
}

run() { # NAME BINARY CONFIG WAIT_FOR: start, wait for WAIT_FOR in the log (or the exit), stop
  local name=$1 binary=$2 config=$3 wait_for=$4 deadline
  : >"$work/$name.raw"
  start_reader "$work/$name.raw"
  ip netns exec $ns unshare -m sh -c "$bind_log"' && shift && exec "$@"' sh "$work/log.sock" \
    "$binary" -n -f "$config" -p "$work/$name.pid" -r "$work/$name.vrrp.pid" \
    -c "$work/$name.checkers.pid" -b "$work/$name.bfd.pid" >/dev/null 2>&1 &
  pid=$!
  deadline=$((SECONDS + 20))
  until grep -q -- "$wait_for" "$work/$name.raw"; do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if [ $SECONDS -ge $deadline ]; then echo "start_journal: $name: no '$wait_for' in 20 s"; break; fi
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" 2>/dev/null
  pid=
  # the last lines may still be in the socket
  deadline=$((SECONDS + 3))
  until grep -q "^Keepalived|Stopped Keepalived" "$work/$name.raw" || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
  kill "$reader" 2>/dev/null; wait "$reader" 2>/dev/null; reader=
  sed -E -e 's/ \[[^]]*:[0-9]+(:[0-9]+)?\]$//' -e "s/ \(did you mean '[^']*'\?\)//" \
      -e 's/(Starting|Stopped) Keepalived v2\.2\.7 .*/\1 Keepalived v2.2.7/' \
      -e 's/pid[= ][0-9]+/pid N/g' -e 's/[0-9]+\.[0-9]{6}/T/g' "$work/$name.raw" |
    grep -vE '^Keepalived\|(Running on |Command line: |  )' >"$work/$name.lines"
}

failed=0
compare() { # CASE CONFIG WAIT_FOR
  local case=$1 ident
  run "$case-keepalived" "$ka" "$2" "$3"
  run "$case-ours" "$ours" "$2" "$3"
  for ident in Keepalived Keepalived_vrrp; do
    grep "^$ident|" "$work/$case-keepalived.lines" >"$work/$case-keepalived.$ident"
    grep "^$ident|" "$work/$case-ours.lines" >"$work/$case-ours.$ident"
    if diff -u "$work/$case-keepalived.$ident" "$work/$case-ours.$ident" >"$work/$case.$ident.diff"; then
      echo "start_journal: $case: $ident logs what keepalived's does, in its order:"
      sed 's/^/  /' "$work/$case-ours.$ident"
    else
      echo "start_journal: FAIL: $case: $ident: keepalived's lines (-) and ours (+) differ"
      cat "$work/$case.$ident.diff"
      failed=1
    fi
  done
}
compare runs "$work/runs.conf" "Entering BACKUP STATE (init)"
compare refused "$work/refused.conf" "permanent error"
exit $failed
