#!/usr/bin/env bash
# vrrp_strict firewall (reference keepalived-2.2.7-vrrp-parity.md §2): IMPL_A on r1 (priority
# 150) and IMPL_B on r2 (100) run the same strict configuration, an IPv4 instance and an IPv6
# one with a link-local VIP. Differential: each state's `nft -j list ruleset` (normalised:
# no handles, counters zeroed) is compared between the two implementations.
#   - a backup that was never master has no table;
#   - the master's ruleset (r1) equals the other implementation's as master (r2, after r1
#     stops), and drops traffic to its VIPs while its own address answers;
#   - a backup that was master keeps tables, chains and empty sets: r2's after r1 is back
#     equals r1's master ruleset without elements;
#   - after SIGTERM no table is left.
# firewall.sh options: the same with `nftables vigiltest`, `nftables_priority -5` and
# dont_track_primary on the IPv6 instance (its link-local VIP keyed by interface name).
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
command -v nft >/dev/null || vt_skip "nft missing"
NORMALISE="python3 $(dirname "$0")/nft_normalise.py"
vt_topology 2
mode=${1:-default}
table=keepalived ll_set=vips_link_local globals="" six_extra=""
if [ "$mode" = options ]; then
  table=vigiltest ll_set=vips_link_local_name six_extra="    dont_track_primary"
  globals="    nftables vigiltest
    nftables_priority -5"
fi

conf() {
  vt_conf BACKUP "$1" vips="$VT_VIP4/32" global="    vrrp_strict
    nftables_counters
$globals" tail="vrrp_instance VI_6 {
    state BACKUP
    interface eth0
$six_extra
    virtual_router_id 52
    priority $1
    advert_int 1
    virtual_ipaddress {
        fe80::100
        $VT_VIP6
    }
}"
}
ruleset() { vt_in "$1" nft -j list ruleset | $NORMALISE "${@:2}"; }
has_elements() { vt_in "$1" nft list set ip6 "$table" "$ll_set" 2>/dev/null | grep -q "fe80::100"; }

vt_pair_up "$(conf 150)" "$(conf 100)"
wait_for "has_elements r1" 5 || vt_fail "r1 ($IMPL_A) has no vips_link_local entry as master"
r1_master=$(ruleset r1)
r2_backup=$(ruleset r2)
[ -z "$r2_backup" ] || vt_fail "r2 ($IMPL_B), never master, has a ruleset: $r2_backup"
grep -q '"name": "vips"' <<<"$r1_master" || vt_fail "r1's ruleset has no vips set: $r1_master"
vt_log "ok: master r1 has the tables, backup r2 none"

vt_ping c1 "$VT_VIP4" && vt_fail "c1 reached the VIP of a strict master"
vt_ping c1 192.0.2.1 || vt_fail "c1 cannot reach r1's own address"
vt_log "ok: the VIP is dropped, r1's address answers"

vt_stop r1
wait_for "has_elements r2" 8 || vt_fail "r2 ($IMPL_B) has no vips_link_local entry as master"
r1_stopped=$(ruleset r1)
[ -z "$r1_stopped" ] || vt_fail "r1 ($IMPL_A) left a ruleset after SIGTERM: $r1_stopped"
r2_master=$(ruleset r2)
if [ "$r1_master" != "$r2_master" ]; then
  diff <(echo "$r1_master") <(echo "$r2_master") >&2
  vt_fail "master rulesets differ: r1 ($IMPL_A) vs r2 ($IMPL_B)"
fi
vt_log "ok: master rulesets equal, r1 left none after stop"

vt_start r1 "$IMPL_A" "$(conf 150)"
wait_for "vt_vip_on r1 $VT_VIP4 && vt_vip_off r2 $VT_VIP4" 8 || vt_fail "r1 did not take the VIP back"
wait_for "! has_elements r2" 5 || vt_fail "r2 ($IMPL_B) kept its elements as backup"
r2_former=$(ruleset r2)
expected=$(echo "$r1_master" | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    for k in ("set", "map"):
        if k in o and o[k].get("flags") != ["constant"]:
            o[k].pop("elem", None)
    print(json.dumps(o, sort_keys=True))')
if [ "$r2_former" != "$expected" ]; then
  diff <(echo "$expected") <(echo "$r2_former") >&2
  vt_fail "r2 ($IMPL_B) as backup after master differs from r1's ruleset without elements"
fi
vt_log "ok: a former master keeps tables and empty sets"
vt_stop r2
[ -z "$(ruleset r2)" ] || vt_fail "r2 ($IMPL_B) left a ruleset after SIGTERM"
vt_log "ok: no table after SIGTERM"
exit 0
