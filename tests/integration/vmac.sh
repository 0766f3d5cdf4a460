#!/usr/bin/env bash
# use_vmac (reference keepalived-2.2.7-vrrp-parity.md §1): IMPL_A on r1 (priority 150) and
# IMPL_B on r2 (100), an IPv4 instance (VMAC vrrp.51) and an IPv6 one (vrrp.52), with
# all.rp_filter=1 preset. Differential where both implementations must agree, each checked on
# both routers: the links (kind, mode, MAC, addrgenmode, UP on master and backup), the
# sysctls keepalived sets, the nft ruleset, who holds the VIPs and on which link, the source
# MAC of adverts and GARPs on the wire, recreation of a VMAC deleted by hand, the VRRP child
# killed (the VMACs adopted by the respawned child; ours releases the dead child's VIP from its
# VMAC at once, keepalived leaves it until the respawn: the figure is logged), and stop (VMACs
# and tables gone, rp_filter restored). One divergence by design: after stop, vigil puts
# back the base's arp_ignore/arp_filter, keepalived 2.2.7 leaves both at 1 (vigil(7)).
# vmac.sh strict: the same with vrrp_strict (the VMAC map and the VIP sets share the tables;
# c1's pings to the VIP are dropped, its ARP requests still answered by the VMAC).
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
[ -n "${VT_DEBUG_PCAP:-}" ] && trap 'cp "$VT_PCAP" "$VT_DEBUG_PCAP" 2>/dev/null; vt_cleanup' EXIT
command -v nft >/dev/null || vt_skip "nft missing"
NORMALISE="python3 $(dirname "$0")/nft_normalise.py"
vt_topology 2
for n in r1 r2; do
  vt_in "$n" sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.all.arp_ignore=0
done

mode=${1:-default}
globals=""
[ "$mode" = strict ] && globals="    vrrp_strict"
conf() {
  vt_conf BACKUP "$1" vips="$VT_VIP4/32" global="$globals" extra="    use_vmac" tail="vrrp_instance VI_6 {
    state BACKUP
    interface eth0
    virtual_router_id 52
    priority $1
    advert_int 1
    use_vmac
    virtual_ipaddress {
        fe80::100
        $VT_VIP6
    }
}"
}
vip_on() { ip -n "$(vt_ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -qE "inet6? $3/"; }
link_ok() { # NODE NAME MAC
  local d
  d=$(ip -n "$(vt_ns "$1")" -d link show "$2" 2>/dev/null) || return 1
  grep -q "link/ether $3 " <<<"$d" && grep -q "macvlan mode private" <<<"$d" &&
    grep -q "addrgenmode none" <<<"$d" && grep -q "state UP" <<<"$d" && grep -q "$2@eth0" <<<"$d"
}
sysctls() { # NODE: the values keepalived sets, one per line
  local k
  for k in ipv4/conf/all/rp_filter ipv4/conf/default/rp_filter ipv4/conf/eth0/rp_filter \
           ipv4/conf/eth0/arp_ignore ipv4/conf/eth0/arp_filter \
           ipv4/conf/vrrp.51/arp_ignore ipv4/conf/vrrp.51/accept_local ipv4/conf/vrrp.51/rp_filter \
           ipv4/conf/vrrp.51/promote_secondaries ipv6/conf/vrrp.51/disable_ipv6 \
           ipv6/conf/vrrp.52/disable_ipv6; do
    echo "$k=$(vt_in "$1" cat "/proc/sys/net/$k" 2>/dev/null)"
  done
}
ruleset() { vt_in "$1" nft -j list ruleset | $NORMALISE; }

vt_capture_start "ip proto 112 or ip6 proto 112 or arp or icmp6"
vt_start r1 "$IMPL_A" "$(conf 150)"
vt_start r2 "$IMPL_B" "$(conf 100)"
wait_for "vip_on r1 vrrp.51 $VT_VIP4 && vip_on r1 vrrp.52 $VT_VIP6" 8 || vt_fail "r1 ($IMPL_A) never took the VIPs on its VMACs"
vt_log "r1 ($IMPL_A) is master, r2 ($IMPL_B) backup"
for n in r1 r2; do
  link_ok "$n" vrrp.51 00:00:5e:00:01:33 || vt_fail "$n: vrrp.51 wrong: $(ip -n "$(vt_ns $n)" -d link show vrrp.51)"
  link_ok "$n" vrrp.52 00:00:5e:00:02:34 || vt_fail "$n: vrrp.52 wrong: $(ip -n "$(vt_ns $n)" -d link show vrrp.52)"
  # The IPv6 VMAC carries the base's link-local address (nodad, preferred 0).
  base_ll=$(ip -n "$(vt_ns $n)" -6 -o addr show dev eth0 scope link | awk '{ print $4 }')
  ip -n "$(vt_ns $n)" -6 -o addr show dev vrrp.52 | grep -q "$base_ll .*nodad" ||
    vt_fail "$n: vrrp.52 lacks the base's link-local $base_ll"
done
vip_on r2 vrrp.51 "$VT_VIP4" && vt_fail "r2 ($IMPL_B) holds the VIP too"
vt_ip4addr_on_eth0=$(ip -n "$(vt_ns r1)" -o addr show dev eth0 | grep -c "$VT_VIP4/") || true
[ "$vt_ip4addr_on_eth0" = 0 ] || vt_fail "r1 put the VIP on eth0, not on its VMAC"
vt_log "ok: links, MACs, link-local addresses, VIPs on the master's VMACs"

s1=$(sysctls r1); s2=$(sysctls r2)
[ "$s1" = "$s2" ] || { diff <(echo "$s1") <(echo "$s2") >&2; vt_fail "sysctls differ between $IMPL_A and $IMPL_B"; }
grep -qx "ipv4/conf/all/rp_filter=0" <<<"$s1" || vt_fail "all.rp_filter not cleared: $s1"
grep -qx "ipv4/conf/vrrp.51/accept_local=1" <<<"$s1" || vt_fail "vrrp.51 settings missing: $s1"
r1_rules=$(ruleset r1); r2_rules=$(ruleset r2)
if [ "$mode" = strict ]; then
  # Master and backup differ in the VIP sets (firewall.sh compares those): compare the VMAC parts.
  r1_rules=$(grep vmac_ <<<"$r1_rules"); r2_rules=$(grep vmac_ <<<"$r2_rules")
fi
grep -q vmac_map <<<"$r1_rules" || vt_fail "r1 has no vmac_map: $r1_rules"
[ "$r1_rules" = "$r2_rules" ] || { diff <(echo "$r1_rules") <(echo "$r2_rules") >&2; vt_fail "rulesets differ"; }
if [ "$mode" = strict ]; then
  vt_ping c1 "$VT_VIP4" && vt_fail "c1 reached the VIP of a strict master"
else
  vt_ping c1 "$VT_VIP4" || vt_fail "c1 cannot reach the VIP"
fi
vt_log "ok: sysctls and rulesets equal, c1 reaches the VIP"

# Reload with the same configuration: the VMACs stay (same interface index), the VIPs too.
# Then r2 (backup) reloads without use_vmac on VI_6: its vrrp.52 goes, vrrp.51 stays.
idx51=$(ip -n "$(vt_ns r1)" -o link show vrrp.51 | cut -d: -f1)
kill -HUP "$(vt_parent_pid r1)"
wait_for "vt_log_count r1 '^.*Reloading' | grep -qv '^0$'" 3 || vt_fail "r1 did not log Reloading"
sleep 1
[ "$(ip -n "$(vt_ns r1)" -o link show vrrp.51 | cut -d: -f1)" = "$idx51" ] || vt_fail "r1 ($IMPL_A) recreated vrrp.51 on reload"
vip_on r1 vrrp.51 "$VT_VIP4" || vt_fail "r1 ($IMPL_A) lost the VIP on reload"
conf 100 | awk '/vrrp_instance VI_6/ { six = 1 } six && /use_vmac/ { next } { print }' >"$VT_DIR/r2/keepalived.conf"
kill -HUP "$(vt_parent_pid r2)"
wait_for "! ip -n $(vt_ns r2) link show vrrp.52 >/dev/null 2>&1" 5 || vt_fail "r2 ($IMPL_B) kept vrrp.52 after a reload without use_vmac"
link_ok r2 vrrp.51 00:00:5e:00:01:33 || vt_fail "r2 ($IMPL_B) lost vrrp.51 on reload"
vt_log "ok: reload keeps VMACs, and removes one no longer configured"

# Base link down and up on r1: the VMACs stay, the instances go to FAULT and come back, the
# IPv6 VMAC gets its link-local address back (the kernel drops it on link down).
ip -n "$(vt_ns r1)" link set eth0 down
wait_for "vip_on r2 eth0 $VT_VIP6" 8 || vt_fail "r2 did not take over while r1's base was down"  # VI_6 on its base since the reload
ip -n "$(vt_ns r1)" link show vrrp.52 >/dev/null 2>&1 || vt_fail "r1 ($IMPL_A) lost vrrp.52 with its base down"
ip -n "$(vt_ns r1)" link set eth0 up
wait_for "vip_on r1 vrrp.52 $VT_VIP6 && vip_on r1 vrrp.51 $VT_VIP4" 15 || vt_fail "r1 ($IMPL_A) did not take the VIPs back"
base_ll=$(ip -n "$(vt_ns r1)" -6 -o addr show dev eth0 scope link | awk '{ print $4 }')
wait_for "ip -n $(vt_ns r1) -6 -o addr show dev vrrp.52 | grep -q '$base_ll'" 5 ||
  vt_fail "r1 ($IMPL_A): vrrp.52 has no link-local address after the base came back"
vt_log "ok: base down/up: FAULT and back, vrrp.52's link-local restored"

# A VMAC deleted by hand on the master comes back (same name and MAC), and r1 ends master again.
ip -n "$(vt_ns r1)" link del vrrp.51
wait_for "link_ok r1 vrrp.51 00:00:5e:00:01:33" 5 || vt_fail "r1 ($IMPL_A) did not recreate vrrp.51"
wait_for "vip_on r1 vrrp.51 $VT_VIP4" 15 || vt_fail "r1 ($IMPL_A) did not take the VIP back after recreating vrrp.51"
s1_again=$(sysctls r1)
[ "$s1_again" = "$s1" ] || { diff <(echo "$s1") <(echo "$s1_again") >&2; vt_fail "r1 ($IMPL_A): sysctls differ on the recreated vrrp.51"; }
vt_log "ok: vrrp.51 recreated, r1 master again"

# SIGKILL of r1's VRRP child: the VMACs survive and the respawned child adopts them.
idx51=$(ip -n "$(vt_ns r1)" -o link show vrrp.51 | cut -d: -f1)
old_child=$(vt_vrrp_pid r1)
m1_before=$(ruleset r1 | grep vmac_map | grep '"ip"')
t_kill=$EPOCHREALTIME
kill -KILL "$old_child"
# The dead child's VIP on its VMAC: ours releases it at once from the parent (issue #17, as
# for VIPs on plain interfaces); keepalived 2.2.7 leaves it until its respawned child runs.
if wait_for "! vip_on r1 vrrp.51 $VT_VIP4" 10; then gone_ms=$(vt_ms "$t_kill" "$EPOCHREALTIME"); else gone_ms=">10000"; fi
vt_log "r1 ($IMPL_A): the VIP left vrrp.51 $gone_ms ms after its VRRP child was killed"
if [ "$IMPL_A" = ours ]; then
  awk -v g="$gone_ms" 'BEGIN { exit !(g + 0 == g && g <= 1000) }' || vt_fail "r1 (ours) kept the dead child's VIP on vrrp.51 for $gone_ms ms"
  wait_for "vt_log_has r1 '\\(VI_1\\) released ip address $VT_VIP4/32 dev vrrp\\.51'" 2 || vt_fail "r1 (ours) did not log the VIP released from vrrp.51"
fi
wait_for "[ -s '$VT_DIR/r1/vrrp.pid' ] && [ \"\$(vt_vrrp_pid r1)\" != $old_child ] && vt_alive \$(vt_vrrp_pid r1)" 10 ||
  vt_fail "r1 ($IMPL_A): no new VRRP child"
wait_for "vip_on r1 vrrp.51 $VT_VIP4" 15 || vt_fail "r1 ($IMPL_A) not master on vrrp.51 after its child respawned"
[ "$(ip -n "$(vt_ns r1)" -o link show vrrp.51 | cut -d: -f1)" = "$idx51" ] || vt_fail "r1 ($IMPL_A) recreated vrrp.51 after a respawn"
vt_log_has r1 "Found matching interface vrrp.51" || vt_fail "r1 ($IMPL_A) did not log 'Found matching interface vrrp.51'"
m1=$(ruleset r1 | grep vmac_map | grep '"ip"')
if [ "$mode" = strict ] && [ "$IMPL_A" = keepalived ]; then
  # keepalived 2.2.7's respawned child, strict, logs "Deleting old ip keepalived table" at its
  # first MASTER transition and so loses the VMAC map it adopted; ours keeps it (compared below
  # when r1 runs ours).
  vt_log "r1 (keepalived) vmac_map after the respawn: ${m1:-none}"
else
  [ "$m1" = "$m1_before" ] || { diff <(echo "$m1_before") <(echo "$m1") >&2; vt_fail "r1 ($IMPL_A): vmac_map changed across the respawn"; }
fi
vt_log "ok: respawned child adopted vrrp.51"

vt_stop r1
vt_stop r2
vt_capture_stop
for n in r1 r2; do
  ip -n "$(vt_ns $n)" link show vrrp.51 >/dev/null 2>&1 && vt_fail "$n: vrrp.51 left after stop"
  ip -n "$(vt_ns $n)" link show vrrp.52 >/dev/null 2>&1 && vt_fail "$n: vrrp.52 left after stop"
  [ -z "$(ruleset "$n")" ] || vt_fail "$n: ruleset left after stop"
done
# What r2 changed is restored; r1's respawned child adopted VMACs it did not set up, so
# neither implementation knows what to put back there.
[ "$(vt_in r2 cat /proc/sys/net/ipv4/conf/all/rp_filter)" = 1 ] || vt_fail "r2: all.rp_filter not restored"
impl_of() { [ "$1" = r1 ] && echo "$IMPL_A" || echo "$IMPL_B"; }
for n in r2; do
  want=1; [ "$(impl_of $n)" = ours ] && want=0
  got=$(vt_in "$n" cat /proc/sys/net/ipv4/conf/eth0/arp_ignore)
  [ "$got" = "$want" ] || vt_fail "$n ($(impl_of $n)): eth0 arp_ignore $got after stop, expected $want"
done
vt_log "ok: stop removed VMACs and tables, restored rp_filter (arp_ignore as each implementation does)"

# On the wire: adverts and GARPs for VRID 51 leave from the VMAC's MAC; so do r1's VRID 52 adverts
# (r2 runs VI_6 on its base after its reload).
macs=$(tshark -r "$VT_PCAP" -n -Y "vrrp.virt_rtr_id == 51 || (arp.opcode == 1 && arp.src.proto_ipv4 == $VT_VIP4 && arp.dst.proto_ipv4 == $VT_VIP4)" \
  -T fields -e eth.src 2>/dev/null | sort | uniq -c)
vt_log "source MACs of VRID 51 adverts and GARPs: $(echo $macs)"
grep -q "00:00:5e:00:01:33" <<<"$macs" || vt_fail "no advert or GARP from 00:00:5e:00:01:33"
grep -v "00:00:5e:00:01:33" <<<"$macs" | grep -q . && vt_fail "adverts or GARPs from another MAC: $macs"
# c1's ARP request for the VIP is answered by the VMAC, not the base (arp_ignore=1 there).
replies=$(tshark -r "$VT_PCAP" -n -Y "arp.opcode == 2 && arp.src.proto_ipv4 == $VT_VIP4" -T fields -e arp.src.hw_mac 2>/dev/null | sort -u)
[ "$replies" = 00:00:5e:00:01:33 ] || vt_fail "ARP replies for the VIP from: $replies"
v6macs=$(tshark -r "$VT_PCAP" -n -Y "vrrp.virt_rtr_id == 52 && vrrp.prio == 150" -T fields -e eth.src 2>/dev/null | sort -u)
[ "$v6macs" = 00:00:5e:00:02:34 ] || vt_fail "VRID 52 adverts from $v6macs"
vt_log "ok: adverts and GARPs from the virtual MACs"
exit 0
