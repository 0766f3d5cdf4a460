#!/usr/bin/env bash
# PASS authentication mismatch: each side drops the other's adverts (RFC 3768 5.3.6.2 auth
# data check), so both become MASTER and hold the VIP; both log the invalid password.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
auth() { printf '    authentication {\n        auth_type PASS\n        auth_pass %s\n    }' "$1"; }
vt_capture_start
vt_start r1 "$IMPL_A" "$(vt_conf MASTER 100 extra="$(auth secret1)")"
vt_start r2 "$IMPL_B" "$(vt_conf BACKUP 90 extra="$(auth secret2)")"
wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_on r2 $VT_VIP4" 8 || vt_fail "not both masters"
vt_log "ok: both r1 and r2 hold the VIP"
wait_for "vt_log_has r1 'received an invalid passwd' && vt_log_has r2 'received an invalid passwd'" 3 ||
  vt_fail "the invalid password was not logged on both sides"
vt_log "ok: both log 'received an invalid passwd!'"
vt_analyse
vt_check_adverts "$VT_P" r1 2 100 1000
vt_check_adverts "$VT_P" r2 2 90 1000
exit 0
