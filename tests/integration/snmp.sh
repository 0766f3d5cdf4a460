#!/usr/bin/env bash
# SNMP as keepalived 2.2.7 speaks it: the AgentX sub-agent of IMPL_A (r1, MASTER) and IMPL_B
# (r2, BACKUP) against net-snmp's snmpd in each router's namespace, compared with a reference
# round in which keepalived 2.2.7 runs on both routers, in the same topology and the same
# configuration (a sync group of a VRRPv2 and a VRRPv3 instance, enable_traps; on r1
# enable_snmp_vrrp, enable_snmp_rfc and snmp_socket, on r2 -x and -A instead):
#   - snmpwalk -On of KEEPALIVED-MIB, VRRP-MIB and VRRPV3-MIB on the master and on the
#     backup, then on r2 after r1's death made it master: equal line for line, with ticking
#     values (TimeTicks, adverts received) masked;
#   - the traps each router's snmptrapd received from start to SIGTERM: the same, in order
#     for each instance and for the group;
#   - snmpset through snmpd's write community on the backup (r2): refused sets (base priority
#     0, a wrong type, an unknown row, a read-only object, preempt 3, accept of the VRRPv2 and
#     of the VRRPv3 instance), preemption off and on, then both instances' base priority
#     raised above the master's in one PDU: the same snmpset output, the same log lines, the
#     same takeover (both VIPs move to r2) and the same walk afterwards;
#   - routers running ours: snmpd restarted under the daemon, the walk is back within
#     seconds (keepalived only re-registers at its 120 s ping).
# Known difference, rewritten in keepalived's walks: vrrpAddressAdvertising is true for every
# VIP in ours, only for the first instance's in keepalived 2.2.7 (man/vigil.7).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/snmp_lib.sh"

vt_init "$IMPL_A" "$IMPL_B" keepalived
vt_snmp_require
vt_topology 2

# r1 is configured by keywords, r2 by the command line (-x: every MIB, -A: the socket; -x
# does not enable traps).
VT_ARGS_r2="-x -A unix:$(vt_snmp_socket r2)"
conf() { # conf NODE STATE PRIORITY
  local snmp="    enable_snmp_vrrp
    enable_snmp_rfc
    snmp_socket unix:$(vt_snmp_socket "$1")"
  [ "$1" = r2 ] && snmp=""
  vt_conf "$2" "$3" vips="192.0.2.100/24" \
    global="    router_id $1
$snmp
    enable_traps" \
    head="vrrp_sync_group SG1 {
    group {
        VI_1
        VI_3
    }
}" \
    tail="vrrp_instance VI_3 {
    state $2
    interface eth0
    virtual_router_id 52
    version 3
    priority $3
    virtual_ipaddress {
        192.0.2.200/24
    }
}"
}

# keepalived 2.2.7 reports only the first instance's VIPs as advertised (no eVIPs here).
fix_known() {
  if [ "$1" = keepalived ]; then
    sed -E 's/^(\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.2\.6\.1\.11\.[0-9]+\.[0-9]+ = INTEGER:) 2$/\1 1/'
  else
    cat
  fi
}
walk() { # walk NODE IMPL
  local t
  for t in .1.3.6.1.4.1.9586.100.5 .1.3.6.1.2.1.68 .1.3.6.1.2.1.207; do
    vt_snmpwalk "$1" "$t"
  done | vt_snmp_mask_runs | fix_known "$2"
}

# set_step TAG IMPL: snmpset on the backup r2 (instances: 1 VI_1 VRRPv2, 2 VI_3 VRRPv3).
I=.1.3.6.1.4.1.9586.100.5.2.3.1
set_step() {
  local tag=$1 b=$2 out=$VT_DIR/$1.set from
  # Both rounds log to the same file: only this step's lines count.
  from=$(($(wc -l <"$VT_DIR/r2/daemon.log") + 1))
  {
    vt_snmpset r2 $I.7.1 i 0
    vt_snmpset r2 $I.7.1 i 256
    vt_snmpset r2 $I.7.1 s 150
    vt_snmpset r2 $I.7.9 i 150
    vt_snmpset r2 $I.2.1 s VI_9
    vt_snmpset r2 $I.8.1 i 150
    vt_snmpset r2 $I.13.1 i 3
    vt_snmpset r2 $I.27.1 i 1
    vt_snmpset r2 $I.27.2 i 1
    vt_snmpset r2 $I.13.1 i 2
    vt_snmpset r2 $I.13.1 i 1
    vt_snmpset r2 $I.7.1 i 150 $I.7.2 i 150
  } >"$out"
  wait_for "vt_vip_on r2 192.0.2.100 && vt_vip_on r2 192.0.2.200" 10 ||
    vt_fail "r2 ($b) did not preempt once its base priority was set above r1's"
  wait_for "vt_vip_off r1 192.0.2.100 && vt_vip_off r1 192.0.2.200" 5 || vt_fail "r1 kept the VIPs"
  tail -n "+$from" "$VT_DIR/r2/daemon.log" |
    grep -oE '\((VI_[13])\) (.* via SNMP\.|preemption .* with SNMP|Changing effective priority .*)$' >"$VT_DIR/$tag.set-log"
  walk r2 "$b" >"$VT_DIR/$tag.r2-set.walk"
}

# round TAG IMPL1 IMPL2: one run; leaves TAG.* files in $VT_DIR.
round() {
  local tag=$1 a=$2 b=$3 n
  vt_log "round $tag: r1 $a, r2 $b"
  for n in r1 r2; do
    vt_link "$n" up
    ip -n "$(vt_ns "$n")" addr flush dev eth0 scope global
    ip -n "$(vt_ns "$n")" addr add "$(vt_ip4 "$n")/24" dev eth0
    vt_snmptrapd_start "$n"
    vt_snmpd_start "$n"
  done
  vt_start r1 "$a" "$(conf r1 MASTER 100)"
  vt_start r2 "$b" "$(conf r2 BACKUP 90)"
  wait_for "vt_vip_on r1 192.0.2.100 && vt_vip_on r1 192.0.2.200" 10 || vt_fail "r1 ($a) did not become master"
  # The start-up traps: r1's group reaches MASTER, r2's BACKUP.
  wait_for "vt_snmp_traps r1 | grep -q '5.2.1.1.3 = INTEGER: 2'" 5 || vt_fail "no MASTER group trap from r1 ($a)"
  wait_for "[ \$(vt_snmp_traps r2 | grep -c '5.2.3.1.4 = INTEGER: 1') -ge 2 ]" 5 || vt_fail "no BACKUP traps from r2 ($b)"
  walk r1 "$a" >"$VT_DIR/$tag.r1-master.walk"
  walk r2 "$b" >"$VT_DIR/$tag.r2-backup.walk"
  set_step "$tag" "$b"
  vt_kill r1
  wait_for "vt_vip_on r2 192.0.2.100 && vt_vip_on r2 192.0.2.200" 10 || vt_fail "r2 ($b) did not take over"
  wait_for "vt_snmp_traps r2 | grep -q '5.2.1.1.3 = INTEGER: 2'" 5 || vt_fail "no MASTER group trap from r2 ($b)"
  walk r2 "$b" >"$VT_DIR/$tag.r2-master.walk"
  if [ "$b" = ours ]; then
    local before
    before=$(vt_log_count r2 'AgentX subagent connected')
    vt_snmpd_stop r2
    vt_snmpd_start r2
    wait_for "[ \$(vt_log_count r2 'AgentX subagent connected') -gt $before ]" 5 ||
      vt_fail "r2 ($b) did not re-register after snmpd restarted"
    [ "$(walk r2 "$b")" = "$(cat "$VT_DIR/$tag.r2-master.walk")" ] || vt_fail "r2's walk changed across the snmpd restart"
    vt_log "ok: r2 ($b) re-registered within 5 s of snmpd's restart"
  fi
  vt_stop r2
  sleep 0.5 # the STOP traps travel through snmpd
  for n in r1 r2; do
    vt_snmp_traps "$n" >"$VT_DIR/$tag.$n.traps"
    vt_snmpd_stop "$n"
    vt_snmptrapd_stop "$n"
  done
}

compare() { # compare WHAT FILE
  if ! diff "$VT_DIR/ref.$2" "$VT_DIR/run.$2" >"$VT_DIR/diff" 2>&1; then
    cat "$VT_DIR/diff" >&2
    vt_fail "$1 differs from keepalived's ($2)"
  fi
  vt_log "ok: $1 as keepalived 2.2.7 ($(wc -l <"$VT_DIR/run.$2") lines)"
}

# The traps of one subject (an instance: its name or its ifIndex.vrid row; the group), in
# order. Two instances that take over together race (whose Master_Down_Timer expires first
# depends on when the dead master's last adverts left), in keepalived as in vigil: each
# subject's sequence is compared, not their interleaving. snmpd's own traps (coldStart, and
# its shutdown around the restart of the run under test) are left out.
subject_traps() { # subject_traps FILE NAME VRID
  grep -E "\"$2\"|\.[0-9]+\.$3(\.[12])? = " "$1" || true
}
compare_traps() { # compare_traps WHAT FILE
  local s
  for s in VI_1:51 VI_3:52 SG1:none; do
    if ! diff <(subject_traps "$VT_DIR/ref.$2" "${s%:*}" "${s#*:}") \
      <(subject_traps "$VT_DIR/run.$2" "${s%:*}" "${s#*:}") >"$VT_DIR/diff" 2>&1; then
      cat "$VT_DIR/diff" >&2
      vt_fail "$1 for ${s%:*} differ from keepalived's ($2)"
    fi
  done
  [ "$(grep -c -E '9586\.100\.5\.2\.10\.0|\.2\.1\.(68|207)\.0\.' "$VT_DIR/ref.$2")" = \
    "$(grep -c -E '9586\.100\.5\.2\.10\.0|\.2\.1\.(68|207)\.0\.' "$VT_DIR/run.$2")" ] ||
    vt_fail "$1: not as many VRRP traps as keepalived's ($2)"
  vt_log "ok: $1 as keepalived 2.2.7 ($(grep -c -E '9586\.100\.5\.2\.10\.0|\.2\.1\.(68|207)\.0\.' "$VT_DIR/run.$2") VRRP traps)"
}

round ref keepalived keepalived
round run "$IMPL_A" "$IMPL_B"
compare "the master's walk" r1-master.walk
compare "the backup's walk" r2-backup.walk
compare "snmpset's output" set
compare "the log lines of the sets" set-log
compare "the walk after the sets" r2-set.walk
compare "the new master's walk" r2-master.walk
compare_traps "r1's traps" r1.traps
compare_traps "r2's traps" r2.traps
vt_log "PASS"
