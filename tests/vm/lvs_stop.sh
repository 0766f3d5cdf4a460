#!/usr/bin/env bash
# The checker child's stop against keepalived 2.2.7 in the VM tier (run inside:
# tests/vm/run -- tests/vm/lvs_stop.sh BUILD_DIR). keepalived 2.2.7 and ours run
# lvs_stop_keepalived.conf side by side (-C), each in its own namespace with its own IPVS
# table, and are stopped with SIGTERM in each variant:
#   default            per real server deletes, then each virtual server;
#   -I                 --dont-release-ipvs: the table stays as it was;
#   flush              lvs_flush_on_stop: one IPVS flush;
#   flush VS           lvs_flush_on_stop VS: each virtual server deleted, the kernel drops its
#                      real servers;
#   flush, -I          -I wins over lvs_flush_on_stop.
# Before the stop both tables must be the same (ipvsadm -Ln --sort and ipvsadm -S -n, sorted)
# once keepalived's has every check's verdict and has been still for 1 s; after the stop they
# must be the same again, and so must the stop's log lines (Shutting down [(inhibited)]
# service ..., Removing ..., Lost quorum ...). The variants run at once, each in its own pair
# of namespaces; what each left in the table is printed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
vm_begin lvs-stop "$1"
vm_need_module ip_vs
vm_need_tools keepalived

work=$(mktemp -d)
variants=(default keep flush flush-vs flush-keep)
runs=()
cleanup() {
  local v k
  for v in "${runs[@]}"; do kill -9 "$v" 2>/dev/null; done
  for v in "${variants[@]}"; do
    for k in ka vg; do
      [ -f "$work/$v/$k.daemon" ] && kill -9 "$(cat "$work/$v/$k.daemon")" 2>/dev/null
      ip netns del "vigil-vm-stop-$v-$k" 2>/dev/null
    done
  done
  rm -rf "$work"
}
trap cleanup EXIT
binary() { [ "$1" = ka ] && echo keepalived || echo "$ours"; }

# run VARIANT FLUSH_LINE [-I]: one variant, both daemons.
run() {
  local variant=$1 flush=$2 flags=${3-} k text deadline
  local dir=$work/$variant
  declare -A pid=()
  # ka runs keepalived 2.2.7, vg ours: the same real server addresses on each one's lo.
  inns() { local k=$1; shift; ip netns exec "vigil-vm-stop-$variant-$k" "$@"; }
  table() { # K: both listings of K's table
    inns "$1" ipvsadm -Ln --sort
    echo "--"
    inns "$1" ipvsadm -S -n | sort
  }
  for k in ka vg; do
    ip netns add "vigil-vm-stop-$variant-$k" || return 1
    inns $k ip link set lo up
    for a in 1 2 3 5 9; do inns $k ip addr add 198.51.100.$a/32 dev lo; done
  done
  sed "s|@FLUSH@|$flush|" "$here/lvs_stop_keepalived.conf" >"$dir/keepalived.conf"
  for k in ka vg; do
    ip netns exec "vigil-vm-stop-$variant-$k" "$(binary $k)" -n -l -D -C $flags -f "$dir/keepalived.conf" -p "$dir/$k.pid" \
      -c "$dir/$k.checkers.pid" -r "$dir/$k.vrrp.pid" >"$dir/$k.log" 2>&1 &
    pid[$k]=$! # the daemon itself: a simple command is exec'd in the background's fork
    echo "${pid[$k]}" >"$dir/$k.daemon"
  done
  # keepalived's table with every verdict (the inhibited server at weight 0, the failed one
  # gone, the sorry server in), then still for 1 s (one program a poll: TCG makes each cost).
  deadline=$((SECONDS + 60))
  while :; do
    text=$(inns ka ipvsadm -S -n)
    [[ $text == *"-r 198.51.100.2:80 -m -w 0"* && $text == *"-t 192.0.2.21:80 -r 198.51.100.9:80"* &&
       $text != *"-t 192.0.2.20:80 -r 198.51.100.3:80"* ]] && break
    [ $SECONDS -lt $deadline ] || { fail "$variant: keepalived's table did not settle"; printf '%s\n' "$text"; cat "$dir/ka.log"; return; }
    sleep 0.5
  done
  local last=$text since=${EPOCHREALTIME/./}
  while [ $((${EPOCHREALTIME/./} - since)) -lt 1000000 ]; do
    sleep 0.5
    text=$(inns ka ipvsadm -S -n)
    [ "$text" = "$last" ] || { last=$text since=${EPOCHREALTIME/./}; }
  done
  text=$(table ka)
  printf '%s\n' "$text" >"$dir/ka.running"
  while :; do
    table vg >"$dir/vg.running"
    cmp -s "$dir/ka.running" "$dir/vg.running" && break
    if [ $SECONDS -ge $deadline ]; then
      fail "$variant: running, keepalived's table (-) and ours (+) differ"
      diff -u "$dir/ka.running" "$dir/vg.running"; cat "$dir/vg.log"; return
    fi
    sleep 0.5
  done
  for k in ka vg; do kill -TERM "${pid[$k]}"; done
  for k in ka vg; do
    deadline=$((SECONDS + 15))
    while kill -0 "${pid[$k]}" 2>/dev/null; do
      [ $SECONDS -lt $deadline ] || { fail "$variant: $(binary $k) did not stop in 15 s"; kill -9 "${pid[$k]}"; break; }
      sleep 0.2
    done
    wait "${pid[$k]}" 2>/dev/null
    rm -f "$dir/$k.daemon"
    table $k >"$dir/$k.stopped"
    sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //' "$dir/$k.log" \
      | grep -E '^(Shutting down|Removing|Lost quorum)' | sort >"$dir/$k.lines"
  done
  if ! diff -u "$dir/ka.stopped" "$dir/vg.stopped"; then
    fail "$variant: after the stop, keepalived's table (-) and ours (+) differ"
  elif ! diff -u "$dir/ka.lines" "$dir/vg.lines"; then
    fail "$variant: the stop's log lines differ (keepalived -, ours +)"
  else
    echo "$variant: same table running and stopped, same stop lines (at $(elapsed)); left after the stop:"
    grep -E '^-[Aa] ' "$dir/ka.stopped" | sed 's/^/    /'
  fi
  [ $failed -eq 0 ] && [ -z "${VIGIL_LVS_VERBOSE:-}" ] || { echo "-- keepalived's log"; cat "$dir/ka.log"; echo "-- our log"; cat "$dir/vg.log"; }
  return $failed
}

# The variants run at once, each in its own two namespaces (IPVS tables are per namespace):
# most of a variant is waiting for the daemons, and the machine is emulated.
for v in "${variants[@]}"; do mkdir -p "$work/$v"; done
run default "" >"$work/default/out" 2>&1 & runs+=($!)
run keep "" -I >"$work/keep/out" 2>&1 & runs+=($!)
run flush lvs_flush_on_stop >"$work/flush/out" 2>&1 & runs+=($!)
run flush-vs "lvs_flush_on_stop VS" >"$work/flush-vs/out" 2>&1 & runs+=($!)
run flush-keep lvs_flush_on_stop -I >"$work/flush-keep/out" 2>&1 & runs+=($!)
for r in "${runs[@]}"; do wait "$r" || failed=1; done
runs=()
for v in "${variants[@]}"; do cat "$work/$v/out"; done
[ $failed -eq 0 ] && echo "lvs-stop: ok ($(elapsed))"
exit $failed
