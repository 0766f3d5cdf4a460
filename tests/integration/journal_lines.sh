#!/usr/bin/env bash
# Journal lines only a running keepalived writes (not `-t`), ours beside keepalived 2.2.7 on
# the same configuration: the default script user missing ("Script user 'keepalived_script'
# does not exist"), scripts that cannot be accessed ("Script X cannot be accessed - No such
# file or directory", "Disabling track script X since not found/accessible"), an unused
# vrrp_script ("Warning - script X is not used"), and -D's "Opening file 'NAME'.". Each
# daemon runs alone in a namespace of its own until it has logged its start-up, then stops;
# the sets of those lines must be equal, and `-t` of ours must print none of them.
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
CONF
pattern="Opening file|Script user|Script group|cannot be accessed|Cannot find script|Disabling track script|is not used"
run() { # NAME BINARY: start, wait for "Warning - script chk_unused is not used", stop
  local name=$1 binary=$2 deadline
  ip netns exec $ns "$binary" -n -l -D -f "$work/keepalived.conf" -p "$work/$name.pid" -r "$work/$name.vrrp.pid" \
    -c "$work/$name.checkers.pid" -b "$work/$name.bfd.pid" >"$work/$name.log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 20))
  until grep -q "Warning - script chk_unused is not used" "$work/$name.log"; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "journal_lines: $name did not log its start-up in 20 s"; cat "$work/$name.log"; break
    fi
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" 2>/dev/null
  pid=
  # The message without the date, the "(file: Line N) " prefix or our " [file:line:col]".
  cut -c27- "$work/$name.log" | grep -E "$pattern" | sed 's/ \[[^]]*\]$//' | sort >"$work/$name.lines"
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
if ip netns exec $ns "$ours" -t -f "$work/keepalived.conf" 2>&1 | grep -E "Script user|cannot be accessed|is not used"; then
  echo "journal_lines: FAIL: -t printed a journal-only line"; failed=1
fi
exit $failed
