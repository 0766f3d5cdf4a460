#!/usr/bin/env bash
# A respawned VRRP child runs the configuration the daemon last loaded, not what the file
# says by then (keepalived's children re-parse the parent's consolidated copy; vigil's parent
# keeps the configuration's canonical text). r1 starts with VIPs {.100, .101}; its file is
# rewritten with {.100, .102} without SIGHUP and its VRRP child SIGKILLed: the new child
# advertises {.100, .101}. After SIGHUP it advertises {.100, .102}, and so does the child
# respawned after a second SIGKILL (the reloaded configuration is the one kept). VRRPv3, 50 ms.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
old="192.0.2.100/24 192.0.2.101/24"
new="192.0.2.100/24 192.0.2.102/24"
# A few settings besides the VIPs, so that what the new child runs is the whole configuration.
extra=$'    track_interface {\n        eth0\n    }\n    garp_master_repeat 2'
vt_pair_up "$(vt_conf MASTER 100 version=3 int=0.05 vips="$old" extra="$extra")" \
  "$(vt_conf BACKUP 90 version=3 int=0.05 vips="$old")"

# respawn_advertising LABEL VIPS: SIGKILLs r1's VRRP child, waits for the new one, and for
# r1 adverts after the kill that carry exactly VIPS (comma-separated).
respawn_advertising() {
  local old_pid t
  old_pid=$(vt_vrrp_pid r1)
  t=$EPOCHREALTIME
  kill -KILL "$old_pid"
  wait_for "[ -s '$VT_DIR/r1/vrrp.pid' ] && [ \"\$(vt_vrrp_pid r1)\" != $old_pid ] && vt_alive \$(vt_vrrp_pid r1)" 5 ||
    vt_fail "$1: no new VRRP child"
  vt_wait_packets "\$1 > $t && \$2 == \"r1\" && \$3 == \"advert\" && \$4 == 100" 3 5 ||
    vt_fail "$1: the new VRRP child does not advertise"
  local seen
  seen=$(vt_packets | awk -v t="$t" '$1 > t && $2 == "r1" && $3 == "advert" { print $9 }' | sort -u | tr '\n' ' ')
  [ "$seen" = "$2 " ] || vt_fail "$1: the new VRRP child advertises [$seen], expected [$2]"
  vt_log "ok: $1: the new VRRP child advertises $2"
}

vt_conf MASTER 100 version=3 int=0.05 vips="$new" extra="$extra" >"$VT_DIR/r1/keepalived.conf"
respawn_advertising "file changed, no reload" "192.0.2.100,192.0.2.101"

t_hup=$EPOCHREALTIME
kill -HUP "$(vt_parent_pid r1)"
vt_wait_packets "\$1 > $t_hup && \$2 == \"r1\" && \$3 == \"advert\" && \$9 == \"192.0.2.100,192.0.2.102\"" 1 3 ||
  vt_fail "r1 did not reload"
vt_log "ok: reloaded"
respawn_advertising "after the reload" "192.0.2.100,192.0.2.102"
vt_alive "$(vt_parent_pid r1)" || vt_fail "r1's parent died"
exit 0
