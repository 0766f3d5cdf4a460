#!/usr/bin/env bash
# The checker and BFD children's own scheduling and the limits their scripts start with,
# keepalived 2.2.7 ($IMPL_A on r1) beside ours ($IMPL_B on r2), both at once, run with --all so
# that the checker child runs without a virtual_server (and so without IPVS in the kernel).
# Each mode drives both daemons through the same steps and requires the same observations:
#   sched          checker_priority / checker_no_swap and bfd_rt_priority / bfd_cpu_affinity /
#                  bfd_rlimit_rttime: each child's policy and priority (chrt -p), nice value,
#                  CPU list, whether memory is locked, RLIMIT_RTTIME; the BFD child stopped
#                  for 2 s logs the late timer and takes a max_auto_priority step (4 -> 5);
#                  a reload goes back to the configured settings.
#   script-limits  a soft RLIMIT_NOFILE (24) below what the checker child raises it to (27),
#                  checker_priority -3 and vrrp_priority 2: the checker child's
#                  lvs_notify_fifo_script and the VRRP child's notify_master both see the
#                  daemon's original open-file limit and nice value.
# keepalived 2.2.7 "restores" RLIMIT_RTTIME to 0:0 at a reload (lib/process.c never reads
# the original), and in a container without CAP_SYS_RESOURCE cannot set bfd_rlimit_rttime
# again: its BFD child runs on real-time at 0:0 and is killed (then respawned) when it next
# uses the CPU. The BFD child's RLIMIT_RTTIME after the reload is therefore not compared;
# ours must still have bfd_rlimit_rttime.
source "$(dirname "$0")/lib.sh"
mode=${1:-sched}
vt_init "$IMPL_A" "$IMPL_B"
command -v chrt >/dev/null && command -v taskset >/dev/null || vt_skip "chrt/taskset missing"
vt_topology 2

impl_of() { [ "$1" = r1 ] && echo "$IMPL_A" || echo "$IMPL_B"; }
both() { local n; for n in r1 r2; do "$@" "$n"; done; }
# conf NODE GLOBAL_LINES [EXTRA] [TAIL]: VI_1 (MASTER) with the node's own VRID and VIP.
conf() {
  local n=${1#r}
  vt_conf MASTER 100 vrid=$((50 + n)) vips="192.0.2.$((100 + n))/24" global="$2" extra="${3:-}" tail="${4:-}"
}
VT_ARGS_r1=--all
VT_ARGS_r2=--all
pid_of() { cat "$VT_DIR/$1/$2.pid" 2>/dev/null; }
# expect_same WHAT CMD: CMD NODE prints the same on both nodes.
expect_same() {
  local what=$1 a b; shift
  a=$("$@" r1); b=$("$@" r2)
  [ "$a" = "$b" ] || vt_fail "$what: $IMPL_A on r1 '$a', $IMPL_B on r2 '$b'"
  vt_log "ok: $what: '$a' on both"
}

case $mode in
sched)
  cpu=1
  [ "$(nproc)" -ge 2 ] || cpu=0
  # Capped at 5 (one step from bfd_rt_priority 4): keepalived takes one step per overdue
  # timer it finds earliest in turn, ours one per late engine deadline.
  global="    max_auto_priority 5
    min_auto_priority_delay 500000
    checker_priority -3
    checker_no_swap
    bfd_rt_priority 4
    bfd_cpu_affinity $cpu
    bfd_rlimit_rttime 40000"
  tail="bfd_instance B1 {
    neighbor_ip 192.0.2.9
}"
  # of PID: what the kernel says of the process's scheduling.
  of() {
    local pid=$1
    [ -n "$pid" ] && [ -e "/proc/$pid/stat" ] || { echo "no process"; return; }
    echo "$(chrt -p "$pid" | sed 's/^pid [0-9]*.s current scheduling //' | tr '\n' ' ')" \
      "nice=$(awk '{print $19}' "/proc/$pid/stat")" \
      "cpus=$(taskset -pc "$pid" | sed 's/.*: //')" \
      "locked=$(awk '/^VmLck/ {print ($2 > 0 ? "yes" : "no")}' "/proc/$pid/status")" \
      "rttime=$(awk '/^Max realtime timeout/ {print $4 ":" $5}' "/proc/$pid/limits")"
  }
  sched() { echo "checker: $(of "$(pid_of "$1" checkers)") | bfd: $(of "$(pid_of "$1" bfd)")"; }
  bfd_priority() { chrt -p "$(pid_of "$1" bfd)" 2>/dev/null | sed -n 's/.*scheduling priority: //p'; }
  for n in r1 r2; do
    vt_start "$n" "$(impl_of "$n")" "$(conf "$n" "$global" "" "$tail")"
  done
  for n in r1 r2; do
    wait_for "[ \"\$(bfd_priority $n)\" = 4 ] && sched $n | grep -q 'checker: .*nice=-3 .*locked=yes'" 6 ||
      vt_fail "$n ($(impl_of $n)) at start: $(sched $n)"
  done
  expect_same "scheduling at start" sched
  for n in r1 r2; do kill -STOP "$(pid_of $n bfd)"; done
  sleep 2
  for n in r1 r2; do kill -CONT "$(pid_of $n bfd)"; done
  for n in r1 r2; do
    wait_for "vt_log_has $n 'Set realtime priority 5$'" 4 || vt_fail "$n ($(impl_of $n)): no 'Set realtime priority 5'"
    vt_log_has "$n" "A thread timer expired [12]\.[0-9]{6} seconds ago" || vt_fail "$n ($(impl_of $n)): no late timer line"
  done
  expect_same "scheduling after the BFD child stopped 2 s" sched
  for n in r1 r2; do
    conf "$n" "$global" "" "$tail" >"$VT_DIR/$n/keepalived.conf"
    kill -HUP "$(vt_parent_pid "$n")"
  done
  for n in r1 r2; do
    wait_for "[ \"\$(bfd_priority $n)\" = 4 ]" 6 || vt_fail "$n ($(impl_of $n)) after reload: $(sched $n)"
  done
  for n in r1 r2; do
    wait_for "sched $n | grep -q 'checker: .*nice=-3 .*locked=yes'" 6 || vt_fail "$n ($(impl_of $n)) after reload: $(sched $n)"
  done
  # The BFD child's RLIMIT_RTTIME is left out (see above); ours keeps bfd_rlimit_rttime.
  without_bfd_rttime() { sched "$1" | sed 's/ rttime=[^ ]*$//'; }
  expect_same "scheduling after a reload" without_bfd_rttime
  [ "$IMPL_B" = ours ] && { sched r2 | grep -q 'rttime=20000:40000$' || vt_fail "r2 (ours) after reload: $(sched r2)"; }
  ;;
script-limits)
  for n in r1 r2; do
    d=$(vt_node_dir "$n")
    printf '#!/bin/sh\necho "$1 nofile=$(ulimit -n) nice=$(cut -d" " -f19 /proc/self/stat)" >>%s/limits.out\n' "$d" >"$d/limits.sh"
    chmod 755 "$d/limits.sh"
  done
  limits() { sort "$VT_DIR/$1/limits.out" 2>/dev/null | tr '\n' ' '; }
  saved=$(ulimit -Sn)
  ulimit -Sn 24 # the daemons inherit it (keepalived's checker child needs 17 + 10)
  for n in r1 r2; do
    d=$VT_DIR/$n
    vt_start "$n" "$(impl_of "$n")" "$(conf "$n" "    checker_priority -3
    vrrp_priority 2
    lvs_notify_fifo $d/lvs.fifo
    lvs_notify_fifo_script \"$d/limits.sh checker\"" "    notify_master \"$d/limits.sh vrrp\"")"
  done
  ulimit -Sn "$saved"
  for n in r1 r2; do
    wait_for "limits $n | grep -q checker && limits $n | grep -q vrrp" 8 || vt_fail "$n ($(impl_of $n)): scripts wrote '$(limits $n)'"
    wait_for "awk '/^Max open files/ {print \$4}' /proc/$(pid_of $n checkers)/limits | grep -qx 27" 3 ||
      vt_fail "$n ($(impl_of $n)): the checker child did not raise its open-file limit to 27"
  done
  expect_same "what the scripts see" limits
  ;;
*) vt_fail "unknown mode $mode" ;;
esac
both vt_stop
exit 0
