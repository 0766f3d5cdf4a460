# Sourced by keepalived-under-systemd: configuration cases (tests/system/configs/README.md)
# run through start, status, the VIP, reload and stop under the container's systemd. Each run
# writes a transcript of what systemctl, systemd's unit properties, the kernel's addresses and
# the journal show, worded so that keepalived's package (the oracle) and vigil's must give
# the same text. Needs from the caller: ct, unit_prop, wait_for, fail, $conf, $root, $tmp.

# Journal lines each case must show (one per line; a substring of keepalived's wording).
running_lines='Startup complete
(VI_1) Entering MASTER STATE
Reloading
Reload complete
Stopped Keepalived v2.2.7'
declare -A case_lines=(
  [tutorial-master]="(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing
Disabling track script chk_nginx since not found/accessible
$running_lines"
  [tutorial-backup]="Disabling track script chk_nginx since not found/accessible
$running_lines"
  [debian-sample]="vrrp_garp_interval '0' is invalid
vrrp_gna_interval '0' is invalid
(VI_1) State MASTER must match being address owner
(VI_1) Strict mode does not support authentication. Ignoring.
$running_lines"
  [typo]="Unknown keyword 'priorty'
(VI_1) nopreempt is incompatible with priority 255. resetting nopreempt
$running_lines"
  [refused]="WARNING - interface ens33 for vrrp_instance VI_1 doesn't exist
Non-existent interface specified in configuration
Stopped Keepalived v2.2.7"
)

# Addresses on eth0 beyond the test's own and the link-local one, sorted.
case_vips() {
  ct ip -o addr show dev eth0 | awk '{print $4}' | grep -vE '^(192\.0\.2\.11/24|fe80:)' | sort | paste -sd' ' -
}
case_any_vip() { [ -n "$(case_vips)" ]; }
case_no_vip() { [ -z "$(case_vips)" ]; }
case_has_vip() { ct ip -o addr show dev eth0 | grep -q " $1/"; }
case_state() { echo "$(unit_prop ActiveState)/$(unit_prop SubState)"; }
case_running() { [ "$(case_state)" = active/running ]; }
case_exit() { [ "$1" -eq 0 ] && echo "exit 0" || echo "exit non-zero"; }

# Adds ADDRESS as the first address of the first virtual_ipaddress block of FILE.
case_add_vip() {
  sed -i "0,/virtual_ipaddress *{/s//&\n        $2/" "$1"
  grep -q "^ *$2\$" "$1" || fail "could not add $2 to $1"
}

# The daemon's and systemd's lines about the unit since the case started. By syslog
# identifier, not -u: journald attributes a line to the unit through the sender's cgroup,
# which it may no longer find when the process has just exited (a refused start).
case_cursor=
case_journal() {
  ct journalctl -q -o cat --after-cursor="$case_cursor" SYSLOG_IDENTIFIER=Keepalived \
    SYSLOG_IDENTIFIER=Keepalived_vrrp SYSLOG_IDENTIFIER=Keepalived_healthcheckers + UNIT=keepalived.service
}
case_journal_has() { case_journal | grep -qF -- "$1"; }

# run_case IMPL NAME FILE DAEMON_ARGS: the transcript goes to $tmp/IMPL/NAME.txt, the
# journal of the run to $tmp/IMPL/NAME.journal.
run_case() {
  local impl=$1 name=$2 file=$3 args=$4
  local dir=$tmp/$impl rc pid status line
  mkdir -p "$dir"
  cp "$file" "$conf"
  printf 'DAEMON_ARGS="%s"\n' "$args" >"$root/etc/default/keepalived"
  ct systemctl reset-failed keepalived >/dev/null 2>&1 || true
  case_cursor=$(ct journalctl -q -n 1 --show-cursor -o cat | sed -n 's/^-- cursor: //p')
  {
    rc=0
    ct keepalived -t >/dev/null 2>&1 || rc=$?
    echo "config test: exit $rc"
    rc=0
    ct systemctl start keepalived >/dev/null 2>&1 || rc=$?
    # Right after `systemctl start` returns (READY=1 or the failure).
    echo "start: $(case_exit $rc), $(case_state), result $(unit_prop Result)," \
      "main status $(unit_prop ExecMainStatus), errno $(unit_prop StatusErrno)," \
      "$(ct cat /sys/fs/cgroup/system.slice/keepalived.service/cgroup.procs 2>/dev/null | wc -l) processes"
    if [ "$(unit_prop ActiveState)" = active ]; then
      pid=$(unit_prop MainPID)
      status=$(ct systemctl status --no-pager --full keepalived || true)
      printf '%s\n' "$status" >"$dir/$name.status"
      echo "status: $(grep -oE 'Active: [a-z]+ \([a-z]+\)' <<<"$status")," \
        "main PID $(grep -q "Main PID: $pid " <<<"$status" && echo shown || echo missing)," \
        "$(grep -cE '[0-9]+ /usr/sbin/keepalived --dont-fork' <<<"$status") keepalived processes"
      wait_for 15 case_any_vip || true
      sleep 0.5 # every VIP of the instance, not just the first
      echo "vip: $(case_vips)"
      case_add_vip "$conf" 203.0.113.10
      rc=0
      ct systemctl reload keepalived >/dev/null 2>&1 || rc=$?
      # The daemons announce the reload (RELOADING=1) after the signal, and READY=1 once done.
      wait_for 5 case_running || true
      echo "reload: $(case_exit $rc), $(case_state), main PID" \
        "$([ "$(unit_prop MainPID)" = "$pid" ] && echo unchanged || echo changed)"
      wait_for 10 case_has_vip 203.0.113.10 || true
      echo "vip after reload: $(case_vips)"
      rc=0
      ct systemctl stop keepalived >/dev/null 2>&1 || rc=$?
      echo "stop: $(case_exit $rc), $(case_state), result $(unit_prop Result)"
      wait_for 10 case_no_vip || true
      echo "vip after stop: $(case_vips)"
    else
      echo "vip: $(case_vips)"
    fi
    # The last line of a run; journald may still be writing it.
    wait_for 10 case_journal_has 'Stopped Keepalived v2.2.7' || true
    case_journal >"$dir/$name.journal"
    while IFS= read -r line; do
      echo "journal: $line: $(grep -qF -- "$line" "$dir/$name.journal" && echo yes || echo no)"
    done <<<"${case_lines[$name]}"
  } >"$dir/$name.txt"
}

# The journal's message texts, comparable across the implementations: vigil's position
# suffix, both version tags, the units' descriptions and the build's kernel dropped, numbers
# masked.
case_messages() {
  sed -E -e 's/ \[[^]]*:[0-9]+(:[0-9]+)?\]$//' -e 's/(Keepalived v2\.2\.7) \([^)]*\)/\1/' \
    -e 's/(keepalived\.service) - .*[^.](\.+)$/\1\2/' -e 's/ \(built for Linux [0-9.]+\)$//' \
    -e 's/[0-9]+/N/g' "$1" | sort -u
}

# compare_case NAME: vigil's transcript must be keepalived's; prints both, and (for the
# record) the journal lines only one of them has.
compare_case() {
  local name=$1 ours=$2
  sed 's/^/    keepalived: /' "$tmp/keepalived/$name.txt"
  if ! diff -u "$tmp/keepalived/$name.txt" "$tmp/$ours/$name.txt" >"$tmp/$name.diff"; then
    sed 's/^/    /' "$tmp/$name.diff"
    fail "$name: $ours differs from keepalived's package"
  fi
  echo "    $ours: the same"
  comm -3 <(case_messages "$tmp/keepalived/$name.journal") <(case_messages "$tmp/$ours/$name.journal") |
    sed -e 's/^\t/    journal, only '"$ours"': /' -e 't' -e 's/^/    journal, only keepalived: /'
}
