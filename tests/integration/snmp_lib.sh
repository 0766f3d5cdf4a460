# shellcheck shell=bash
# SNMP helpers for the integration tests (source after lib.sh): net-snmp's snmpd as AgentX
# master and snmptrapd in a node's namespace, both private to the run (sockets and logs in
# the node's dir, SNMP on 127.0.0.1 of that namespace only), as in the reference lab
# (shared/reference/keepalived-2.2.7-observability.md section 1.8).
#
#   vt_snmp_require           skip (77) unless snmpd, snmptrapd and snmpwalk exist
#   vt_snmpd_start NODE       snmpd: AgentX on unix:$(vt_snmp_socket NODE), SNMP udp:127.0.0.1:1161
#   vt_snmpd_stop NODE        SIGTERM, wait
#   vt_snmptrapd_start NODE   snmptrapd on udp:127.0.0.1:1162, logging to traps.log
#   vt_snmptrapd_stop NODE    SIGTERM, wait
#   vt_snmp_traps NODE        the traps received so far, one per line
#   vt_snmpwalk NODE OID      snmpwalk -v2c -On of OID (numeric, no MIB files)
#   vt_snmpset NODE ARGS...   snmpset -v2c -On with the write community; its output (stdout
#                             and stderr) and its exit status as a last line "exit N"
#   vt_snmp_walk_all NODE     the three VRRP subtrees and sysORTable, ticking values masked

vt_snmp_require() {
  local t
  for t in snmpd snmptrapd snmpwalk; do
    command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] || vt_skip "missing $t (packages snmpd, snmptrapd, snmp)"
  done
}

vt_snmp_socket() { echo "$(vt_node_dir "$1")/agentx.sock"; }

vt_snmpd_start() {
  local n=$1 d pid
  d=$(vt_node_dir "$n")
  cat >"$d/snmpd.conf" <<EOC
master agentx
agentXSocket unix:$d/agentx.sock
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1
trap2sink 127.0.0.1:1162 public
EOC
  rm -f "$d/agentx.sock"
  ip netns exec "$(vt_ns "$n")" env MIBS= /usr/sbin/snmpd -f -Lf "$d/snmpd.log" -C -c "$d/snmpd.conf" \
    udp:127.0.0.1:1161 >/dev/null 2>&1 &
  pid=$!
  VT_PIDS+=("$pid")
  echo "$pid" >"$d/snmpd.pid"
  wait_for "[ -S '$d/agentx.sock' ]" 5 || vt_fail "snmpd did not open its AgentX socket in $n"
}

vt_snmpd_stop() {
  local pid
  pid=$(cat "$(vt_node_dir "$1")/snmpd.pid")
  kill -TERM "$pid" 2>/dev/null
  vt_wait_exit "$pid" 5 || vt_fail "snmpd in $1 did not exit"
}

vt_snmptrapd_start() {
  local n=$1 d pid
  d=$(vt_node_dir "$n")
  echo "authCommunity log public" >"$d/snmptrapd.conf"
  rm -f "$d/traps.log"
  # Each trap is logged as a header line, then one line of tab-separated varbinds.
  ip netns exec "$(vt_ns "$n")" env MIBS= /usr/sbin/snmptrapd -f -On -C -c "$d/snmptrapd.conf" \
    -Lf "$d/traps.log" udp:127.0.0.1:1162 >/dev/null 2>&1 &
  pid=$!
  VT_PIDS+=("$pid")
  echo "$pid" >"$d/snmptrapd.pid"
  wait_for "grep -qs 'NET-SNMP version' '$d/traps.log'" 5 || vt_fail "snmptrapd did not start in $n"
}

vt_snmptrapd_stop() {
  local pid
  pid=$(cat "$(vt_node_dir "$1")/snmptrapd.pid")
  kill -TERM "$pid" 2>/dev/null
  vt_wait_exit "$pid" 5 || vt_fail "snmptrapd in $1 did not exit"
}

# vt_snmp_traps NODE: the traps received so far, one per line, from snmpTrapOID.0 on (the
# master's sysUpTime.0 dropped).
vt_snmp_traps() {
  grep -F '.1.3.6.1.6.3.1.1.4.1.0 = OID:' "$(vt_node_dir "$1")/traps.log" 2>/dev/null |
    sed -e 's/^.*\(\.1\.3\.6\.1\.6\.3\.1\.1\.4\.1\.0 = OID:\)/\1/'
}

vt_snmpwalk() {
  ip netns exec "$(vt_ns "$1")" env MIBS= snmpwalk -v2c -c public -On -t 2 -r 1 127.0.0.1:1161 "$2" 2>&1
}

vt_snmpset() {
  local n=$1 rc=0
  shift
  ip netns exec "$(vt_ns "$n")" env MIBS= snmpset -v2c -c private -On -t 2 -r 0 127.0.0.1:1161 "$@" 2>&1 || rc=$?
  echo "exit $rc"
}

# Values that tick (uptimes) are masked so that two walks compare.
vt_snmp_mask() {
  sed -E -e 's/Timeticks: \([0-9]+\) [0-9:. a-z,]*/Timeticks: (T)/'
}

# Also what ticks between two runs of the same scenario: adverts received (RFC 2787, RFC 6527)
# and the version string (keepalived's build date, vigil's version: process/banner.hpp).
vt_snmp_mask_runs() {
  sed -E -e 's/Timeticks: \([0-9]+\) [0-9:. a-z,]*/Timeticks: (T)/' \
    -e 's/^(\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.1\.1\.0 = STRING:) "Keepalived v2\.2\.7 .*"$/\1 "Keepalived v2.2.7 (V)"/' \
    -e 's/^(\.1\.3\.6\.1\.2\.1\.68\.2\.4\.1\.2\.[0-9.]+ = Counter32:) [0-9]+/\1 N/' \
    -e 's/^(\.1\.3\.6\.1\.2\.1\.207\.1\.2\.5\.1\.3\.[0-9.]+ = Counter64:) [0-9]+/\1 N/'
}

vt_snmp_walk_all() {
  local t
  for t in .1.3.6.1.4.1.9586.100.5 .1.3.6.1.2.1.68 .1.3.6.1.2.1.207; do
    vt_snmpwalk "$1" "$t"
  done | vt_snmp_mask
}
