#!/usr/bin/env bash
# The LVS demo, run inside the VM tier by `demo/run --lvs` (the host kernel has no IPVS):
#   demo/lvs.sh DAEMON
# DAEMON is the keepalived binary to run on both directors (ours by default, or
# /usr/sbin/keepalived). In network namespaces on one bridge (192.0.2.0/24):
#   client 192.0.2.10
#   director1 192.0.2.1 (VRRP MASTER, priority 150)   director2 192.0.2.2 (BACKUP, 100)
#     both: VIP 192.0.2.100 (VRID 51) and virtual_server 192.0.2.100:80, rr, direct routing
#   web1 192.0.2.21, web2 192.0.2.22: busybox httpd serving a page that names the server,
#     the VIP on lo (direct routing: they answer the client themselves), arp_ignore=1
# Steps: the client fetches through the VIP (rr alternates); web2 stops (TCP_CHECK removes it);
# web2 comes back; director1 dies (its processes killed, its link down) and director2,
# already holding the same IPVS table, takes the VIP over. The IPVS table is shown each step.
set -uo pipefail
daemon=${1:?usage: demo/lvs.sh DAEMON}
modprobe ip_vs 2>/dev/null || { echo "demo --lvs: the kernel has no ip_vs module"; exit 77; }

bold="" off=""
step() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$off"; }
say() { printf '   %s\n' "$*"; }
work=$(mktemp -d)
nodes=(client director1 director2 web1 web2)
declare -A addr=([client]=192.0.2.10 [director1]=192.0.2.1 [director2]=192.0.2.2 [web1]=192.0.2.21 [web2]=192.0.2.22)
declare -A pids=()
vip=192.0.2.100
cleanup() {
  local k
  for k in "${!pids[@]}"; do { kill -9 "${pids[$k]}"; wait "${pids[$k]}"; } 2>/dev/null; done
  for k in director1 director2; do
    for f in "$work/$k".*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
  done
  for k in "${nodes[@]}"; do ip netns del "lvsdemo-$k" 2>/dev/null; done
  ip link del lvsdemo-br 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
on() { local n=$1; shift; ip netns exec "lvsdemo-$n" "$@"; }
# wait_until SECONDS COMMAND...: polls COMMAND every 0.2 s.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
ms_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }

step "Preparing the network (namespaces on one bridge)"
ip link add lvsdemo-br type bridge && ip link set lvsdemo-br up
for n in "${nodes[@]}"; do
  ip netns add "lvsdemo-$n"
  ip link add "lvsd-$n" type veth peer name eth0 netns "lvsdemo-$n"
  ip link set "lvsd-$n" master lvsdemo-br up
  on $n ip link set lo up
  on $n ip addr add "${addr[$n]}/24" dev eth0
  on $n ip link set eth0 up
done
for n in web1 web2; do
  # Direct routing: the director forwards the client's packet unchanged to the web server's
  # MAC; the web server accepts it for the VIP on its lo and answers the client itself, and
  # must not answer ARP for the VIP (only the VRRP master does).
  on $n sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
  on $n ip addr add "$vip/32" dev lo
  mkdir -p "$work/$n"
  echo "Hello from $n (${addr[$n]})" >"$work/$n/index.html"
done
say "client 192.0.2.10, director1 192.0.2.1, director2 192.0.2.2, web1 192.0.2.21, web2 192.0.2.22"
say "daemon on both directors: $daemon"

web_up() { # (a simple command in the background: $! is httpd itself)
  ip netns exec "lvsdemo-$1" busybox httpd -f -p 0.0.0.0:80 -h "$work/$1" &
  pids[$1]=$!
}
web_down() { { kill -9 "${pids[$1]}"; wait "${pids[$1]}"; } 2>/dev/null; unset "pids[$1]"; }
web_up web1
web_up web2

conf() { # STATE PRIORITY
  cat <<CONF
global_defs {
    router_id $3
}
vrrp_instance VI_1 {
    state $1
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress {
        $vip/24
    }
}
virtual_server $vip 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 192.0.2.21 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server 192.0.2.22 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}
CONF
}
conf MASTER 150 director1 >"$work/director1.conf"
conf BACKUP 100 director2 >"$work/director2.conf"
step "The directors' configuration (director2: state BACKUP, priority 100)"
sed 's/^/   /' "$work/director1.conf"

show_table() { # DIRECTOR
  say "$1# ipvsadm -Ln"
  on "$1" ipvsadm -Ln | sed 's/^/     /'
}
fetch() { # COUNT: the client's requests through the VIP
  local i page
  for ((i = 0; i < $1; i++)); do
    page=$(on client curl -s --connect-timeout 1 -m 2 "http://$vip/" 2>/dev/null) || page="(no answer)"
    say "client\$ curl http://$vip/   ->   ${bold}${page}${off}"
  done
}
holds_vip() { on "$1" ip -4 -o addr show dev eth0 | grep -q " $vip/"; }
has_dest() { on "$1" ipvsadm -Ln | grep -q -- "-> $2:80"; }
lacks_dest() { ! has_dest "$@"; }

step "1. Start both directors"
for d in director1 director2; do
  ip netns exec "lvsdemo-$d" "$daemon" -n -l -f "$work/$d.conf" -p "$work/$d.main.pid" -r "$work/$d.vrrp.pid" \
    -c "$work/$d.check.pid" >"$work/$d.log" 2>&1 &
  pids[$d]=$!
done
t0=$EPOCHREALTIME
wait_until 30 holds_vip director1 || say "director1 did not take the VIP in 30 s"
say "director1 holds the VIP $(ms_since "$t0") ms after the start"
wait_until 30 has_dest director1 192.0.2.22 && wait_until 30 has_dest director2 192.0.2.22
show_table director1
show_table director2
say "(both directors program the same table; only the VIP holder receives the client's packets)"
fetch 4

# web_step TITLE down|up: web2 stops or comes back; TCP_CHECK follows on director1.
web_step() {
  step "$1"
  if [ "$2" = down ]; then web_down web2; else web_up web2; fi
  local t0=$EPOCHREALTIME verb=removed test=lacks_dest
  [ "$2" = up ] && verb=restored test=has_dest
  if wait_until 30 $test director1 192.0.2.22; then
    say "TCP_CHECK $verb web2 $(ms_since "$t0") ms after it went $2 (delay_loop 1 s, connect_timeout 1 s, retry 0; httpd's own start-up counts)"
  else
    say "TCP_CHECK has not $verb web2 after 30 s"
  fi
  show_table director1
  fetch 4
}
web_step "2. web2 stops" down
web_step "3. web2 comes back" up

step "4. director1 dies (its processes killed, its link down)"
# All of director1's processes at once (a child left alive could still send its goodbye).
{ kill -9 $(cat "$work"/director1.*.pid) "${pids[director1]}"; wait "${pids[director1]}"; } 2>/dev/null
unset "pids[director1]"
ip link set lvsd-director1 down
t0=$EPOCHREALTIME
if wait_until 30 holds_vip director2; then
  say "director2 holds the VIP $(ms_since "$t0") ms later (Master_Down_Interval: 3 x 1 s + (256 - 100)/256 s = 3609 ms)"
else
  say "director2 did not take the VIP in 30 s"
fi
show_table director2
fetch 4

step "Done"
say "the daemons' logs:"
for d in director1 director2; do
  grep -E 'Entering|Adding service|Removing service|healthchecker for service|Healthcheck child|VRRP child|Reload' "$work/$d.log" \
    | sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} +[0-9]+ [0-9:]+ [0-9]{4}: //' | sed "s/^/     $d: /"
done
