#!/usr/bin/env bash
# Reliability: mass reload (issue #17). r1 (priority 100) and r2 (90) run COUNT instances
# (one /32 VIP each, 1 s adverts, spread over eth0..eth3 as 255 VRIDs fit one link); then
# VI_1 gains a second VIP and both daemons get one SIGHUP.
#   mass_reload.sh [COUNT]
# Figures: SIGHUP -> "Reload complete" in r1's log (wall, polled), the CPU time r1's daemon
# (parent and VRRP child: utime + stime) spent from the SIGHUP to 1 s after it, which a loaded
# machine does not inflate as it does the wall time, state transitions logged
# after the reload on either router, r2's adverts after it, and the GARPs r1 sent on eth0
# (the link the client sees) for VIPs of the unchanged instances (keepalived sends none).
# Passes (ours) when nothing flaps and no GARP covers an unchanged instance.
set -u
source "$(dirname "$0")/lib.sh"
rel_start "$@"
set -- "${REL_ARGS[@]}"
count=${1:-300}
ifaces=$(( (count + 254) / 255 ))
for ((k = 1; k < ifaces; k++)); do vt_add_link r1 $k; vt_add_link r2 $k; done
conf() { # STATE PRIO: VI_1 gets 192.0.2.199/32 as well with WITH_EXTRA=1
  vt_conf_many "$count" "$ifaces" "$1" "$2" 2 1 1 |
    awk -v extra="${WITH_EXTRA:-0}" '{ print } extra && /^vrrp_instance VI_1 \{/ { f = 1 }
      f && /virtual_ipaddress \{/ { print "        192.0.2.199/32"; f = 0 }'
}
vt_capture_start "(ip proto 112 or arp) and not ether src $(vt_mac c1)"
vt_start r1 "$IMPL_A" "$(conf MASTER 100)"
vt_start r2 "$IMPL_B" "$(conf BACKUP 90)"
wait_for "[ \$(vt_vip_count r1) -eq $count ] && [ \$(vt_vip_count r2) -eq 0 ]" 30 || vt_fail "r1 did not take all $count VIPs"
# The start-up GARP bursts (and the second one 5 s later) end first.
sleep 6.5
WITH_EXTRA=1 conf MASTER 100 >"$VT_DIR/r1/keepalived.conf"
WITH_EXTRA=1 conf BACKUP 90 >"$VT_DIR/r2/keepalived.conf"
before1=$(vt_log_count r1 'Reload complete') before2=$(vt_log_count r2 'Reload complete')
ent1=$(vt_log_count r1 'Entering (MASTER|BACKUP|FAULT) STATE') ent2=$(vt_log_count r2 'Entering (MASTER|BACKUP|FAULT) STATE')
# cpu_ms PID...: user + system time of the processes, in ms.
cpu_ms() {
  local p
  for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done |
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); t += $12 + $13 } END { printf "%.0f", t * 1000 / hz }'
}
r1_pids=("$(vt_parent_pid r1)" "$(vt_vrrp_pid r1)")
cpu0=$(cpu_ms "${r1_pids[@]}")
t0=$EPOCHREALTIME
kill -HUP "$(vt_parent_pid r1)" "$(vt_parent_pid r2)"
wait_for "[ \$(vt_log_count r1 'Reload complete') -gt $before1 ]" 30 || vt_fail "r1 never completed the reload"
reload_ms=$(vt_ms "$t0" "$EPOCHREALTIME")
sleep "$(awk -v t0="$t0" -v now="$EPOCHREALTIME" 'BEGIN { d = t0 + 1 - now; printf "%.3f", (d > 0 ? d : 0) }')"
reload_cpu_ms=$(( $(cpu_ms "${r1_pids[@]}") - cpu0 ))
wait_for "[ \$(vt_log_count r2 'Reload complete') -gt $before2 ]" 30 || vt_fail "r2 never completed the reload"
wait_for "vt_vip_on r1 192.0.2.199" 5 || vt_fail "r1 did not add the new VIP"
sleep 4.5
t1=$EPOCHREALTIME
vt_analyse
flaps=$(( $(vt_log_count r1 'Entering (MASTER|BACKUP|FAULT) STATE') - ent1 + $(vt_log_count r2 'Entering (MASTER|BACKUP|FAULT) STATE') - ent2 ))
r2_adverts=$(vt_count "$VT_P" "$t0" "$t1" '$2 == "r2" && $3 == "advert"')
garps_other=$(vt_count "$VT_P" "$t0" "$t1" '$2 == "r1" && $3 == "garp" && $9 != "192.0.2.199" && $9 != "198.51.100.1"')
garps_new=$(vt_count "$VT_P" "$t0" "$t1" '$2 == "r1" && $3 == "garp" && $9 == "192.0.2.199"')
rel_result "instances=$count hup_to_reload_complete_ms=$reload_ms reload_cpu_ms=$reload_cpu_ms transitions_after=$flaps r2_adverts=$r2_adverts garps_unchanged=$garps_other garps_new_vip=$garps_new"
[ "$IMPL_A" = ours ] || exit 0
[ "$flaps" -eq 0 ] || vt_fail "$flaps state transitions after the reload"
[ "$r2_adverts" -eq 0 ] || vt_fail "r2 advertised $r2_adverts times"
[ "$garps_other" -eq 0 ] || vt_fail "$garps_other GARPs for VIPs of unchanged instances"
vt_log "ok: reload of $count instances in $reload_ms ms, no flap, no GARP for unchanged VIPs"
exit 0
