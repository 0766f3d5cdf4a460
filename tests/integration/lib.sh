# shellcheck shell=bash
# Network-namespace harness for vigil's integration tests, demo and benchmarks.
#
# Source it, then call vt_init (root and tools checked: exit 77 = skip), vt_topology N,
# vt_start NODE IMPL CONF, ... Every namespace, process and temp file it creates is
# removed by the EXIT trap. Names are unique per run (prefix "vt" + $$), addresses come from
# the documentation ranges only: 192.0.2.0/24 and 2001:db8::/64.
#
# Topology (vt_topology N): a "switch" namespace holding bridge br0; routers r1..rN
# (192.0.2.N, 2001:db8::N, MAC 02:00:5e:10:00:0N) and a client c1 (192.0.2.10,
# 2001:db8::10, MAC 02:00:5e:10:00:10), each with one interface eth0 plugged into br0.
# Nothing is created in the host's own network namespace.
#
# Implementations: "ours" = $VIGIL_BIN (default: the repo's build/src/daemon/keepalived),
# "keepalived" = /usr/sbin/keepalived. Both run as
#   keepalived -n -l -D -f CONF -p PID -r VRRP_PID -c CHECKERS_PID -b BFD_PID
# in the router's namespace with a private mount namespace (ip netns exec gives one) where
# /dev/null is bound over /dev/console: keepalived's LOG_CONS would otherwise write every
# line to the (possibly serial) console when no syslog listens (lab "Surprises" item 1).

VT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VT_ID="vt$$"
VT_DIR=""
VT_PIDS=()         # every background PID we started, killed on exit
VT_NODES=()        # router node names of the topology
VT_KEEP=${VT_KEEP:-0}
VT_VIP4=192.0.2.100
VT_VIP6=2001:db8::100

vt_log() { printf '%s %s\n' "$(date +%T.%3N)" "$*" >&2; }
vt_fail() { vt_log "FAIL: $*"; exit 1; }
vt_skip() { vt_log "SKIP: $*"; exit 77; }

# vt_impl_bin IMPL: the executable of an implementation.
vt_impl_bin() {
  case $1 in
    ours) echo "${VIGIL_BIN:-$VT_ROOT/build/src/daemon/keepalived}" ;;
    keepalived) echo "${KEEPALIVED_BIN:-/usr/sbin/keepalived}" ;;
    *) vt_fail "unknown implementation '$1' (ours|keepalived)" ;;
  esac
}

# vt_init [IMPL...]: checks root, tools and the implementations' binaries (exit 77 if
# missing), makes the per-run temp dir and installs the cleanup trap.
vt_init() {
  [ "$(id -u)" -eq 0 ] || vt_skip "not root"
  local t
  for t in ip tcpdump tshark timeout ping awk; do
    command -v "$t" >/dev/null || vt_skip "missing tool $t"
  done
  local impl bin
  for impl in "$@"; do
    bin=$(vt_impl_bin "$impl")
    [ -x "$bin" ] || vt_skip "$impl binary $bin not built"
  done
  ip netns add "${VT_ID}probe" 2>/dev/null || vt_skip "cannot create network namespaces"
  ip netns del "${VT_ID}probe"
  VT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vigil-it.XXXXXX")
  trap vt_cleanup EXIT
  trap 'exit 130' INT TERM
}

vt_ns() { echo "${VT_ID}$1"; }
vt_in() { local n=$1; shift; ip netns exec "$(vt_ns "$n")" "$@"; }

vt_cleanup() {
  local rc=$?
  set +e
  local p
  for p in "${VT_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
  for p in "${VT_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  # VRRP children whose parent we killed: only the ones recorded in our own pid files.
  local f
  for f in "$VT_DIR"/*/vrrp.pid "$VT_DIR"/*/bfd.pid; do
    [ -f "$f" ] && kill -KILL "$(cat "$f" 2>/dev/null)" 2>/dev/null
  done
  # Anything still running inside our own namespaces was started by this run (nginx
  # workers, scripts, respawned children): kill it by PID, then delete the namespaces.
  local n q
  for n in sw c1 "${VT_NODES[@]}"; do
    for q in $(ip netns pids "$(vt_ns "$n")" 2>/dev/null); do kill -KILL "$q" 2>/dev/null; done
    ip netns del "$(vt_ns "$n")" 2>/dev/null
  done
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -n "$VT_DIR" ]; then
    for f in "$VT_DIR"/*/daemon.log; do
      [ -f "$f" ] || continue
      echo "---- ${f#"$VT_DIR"/} (last 40 lines)" >&2
      tail -n 40 "$f" >&2
    done
  fi
  if [ "$VT_KEEP" = 1 ]; then
    echo "kept $VT_DIR" >&2
  else
    [ -n "$VT_DIR" ] && rm -rf "$VT_DIR"
  fi
  exit "$rc"
}

vt_mac() { # node -> MAC
  case $1 in
    c1) echo 02:00:5e:10:00:10 ;;
    r*) printf '02:00:5e:10:00:%02x\n' "${1#r}" ;;
  esac
}
vt_ip4() { case $1 in c1) echo 192.0.2.10 ;; r*) echo "192.0.2.${1#r}" ;; esac; }
vt_ip6() { case $1 in c1) echo 2001:db8::10 ;; r*) echo "2001:db8::${1#r}" ;; esac; }

# vt_add_node NODE: namespace NODE with eth0 plugged into the switch's bridge.
vt_add_node() {
  local n=$1 ns sw
  ns=$(vt_ns "$n")
  sw=$(vt_ns sw)
  ip netns add "$ns"
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv4.conf.all.arp_ignore=1 >/dev/null
  ip -n "$sw" link add "$n" type veth peer name eth0 netns "$ns"
  ip -n "$sw" link set "$n" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 address "$(vt_mac "$n")" up
  ip -n "$ns" addr add "$(vt_ip4 "$n")/24" dev eth0
  ip -n "$ns" addr add "$(vt_ip6 "$n")/64" dev eth0 nodad
}

# vt_topology N: switch + N routers (r1..rN) + client c1.
vt_topology() {
  local count=${1:-2} i sw
  sw=$(vt_ns sw)
  ip netns add "$sw"
  # ageing_time 0 makes br0 flood every frame, so c1 also captures unicast adverts.
  ip -n "$sw" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 ageing_time 0
  ip -n "$sw" link set br0 up
  vt_add_node c1
  for ((i = 1; i <= count; i++)); do
    VT_NODES+=("r$i")
    vt_add_node "r$i"
  done
  # IPv6 link-local addresses need the link up; wait until none is tentative.
  for n in c1 "${VT_NODES[@]}"; do
    wait_for "vt_has_linklocal $n" 5 || vt_fail "no link-local address on $n"
  done
}
vt_has_linklocal() {
  ip -n "$(vt_ns "$1")" -6 -o addr show dev eth0 scope link 2>/dev/null | grep -q fe80 &&
    ! ip -n "$(vt_ns "$1")" -6 -o addr show dev eth0 tentative 2>/dev/null | grep -q .
}

# wait_for CONDITION TIMEOUT: evaluates CONDITION (a shell command string) every ~5 ms until
# it succeeds (return 0) or TIMEOUT seconds pass (return 1).
wait_for() {
  local cond=$1 deadline
  deadline=$(( ${EPOCHREALTIME/./} + $(awk -v t="$2" 'BEGIN { printf "%d", t * 1000000 }') ))
  while :; do
    eval "$cond" && return 0
    (( ${EPOCHREALTIME/./} >= deadline )) && return 1
    sleep 0.005
  done
}

# vt_vip_on NODE ADDR: ADDR (without prefix) is configured on NODE's eth0.
vt_vip_on() {
  ip -n "$(vt_ns "$1")" -o addr show dev eth0 2>/dev/null | grep -qE "inet6? $2/"
}
vt_vip_off() { ! vt_vip_on "$@"; }

# vt_node_dir NODE: the node's private run dir (config, pid files, log, dumps).
vt_node_dir() { local d="$VT_DIR/$1"; mkdir -p "$d"; echo "$d"; }

# vt_start NODE IMPL CONF_TEXT: writes the config and starts the implementation in NODE,
# returning once its VRRP pid file exists. Sets VT_START_<NODE> to the exec time (epoch s,
# taken by the launching shell in the namespace just before exec).
vt_start() {
  vt_launch "$@"
  vt_wait_started "$1"
}
vt_wait_started() {
  wait_for "[ -s '$VT_DIR/$1/vrrp.pid' ]" 5 || vt_fail "$(cat "$VT_DIR/$1/impl") on $1 did not write its VRRP pid file"
  # The exec time recorded by the launcher itself (ip netns exec and the mount cost ms).
  local t
  t=$(cat "$VT_DIR/$1/exec_time" 2>/dev/null)
  [ -n "$t" ] && printf -v "VT_START_$1" '%s' "$t"
  return 0
}
# vt_launch NODE IMPL CONF_TEXT: vt_start without waiting for the pid file. $VT_ARGS_<NODE>
# (word-split) goes on the command line before the harness's own options.
vt_launch() {
  local n=$1 impl=$2 conf=$3 d bin args_var="VT_ARGS_$1"
  local -a own=()
  d=$(vt_node_dir "$n")
  bin=$(vt_impl_bin "$impl")
  # Ours: a control socket per node ($d/control.sock, for vigil(1)) instead of the shared
  # default /run/vigil/control.sock.
  [ "$impl" = ours ] && own=("--control-socket=$d/control.sock")
  printf '%s\n' "$conf" >"$d/keepalived.conf"
  rm -f "$d/keepalived.pid" "$d/vrrp.pid" "$d/checkers.pid" "$d/bfd.pid"
  echo "$impl" >"$d/impl"
  printf -v "VT_START_$n" '%s' "$EPOCHREALTIME"
  rm -f "$d/exec_time"
  # VT_START_<NODE> becomes the time just before exec (vt_wait_started reads exec_time).
  TMPDIR="$d" ip netns exec "$(vt_ns "$n")" bash -c \
    'mount --bind /dev/null /dev/console 2>/dev/null; printf %s "$EPOCHREALTIME" >"$0"; exec "$@"' \
    "$d/exec_time" "$bin" ${!args_var:-} -n -l -D -f "$d/keepalived.conf" -p "$d/keepalived.pid" \
    -r "$d/vrrp.pid" -c "$d/checkers.pid" -b "$d/bfd.pid" "${own[@]}" >>"$d/daemon.log" 2>&1 &
  local pid=$!
  disown "$pid" # reaped by bash all the same; no "Killed" job report when a test kills it
  VT_PIDS+=("$pid")
  echo "$pid" >"$d/parent.pid"
}

vt_parent_pid() { cat "$VT_DIR/$1/parent.pid" 2>/dev/null; }
vt_vrrp_pid() { cat "$VT_DIR/$1/vrrp.pid" 2>/dev/null; }
vt_alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# vt_wait_exit PID TIMEOUT: reaps our child PID; returns 1 if it is still alive at TIMEOUT.
vt_wait_exit() {
  local pid=$1
  wait_for "! vt_alive $pid" "$2" || return 1
  wait "$pid" 2>/dev/null || true
  return 0
}

# vt_stop NODE [TIMEOUT]: SIGTERM to the parent; sets VT_TERM_AT and VT_EXIT_AT.
vt_stop() {
  local n=$1 pid
  pid=$(vt_parent_pid "$n")
  VT_TERM_AT=$EPOCHREALTIME
  kill -TERM "$pid"
  vt_wait_exit "$pid" "${2:-8}" || vt_fail "$n did not exit within ${2:-8} s of SIGTERM"
  VT_EXIT_AT=$EPOCHREALTIME
}

# vt_kill NODE: "master death" as in the lab: SIGKILL parent and VRRP child, link down.
vt_kill() {
  local n=$1 parent child
  parent=$(vt_parent_pid "$n")
  child=$(vt_vrrp_pid "$n")
  VT_KILL_AT=$EPOCHREALTIME
  # Stop both first: a child whose parent dies first may get its parent-death SIGTERM and
  # send a priority-0 advert before its own SIGKILL arrives.
  kill -STOP "$parent" ${child:+"$child"} 2>/dev/null
  kill -KILL "$parent" ${child:+"$child"} 2>/dev/null
  ip -n "$(vt_ns "$n")" link set eth0 down
  vt_wait_exit "$parent" 3 || true
}

vt_link() { ip -n "$(vt_ns "$1")" link set eth0 "$2"; }

# vt_log_has NODE REGEX: the node's daemon log contains a line matching REGEX.
vt_log_has() { grep -qE -- "$2" "$VT_DIR/$1/daemon.log" 2>/dev/null; }
vt_log_count() { grep -cE -- "$2" "$VT_DIR/$1/daemon.log" 2>/dev/null; }

# ---- capture on the client -------------------------------------------------------------

# vt_capture_start [FILTER]: tcpdump on c1's eth0, packet-buffered, kernel timestamps.
vt_capture_start() {
  local filter=${1:-"ip proto 112 or ip proto 51 or ip6 proto 112 or arp or icmp6"}
  VT_PCAP="$VT_DIR/c1.pcap"
  ip netns exec "$(vt_ns c1)" tcpdump -i eth0 -n -U -s 256 --immediate-mode -w "$VT_PCAP" \
    "$filter" 2>"$VT_DIR/tcpdump.err" &
  VT_TCPDUMP=$!
  VT_PIDS+=("$VT_TCPDUMP")
  wait_for "grep -qs listening '$VT_DIR/tcpdump.err'" 5 || vt_fail "tcpdump did not start"
}
vt_capture_stop() {
  [ -n "${VT_TCPDUMP:-}" ] || return 0
  kill -INT "$VT_TCPDUMP" 2>/dev/null
  vt_wait_exit "$VT_TCPDUMP" 5 || kill -KILL "$VT_TCPDUMP"
  VT_TCPDUMP=""
}

# vt_packets [PCAP]: one normalised line per captured VRRP advert, GARP or unsolicited NA:
#   EPOCH NODE KIND PRIO VERSION TTL INTERVAL_MS CHECKSUM ADDRS VRID
# NODE from the source MAC (r1, r2, c1 or ?), KIND advert|garp|na|other, CHECKSUM per tshark
# (good, bad, unverified or -), ADDRS the advert's address list or the GARP/NA target.
vt_packets() {
  local pcap=${1:-$VT_PCAP}
  tshark -r "$pcap" -n -o vrrp.v3_checksum_as_in_v2:FALSE \
    -Y 'vrrp || (arp.opcode == 1 && arp.src.proto_ipv4 == arp.dst.proto_ipv4) || (icmpv6.type == 136 && icmpv6.nd.na.flag.s == 0)' \
    -T fields -E separator='|' -E occurrence=a -E aggregator=, \
    -e frame.time_epoch -e eth.src -e vrrp.version -e vrrp.prio -e ip.ttl -e ipv6.hlim \
    -e vrrp.adver_int -e vrrp.short_adver_int -e vrrp.checksum.status -e vrrp.ip_addr \
    -e vrrp.ipv6_addr -e arp.src.proto_ipv4 -e icmpv6.nd.na.target_address -e vrrp.virt_rtr_id 2>/dev/null |
    awk -F'|' '
      function node(mac) { if (mac ~ /^02:00:5e:10:00:/) { m = substr(mac, 16); return m == "10" ? "c1" : "r" (m + 0) } return "?" }
      {
        kind = $3 != "" ? "advert" : ($12 != "" ? "garp" : ($13 != "" ? "na" : "other"))
        ttl = $5 != "" ? $5 : ($6 != "" ? $6 : "-")
        intv = "-"
        if ($3 == 2 && $7 != "") intv = $7 * 1000
        if ($3 == 3 && $8 != "") intv = $8 * 10
        cs = $9 == "" ? "-" : ($9 == 1 ? "good" : ($9 == 0 ? "bad" : "unverified"))
        addrs = $10 $11 $12 $13
        if (addrs == "") addrs = "-"
        printf "%s %s %s %s %s %s %s %s %s %s\n", $1, node($2), kind, ($4 == "" ? "-" : $4), ($3 == "" ? "-" : $3), ttl, intv, cs, addrs, ($14 == "" ? "-" : $14)
      }'
}

# vt_first_after PACKETS_FILE T AWK_COND: epoch of the first packet at or after T matching
# the awk condition over fields ($2 node, $3 kind, $4 prio, ...); empty if none.
vt_first_after() {
  awk -v t="$2" "\$1 >= t && ($3) { print \$1; exit }" "$1"
}
# vt_last_before PACKETS_FILE T AWK_COND: epoch of the last matching packet before T.
vt_last_before() {
  awk -v t="$2" "\$1 < t && ($3) { last = \$1 } END { if (last != \"\") print last }" "$1"
}
vt_count() { awk -v a="$2" -v b="$3" "\$1 >= a && \$1 < b && ($4) { c++ } END { print c + 0 }" "$1"; }
vt_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

# vt_assert_near NAME MEASURED_MS THEORY_MS BELOW_MS ABOVE_MS
vt_assert_near() {
  local name=$1 m=$2 t=$3 lo=$4 hi=$5
  [ -n "$m" ] || vt_fail "$name: not measured"
  if awk -v m="$m" -v t="$t" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(m >= t - lo && m <= t + hi) }'; then
    vt_log "ok: $name = $m ms (theory $t, allowed -$lo/+$hi)"
  else
    vt_fail "$name = $m ms, theory $t ms (allowed -$lo/+$hi)"
  fi
}

# vt_check_adverts PACKETS_FILE NODE VERSION PRIO INTERVAL_MS: every advert from NODE has
# the version, priority (unless "-"), TTL 255, the interval and a good checksum.
vt_check_adverts() {
  local f=$1 n=$2 ver=$3 prio=$4 intv=$5 bad
  local cnt
  cnt=$(awk -v n="$n" '$2 == n && $3 == "advert"' "$f" | wc -l)
  [ "$cnt" -gt 0 ] || vt_fail "no adverts from $n captured"
  bad=$(awk -v n="$n" -v v="$ver" -v p="$prio" -v i="$intv" '
    $2 == n && $3 == "advert" && ($5 != v || $6 != 255 || $7 != i || $8 != "good" || (p != "-" && $4 != p && $4 != 0)) { print; c++ }
    END { exit c > 0 }' "$f") || vt_fail "bad adverts from $n (want v$ver prio $prio TTL 255 int $intv ms good checksum):
$bad"
  vt_log "ok: $cnt adverts from $n: VRRPv$ver, prio $prio, TTL 255, interval $intv ms, checksum good"
}

# vt_ping NODE ADDR: one ICMP echo from NODE (default c1) answered within 1 s.
vt_ping() { ip netns exec "$(vt_ns "$1")" ping -n -q -c 1 -W 1 "$2" >/dev/null 2>&1; }
vt_curl() { ip netns exec "$(vt_ns "$1")" curl -s -m 2 "$2"; }

# vt_neigh_mac NODE ADDR: the MAC NODE's neighbour cache holds for ADDR.
vt_neigh_mac() {
  ip -n "$(vt_ns "$1")" neigh show "$2" dev eth0 | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}

# ---- configs ---------------------------------------------------------------------------

# vt_conf STATE PRIORITY [KEY=VALUE...]: one vrrp_instance VI_1 on eth0. Keys:
#   vrid (51) int (1) version (2) vips ("192.0.2.100/24") extra (lines inside the
#   instance) global (lines inside global_defs) head (text between global_defs and the
#   instance, e.g. a vrrp_script: keepalived needs it before the instance that tracks it)
#   tail (text after the instance)
vt_conf() {
  local state=$1 prio=$2; shift 2
  local vrid=51 int=1 version=2 vips="$VT_VIP4/24" extra="" global="" head="" tail="" kv
  for kv in "$@"; do
    case $kv in
      vrid=*) vrid=${kv#*=} ;; int=*) int=${kv#*=} ;; version=*) version=${kv#*=} ;;
      vips=*) vips=${kv#*=} ;; extra=*) extra=${kv#*=} ;; global=*) global=${kv#*=} ;;
      head=*) head=${kv#*=} ;; tail=*) tail=${kv#*=} ;;
      *) vt_fail "vt_conf: unknown key $kv" ;;
    esac
  done
  local vip_lines="" v
  for v in $vips; do vip_lines+="        $v"$'\n'; done
  cat <<EOF
global_defs {
    vrrp_version $version
$global
}
$head
vrrp_instance VI_1 {
    state $state
    interface eth0
    virtual_router_id $vrid
    priority $prio
    advert_int $int
$extra
    virtual_ipaddress {
$vip_lines    }
}
$tail
EOF
}

# Theory (RFC 3768 / RFC 5798): times in ms.
vt_skew_ms() { awk -v v="$1" -v p="$2" -v i="$3" 'BEGIN { printf "%.4f", v == 2 ? (256 - p) / 256 * 1000 : (256 - p) * i / 256 }'; }
vt_mdi_ms() { awk -v s="$(vt_skew_ms "$@")" -v i="$3" 'BEGIN { printf "%.4f", 3 * i + s }'; }

# vt_impls: IMPL_A / IMPL_B from the environment (default keepalived on both).
IMPL_A=${IMPL_A:-keepalived}
IMPL_B=${IMPL_B:-keepalived}

# ---- common scenario steps -------------------------------------------------------------

# vt_pair_up CONF_A CONF_B [TIMEOUT]: capture on c1, start IMPL_A on r1 and IMPL_B on r2,
# wait until r1 holds VIP (default $VT_VIP4) and r2 does not.
vt_pair_up() {
  local vip=${VT_VIP:-$VT_VIP4}
  vt_capture_start
  vt_start r1 "$IMPL_A" "$1"
  vt_start r2 "$IMPL_B" "$2"
  wait_for "vt_vip_on r1 $vip" "${3:-8}" || vt_fail "r1 ($IMPL_A) never took $vip"
  vt_vip_off r2 "$vip" || vt_fail "r2 ($IMPL_B) holds $vip as well"
  vt_log "r1 ($IMPL_A) is master, r2 ($IMPL_B) backup"
}

# vt_analyse: stops the capture and writes the normalised packet list to $VT_P.
vt_analyse() {
  vt_capture_stop
  VT_P="$VT_DIR/packets.txt"
  vt_packets >"$VT_P"
}

# vt_wait_packets AWK_COND COUNT TIMEOUT: waits until the running capture holds COUNT
# packets matching the condition (reads the pcap with tshark, so polls every ~0.3 s).
vt_wait_packets() {
  wait_for "[ \$(vt_packets | awk '$1' | wc -l) -ge $2 ]" "$3"
}

# vt_stats: reads numbers (one per line) and prints "n min median max".
vt_stats() {
  sort -g | awk '{ v[++n] = $1 } END { if (!n) { print "0 - - -"; exit }
    m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "%d %.1f %.1f %.1f\n", n, v[1], m, v[n] }'
}
vt_median() { vt_stats | awk '{ print $3 }'; }

# ---- many instances (benchmarks) -------------------------------------------------------

# vt_add_link NODE K: a further interface ethK on NODE, plugged into bridge brK of the switch
# (one L2 segment per interface index, so equal VRIDs on different K never meet), with the
# node's usual IPv4 address.
vt_add_link() {
  local n=$1 k=$2 ns sw
  ns=$(vt_ns "$n"); sw=$(vt_ns sw)
  if ! ip -n "$sw" link show "br$k" >/dev/null 2>&1; then
    ip -n "$sw" link add "br$k" type bridge stp_state 0 forward_delay 0 mcast_snooping 0 ageing_time 0
    ip -n "$sw" link set "br$k" up
  fi
  ip -n "$sw" link add "${n}e$k" type veth peer name "eth$k" netns "$ns"
  ip -n "$sw" link set "${n}e$k" master "br$k" up
  ip -n "$ns" link set "eth$k" up
  ip -n "$ns" addr add "$(vt_ip4 "$n")/24" dev "eth$k"
}

# vt_conf_many COUNT IFACES STATE PRIO VERSION INT VIPS_PER [GLOBAL]: COUNT instances
# VI_1..VI_COUNT spread over eth0..eth(IFACES-1), VRIDs 1.. per interface, VIPS_PER /32 VIPs
# each from 198.51.100.1-254 then 203.0.113.1-254 (the pool restarts on every interface);
# GLOBAL: more lines for global_defs.
vt_conf_many() {
  awk -v count="$1" -v ifaces="$2" -v state="$3" -v prio="$4" -v ver="$5" -v adv="$6" -v per="$7" \
    -v extra="${8:-}" 'BEGIN {
    printf "global_defs {\n    vrrp_version %d\n%s\n}\n", ver, extra
    per_if = int((count + ifaces - 1) / ifaces)
    for (i = 0; i < count; i++) {
      k = int(i / per_if); j = i % per_if
      printf "vrrp_instance VI_%d {\n    state %s\n    interface eth%d\n    virtual_router_id %d\n", i + 1, state, k, j + 1
      printf "    priority %d\n    advert_int %s\n    virtual_ipaddress {\n", prio, adv
      for (m = 0; m < per; m++) {
        x = j * per + m
        printf "        %s/32\n", x < 254 ? "198.51.100." (x + 1) : "203.0.113." (x - 253)
      }
      printf "    }\n}\n"
    }
  }'
}

# vt_vip_count NODE: number of pool VIPs (198.51.100.x, 203.0.113.x) on all of NODE's links.
vt_vip_count() {
  ip -n "$(vt_ns "$1")" -o -4 addr show 2>/dev/null | grep -cE 'inet (198\.51\.100|203\.0\.113)\.'
}

# vt_monitor_start NODE: records NODE's IPv4 address changes with the kernel-event arrival
# time (`ip -ts monitor`), for sub-millisecond timings instead of polling.
vt_monitor_start() {
  ip netns exec "$(vt_ns "$1")" ip -ts -4 monitor address >"$VT_DIR/monitor.$1" 2>/dev/null &
  VT_PIDS+=($!)
}
# vt_monitor_nth_add NODE N: epoch time (s) of the N-th VIP (198.51.100/24, 203.0.113/24)
# added on NODE since vt_monitor_start; empty if fewer were seen.
vt_monitor_nth_add() {
  local stamp
  stamp=$(awk -v n="$2" '!/Deleted/ && / inet (198\.51\.100|203\.0\.113)\./ && ++c == n {
            sub(/^\[/, "", $1); sub(/\]$/, "", $1); print $1; exit }' "$VT_DIR/monitor.$1")
  [ -n "$stamp" ] && date -d "$stamp" +%s.%6N
}

# vt_daemon_pids NODE: the daemon's parent and all its descendants.
vt_daemon_pids() {
  local parent
  parent=$(vt_parent_pid "$1")
  [ -n "$parent" ] || return 0
  ps -e -o pid=,ppid= | awk -v root="$parent" '
    { parent_of[$1] = $2 }
    END { keep[root] = 1; changed = 1
      while (changed) { changed = 0; for (p in parent_of) if (!(p in keep) && (parent_of[p] in keep)) { keep[p] = 1; changed = 1 } }
      for (p in keep) print p }'
}
# vt_status_kb NODE FIELD: the total of a /proc/PID/status field (kB) over the daemon's processes.
vt_status_kb() {
  local p t=0 v
  for p in $(vt_daemon_pids "$1"); do
    v=$(awk -v f="$2:" '$1 == f { print $2 }' "/proc/$p/status" 2>/dev/null)
    t=$((t + ${v:-0}))
  done
  echo "$t"
}
# vt_rss_kb NODE: total VmRSS of the daemon's processes.
vt_rss_kb() { vt_status_kb "$1" VmRSS; }
# vt_rss_anon_kb NODE: total RssAnon (heap, stacks, anonymous maps) of the daemon's
# processes: what a leak grows. Code faulted in again after start-up (its pages are dropped
# once a process has started, process/code_pages.hpp) is file-backed and not counted.
vt_rss_anon_kb() { vt_status_kb "$1" RssAnon; }
# vt_cpu_ns NODE: total run time (ns, from /proc/PID/task/*/schedstat) of the daemon's processes.
vt_cpu_ns() {
  local p
  for p in $(vt_daemon_pids "$1"); do cat /proc/"$p"/task/*/schedstat 2>/dev/null; done |
    awk '{ t += $1 } END { printf "%.0f\n", t }'
}
