#!/usr/bin/env bash
# The IPVS boundary in the VM tier (run inside: tests/vm/run -- tests/vm/ipvs.sh BUILD_DIR).
# 1. ipvs_netlink_test: vigil::ipvs against the kernel, checked with ipvsadm, and the fake
#    against the kernel.
# 2. keepalived 2.2.7 programs the table of ipvs_keepalived.conf in a namespace; the table,
#    timeouts and sync daemons are dumped with ipvsadm; keepalived stops; vigil::ipvs programs
#    the same table (ipvs_netlink_test --program keepalived-equivalent) and the dumps must be
#    identical.
# 3. net_namespace_ipvs: keepalived and ours, each run in the first namespace, program the
#    table of a second one (and not their own), and remove it at stop.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
vm_begin ipvs "$1"
test_bin=$build/tests/vm/ipvs_netlink_test
vm_need_module ip_vs

echo "== vigil::ipvs against the kernel"
"$test_bin" || fail "ipvs_netlink_test"
echo "(at $(elapsed))"

echo "== the table of ipvs_keepalived.conf: keepalived 2.2.7, then vigil::ipvs"
ns=vigil-vm-ipvs
ns2=vigil-vm-ipvs2
work=$(mktemp -d)
ka_pid= ours_pid=
cleanup() {
  [ -n "$ka_pid" ] && kill -9 "$ka_pid" 2>/dev/null
  [ -n "$ours_pid" ] && kill -9 "$ours_pid" 2>/dev/null
  ip netns del $ns 2>/dev/null
  ip netns del $ns2 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add $ns
ip -n $ns link set lo up
in_ns() { ip netns exec $ns "$@"; }
dump() { # the table, timeouts and sync daemons as ipvsadm shows them
  in_ns ipvsadm -S -n
  echo "--"
  in_ns ipvsadm -Ln --exact
  echo "--"
  in_ns ipvsadm -Ln --exact --thresholds
  echo "--"
  in_ns ipvsadm -L --timeout
  in_ns ipvsadm -L --daemon
}
wanted_lines=16 # ipvsadm -S -n lines: 7 services, 9 destinations
ip netns exec $ns keepalived -n -l -D -C -f "$here/ipvs_keepalived.conf" -p "$work/keepalived.pid" \
  -c "$work/checkers.pid" >"$work/keepalived.log" 2>&1 &
ka_pid=$!
deadline=$((SECONDS + 60))
until [ "$(in_ns ipvsadm -S -n | wc -l)" -ge $wanted_lines ] && [ -n "$(in_ns ipvsadm -L --daemon)" ]; do
  if [ $SECONDS -ge $deadline ] || ! kill -0 "$ka_pid" 2>/dev/null; then
    fail "keepalived did not build the table in 60 s"; cat "$work/keepalived.log"; break
  fi
  sleep 0.2
done
sleep 1 # nothing more may come: the comparison would show it
dump >"$work/keepalived.dump"
kill -TERM "$ka_pid"
for _ in $(seq 100); do kill -0 "$ka_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$ka_pid" 2>/dev/null && fail "keepalived did not stop in 10 s"
wait "$ka_pid" 2>/dev/null
ka_pid=
echo "keepalived's table dumped, keepalived stopped (at $(elapsed))"
[ -z "$(in_ns ipvsadm -S -n)" ] || fail "keepalived left entries behind"

in_ns "$test_bin" --program keepalived-equivalent || fail "programming the equivalent table"
dump >"$work/vigil.dump"
if diff -u "$work/keepalived.dump" "$work/vigil.dump"; then
  echo "ipvs: the tables are identical:"
  cat "$work/vigil.dump"
else
  fail "keepalived's table (-) and vigil::ipvs's (+) differ"
fi

echo "== net_namespace_ipvs $ns2: keepalived 2.2.7, then ours (at $(elapsed))"
ip netns add $ns2
ip -n $ns2 link set lo up
in_ns ipvsadm -C
cat >"$work/netns.conf" <<CONF
net_namespace_ipvs $ns2
virtual_server 192.0.2.10 80 {
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 8080 {
        weight 2
    }
}
CONF
run_in_ipvs_namespace() { # NAME BINARY: start, wait for the table in $ns2, dump, stop
  local name=$1 binary=$2 pid deadline
  ip netns exec $ns "$binary" -n -l -D -C -f "$work/netns.conf" -p "$work/$name.pid" -c "$work/$name.checkers.pid" \
    >"$work/$name.netns.log" 2>&1 &
  pid=$!
  if [ "$name" = keepalived ]; then ka_pid=$pid; else ours_pid=$pid; fi
  deadline=$((SECONDS + 60))
  until [ "$(ip netns exec $ns2 ipvsadm -S -n | wc -l)" -ge 2 ]; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      fail "$name did not program $ns2 in 60 s"; cat "$work/$name.netns.log"; break
    fi
    sleep 0.2
  done
  ip netns exec $ns2 ipvsadm -S -n >"$work/$name.netns.dump"
  [ -z "$(in_ns ipvsadm -S -n)" ] || fail "$name programmed its own namespace's table"
  kill -TERM "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "$name did not stop in 10 s"
  wait "$pid" 2>/dev/null
  ka_pid= ours_pid=
  ip netns exec $ns2 ipvsadm -S -n >"$work/$name.netns.after-stop"
  echo "$name: $(wc -l <"$work/$name.netns.after-stop") entries left in $ns2 after stop"
  ip netns exec $ns2 ipvsadm -C
}
run_in_ipvs_namespace keepalived keepalived
run_in_ipvs_namespace ours "$build/src/daemon/keepalived"
if diff -u "$work/keepalived.netns.dump" "$work/ours.netns.dump" &&
  diff -u "$work/keepalived.netns.after-stop" "$work/ours.netns.after-stop"; then
  echo "ipvs: net_namespace_ipvs tables are identical:"
  cat "$work/ours.netns.dump"
else
  fail "net_namespace_ipvs: keepalived's table (-) and ours (+) differ"
fi

[ $failed -eq 0 ] && echo "ipvs: ok ($(elapsed))"
exit $failed
