#!/usr/bin/env bash
# SMTP alerts (global_defs smtp_server / notification_email, instance smtp_alert): IMPL_A on
# r1 mails a fake SMTP server (fake_smtp.py, on r1's own address) once per transition.
# The dialogue of the MASTER mail must be, line for line, what keepalived 2.2.7 sends
# (docs/notes/smtp-alert.md): HELO, MAIL FROM, one RCPT TO per address, DATA with Date, From,
# Subject, X-Mailer, To, empty line, body, empty line, ".", then QUIT; CRLF everywhere.
# Argument: ok (default) or reject-rcpt (the server answers 550 to RCPT TO: the error is
# logged with its code, QUIT follows, nothing else is sent), or defaults: no router_id,
# notification_email_from or smtp_helo_name, the daemon in a UTS namespace with host name
# node-a and a private /etc/hosts naming it node-a.example.org, two instances in a sync group
# with only the global smtp_alert: the canonical name is the router_id and the HELO name, the
# sender is root@node-a.example.org, and the group mails too. VRRPv3, 50 ms adverts.
source "$(dirname "$0")/lib.sh"
mode=${1:-ok}
vt_init "$IMPL_A"
for t in python3 unshare hostname; do command -v "$t" >/dev/null || vt_skip "missing $t"; done
vt_topology 1
d=$(vt_node_dir r1)
vt_in r1 timeout 60 python3 "$(dirname "$0")/fake_smtp.py" 192.0.2.1 25 "$d/smtp.log" --mode "$mode" \
  >"$d/smtp.out" 2>&1 &
VT_PIDS+=($!)
wait_for "grep -qs READY '$d/smtp.out'" 5 || vt_fail "fake SMTP server did not start"

if [ "$mode" = defaults ]; then
  inst() { printf 'vrrp_instance %s {\n state MASTER\n interface eth0\n virtual_router_id %s\n priority 100\n version 3\n advert_int 0.05\n virtual_ipaddress {\n  %s/24\n }\n}\n' "$@"; }
  {
    printf 'global_defs {\n notification_email {\n  alice@example.org\n }\n smtp_server 192.0.2.1\n smtp_alert\n}\n'
    printf 'vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\n'
    inst VI_1 51 192.0.2.100
    inst VI_2 52 192.0.2.101
  } >"$d/keepalived.conf"
  printf '127.0.0.1 localhost\n192.0.2.1 node-a.example.org node-a\n' >"$d/hosts"
  echo "$IMPL_A" >"$d/impl"
  # As vt_launch, plus the host name and the hosts file (both private to this process tree).
  TMPDIR="$d" ip netns exec "$(vt_ns r1)" unshare --uts sh -c \
    'hostname node-a && mount --bind "$1" /etc/hosts || exit 1; mount --bind /dev/null /dev/console 2>/dev/null; shift; exec "$@"' \
    sh "$d/hosts" "$(vt_impl_bin "$IMPL_A")" -n -l -D -f "$d/keepalived.conf" -p "$d/keepalived.pid" \
    -r "$d/vrrp.pid" -c "$d/checkers.pid" >>"$d/daemon.log" 2>&1 &
  VT_PIDS+=($!)
  echo $! >"$d/parent.pid"
  vt_wait_started r1
  wait_for "vt_vip_on r1 192.0.2.100 && vt_vip_on r1 192.0.2.101" 5 || vt_fail "r1 ($IMPL_A) never became master"
  closed() { grep -c ' CLOSE$' "$d/smtp.log" 2>/dev/null; }
  wait_for '[ "$(closed)" -ge 6 ]' 10 || vt_fail "fewer than 6 SMTP sessions: $(cat "$d/smtp.log")"
  client() { awk '$3 == "C:"' "$d/smtp.log" | cut -d' ' -f4- | grep -E "^b'($1)" | sort | uniq -c | sed 's/^ *//' | sort; }
  want="6 b'HELO node-a.example.org\\r\\n'
6 b'MAIL FROM:<root@node-a.example.org>\\r\\n'
6 b'From: root@node-a.example.org\\r\\n'"
  got=$(client 'HELO|MAIL|From'; true)
  [ "$(sort <<<"$want")" = "$got" ] || vt_fail "HELO/sender defaults differ:
$(diff <(sort <<<"$want") <(echo "$got"))"
  vt_log "ok: HELO node-a.example.org, sender root@node-a.example.org"
  want="1 b'Subject: [node-a.example.org] VRRP Group G1 - Entering BACKUP state\\r\\n'
1 b'Subject: [node-a.example.org] VRRP Group G1 - Entering MASTER state\\r\\n'
1 b'Subject: [node-a.example.org] VRRP Instance VI_1 - Entering BACKUP state\\r\\n'
1 b'Subject: [node-a.example.org] VRRP Instance VI_1 - Entering MASTER state\\r\\n'
1 b'Subject: [node-a.example.org] VRRP Instance VI_2 - Entering BACKUP state\\r\\n'
1 b'Subject: [node-a.example.org] VRRP Instance VI_2 - Entering MASTER state\\r\\n'
1 b'=> All VRRP group instances are now in BACKUP state <=\\r\\n'
1 b'=> All VRRP group instances are now in MASTER state <=\\r\\n'
2 b'=> VRRP Instance is no longer owning VRRP VIPs <=\\r\\n'
2 b'=> VRRP Instance is now owning VRRP VIPs <=\\r\\n'"
  got=$(client 'Subject|=>'; true)
  [ "$(sort <<<"$want")" = "$got" ] || vt_fail "subjects/bodies differ:
$(diff <(sort <<<"$want") <(echo "$got"))"
  vt_log "ok: router_id defaults to the canonical host name; instances and group mail"
  vt_stop r1 8
  exit 0
fi

G="    router_id R1
    notification_email {
        alice@example.org
        bob@example.net
    }
    notification_email_from vrrp@example.com
    smtp_server 192.0.2.1 25
    smtp_helo_name r1.example.org
    smtp_connect_timeout 3"
vt_start r1 "$IMPL_A" "$(vt_conf MASTER 100 version=3 int=0.05 global="$G" extra="    smtp_alert")"
wait_for "vt_vip_on r1 $VT_VIP4" 5 || vt_fail "r1 ($IMPL_A) never became master"

# Sessions that ended (BACKUP at start-up, then MASTER).
closed() { grep -c ' CLOSE$' "$d/smtp.log" 2>/dev/null; }
wait_for '[ "$(closed)" -ge 2 ]' 10 || vt_fail "fewer than 2 SMTP sessions: $(cat "$d/smtp.log")"
# session N's dialogue: client lines as Python reprs, server lines as "S: ...".
session() { awk -v n="$1" '$2 == n && ($3 == "C:" || $3 == "S:")' "$d/smtp.log" | cut -d' ' -f3-; }
master=$(awk '/Entering MASTER state/ { print $2; exit }' "$d/smtp.log")

if [ "$mode" = ok ]; then
  [ -n "$master" ] || vt_fail "no MASTER alert: $(cat "$d/smtp.log")"
  got=$(session "$master" | sed -E "s/^C: b'Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}\\\\r\\\\n'$/C: b'Date: <RFC 5322 date>\\\\r\\\\n'/")
  want=$(cat <<'EOF'
S: 220 fake.example.org ESMTP fake
C: b'HELO r1.example.org\r\n'
S: 250 fake.example.org
C: b'MAIL FROM:<vrrp@example.com>\r\n'
S: 250 2.1.0 ok
C: b'RCPT TO:<alice@example.org>\r\n'
S: 250 2.1.5 ok
C: b'RCPT TO:<bob@example.net>\r\n'
S: 250 2.1.5 ok
C: b'DATA\r\n'
S: 354 go ahead
C: b'Date: <RFC 5322 date>\r\n'
C: b'From: vrrp@example.com\r\n'
C: b'Subject: [R1] VRRP Instance VI_1 - Entering MASTER state\r\n'
C: b'X-Mailer: Keepalived\r\n'
C: b'To: alice@example.org, bob@example.net\r\n'
C: b'\r\n'
C: b'=> VRRP Instance is now owning VRRP VIPs <=\r\n'
C: b'\r\n'
C: b'.\r\n'
S: 250 2.0.0 queued
C: b'QUIT\r\n'
S: 221 2.0.0 bye
EOF
)
  [ "$got" = "$want" ] || vt_fail "MASTER dialogue differs:
$(diff <(echo "$want") <(echo "$got"))"
  vt_log "ok: the MASTER alert's dialogue is keepalived's"
  session 1 | grep -qF "Subject: [R1] VRRP Instance VI_1 - Entering BACKUP state" ||
    vt_fail "first alert is not the BACKUP (init) one"
  session 1 | grep -qF "=> VRRP Instance is no longer owning VRRP VIPs <=" || vt_fail "BACKUP body"
  vt_log "ok: the start-up BACKUP alert came first"
  wait_for '[ "$(vt_log_count r1 "SMTP alert successfully sent\.")" -ge 2 ]' 3 ||
    vt_fail "no 'SMTP alert successfully sent.' lines"
  vt_log_has r1 'Remote SMTP server \[192\.0\.2\.1\]:25 connected\.' || vt_fail "no 'connected' line"
  vt_log "ok: 'Remote SMTP server [192.0.2.1]:25 connected.' and 'SMTP alert successfully sent.' logged"
else
  got=$(session 1)
  want=$(cat <<'EOF'
S: 220 fake.example.org ESMTP fake
C: b'HELO r1.example.org\r\n'
S: 250 fake.example.org
C: b'MAIL FROM:<vrrp@example.com>\r\n'
S: 250 2.1.0 ok
C: b'RCPT TO:<alice@example.org>\r\n'
S: 550 5.7.1 refused
C: b'QUIT\r\n'
S: 221 2.0.0 bye
EOF
)
  [ "$got" = "$want" ] || vt_fail "rejected-RCPT dialogue differs:
$(diff <(echo "$want") <(echo "$got"))"
  wait_for 'vt_log_has r1 "Error processing RCPT cmd on SMTP server \[192\.0\.2\.1\]:25\. SMTP status code = 550"' 3 ||
    vt_fail "no 'Error processing RCPT cmd' line"
  vt_log_has r1 "SMTP alert successfully sent" && vt_fail "success logged for a rejected alert"
  vt_log "ok: RCPT 550 logged with its code, QUIT sent"
fi

# Stopping: like keepalived, the STOP alert gets no further than its connect (the process
# exits first), so no further mail arrives.
vt_stop r1 8
sent=$(grep -c "Subject:" "$d/smtp.log")
[ "$mode" = ok ] && [ "$sent" -ne 2 ] && vt_fail "expected 2 mails, got $sent"
grep -q "Stopping" "$d/smtp.log" && vt_fail "a STOP mail was delivered"
vt_log "ok: no STOP mail delivered"
exit 0
