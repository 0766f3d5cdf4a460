#!/usr/bin/env bash
# vrrpBfdTable after a BFD session comes Up: r1 (IMPL_A) has bfd_instance B1 towards r2 that
# no VRRP instance tracks, and SNMP; r2 runs keepalived 2.2.7's BFD towards r1. Once B1 is Up,
# r1's vrrpBfdTable (…9586.100.5.2.18) must be what keepalived 2.2.7 shows in the same place
# (vrrpBfdResult 1: keepalived follows every session's events, tracked or not).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/snmp_lib.sh"

vt_init "$IMPL_A" keepalived
vt_snmp_require
vt_topology 2
r1=$(vt_ip4 r1)
r2=$(vt_ip4 r2)
bfd() { # bfd NEIGHBOUR SOURCE
  printf 'bfd_instance B1 {\n    neighbor_ip %s\n    source_ip %s\n    min_rx 100\n    min_tx 100\n    multiplier 3\n}\n' "$1" "$2"
}
conf_r1() {
  vt_conf MASTER 100 global="    router_id r1
    enable_snmp_vrrp
    snmp_socket unix:$(vt_snmp_socket r1)" head="$(bfd "$r2" "$r1")"
}
table() { vt_snmpwalk r1 .1.3.6.1.4.1.9586.100.5.2.18; }

round() { # round TAG IMPL
  vt_log "round $1: r1 $2"
  vt_snmpd_start r1
  vt_start r1 "$2" "$(conf_r1)"
  vt_start r2 keepalived "$(vt_conf BACKUP 50 vrid=60 vips=192.0.2.160/24 head="$(bfd "$r1" "$r2")")"
  wait_for "table | grep -q '\.18\.1\.3\.1 = INTEGER: 1'" 20 || vt_fail "r1 ($2) does not show B1 Up: $(table)"
  table >"$VT_DIR/$1.table"
  vt_stop r1
  vt_stop r2
  vt_snmpd_stop r1
}

round ref keepalived
round run "$IMPL_A"
if ! diff "$VT_DIR/ref.table" "$VT_DIR/run.table" >"$VT_DIR/diff" 2>&1; then
  cat "$VT_DIR/diff" >&2
  vt_fail "vrrpBfdTable differs from keepalived's"
fi
vt_log "ok: vrrpBfdTable as keepalived 2.2.7:"
cat "$VT_DIR/run.table"
vt_log "PASS"
