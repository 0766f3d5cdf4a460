#!/usr/bin/env bash
# Notify scripts and the FIFO see r1's transitions in order: BACKUP (init), MASTER, and STOP on
# SIGTERM. `notify` gets its argv plus INSTANCE VI_1 STATE PRIORITY; notify_master and
# notify_backup get exactly their argv; the FIFO gets `INSTANCE "VI_1" STATE PRIORITY` lines.
# r2 (BACKUP) takes over afterwards and notifies MASTER too. VRRPv3, 50 ms adverts.
source "$(dirname "$0")/lib.sh"
vt_init "$IMPL_A" "$IMPL_B"
vt_topology 2
for n in r1 r2; do
  d=$(vt_node_dir "$n")
  printf '#!/bin/sh\necho "$*" >>%s/notify.out\n' "$d" >"$d/notify.sh"
  chmod 0755 "$d/notify.sh"
  mkfifo -m 0600 "$d/fifo"
  cat "$d/fifo" >>"$d/fifo.out" &
  VT_PIDS+=($!)
done
conf() { # node state prio
  local d="$VT_DIR/$1"
  vt_conf "$2" "$3" version=3 int=0.05 global="    vrrp_notify_fifo $d/fifo" \
    extra="    notify $d/notify.sh
    notify_master \"$d/notify.sh master-only $1\"
    notify_backup \"$d/notify.sh backup-only $1\""
}
vt_pair_up "$(conf r1 MASTER 100)" "$(conf r2 BACKUP 90)"
vt_stop r1 5
wait_for "vt_vip_on r2 $VT_VIP4" 2 || vt_fail "r2 did not take over"
want_notify_r1=("INSTANCE VI_1 BACKUP 100" "INSTANCE VI_1 MASTER 100" "INSTANCE VI_1 STOP 100")
want_fifo_r1=('INSTANCE "VI_1" BACKUP 100' 'INSTANCE "VI_1" MASTER 100' 'INSTANCE "VI_1" STOP 100')
want_fifo_r2=('INSTANCE "VI_1" BACKUP 90' 'INSTANCE "VI_1" MASTER 90')
lines_equal() { # file, wanted lines...: the file's lines (filtered) equal the wanted list
  local f=$1; shift
  [ "$(printf '%s\n' "$@")" = "$(cat "$f" 2>/dev/null)" ]
}
wait_for "lines_equal <(grep ^INSTANCE '$VT_DIR/r1/notify.out') \"\${want_notify_r1[@]}\"" 3 ||
  vt_fail "r1 notify lines: $(cat "$VT_DIR/r1/notify.out")"
vt_log "ok: r1 notify: ${want_notify_r1[*]}"
wait_for "lines_equal '$VT_DIR/r1/fifo.out' \"\${want_fifo_r1[@]}\"" 3 ||
  vt_fail "r1 FIFO lines: $(cat "$VT_DIR/r1/fifo.out")"
vt_log "ok: r1 FIFO: ${want_fifo_r1[*]}"
wait_for "lines_equal '$VT_DIR/r2/fifo.out' \"\${want_fifo_r2[@]}\"" 3 ||
  vt_fail "r2 FIFO lines: $(cat "$VT_DIR/r2/fifo.out")"
vt_log "ok: r2 FIFO: ${want_fifo_r2[*]}"
for w in "master-only r1" "backup-only r1" "master-only r2" "backup-only r2"; do
  grep -qx "$w" "$VT_DIR/${w#* }/notify.out" || vt_fail "no '$w' notify"
done
vt_log "ok: notify_master / notify_backup ran with exactly their argv"
exit 0
