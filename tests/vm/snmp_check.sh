#!/usr/bin/env bash
# The checker child's SNMP sub-agent against keepalived 2.2.7 in the VM tier (run inside:
# tests/vm/run -- tests/vm/snmp_check.sh BUILD_DIR). One snmpd (AgentX master on a unix
# socket) and one snmptrapd in a namespace; keepalived 2.2.7, then vigil, run
# snmp_check.conf (enable_snmp_checker, enable_traps) with -C, and the same steps drive both:
#   1. start, every real server healthy: walk KEEPALIVED-MIB (global and check);
#   1b. snmpset of realServerWeight through snmpd's write community: 198.51.100.3 to 5 (then
#      back to 1), the sorry server's and a wrong type (refused): the same snmpset output, the
#      same "Changing weight" log lines and the same IPVS weight as keepalived's. (An unknown
#      row is not compared: keepalived 2.2.7 accepts it and changes whichever server its list
#      walk ends on, FWM 7's here; ours answers notWritable, man/vigil.7.)
#   2. one real server fails (its httpd killed; quorum lost, the sorry server in): the traps
#      (realServerStateChange, virtualServerQuorumStateChange) and a walk;
#   3. SIGTERM: the shutdown traps.
# Walks are `snmpbulkwalk -On`, with what ticks masked (IPVS counters and rates, the version
# string); each must equal keepalived's. The traps, in order, must be equal.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
vm_begin snmp-check "$1"
vm_need_module ip_vs
vm_need_tools keepalived /usr/sbin/snmpd /usr/sbin/snmptrapd snmpbulkwalk
vm_inside_netns vigil-vm-snmp "$0" "$@"
work=$(mktemp -d)
daemon_pid= httpd2= httpd3= httpd6= snmpd_pid= trapd_pid=
cleanup() {
  local p
  for p in $daemon_pid $httpd2 $httpd3 $httpd6 $snmpd_pid $trapd_pid; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  ipvsadm -C
  rm -rf "$work"
}
trap cleanup EXIT
ip link set lo up
for a in 2 3 6 9; do ip addr add 198.51.100.$a/32 dev lo; done
ip addr add 2001:db8::2/128 dev lo
mkdir -p "$work/www"
echo ok >"$work/www/index.html"
vm_nap_init "$work"

cat >"$work/snmpd.conf" <<EOC
master agentx
agentXSocket unix:$work/agentx.sock
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1
trap2sink 127.0.0.1:1162 public
dontLogTCPWrappersConnects yes
EOC
echo "authCommunity log public" >"$work/snmptrapd.conf"
export MIBS= SNMP_PERSISTENT_DIR=$work
/usr/sbin/snmptrapd -f -On -C -c "$work/snmptrapd.conf" -Lf "$work/traps.log" udp:127.0.0.1:1162 >/dev/null 2>&1 &
trapd_pid=$!
/usr/sbin/snmpd -f -Lf "$work/snmpd.log" -C -c "$work/snmpd.conf" udp:127.0.0.1:1161 >/dev/null 2>&1 &
snmpd_pid=$!
deadline=$((SECONDS + 60))
until [ -S "$work/agentx.sock" ] && grep -qs 'NET-SNMP version' "$work/traps.log"; do
  [ $SECONDS -lt $deadline ] || { echo "snmp-check: snmpd or snmptrapd did not start"; exit 1; }
  nap 0.2
done

walk() {
  snmpbulkwalk -v2c -c public -On -t 5 -r 1 -Cr50 127.0.0.1:1161 .1.3.6.1.4.1.9586.100.5 2>&1 |
    sed -E -e 's/^(\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.3\.3\.1\.(2[7-9]|3[0-6]|3[89]|4[0-9]|50)\.[0-9.]+ = [A-Za-z0-9]+:).*/\1 N/' \
      -e 's/^(\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.3\.4\.1\.(1[4-9]|2[0-9]|3[0-9])\.[0-9.]+ = [A-Za-z0-9]+:).*/\1 N/' \
      -e 's/^(\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.1\.1\.0 = STRING:) .*/\1 V/'
}
# The traps snmptrapd logged since line $1 (snmpTrapOID.0 on; snmpd's own coldStart dropped).
traps() {
  tail -n +"$1" "$work/traps.log" | grep -F '.1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586' |
    sed -e 's/^.*\(\.1\.3\.6\.1\.6\.3\.1\.1\.4\.1\.0 = OID:\)/\1/'
}
trap_count() { traps 1 | wc -l; }

servers_up() {
  busybox httpd -f -p 198.51.100.2:80 -h "$work/www" & httpd2=$!
  busybox httpd -f -p 198.51.100.3:80 -h "$work/www" & httpd3=$!
  busybox httpd -f -p 198.51.100.6:80 -h "$work/www" & httpd6=$!
  touch "$work/rs6-up"
}
servers_down() {
  kill -9 $httpd2 $httpd3 $httpd6 2>/dev/null
  wait $httpd2 $httpd3 $httpd6 2>/dev/null
  httpd2= httpd3= httpd6=
  rm -f "$work/rs6-up"
}

# The realServerStatus column alone: cheap to poll (a full walk takes 10-20 s under TCG).
status() {
  snmpbulkwalk -v2c -c public -On -t 5 -r 1 127.0.0.1:1161 .1.3.6.1.4.1.9586.100.5.3.4.1.6 2>&1
}
# until_walk IMPL STEP TEST: polls the status column until TEST (a command on it) holds
# twice in a row 1 s apart (90 s at most), then walks the whole MIB into IMPL.STEP. vigil's
# walk must then equal keepalived's: it is walked again (at most 3 times) while it differs.
until_walk() {
  local impl=$1 step=$2 test=$3 deadline=$((SECONDS + 90)) prev= now tries=0
  while :; do
    status >"$work/$impl.status$step"
    now=$(cat "$work/$impl.status$step")
    if $test "$work/$impl.status$step" && [ "$prev" = "$now" ]; then
      break
    fi
    prev=$now
    [ $SECONDS -lt $deadline ] || { fail "$impl: step $step not reached"; cat "$work/$impl.status$step"; return 1; }
    nap 1
  done
  while :; do
    walk >"$work/$impl.$step"
    tries=$((tries + 1))
    echo "$impl: walk for step $step at $(elapsed)"
    [ "$impl" = keepalived ] && return 0
    cmp -s "$work/$impl.$step" "$work/keepalived.$step" && return 0
    [ $tries -lt 3 ] || return 1
    nap 2
  done
}
# Step 1b: realServerWeight Sets (rows: 1.1 the sorry server, 1.2 198.51.100.2, 1.3
# 198.51.100.3); what snmpset prints, the log lines and the weight IPVS shows, into IMPL.set.
W=.1.3.6.1.4.1.9586.100.5.3.4.1.7
snmpset_() { snmpset -v2c -c private -On -t 5 -r 0 127.0.0.1:1161 "$@" 2>&1; echo "exit $?"; }
ipvs_weight() { ipvsadm -Ln -t 192.0.2.10:80 | awk '$2 == "198.51.100.3:80" { print $2, $4 }'; }
set_weights() {
  local impl=$1 deadline
  {
    snmpset_ $W.1.1 i 5
    snmpset_ $W.1.3 s 5
    snmpset_ $W.1.3 i 5
    deadline=$((SECONDS + 5))
    until [ "$(ipvs_weight)" = "198.51.100.3:80 5" ] || [ $SECONDS -ge $deadline ]; do nap 0.1; done
    echo "ipvs: $(ipvs_weight)"
    snmpset_ $W.1.3 i 1
    deadline=$((SECONDS + 5))
    until [ "$(ipvs_weight)" = "198.51.100.3:80 1" ] || [ $SECONDS -ge $deadline ]; do nap 0.1; done
    echo "ipvs: $(ipvs_weight)"
    grep -oE 'Changing weight from .*' "$work/$impl.log"
  } >"$work/$impl.set"
}

# Step 1: every checked server up (realServerStatus true in 5 rows).
all_up() { [ "$(grep -c ' = INTEGER: 1$' "$1")" -eq 5 ]; }
# Step 2: 198.51.100.2 down (the first virtual server's second row: its sorry server is the first).
rs2_down() { grep -q '^\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.3\.4\.1\.6\.1\.2 = INTEGER: 2$' "$1"; }
# vigil: the same status column as keepalived's at that step.
same_status() { cmp -s "$1" "$work/keepalived.status$step_now"; }

run() {
  local impl=$1 binary=$2 before
  sed "s|@WORK@|$work|g" "$here/snmp_check.conf" >"$work/keepalived.conf"
  servers_up
  before=$(( $(wc -l <"$work/traps.log") + 1 ))
  "$binary" -n -l -D -C -f "$work/keepalived.conf" -p "$work/$impl.pid" -c "$work/$impl.checkers.pid" \
    -r "$work/$impl.vrrp.pid" >"$work/$impl.log" 2>&1 &
  daemon_pid=$!
  if [ "$impl" = keepalived ]; then
    step_now=1; until_walk $impl 1 all_up
  else
    step_now=1; until_walk $impl 1 same_status
  fi
  set_weights "$impl"
  kill -9 $httpd2; wait $httpd2 2>/dev/null; httpd2=
  if [ "$impl" = keepalived ]; then
    step_now=2; until_walk $impl 2 rs2_down
  else
    step_now=2; until_walk $impl 2 same_status
  fi
  vm_stop_daemon "$impl"
  # The last traps (the stop's) reach snmptrapd through snmpd, late when the host is loaded:
  # keepalived's count once it has been still for 1-2 s, ours once it has keepalived's (at
  # most 15 s either way).
  local count last=-1 since=$SECONDS deadline=$((SECONDS + 15))
  while [ $SECONDS -lt $deadline ]; do
    count=$(traps "$before" | wc -l)
    if [ "$impl" = keepalived ]; then
      [ "$count" != "$last" ] && { last=$count; since=$SECONDS; }
      [ $((SECONDS - since)) -ge 2 ] && break
    else
      [ "$count" -ge "$(wc -l <"$work/keepalived.traps")" ] && break
    fi
    nap 0.25
  done
  traps "$before" >"$work/$impl.traps"
  servers_down
  ipvsadm -C
  echo "$impl done (at $(elapsed)): $(wc -l <"$work/$impl.traps") traps"
}

run keepalived keepalived
run vigil "$ours"
for s in 1 set 2 traps; do
  if ! diff -u "$work/keepalived.$s" "$work/vigil.$s"; then
    fail "step $s: keepalived's (-) and vigil's (+) differ"
  fi
done
if [ $failed -ne 0 ]; then
  echo "-- keepalived's walk 1"; cat "$work/keepalived.1"
  echo "-- keepalived's traps"; cat "$work/keepalived.traps"
  echo "-- vigil's log"; cat "$work/vigil.log"
  echo "-- snmpd's log"; cat "$work/snmpd.log"
fi
[ $failed -eq 0 ] && echo "snmp-check: ok ($(elapsed))"
exit $failed
