#!/usr/bin/env bash
# Journal lines only a running keepalived writes (not `-t`), ours beside keepalived 2.2.7 on
# the same configuration: the default script user missing ("Script user 'keepalived_script'
# does not exist"), scripts that cannot be accessed ("Script X cannot be accessed - No such
# file or directory", "Disabling track script X since not found/accessible"), an unused
# vrrp_script ("Warning - script X is not used"), and -D's "Opening file 'NAME'.". Each
# daemon runs alone in a namespace of its own until it has logged its start-up, then stops;
# the sets of those lines must be equal, and `-t` of ours must print none of them.
# Also, from the same runs:
#  - a number keepalived reads with ignore_error (garp_master_delay 5x): the running daemon
#    logs "WARNING - invalid number '5x'" and uses 5, `-t` prints "invalid number '5x'";
#  - -D's lines around VI_2's (an owner with eVIPs, a virtual route and a unicast peer that
#    nft drops on output) start, MASTER entry and stop, in their order: "removing/setting
#    VIPs.", "E-VIPs.", "Virtual Routes", and "Cant send advert to 203.0.113.9 (Operation
#    not permitted)";
#  - the SIGUSR1 dump taken then: VI_3 (`state MASTER`, priority 100, its down timer still
#    running) is "State = BACKUP" with "Wantstate = MASTER";
#  - the VRRP child's open-file limit when started with a soft limit of 40: keepalived raises
#    it to 2 per instance + 1 per smtp_alert + 43 (here 3 x 2 + 1 + 43 = 50).
set -uo pipefail
[ "$(id -u)" -eq 0 ] || { echo "journal_lines: needs root"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
ours=${VIGIL_KEEPALIVED:-$here/../../build/src/daemon/keepalived}
ka=/usr/sbin/keepalived
[ -x "$ka" ] || { echo "journal_lines: keepalived 2.2.7 is not installed"; exit 77; }
[ -x "$ours" ] || { echo "journal_lines: $ours is not built"; exit 77; }
ns=vgjl$$
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  ip netns del $ns 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add $ns
ip -n $ns link set lo up
ip -n $ns link add vgjl0 type veth peer name vgjl1
ip -n $ns link set vgjl0 up
ip -n $ns link set vgjl1 up
ip -n $ns addr add 192.0.2.1/24 dev vgjl0
# VI_2's adverts to its unicast peer are dropped on output: sendto fails with EPERM
ip netns exec $ns nft -f - <<'NFT' || { echo "journal_lines: nft failed"; exit 1; }
table ip vgjl {
    chain out {
        type filter hook output priority 0;
        ip daddr 203.0.113.9 drop
    }
}
NFT
cat >"$work/keepalived.conf" <<CONF
vrrp_script chk_unused {
    script "/bin/true"
}
vrrp_script chk_missing {
    script "$work/missing/check.sh"
}
vrrp_instance VI_1 {
    state BACKUP
    interface vgjl0
    virtual_router_id 51
    priority 100
    advert_int 1
    notify_master "$work/missing/notify.sh"
    track_script {
        chk_missing
    }
    virtual_ipaddress {
        192.0.2.50/24
    }
}
vrrp_instance VI_2 {
    state MASTER
    interface vgjl0
    virtual_router_id 52
    priority 255
    advert_int 1
    garp_master_delay 5x
    smtp_alert
    unicast_peer {
        203.0.113.9
    }
    virtual_ipaddress {
        192.0.2.51/24
    }
    virtual_ipaddress_excluded {
        192.0.2.52/24
    }
    virtual_routes {
        198.51.100.0/24 via 192.0.2.254 dev vgjl0
    }
}
vrrp_instance VI_3 {
    state MASTER
    interface vgjl0
    virtual_router_id 53
    priority 100
    advert_int 10
    virtual_ipaddress {
        192.0.2.53/24
    }
}
CONF
pattern="Opening file|Script user|Script group|cannot be accessed|Cannot find script|Disabling track script|is not used"
run() { # NAME BINARY: start, wait for "Warning - script chk_unused is not used" and VI_2's
  # second failed advert, dump (SIGUSR1), read the VRRP child's limits, stop
  local name=$1 binary=$2 deadline vrrp_pid
  mkdir -p "$work/$name.tmp"
  (ulimit -Sn 40 && TMPDIR="$work/$name.tmp" exec ip netns exec $ns "$binary" -n -l -D -f "$work/keepalived.conf" \
    -p "$work/$name.pid" -r "$work/$name.vrrp.pid" -c "$work/$name.checkers.pid" -b "$work/$name.bfd.pid") \
    >"$work/$name.log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 20))
  until grep -q "Warning - script chk_unused is not used" "$work/$name.log" &&
    [ "$(grep -c "(VI_2) Cant send advert" "$work/$name.log")" -ge 2 ]; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "journal_lines: $name did not log its start-up in 20 s"; cat "$work/$name.log"; break
    fi
    sleep 0.1
  done
  cp "$work/$name.log" "$work/$name.start" # what follows the dump is not start-up
  kill -USR1 "$pid" 2>/dev/null
  deadline=$((SECONDS + 5))
  # The instances' part of the dump is whole once the Interfaces section has begun.
  until grep -q "^------< Interfaces >------" "$work/$name.tmp/keepalived.data" 2>/dev/null ||
    [ $SECONDS -ge $deadline ]; do
    sleep 0.1
  done
  sed -n '/^------< VRRP Topology >------/,/^------< Interfaces >------/p' "$work/$name.tmp/keepalived.data" |
    grep -E "^ VRRP Instance = |^   (State|Wantstate) = " >"$work/$name.states"
  vrrp_pid=$(cat "$work/$name.vrrp.pid" 2>/dev/null)
  awk '/^Max open files/ { print $4 }' "/proc/${vrrp_pid:-0}/limits" >"$work/$name.nofile" 2>/dev/null
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" 2>/dev/null
  pid=
  # The message without the date, the "(file: Line N) " prefix or our " [file:line:col]".
  cut -c27- "$work/$name.start" | grep -E "$pattern" | sed 's/ \[[^]]*\]$//' | sort >"$work/$name.lines"
  cut -c27- "$work/$name.log" | grep -E "number '" | sed 's/ \[[^]]*\]$//' >"$work/$name.numbers"
  # VI_2's lines from its start to its stop, in order; its failed adverts apart (ours logs
  # the first one after "Entering MASTER STATE", keepalived just before: our engine's lines
  # are written before those of the I/O they cause)
  cut -c27- "$work/$name.log" | grep -E "^\(VI_2\) (Entering|setting|removing|sent 0)" >"$work/$name.vi2"
  cut -c27- "$work/$name.log" | grep -E "^\(VI_2\) Cant send" | sort -u >"$work/$name.unsent"
}
run keepalived "$ka"
run ours "$ours"
failed=0
if diff -u "$work/keepalived.lines" "$work/ours.lines"; then
  echo "journal_lines: the same lines as keepalived 2.2.7:"
  sed 's/^/  /' "$work/ours.lines"
else
  echo "journal_lines: FAIL: keepalived's lines (-) and ours (+) differ"; failed=1
fi
[ -s "$work/ours.lines" ] || { echo "journal_lines: FAIL: no line at all"; failed=1; }
same() { # WHAT SUFFIX: keepalived's file and ours are equal and not empty
  if diff -u "$work/keepalived.$2" "$work/ours.$2" && [ -s "$work/ours.$2" ]; then
    echo "journal_lines: $1 as keepalived 2.2.7:"; sed 's/^/  /' "$work/ours.$2"
  else
    echo "journal_lines: FAIL: $1: keepalived's (-) and ours (+) differ, or are empty"; failed=1
  fi
}
same "number warnings of the running daemon" numbers
same "VI_2's -D lines in order" vi2
same "VI_2's failed adverts" unsent
same "states and wantstates in the dump after start" states
same "the VRRP child's soft open-file limit" nofile
grep -q "^   Wantstate = MASTER" "$work/ours.states" || { echo "journal_lines: FAIL: no Wantstate = MASTER"; failed=1; }
[ "$(cat "$work/ours.nofile")" = 50 ] || { echo "journal_lines: FAIL: open-file limit $(cat "$work/ours.nofile"), not 50"; failed=1; }
# -t's wording without the location (ours says "FILE:LINE:COL: error: ")
ka_t=$(ip netns exec $ns "$ka" -t -f "$work/keepalived.conf" 2>&1 | grep -oE "(WARNING - )?[a-z ]*number '.*")
ours_t=$(ip netns exec $ns "$ours" -t -f "$work/keepalived.conf" 2>&1 | grep -oE "(WARNING - )?[a-z ]*number '.*" |
  sed 's/ \[[^]]*\]$//')
if [ "$ka_t" = "$ours_t" ] && [ -n "$ours_t" ]; then
  echo "journal_lines: -t's number lines as keepalived 2.2.7: $ours_t"
else
  echo "journal_lines: FAIL: -t's number lines: keepalived '$ka_t', ours '$ours_t'"; failed=1
fi
if ip netns exec $ns "$ours" -t -f "$work/keepalived.conf" 2>&1 | grep -E "Script user|cannot be accessed|is not used"; then
  echo "journal_lines: FAIL: -t printed a journal-only line"; failed=1
fi
exit $failed
