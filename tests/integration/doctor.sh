#!/usr/bin/env bash
# `vigil doctor` in r1's namespace (no daemon there) with r1's configuration, one planted
# problem per mode; keepalived 2.2.7 (IMPL_B) plays the peer on r2.
#   doctor.sh clean        r2 is a healthy peer: exit 0, "no problems found"
#   doctor.sh nft-drop     r1's nftables input chain drops IP protocol 112: firewall problem
#   doctor.sh rp-filter    use_vmac with net.ipv4.conf.all.rp_filter=1: sysctls problem
#   doctor.sh foreign-vrid r2 is another cluster (other VIP) on the same VRID: adverts problem
#   doctor.sh silent-peer  nobody advertises the VRID: adverts problem
#   doctor.sh iptables-legacy  an iptables-legacy INPUT rule drops protocol 112: firewall problem
#   doctor.sh accept-local use_vmac, its VMAC interface present with accept_local=0: sysctls
#   doctor.sh nd-conflict  an IPv6 instance; c1 holds the VIP too and answers the DAD probe: arp
#   doctor.sh clean-v6     the same IPv6 instance with r2 as its healthy peer: exit 0
#   doctor.sh clean-vmac   use_vmac, VMAC interface with accept_local=1, iptables-legacy policy
#                          DROP with VRRP accepted: exit 0
source "$(dirname "$0")/lib.sh"
mode=${1:?clean|nft-drop|rp-filter|foreign-vrid|silent-peer|iptables-legacy|accept-local|nd-conflict|clean-v6|clean-vmac}
vigil=${VIGIL_CLI:-$VT_ROOT/build/src/cli/vigil}
[ -x "$vigil" ] || vt_skip "vigil command $vigil not built"
vt_init "$IMPL_B"
command -v nft >/dev/null || vt_skip "missing tool nft"
case $mode in iptables-legacy | clean-vmac)
  command -v iptables-legacy >/dev/null || vt_skip "missing tool iptables-legacy (package iptables)" ;;
esac
vt_topology 2

extra=""
case $mode in rp-filter | accept-local | clean-vmac) extra="    use_vmac" ;; esac
v6=()
case $mode in nd-conflict | clean-v6) v6=(version=3 vips="$VT_VIP6/64") ;; esac
conf=$(vt_conf BACKUP 100 extra="$extra" "${v6[@]}")
printf '%s\n' "$conf" >"$(vt_node_dir r1)/keepalived.conf"
case $mode in
  foreign-vrid) peer=$(vt_conf MASTER 150 vips=192.0.2.200/24) ;;
  silent-peer) peer="" ;;
  *) peer=$(vt_conf BACKUP 90 "${v6[@]}") ;;
esac
if [ -n "$peer" ]; then
  vt_start r2 "$IMPL_B" "$peer"
  vip=$VT_VIP4
  [ "$mode" = foreign-vrid ] && vip=192.0.2.200
  [ ${#v6[@]} -gt 0 ] && vip=$VT_VIP6
  wait_for "vt_vip_on r2 $vip" 8 || vt_fail "r2 ($IMPL_B) never became master"
fi
case $mode in
  nft-drop)
    vt_in r1 nft -f - <<'NFT'
table inet vt_filter {
  chain input {
    type filter hook input priority filter; policy accept;
    ip protocol vrrp drop
  }
}
NFT
    ;;
  rp-filter) vt_in r1 sysctl -qw net.ipv4.conf.all.rp_filter=1 ;;
  iptables-legacy) vt_in r1 iptables-legacy -A INPUT -p vrrp -j DROP ;;
  accept-local | clean-vmac)
    # The VMAC interface as a running daemon leaves it (keepalived: macvlan, private mode).
    ip -n "$(vt_ns r1)" link add link eth0 name vrrp.51 address 00:00:5e:00:01:33 type macvlan mode private
    ip -n "$(vt_ns r1)" link set vrrp.51 up
    vt_in r1 sysctl -qw net.ipv4.conf.vrrp/51.accept_local="$([ "$mode" = clean-vmac ] && echo 1 || echo 0)"
    if [ "$mode" = clean-vmac ]; then
      vt_in r1 iptables-legacy -A INPUT -p vrrp -j ACCEPT
      vt_in r1 iptables-legacy -P INPUT DROP
    fi ;;
  nd-conflict) ip -n "$(vt_ns c1)" addr add "$VT_VIP6/64" dev eth0 nodad ;;
esac

out="$VT_DIR/doctor.json"
set +e
vt_in r1 "$vigil" doctor -f "$VT_DIR/r1/keepalived.conf" --listen 1.5 --json >"$out" 2>"$VT_DIR/doctor.err"
rc=$?
set -e
vt_in r1 "$vigil" doctor -f "$VT_DIR/r1/keepalived.conf" --listen 0 >&2 || true
vt_log "doctor ($mode) exit $rc: $(cat "$out")"
expect() { # CHECK TEXT: a problem of CHECK whose message holds TEXT, and exit 1
  [ "$rc" -eq 1 ] || vt_fail "$mode: exit $rc, expected 1"
  grep -q "\"check\": \"$1\", \"severity\": \"problem\", \"message\": \"[^\"]*$2" "$out" ||
    vt_fail "$mode: no $1 problem mentioning '$2'"
  vt_log "ok: $mode found ($1: $2)"
}
case $mode in
  clean | clean-v6 | clean-vmac)
    [ "$rc" -eq 0 ] || vt_fail "clean host: exit $rc, expected 0"
    grep -q '"problems": 0' "$out" || vt_fail "clean host: problems reported"
    grep -q '02:00:5e:10:00:02' "$out" || vt_fail "clean host: r2's adverts were not heard"
    vt_log "ok: clean host reported clean, r2 heard" ;;
  nft-drop) expect firewall "drops VRRP adverts" ;;
  rp-filter) expect sysctls "rp_filter=1 with use_vmac" ;;
  foreign-vrid) expect adverts "another cluster" ;;
  silent-peer) expect adverts "no advert for VRID 51" ;;
  iptables-legacy) expect firewall "iptables-legacy-save: table filter chain INPUT drops VRRP adverts" ;;
  accept-local) expect sysctls "accept_local=0 on the VMAC interface" ;;
  nd-conflict) expect arp "VIP $VT_VIP6 is answered by MAC 02:00:5e:10:00:10" ;;
esac
exit 0
