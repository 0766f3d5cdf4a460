#!/usr/bin/env bash
# Reload (SIGHUP). VRRPv3, 50 ms adverts.
#   reload.sh vips   both nodes reload from VIPs {.100, .101} to {.100, .102}: the master r1
#                    deletes .101, adds and announces .102, keeps .100 without a flap (no
#                    address event for it) and stays master; r2 stays backup
#   reload.sh bad    r1 (reload_check_config) gets a broken config: the check refuses it
#                    ("New config failed validation, see <log> for details", the diagnostic in
#                    the check's log) and r1 keeps running with the old one, still master,
#                    still advertising
#   reload.sh typo   r1 (no reload_check_config) gets the new VIP list with a misspelt
#                    keyword: the error is logged and the reload goes ahead, as above
#   reload.sh fixed  r1 gets the new VIP list, new process names and disable_local_igmp, a
#                    setting a reload may not change: "Cannot change disable_local_igmp at a
#                    reload - please restart keepalived", and the old configuration stays (.101
#                    kept, no .102, the processes' names unchanged); the same reload without
#                    disable_local_igmp then goes ahead (.102, the new names)
source "$(dirname "$0")/lib.sh"
mode=${1:?vips|bad|typo|fixed}
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
vips_old="192.0.2.100/24 192.0.2.101/24"
vips_new="192.0.2.100/24 192.0.2.102/24"
check="    reload_check_config $VT_DIR/r1/check.log"
[ "$mode" = typo ] && check=""
vt_pair_up "$(vt_conf MASTER 100 version=3 int=0.05 vips="$vips_old" global="$check")" \
  "$(vt_conf BACKUP 90 version=3 int=0.05 vips="$vips_old")"
wait_for "vt_vip_on r1 192.0.2.101" 1 || vt_fail "r1 lacks 192.0.2.101"
ip -n "$(vt_ns r1)" monitor address >"$VT_DIR/monitor.txt" 2>&1 &
VT_PIDS+=($!)
# The monitor is listening once it reports a marker address added to lo.
wait_for "ip -n $(vt_ns r1) addr replace 203.0.113.254/32 dev lo; grep -q 203.0.113.254 '$VT_DIR/monitor.txt'" 3 ||
  vt_fail "ip monitor did not start"
t_hup=$EPOCHREALTIME
t_end=9e9 # r2 must stay silent from t_hup to t_end
case $mode in
  vips|typo)
    vt_conf MASTER 100 version=3 int=0.05 vips="$vips_new" global="$check" >"$VT_DIR/r1/keepalived.conf"
    vt_conf BACKUP 90 version=3 int=0.05 vips="$vips_new" >"$VT_DIR/r2/keepalived.conf"
    if [ "$mode" = typo ]; then
      sed -i 's/^\( *\)advert_int /\1advert_intt 1\n&/' "$VT_DIR/r1/keepalived.conf"
      grep -q advert_intt "$VT_DIR/r1/keepalived.conf" || vt_fail "could not misspell a keyword"
    fi
    kill -HUP "$(vt_parent_pid r1)" "$(vt_parent_pid r2)"
    vt_log "reloaded both with VIPs $vips_new"
    wait_for "vt_vip_on r1 192.0.2.102 && vt_vip_off r1 192.0.2.101" 3 || vt_fail "r1 did not apply the new VIP list"
    vt_wait_packets "\$1 > $t_hup && \$2 == \"r1\" && \$3 == \"garp\" && \$9 == \"192.0.2.102\"" 1 3 ||
      vt_fail "r1 did not announce 192.0.2.102"
    vt_wait_packets "\$1 > $t_hup && \$2 == \"r1\" && \$3 == \"advert\"" 10 3 || vt_fail "r1 stopped advertising"
    vt_vip_on r1 192.0.2.100 || vt_fail "r1 lost 192.0.2.100"
    ! grep -q '192\.0\.2\.100/' "$VT_DIR/monitor.txt" || vt_fail "192.0.2.100 flapped: $(cat "$VT_DIR/monitor.txt")"
    grep -q 'Deleted.*192\.0\.2\.101/' "$VT_DIR/monitor.txt" || vt_fail "no deletion event for .101"
    vt_log "ok: .101 removed, .102 added and announced, .100 untouched"
    if [ "$mode" = typo ]; then
      wait_for "vt_log_has r1 \"Unknown keyword 'advert_intt'\"" 3 || vt_fail "r1 did not log the misspelt keyword"
      vt_log "ok: the misspelt keyword is logged and the reload went ahead"
    fi
    ;;
  bad)
    printf 'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_ipaddress {\n        192.0.2.100/24\n}\n' \
      >"$VT_DIR/r1/keepalived.conf"
    kill -HUP "$(vt_parent_pid r1)"
    vt_log "r1 reloaded with a broken config"
    vt_wait_packets "\$1 > $t_hup && \$2 == \"r1\" && \$3 == \"advert\"" 20 4 || vt_fail "r1 stopped advertising"
    vt_alive "$(vt_parent_pid r1)" && vt_alive "$(vt_vrrp_pid r1)" || vt_fail "r1's processes died"
    vt_vip_on r1 192.0.2.100 && vt_vip_on r1 192.0.2.101 || vt_fail "r1 lost its VIPs"
    vt_log "ok: r1 still running and master with its old config"
    vt_log_has r1 "New config failed validation, see $VT_DIR/r1/check.log for details" ||
      vt_fail "r1 did not log the failed validation"
    grep -q "missing '}'s or extra '{'s" "$VT_DIR/r1/check.log" || vt_fail "the check's log lacks the diagnostic"
    ! vt_log_has r1 'Reloading \.\.\.' || vt_fail "r1 logged 'Reloading ...' for a refused reload"
    vt_log "ok: 'New config failed validation', the diagnostic in check.log"
    ;;
  fixed)
    names="    process_name vk_parent_new
    vrrp_process_name vk_vrrp_new"
    comm() { cat "/proc/$1/comm" 2>/dev/null; }
    parent_comm=$(comm "$(vt_parent_pid r1)") vrrp_comm=$(comm "$(vt_vrrp_pid r1)")
    vt_conf MASTER 100 version=3 int=0.05 vips="$vips_new" global="$check
$names
    disable_local_igmp" >"$VT_DIR/r1/keepalived.conf"
    kill -HUP "$(vt_parent_pid r1)"
    vt_log "r1 reloaded with VIPs $vips_new, new process names and disable_local_igmp"
    wait_for "vt_log_has r1 'Cannot change disable_local_igmp at a reload - please restart keepalived'" 3 ||
      vt_fail "r1 did not refuse the change of disable_local_igmp"
    vt_wait_packets "\$1 > $t_hup && \$2 == \"r1\" && \$3 == \"advert\"" 20 4 || vt_fail "r1 stopped advertising"
    vt_vip_on r1 192.0.2.101 && vt_vip_off r1 192.0.2.102 || vt_fail "r1 applied the refused configuration"
    # keepalived's reload_config keeps all of the old global_data: no process name changes.
    [ "$(comm "$(vt_parent_pid r1)")" = "$parent_comm" ] ||
      vt_fail "the refused reload renamed r1's parent: $(comm "$(vt_parent_pid r1)") (was $parent_comm)"
    [ "$(comm "$(vt_vrrp_pid r1)")" = "$vrrp_comm" ] ||
      vt_fail "the refused reload renamed r1's VRRP child: $(comm "$(vt_vrrp_pid r1)") (was $vrrp_comm)"
    vt_log "ok: the reload was refused and the running configuration kept (names $parent_comm, $vrrp_comm)"
    # The same change without disable_local_igmp goes ahead: the refused one left nothing behind.
    vt_conf MASTER 100 version=3 int=0.05 vips="$vips_new" global="$check
$names" >"$VT_DIR/r1/keepalived.conf"
    # r2 follows; until both have reloaded it may drop r1's adverts for their new VIP list
    # and take over for a moment (not counted below).
    vt_conf BACKUP 90 version=3 int=0.05 vips="$vips_new" >"$VT_DIR/r2/keepalived.conf"
    t_end=$EPOCHREALTIME
    kill -HUP "$(vt_parent_pid r1)" "$(vt_parent_pid r2)"
    wait_for "vt_vip_on r1 192.0.2.102 && vt_vip_off r1 192.0.2.101" 3 || vt_fail "r1 did not apply the next reload"
    wait_for "[ \"\$(comm $(vt_parent_pid r1))\" = vk_parent_new ] && [ \"\$(comm $(vt_vrrp_pid r1))\" = vk_vrrp_new ]" 3 ||
      vt_fail "r1's names after the accepted reload: $(comm "$(vt_parent_pid r1)"), $(comm "$(vt_vrrp_pid r1)")"
    vt_log "ok: the next reload applied the VIPs and the names"
    ;;
  *) vt_fail "unknown mode $mode" ;;
esac
vt_vip_off r2 192.0.2.100 || vt_fail "r2 took the VIP"
vt_analyse
vt_check_adverts "$VT_P" r1 3 100 50
[ "$(vt_count "$VT_P" "$t_hup" 9e9 '$2 == "r1" && $3 == "advert" && $4 == 0')" -eq 0 ] || vt_fail "r1 sent priority 0"
[ "$(vt_count "$VT_P" "$t_hup" "$t_end" '$2 == "r2" && $3 == "advert"')" -eq 0 ] || vt_fail "r2 advertised after the reload"
exit 0
