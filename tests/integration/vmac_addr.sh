#!/usr/bin/env bash
# use_vmac_addr (reference keepalived-2.2.7-vrrp-parity.md §1.1): IMPL_A on r1 (priority 150)
# and IMPL_B on r2 (100), each with a second interface eth1, one IPv4 instance on eth0 with
# use_vmac_addr (no use_vmac) whose addresses lie elsewhere:
#   192.0.2.100            on eth0, the instance's family: stays on eth0;
#   198.51.100.100, .101   dev eth1: a VMAC vrrp.51 on eth1 (00:00:5e:00:01:33) holds both;
#   2001:db8::100          eVIP on eth0, the other family: VMAC vrrp6.51 on eth0 (..:02:33);
#   2001:db8:1::100        eVIP dev eth1: VMAC vrrp1.51 on eth1 (..:02:33).
# Differential: both routers (one runs each implementation) must have the same links (name,
# kind, mode, MAC, parent) and the same sysctls on them; the master holds the addresses on
# those VMACs and the backup does not; r1's vrrp.51 down, up, then deleted by hand (FAULT,
# back, FAULT for good: below); r1 stopped: r1's VMACs are gone.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
for n in r1 r2; do vt_add_link "$n" 1; done

conf() {
  vt_conf BACKUP "$1" vips="$VT_VIP4/32 198.51.100.100/32@eth1 198.51.100.101/32@eth1" extra="    use_vmac_addr
    virtual_ipaddress_excluded {
        2001:db8::100/128
        2001:db8:1::100/128 dev eth1
    }" | sed 's|@eth1| dev eth1|'
}
vip_on() { ip -n "$(vt_ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -qE "inet6? $3/"; }
links() { # NODE: our macvlans, one line each: NAME@PARENT MODE MAC
  ip -n "$(vt_ns "$1")" -d -o link show type macvlan 2>/dev/null |
    awk '{ name = $2; sub(/:$/, "", name); mac = ""; mode = ""
           for (i = 1; i <= NF; i++) { if ($i == "link/ether") mac = $(i + 1); if ($i == "mode" && $(i - 1) == "macvlan") mode = $(i + 1) }
           print name, mode, mac }' | sort
}
sysctls() { # NODE: what keepalived sets on the VMACs and their bases
  local k
  for k in ipv4/conf/eth1/arp_ignore ipv4/conf/eth1/arp_filter ipv4/conf/vrrp.51/arp_ignore \
           ipv4/conf/vrrp.51/accept_local ipv4/conf/vrrp.51/rp_filter ipv4/conf/vrrp.51/promote_secondaries \
           ipv6/conf/vrrp.51/disable_ipv6 ipv6/conf/vrrp6.51/disable_ipv6 ipv6/conf/vrrp1.51/disable_ipv6; do
    echo "$k=$(vt_in "$1" cat "/proc/sys/net/$k" 2>/dev/null)"
  done
}
holds() { # NODE: every address on its VMAC, and VIP4 on eth0
  vip_on "$1" eth0 "$VT_VIP4" && vip_on "$1" vrrp.51 198.51.100.100 && vip_on "$1" vrrp.51 198.51.100.101 &&
    vip_on "$1" vrrp6.51 2001:db8::100 && vip_on "$1" vrrp1.51 2001:db8:1::100
}
holds_none() {
  ! vip_on "$1" eth0 "$VT_VIP4" && ! vip_on "$1" vrrp.51 198.51.100.100 && ! vip_on "$1" vrrp6.51 2001:db8::100 &&
    ! vip_on "$1" vrrp1.51 2001:db8:1::100
}

vt_start r1 "$IMPL_A" "$(conf 150)"
vt_start r2 "$IMPL_B" "$(conf 100)"
wait_for "holds r1" 10 || { links r1 >&2; ip -n "$(vt_ns r1)" -br addr >&2; vt_fail "r1 ($IMPL_A) never held every address on its VMACs"; }
want="vrrp.51@eth1 private 00:00:5e:00:01:33
vrrp1.51@eth1 private 00:00:5e:00:02:33
vrrp6.51@eth0 private 00:00:5e:00:02:33"
for n in r1 r2; do
  got=$(links "$n")
  [ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got") >&2; vt_fail "$n: the VMAC links differ from keepalived's"; }
done
holds_none r2 || vt_fail "r2 ($IMPL_B, backup) holds some of the addresses"
s1=$(sysctls r1); s2=$(sysctls r2)
[ "$s1" = "$s2" ] || { diff <(echo "$s1") <(echo "$s2") >&2; vt_fail "sysctls differ between $IMPL_A and $IMPL_B"; }
vt_log "ok: the same three VMACs on both, the addresses on r1's, sysctls equal"

# An address VMAC is tracked as its addresses' interface (keepalived's TRACK_ADDR): down, r1
# goes to FAULT and r2 takes every address over; up again, r1 preempts back. Deleted by hand,
# it stays deleted (keepalived recreates only an instance's own VMAC) and r1 stays in FAULT.
# r1's lines are keepalived 2.2.7's (checked with IMPL_A=keepalived).
since() { tail -n +"$(($1 + 1))" "$VT_DIR/r1/daemon.log" | sed 's/^[^:]*:[^:]*:[^:]*: //' |
  grep -E 'Netlink reports vrrp\.51|Entering|sent 0 priority|Interface vrrp\.51' | tr '\n' '|'; }
mark=$(wc -l <"$VT_DIR/r1/daemon.log")
ip -n "$(vt_ns r1)" link set vrrp.51 down
wait_for "holds r2" 8 || vt_fail "r2 ($IMPL_B) did not take over while r1's vrrp.51 was down"
holds_none r1 || vt_fail "r1 ($IMPL_A) kept addresses with vrrp.51 down"
ip -n "$(vt_ns r1)" link set vrrp.51 up
wait_for "holds r1" 10 || vt_fail "r1 ($IMPL_A) did not take the addresses back after vrrp.51 came up"
want="Netlink reports vrrp.51 down|(VI_1) Entering FAULT STATE|(VI_1) sent 0 priority|Netlink reports vrrp.51 up|(VI_1) Entering BACKUP STATE|(VI_1) Entering MASTER STATE|"
[ "$(since "$mark")" = "$want" ] || vt_fail "r1 ($IMPL_A) logged '$(since "$mark")', keepalived '$want'"
vt_log "ok: vrrp.51 down: r1 in FAULT, r2 took over; up: r1 master again"
mark=$(wc -l <"$VT_DIR/r1/daemon.log")
ip -n "$(vt_ns r1)" link del vrrp.51
wait_for "holds_none r1 && vip_on r2 vrrp.51 198.51.100.100" 8 || vt_fail "r2 ($IMPL_B) did not take over when r1's vrrp.51 was deleted"
want="Netlink reports vrrp.51 down|(VI_1) Entering FAULT STATE|(VI_1) sent 0 priority|Interface vrrp.51 deleted|"
wait_for "[ \"\$(since $mark)\" = '$want' ]" 2 || vt_fail "r1 ($IMPL_A) logged '$(since "$mark")', keepalived '$want'"
! ip -n "$(vt_ns r1)" link show vrrp.51 >/dev/null 2>&1 || vt_fail "r1 ($IMPL_A) made vrrp.51 again (keepalived does not)"
vt_log "ok: vrrp.51 deleted: r1 in FAULT, not made again; r2 took over"

vt_stop r1
holds r2 || vt_fail "r2 ($IMPL_B) does not hold the addresses on its VMACs"
[ -z "$(links r1)" ] || vt_fail "r1 ($IMPL_A) left VMACs after stop: $(links r1)"
vt_stop r2
[ -z "$(links r2)" ] || vt_fail "r2 ($IMPL_B) left VMACs after stop: $(links r2)"
vt_log "ok: r2 took over on its VMACs; stop removed every VMAC"
exit 0
