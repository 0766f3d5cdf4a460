#!/usr/bin/env bash
# The small globals of issue 13, keepalived 2.2.7 ($IMPL_A on r1) beside ours ($IMPL_B on r2),
# both at once (VRIDs 51 and 52, so the two nodes never meet in an election). Each mode drives
# both daemons through the same steps and requires the same observations from both:
#   names          process_names / process_name / vrrp_process_name / bfd_process_name: the
#                  comm of each pid file's pid at start, after a reload that changes names and
#                  after one that removes them; the truncation and deprecation lines; the
#                  parent's max_auto_priority NOTICE.
#   auto-priority  max_auto_priority: the VRRP child stopped for 2 s logs the late timer and
#                  runs SCHED_RR|SCHED_RESET_ON_FORK at priority 1 (chrt -p); a reload goes back
#                  to SCHED_OTHER; no NOTICE.
#   fifo-reload    fifo_write_vrrp_states_on_reload: the notify FIFO's lines at start, after a
#                  reload with it and one without it, then at stop.
#   fifo-start     the notify FIFO's and the notify scripts' lines at start and stop: instances
#                  alone and in sync groups, in BACKUP and in FAULT, a group in FAULT.
#   reload-time    reload_time_file: bad content, a date, an update, a deletion, then a time 2 s
#                  ahead that reloads the daemon and removes the file; the log lines in order.
#   netns-mount    net_namespace: the parent and the VRRP child share a new mount namespace in
#                  which /run/keepalived/NAME is bound over /run/keepalived; removed at stop.
source "$(dirname "$0")/lib.sh"
mode=${1:-names}
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2

# conf NODE GLOBAL_LINES [TAIL]: VI_1 (priority 100, MASTER) with the node's own VRID and VIP.
conf() {
  local n=${1#r}
  vt_conf MASTER 100 vrid=$((50 + n)) vips="192.0.2.$((100 + n))/24" global="$2" tail="${3:-}"
}
impl_of() { [ "$1" = r1 ] && echo "$IMPL_A" || echo "$IMPL_B"; }
both() { local n; for n in r1 r2; do "$@" "$n"; done; }
start() { vt_start "$1" "$(impl_of "$1")" "$(conf "$1" "${GLOBAL[$1]}" "${TAIL[$1]:-}")"; }
# rewrite NODE: the node's configuration file from GLOBAL/TAIL, then SIGHUP.
reload() {
  conf "$1" "${GLOBAL[$1]}" "${TAIL[$1]:-}" >"$VT_DIR/$1/keepalived.conf"
  kill -HUP "$(vt_parent_pid "$1")"
}
comm() { cat "/proc/$(cat "$VT_DIR/$1/$2.pid" 2>/dev/null)/comm" 2>/dev/null; }
# expect_same WHAT CMD: CMD NODE prints the same on both nodes.
expect_same() {
  local what=$1 a b; shift
  a=$("$@" r1); b=$("$@" r2)
  [ "$a" = "$b" ] || vt_fail "$what: $IMPL_A on r1 '$a', $IMPL_B on r2 '$b'"
  vt_log "ok: $what: '$a' on both"
}
declare -A GLOBAL TAIL

case $mode in
names)
  names() { echo "parent=$(comm "$1" keepalived) vrrp=$(comm "$1" vrrp) bfd=$(comm "$1" bfd)"; }
  has_names() { [ "$(names "$1")" = "$2" ]; }
  for n in r1 r2; do
    GLOBAL[$n]="    process_names
    process_name kaparent
    vrrp_process_name averyveryverylongname
    lvs_process_name lvs"
    TAIL[$n]="bfd_instance B1 {
    neighbor_ip 192.0.2.9
}"
  done
  both start
  want="parent=kaparent vrrp=averyveryverylo bfd=keepalived_bfd"
  for n in r1 r2; do
    wait_for "[ -s '$VT_DIR/$n/bfd.pid' ] && has_names $n '$want'" 5 || vt_fail "$n at start: $(names $n), want $want"
    vt_log_has "$n" "Process name averyveryverylongname more than 15 characters, truncating" ||
      vt_fail "$n: no truncation line"
    vt_log_has "$n" "'lvs_process_name' is deprecated - please use 'checker_process_name'" || vt_fail "$n: no deprecation line"
    vt_log_has "$n" "NOTICE: setting config option max_auto_priority should result in better keepalived performance" ||
      vt_fail "$n: no max_auto_priority NOTICE"
  done
  expect_same "names at start" names
  # Changed: the VRRP child's name, the parent's; process_names gone (BFD back to keepalived).
  for n in r1 r2; do
    GLOBAL[$n]="    process_name kaparent2
    vrrp_process_name vrrp2"
    reload "$n"
  done
  want="parent=kaparent2 vrrp=vrrp2 bfd=keepalived"
  for n in r1 r2; do
    wait_for "has_names $n '$want'" 5 || vt_fail "$n after reload: $(names $n), want $want"
  done
  expect_same "names after a reload changing them" names
  for n in r1 r2; do
    GLOBAL[$n]=""
    reload "$n"
  done
  want="parent=keepalived vrrp=keepalived bfd=keepalived"
  for n in r1 r2; do
    wait_for "has_names $n '$want'" 5 || vt_fail "$n after reload: $(names $n), want $want"
  done
  expect_same "names after a reload removing them" names
  ;;
auto-priority)
  sched() { chrt -p "$(cat "$VT_DIR/$1/vrrp.pid")" | sed 's/^pid [0-9]*/pid/' | tr '\n' ' '; }
  for n in r1 r2; do
    # Capped at 1: keepalived takes one step per overdue timer it finds earliest in turn
    # (one or two after the stop, by timing), ours one per late engine deadline.
    GLOBAL[$n]="    max_auto_priority 1
    min_auto_priority_delay 500000"
  done
  both start
  for n in r1 r2; do
    wait_for "vt_vip_on $n 192.0.2.10${n#r}" 6 || vt_fail "$n never became master"
  done
  expect_same "scheduling before" sched
  for n in r1 r2; do kill -STOP "$(cat "$VT_DIR/$n/vrrp.pid")"; done
  sleep 2
  for n in r1 r2; do kill -CONT "$(cat "$VT_DIR/$n/vrrp.pid")"; done
  for n in r1 r2; do
    wait_for "vt_log_has $n 'Set realtime priority 1$'" 3 || vt_fail "$n: no 'Set realtime priority 1'"
    vt_log_has "$n" "A thread timer expired [0-9]+\.[0-9]{6} seconds ago" || vt_fail "$n: no late timer line"
    ! vt_log_has "$n" "NOTICE: setting config option max_auto_priority" || vt_fail "$n: NOTICE with max_auto_priority set"
  done
  expect_same "scheduling after a 2 s stop" sched
  for n in r1 r2; do reload "$n"; done
  for n in r1 r2; do
    wait_for "sched $n | grep -q SCHED_OTHER" 5 || vt_fail "$n after reload: $(sched $n)"
  done
  expect_same "scheduling after a reload" sched
  ;;
fifo-reload)
  # G1 {VI_1} MASTER; VI_2 in FAULT (it tracks dummy0, a veth left down).
  fifo_conf() { # node, global lines
    local n=${1#r} d="$VT_DIR/$1"
    cat <<EOF
global_defs {
    vrrp_notify_fifo $d/fifo
$2
}
vrrp_sync_group G1 {
    group {
        VI_1
    }
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id $((50 + n))
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.$((100 + n))/24
    }
}
vrrp_instance VI_2 {
    state BACKUP
    interface eth0
    virtual_router_id $((60 + n))
    priority 100
    advert_int 1
    track_interface {
        dummy0
    }
    virtual_ipaddress {
        192.0.2.$((110 + n))/24
    }
}
EOF
  }
  fifo_lines() { cat "$VT_DIR/$1/fifo.out"; }
  for n in r1 r2; do
    ip -n "$(vt_ns "$n")" link add dummy0 type veth peer name dummy1 # both down
    d=$(vt_node_dir "$n")
    mkfifo -m 0600 "$d/fifo"
    # Held open read-write: the daemons reopen the FIFO on reload, a plain reader would see EOF.
    cat 0<>"$d/fifo" >>"$d/fifo.out" &
    VT_PIDS+=($!)
    vt_start "$n" "$(impl_of "$n")" "$(fifo_conf "$n" "    fifo_write_vrrp_states_on_reload")"
  done
  for n in r1 r2; do
    wait_for "vt_vip_on $n 192.0.2.10${n#r} && grep -q 'GROUP \"G1\" MASTER' '$VT_DIR/$n/fifo.out'" 6 ||
      vt_fail "$n never became master: $(fifo_lines "$n")"
  done
  for n in r1 r2; do kill -HUP "$(vt_parent_pid "$n")"; done
  for n in r1 r2; do
    wait_for "[ \$(grep -c 'GROUP \"G1\" MASTER' '$VT_DIR/$n/fifo.out') -ge 2 ]" 5 ||
      vt_fail "$n: after a reload with fifo_write_vrrp_states_on_reload: $(fifo_lines "$n")"
  done
  for n in r1 r2; do
    fifo_conf "$n" "" >"$VT_DIR/$n/keepalived.conf"
    kill -HUP "$(vt_parent_pid "$n")"
  done
  for n in r1 r2; do
    wait_for "[ \$(vt_log_count $n 'Reloading$') -ge 2 ]" 5 || vt_fail "$n: no second reload"
  done
  both vt_stop
  for n in r1 r2; do
    wait_for "grep -q 'GROUP \"G1\" STOP' '$VT_DIR/$n/fifo.out'" 3 || vt_fail "$n: no STOP lines: $(fifo_lines "$n")"
  done
  expect_same "FIFO lines at start, after a reload with the option, one without it and the stop" fifo_lines
  exit 0
  ;;
fifo-start)
  # The start-up notifications (FIFO, and notify scripts as a set: they run concurrently),
  # then those of the stop. In config order: VI_A alone (BACKUP), VI_B (G1, up), VI_C alone
  # and tracking dummy0 (FAULT), VI_D (G1, tracking dummy0: G1 in FAULT), VI_E and VI_F (G2,
  # BACKUP), VI_G alone on dummy2 (down: FAULT), VI_H alone and VI_I (G3) address owners
  # (MASTER at once); G2 is declared before G1. advert_int 5: no other master meanwhile.
  start_conf() {
    local n=${1#r} d="$VT_DIR/$1" k=0 spec name itf prio state track
    printf 'global_defs {\n    vrrp_notify_fifo %s/fifo\n}\n' "$d"
    printf 'vrrp_sync_group %s {\n    group {\n%s\n    }\n    notify "%s/notify.sh"\n}\n' \
      G2 "        VI_E
        VI_F" "$d" G1 "        VI_B
        VI_D" "$d" G3 "        VI_I" "$d"
    for spec in VI_A:eth0:100: VI_B:eth0:100: VI_C:eth0:100:t VI_D:eth0:100:t VI_E:eth0:100: \
      VI_F:eth0:100: VI_G:dummy2:100: VI_H:eth0:255: VI_I:eth0:255:; do
      IFS=: read -r name itf prio track <<<"$spec"
      k=$((k + 1))
      state=BACKUP
      [ "$prio" = 255 ] && state=MASTER
      [ -n "$track" ] && track="    track_interface {
        dummy0
    }"
      printf 'vrrp_instance %s {\n    state %s\n    interface %s\n    virtual_router_id %s\n' \
        "$name" "$state" "$itf" $((10 * k + n))
      printf '    priority %s\n    advert_int 5\n%s\n    notify "%s/notify.sh"\n' "$prio" "$track" "$d"
      printf '    virtual_ipaddress {\n        198.51.100.%s/32\n    }\n}\n' $((10 * k + n))
    done
  }
  fifo_lines() { cat "$VT_DIR/$1/fifo.out"; }
  notify_lines() { sort "$VT_DIR/$1/notify.out"; }
  for n in r1 r2; do
    ip -n "$(vt_ns "$n")" link add dummy0 type veth peer name dummy1 # both down
    ip -n "$(vt_ns "$n")" link add dummy2 type veth peer name dummy3
    ip -n "$(vt_ns "$n")" addr add "203.0.113.${n#r}/24" dev dummy2
    d=$(vt_node_dir "$n")
    printf '#!/bin/sh\necho "$*" >>%s/notify.out\n' "$d" >"$d/notify.sh"
    chmod 0755 "$d/notify.sh"
    mkfifo -m 0600 "$d/fifo"
    cat 0<>"$d/fifo" >>"$d/fifo.out" &
    VT_PIDS+=($!)
  done
  for n in r1 r2; do vt_start "$n" "$(impl_of "$n")" "$(start_conf "$n")"; done
  # Until the owners' MASTER lines (keepalived writes none for G3: an all-owner group starts
  # in MASTER), and the notify scripts as many lines.
  for n in r1 r2; do
    wait_for "grep -q 'VI_I. MASTER' '$VT_DIR/$n/fifo.out' && grep -q 'VI_H. MASTER' '$VT_DIR/$n/fifo.out' &&
      [ \$(wc -l <'$VT_DIR/$n/notify.out') -ge \$(wc -l <'$VT_DIR/$n/fifo.out') ]" 5 ||
      vt_fail "$n: start-up lines: $(fifo_lines "$n")"
  done
  expect_same "FIFO lines at start" fifo_lines
  expect_same "notify script lines at start" notify_lines
  state_log() { grep -E 'VRRP_Group|ntering (FAULT|BACKUP|MASTER)' "$VT_DIR/$1/daemon.log" | sed 's/^[^:]*:[^:]*:[^:]*: //'; }
  expect_same "state log lines at start" state_log
  both vt_stop
  for n in r1 r2; do
    wait_for "grep -q 'GROUP \"G3\" STOP' '$VT_DIR/$n/fifo.out'" 3 || vt_fail "$n: no STOP lines: $(fifo_lines "$n")"
  done
  expect_same "FIFO lines at start and stop" fifo_lines
  expect_same "notify script lines at start and stop" notify_lines
  exit 0
  ;;
reload-time)
  for n in r1 r2; do
    GLOBAL[$n]="    reload_time_file $VT_DIR/$n/reload_time"
  done
  both start
  # put TEXT: the same first line into both nodes' files at once (renamed into place, so each
  # write is one event: a file written in place may be read empty on its creation).
  put() {
    local n
    for n in r1 r2; do
      printf '%s\n' "$1" >"$VT_DIR/$n/reload.tmp"
      mv "$VT_DIR/$n/reload.tmp" "$VT_DIR/$n/reload_time"
    done
  }
  lines() { sed -n 's/^.*[0-9]\{4\}: //; /[Rr]eload time\|Reload date\|Scheduling reload\|Cancelling reload\|^Reloading \.\.\./p' "$VT_DIR/$1/daemon.log"; }
  expect_line() { # regex, what
    local n
    WANT_LINE=$1
    for n in r1 r2; do wait_for "lines $n | grep -qE -- \"\$WANT_LINE\"" 5 || vt_fail "$n ($(impl_of $n)): no line '$1' after $2"; done
  }
  put bad
  expect_line "^Invalid reload time 'bad' specified - ignoring" "bad content"
  t1=$(date -d '+60 sec' '+%Y-%m-%d %H:%M:%S')
  put "$t1"
  expect_line "^Scheduling reload for $t1" "a date"
  t2=$(date -d '+30 sec' '+%H:%M:%S')
  put "$t2"
  expect_line "^Reload time updated from $t1 to .* $t2" "a time of day"
  rm "$VT_DIR/r1/reload_time" "$VT_DIR/r2/reload_time"
  expect_line "^Cancelling reload scheduled for .* $t2" "the file's removal"
  t3=$(date -d '+2 sec' '+%Y-%m-%d %H:%M:%S')
  put "$t3"
  expect_line "^Reloading \.\.\." "the reload time"
  for n in r1 r2; do
    wait_for "[ ! -e '$VT_DIR/$n/reload_time' ]" 2 || vt_fail "$n: reload_time left after the reload"
  done
  expect_same "reload_time_file lines" lines
  ;;
*) vt_fail "unknown mode $mode" ;;
esac
both vt_stop
exit 0
