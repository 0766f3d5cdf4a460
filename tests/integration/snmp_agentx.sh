#!/usr/bin/env bash
# vigil's AgentX client and session against Debian's snmpd, without the daemon: the test
# harness (agentx_harness) serves the lab1 snapshot; its walk must equal keepalived 2.2.7's
# golden walk (tests/data/snmp/keepalived-lab1.walk, ticking values masked, one documented
# difference), its sysORTable entries must appear, a trap must reach snmptrapd, and after
# snmpd restarts the harness must re-register by itself.
#   snmp_agentx.sh HARNESS_BINARY
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/snmp_lib.sh"

harness=${1:?usage: snmp_agentx.sh HARNESS_BINARY}
vt_init
vt_snmp_require
[ -x "$harness" ] || vt_skip "harness $harness not built"
vt_topology 1
d=$(vt_node_dir r1)
vt_snmptrapd_start r1
vt_snmpd_start r1

ip netns exec "$(vt_ns r1)" "$harness" "unix:$(vt_snmp_socket r1)" >"$d/harness.log" 2>&1 &
hpid=$!
VT_PIDS+=("$hpid")
wait_for "grep -q 'subagent connected' '$d/harness.log'" 5 || vt_fail "the harness did not connect: $(cat "$d/harness.log")"

expected=$(sed -e 's/^\(\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.2\.6\.1\.11\.2\.1\) = INTEGER: 2$/\1 = INTEGER: 1/' \
  "$VT_ROOT/tests/data/snmp/keepalived-lab1.walk" | vt_snmp_mask)
check_walk() {
  local got
  got=$(vt_snmp_walk_all r1)
  if [ "$got" != "$expected" ]; then
    diff <(echo "$expected") <(echo "$got") >&2 || true
    vt_fail "walk differs from keepalived's ($1)"
  fi
  vt_log "ok: the walk equals keepalived's lab1 walk ($1, $(echo "$got" | wc -l) lines)"
}
check_walk "first session"

sysor=$(vt_snmpwalk r1 .1.3.6.1.2.1.1.9.1.3)
for descr in "The MIB module for Keepalived" "The MIB module for KEEPALIVED-VRRP" \
  "The MIB module for VRRP" "The MIB module for VRRPV3"; do
  grep -q "\"$descr\"" <<<"$sysor" || vt_fail "sysORTable lacks \"$descr\""
done
vt_log "ok: sysORTable has the four module entries"

want_trap='.1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586.100.5.2.10.0.2	.1.3.6.1.4.1.9586.100.5.2.3.1.2 = STRING: "VI_1"	.1.3.6.1.4.1.9586.100.5.2.3.1.4 = INTEGER: 2	.1.3.6.1.4.1.9586.100.5.2.3.1.5 = INTEGER: 1	.1.3.6.1.4.1.9586.100.5.1.2.0 = STRING: "lab1"'
wait_for "vt_snmp_traps r1 | grep -qF '$want_trap'" 5 || vt_fail "no vrrpInstanceStateChange trap: $(vt_snmp_traps r1)"
vt_log "ok: the start-up trap reached snmptrapd with keepalived's varbinds"

# snmpd restarts under the running sub-agent.
vt_snmpd_stop r1
wait_for "grep -q 'lost' '$d/harness.log'" 5 || vt_fail "the harness did not notice snmpd leaving"
vt_snmpd_start r1
wait_for "[ \$(grep -c 'subagent connected' '$d/harness.log') -ge 2 ]" 10 ||
  vt_fail "the harness did not reconnect: $(cat "$d/harness.log")"
check_walk "after snmpd restarted"
kill -USR1 "$hpid"
wait_for "vt_snmp_traps r1 | grep -q 'STRING: \"VI_3\"'" 5 || vt_fail "no trap after the restart"
vt_log "ok: traps flow again after the restart"

kill -TERM "$hpid"
vt_wait_exit "$hpid" 3 || vt_fail "the harness did not exit on SIGTERM"
vt_log "PASS"
