#!/usr/bin/env bash
# The VM tier's smoke test, run inside the VM (tests/vm/run -- tests/vm/smoke.sh): the
# kernel has IPVS and ipvlan, ipvsadm programs a service and a destination and reads them back.
set -euo pipefail
fail() { echo "smoke: FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "not root"
modprobe ip_vs || fail "modprobe ip_vs"
[ -e /proc/net/ip_vs ] || fail "no /proc/net/ip_vs after modprobe"
ipvsadm -A -t 192.0.2.1:80 -s wrr
ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3
ipvsadm -A -u [2001:db8::1]:53 -s sh -b sh-port -p 60
ipvsadm -a -u [2001:db8::1]:53 -r 2001:db8::2 -i -w 1
got=$(ipvsadm -S -n)
want='-A -t 192.0.2.1:80 -s wrr
-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3
-A -u [2001:db8::1]:53 -s sh -p 60 -b sh-port
-a -u [2001:db8::1]:53 -r [2001:db8::2]:53 -i -w 1 --tun-type ipip'
if [ "$got" != "$want" ]; then
  echo "smoke: ipvsadm -S -n gave:"; echo "$got"; echo "smoke: expected:"; echo "$want"
  fail "IPVS table differs"
fi
ipvsadm -Ln
ipvsadm -C
[ -z "$(ipvsadm -S -n)" ] || fail "ipvsadm -C left entries"
# ipvlan (the host kernel lacks it): one in a namespace of its own.
ns=vigil-vm-smoke
ip netns add $ns
trap 'ip netns del $ns 2>/dev/null' EXIT
ip link add vm-smoke0 type dummy
ip link add link vm-smoke0 name vm-smoke1 type ipvlan mode l2 || fail "cannot create an ipvlan"
ip link set vm-smoke1 netns $ns
ip -n $ns link show vm-smoke1 >/dev/null || fail "ipvlan not in the namespace"
echo "smoke: ok ($(uname -r), $(ipvsadm --version 2>&1 | head -n1))"
