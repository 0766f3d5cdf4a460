# Sourced by the scenarios that read a daemon's syslog lines themselves (start_journal.sh,
# log_burst.sh): a private /dev/log and a listener that writes "IDENT|MESSAGE" lines.

# syslog_bind_script: prints the sh snippet that, run inside the daemon's private mount
# namespace (unshare -m) with a socket's path as $1, puts that socket at /dev/log. Debian's
# /dev/log is a link to /run/systemd/journal/dev-log, so a tmpfs goes over /run first (the
# journal's socket may not even exist, as in a container without journald). Fails when
# /dev/log links outside /run.
syslog_bind_script() {
  case $(readlink /dev/log 2>/dev/null || echo /dev/log) in
    /dev/log) echo 'touch /dev/log 2>/dev/null; mount --bind "$1" /dev/log' ;;
    /run/*) echo 't=$(readlink /dev/log) && mount -t tmpfs tmpfs /run && mkdir -p "${t%/*}" && touch "$t" && mount --bind "$1" "$t"' ;;
    *) return 1 ;;
  esac
}

# syslog_reader_start NS SOCKET OUT [DELAY]: a listener bound to SOCKET in network namespace
# NS; each datagram "<PRI>TIMESTAMP IDENT[PID]: MESSAGE" is appended to OUT as
# "IDENT|MESSAGE", and the listener sleeps DELAY seconds after each (a slow syslog daemon).
# Sets SYSLOG_READER to its pid; fails if the socket is not there within 5 s.
syslog_reader_start() {
  rm -f "$2"
  ip netns exec "$1" python3 - "$2" "$3" "${4:-0}" <<'PY' &
import re, socket, sys, time
path, out, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
line = re.compile(r"^<\d+>\w{3} [ \d]\d \d\d:\d\d:\d\d ([^\[:]+)(?:\[\d+\])?: (.*)$", re.S)
with open(out, "a", buffering=1) as f:
    while True:
        m = line.match(s.recv(65536).decode("utf-8", "replace").rstrip("\n"))
        if m:
            f.write(f"{m.group(1)}|{m.group(2)}\n")
        if delay:
            time.sleep(delay)
PY
  SYSLOG_READER=$!
  local _
  for _ in $(seq 50); do [ -S "$2" ] && return 0; sleep 0.1; done
  return 1
}
