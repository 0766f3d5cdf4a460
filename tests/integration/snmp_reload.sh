#!/usr/bin/env bash
# SNMP across a reload: r1 (IMPL_A, alone, MASTER) serves KEEPALIVED-MIB, VRRP-MIB and
# VRRPV3-MIB to snmpd; SIGHUP with a configuration that removes one instance (VI_2) and adds
# another (VI_4). The walks before and after (rows re-indexed by configuration position, the
# removed instance gone, the new one present) must equal those of a reference round with
# keepalived 2.2.7, ticking values masked. One VRRPv2 instance only: keepalived 2.2.7 walks
# only the first row of each RFC 2787 column (man/vigil.7; vigil answers every row).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/snmp_lib.sh"

vt_init "$IMPL_A" keepalived
vt_snmp_require
vt_topology 1

instance() { # instance NAME VRID VERSION VIP
  printf 'vrrp_instance %s {\n    state MASTER\n    interface eth0\n    virtual_router_id %s\n' "$1" "$2"
  printf '    version %s\n    priority 100\n    virtual_ipaddress {\n        %s\n    }\n}\n' "$3" "$4"
}
conf() { # conf INSTANCE...: NAME:VRID:VERSION:VIP each
  local i
  printf 'global_defs {\n    router_id r1\n    enable_snmp_vrrp\n    enable_snmp_rfc\n'
  printf '    snmp_socket unix:%s\n}\n' "$(vt_snmp_socket r1)"
  for i in "$@"; do
    IFS=: read -r name vrid version vip <<<"$i"
    instance "$name" "$vrid" "$version" "$vip"
  done
}
before=(VI_1:51:2:192.0.2.101/24 VI_2:52:3:192.0.2.102/24 VI_3:53:3:192.0.2.103/24)
after=(VI_1:51:2:192.0.2.101/24 VI_3:53:3:192.0.2.103/24 VI_4:54:3:192.0.2.104/24)
walk() {
  local t
  for t in .1.3.6.1.4.1.9586.100.5 .1.3.6.1.2.1.68 .1.3.6.1.2.1.207; do
    vt_in r1 env MIBS= snmpbulkwalk -v2c -c public -On -t 2 -r 1 -Cr50 127.0.0.1:1161 "$t" 2>&1
  done | vt_snmp_mask_runs |
    # keepalived 2.2.7 reports only the first instance's VIPs as advertised (man/vigil.7).
    sed -E 's/^(\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.2\.6\.1\.11\.[0-9]+\.[0-9]+ = INTEGER:) 2$/\1 1/'
}
# The walk once it shows `count` instances all MASTER (vrrpInstanceState) and is still 1 s later.
settled_walk() { # settled_walk COUNT FILE
  local deadline=$((SECONDS + 10)) prev= now
  while :; do
    now=$(walk)
    if [ "$(grep -c '^\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.2\.3\.1\.4\.[0-9]* = INTEGER: 2$' <<<"$now")" -eq "$1" ] &&
      [ "$now" = "$prev" ]; then
      printf '%s\n' "$now" >"$2"
      return 0
    fi
    prev=$now
    [ $SECONDS -lt $deadline ] || { printf '%s\n' "$now" >"$2"; vt_fail "the walk did not settle on $1 masters"; }
    sleep 0.5
  done
}

round() { # round TAG IMPL
  vt_log "round $1: r1 $2"
  vt_snmpd_start r1
  vt_start r1 "$2" "$(conf "${before[@]}")"
  settled_walk 3 "$VT_DIR/$1.before"
  conf "${after[@]}" >"$VT_DIR/r1/keepalived.conf"
  kill -HUP "$(vt_parent_pid r1)"
  wait_for "vt_vip_on r1 192.0.2.104 && vt_vip_off r1 192.0.2.102" 5 || vt_fail "r1 ($2) did not apply the reload"
  settled_walk 3 "$VT_DIR/$1.after"
  vt_stop r1
  vt_snmpd_stop r1
}

round ref keepalived
round run "$IMPL_A"
for w in before after; do
  if ! diff "$VT_DIR/ref.$w" "$VT_DIR/run.$w" >"$VT_DIR/diff" 2>&1; then
    cat "$VT_DIR/diff" >&2
    vt_fail "the walk $w the reload differs from keepalived's"
  fi
  vt_log "ok: the walk $w the reload as keepalived 2.2.7 ($(wc -l <"$VT_DIR/run.$w") lines)"
done
vt_log "PASS"
