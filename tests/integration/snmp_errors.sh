#!/usr/bin/env bash
# The SNMP notifications of refused adverts, as keepalived 2.2.7 sends them: r1 (IMPL_A, with
# enable_snmp_rfc and enable_traps) receives bad adverts from r2 (always keepalived 2.2.7,
# misconfigured on purpose) and its snmptrapd catches what r1 sends:
#   - VI_1 (v2, PASS "secret") hears PASS "wrong"  -> vrrpTrapAuthFailure, authFailure(3)
#   - VI_2 (v2, PASS "secret") hears no auth        -> vrrpTrapAuthFailure, authTypeMismatch(2)
#   - VI_3 (v3) hears VRRPv2 adverts                -> vrrpv3ProtoError, versionError(2)
# The distinct traps (one per advert: their number depends on timing) must equal those of a
# reference round with keepalived 2.2.7 on r1, in the same topology.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/snmp_lib.sh"

vt_init "$IMPL_A" keepalived
vt_snmp_require
vt_topology 2

auth() { printf '    authentication {\n        auth_type PASS\n        auth_pass %s\n    }' "$1"; }
instance() { # instance NAME VRID VERSION PRIORITY VIP AUTH_TEXT
  printf 'vrrp_instance %s {\n    state BACKUP\n    interface eth0\n    virtual_router_id %s\n' "$1" "$2"
  printf '    version %s\n    priority %s\n%s\n    virtual_ipaddress {\n        %s\n    }\n}\n' "$3" "$4" "$6" "$5"
}
conf_r1() {
  printf 'global_defs {\n    router_id r1\n    enable_snmp_rfc\n    enable_traps\n'
  printf '    snmp_socket unix:%s\n}\n' "$(vt_snmp_socket r1)"
  instance VI_1 51 2 100 192.0.2.101/24 "$(auth secret)"
  instance VI_2 53 2 100 192.0.2.102/24 "$(auth secret)"
  instance VI_3 52 3 100 192.0.2.103/24 ""
}
conf_r2() {
  printf 'global_defs {\n    router_id r2\n}\n'
  instance VI_1 51 2 200 192.0.2.101/24 "$(auth wrong)"
  instance VI_2 53 2 200 192.0.2.102/24 ""
  instance VI_3 52 2 200 192.0.2.103/24 ""
}
errors() { # the distinct vrrpTrapAuthFailure / vrrpv3ProtoError traps r1 received
  vt_snmp_traps r1 | grep -E 'OID: \.1\.3\.6\.1\.2\.1\.(68|207)\.0\.2' | sort -u
}

round() { # round TAG IMPL
  vt_log "round $1: r1 $2"
  vt_snmptrapd_start r1
  vt_snmpd_start r1
  vt_start r1 "$2" "$(conf_r1)"
  vt_start r2 keepalived "$(conf_r2)"
  wait_for "[ \$(errors | wc -l) -ge 3 ]" 10 || vt_fail "r1 ($2) did not send the three kinds of traps: $(errors)"
  sleep 1 # a second advert of each kind: nothing new may appear
  errors >"$VT_DIR/$1.errors"
  vt_stop r1
  vt_stop r2
  vt_snmpd_stop r1
  vt_snmptrapd_stop r1
}

round ref keepalived
round run "$IMPL_A"
if ! diff "$VT_DIR/ref.errors" "$VT_DIR/run.errors" >"$VT_DIR/diff" 2>&1; then
  cat "$VT_DIR/diff" >&2
  vt_fail "r1's error traps differ from keepalived's"
fi
vt_log "ok: the error traps as keepalived 2.2.7 ($(wc -l <"$VT_DIR/run.errors")):"
cat "$VT_DIR/run.errors"
vt_log "PASS"
