#!/usr/bin/env bash
# genhash: vigil's genhash against Debian's (keepalived 2.2.7) on the same pages, byte for
# byte: stdout, stderr and exit status of each invocation, after replacing the microseconds
# of "Global response time ... = N usecs" (a timing).
#
# In a private network namespace: nginx on 192.0.2.10 (HTTP on 80; HTTPS on 443 with two
# name-based hosts, certificates made here) serves a small page, a big page, an empty page,
# 404, 500 and a chunked reply; a fixed-response server (genhash_responder.py) on
# 192.0.2.11 serves exact bytes over HTTP (8000) and HTTPS (8443) for the -v dumps (nginx's
# Date header would differ between two runs). Then failures: a closed port, an unreachable
# address, a silent server with -t, TLS to a plain port; and the command-line refusals.
# Root; exit 77 when something needed is missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ours=${VIGIL_BIN:-$root/build/src/daemon/keepalived}
theirs=${KEEPALIVED_BIN:-/usr/sbin/keepalived}

[ "$(id -u)" -eq 0 ] || { echo "SKIP: not root"; exit 77; }
for t in ip nginx openssl python3 timeout; do
  command -v "$t" >/dev/null || { echo "SKIP: missing $t"; exit 77; }
done
[ -x "$ours" ] || { echo "SKIP: $ours not built"; exit 77; }
[ -x "$theirs" ] || { echo "SKIP: $theirs missing"; exit 77; }

ns="gh$$"
dir=$(mktemp -d "${TMPDIR:-/tmp}/vigil-genhash.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
  ip netns del "$ns" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns" || { echo "SKIP: cannot create a network namespace"; exit 77; }
ip -n "$ns" link set lo up
ip -n "$ns" addr add 192.0.2.10/32 dev lo
ip -n "$ns" addr add 192.0.2.11/32 dev lo

# Both genhashes are run as "genhash" found on PATH, so that argv[0] (in the usage) matches.
mkdir -p "$dir/ours" "$dir/theirs" "$dir/www/a" "$dir/www/b" "$dir/fixed" "$dir/tmp"
ln -s "$ours" "$dir/ours/genhash"
ln -s "$theirs" "$dir/theirs/genhash"
ln -s "$ours" "$dir/ours/keepalived"
ln -s "$theirs" "$dir/theirs/keepalived"

# ---- pages --------------------------------------------------------------------------------
printf 'hello world\n' > "$dir/www/a/ok.html"
python3 -c 'import sys; sys.stdout.write("".join("line %06d of a big page\n" % i for i in range(12000)))' \
  > "$dir/www/a/big.html"
: > "$dir/www/a/empty.html"
printf 'site b\n' > "$dir/www/b/ok.html"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=a.example -keyout "$dir/a.key" \
  -out "$dir/a.crt" 2>/dev/null || { echo "SKIP: openssl req failed"; exit 77; }
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=b.example -keyout "$dir/b.key" \
  -out "$dir/b.crt" 2>/dev/null
echo_module=/usr/lib/nginx/modules/ngx_http_echo_module.so
load_echo=""
chunked_location=""
if [ -f "$echo_module" ]; then
  load_echo="load_module $echo_module;"
  chunked_location='location /chunked { default_type text/plain; echo "first part"; echo_flush; echo "second part"; }'
fi
cat > "$dir/nginx.conf" <<CONF
$load_echo
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server {
    listen 192.0.2.10:80;
    server_name a.example;
    root $dir/www/a;
    location /err { return 500; }
    $chunked_location
  }
  server {
    listen 192.0.2.10:80;
    server_name b.example;
    root $dir/www/b;
  }
  server {
    listen 192.0.2.10:443 ssl default_server;
    server_name a.example;
    ssl_certificate $dir/a.crt; ssl_certificate_key $dir/a.key;
    root $dir/www/a;
  }
  server {
    listen 192.0.2.10:443 ssl;
    server_name b.example;
    ssl_certificate $dir/b.crt; ssl_certificate_key $dir/b.key;
    root $dir/www/b;
  }
}
CONF
ip netns exec "$ns" nginx -c "$dir/nginx.conf" || { echo "FAIL: nginx did not start"; cat "$dir/nginx-error.log"; exit 1; }

# ---- fixed responses ----------------------------------------------------------------------
f="$dir/fixed"
printf 'HTTP/1.1 200 OK\r\nServer: fixed\r\nContent-Type: text/html\r\nContent-Length: 12\r\nConnection: close\r\n\r\nhello world\n' > "$f/ok"
printf 'HTTP/1.1 200 OK\r\nServer: fixed\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n6\r\nhello \r\n6\r\nworld\n\r\n0\r\n\r\n' > "$f/chunked"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\nshorter than announced\n' > "$f/short"
printf 'HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n' > "$f/headonly"
printf 'HTTP/1.1 200 OK\r\nServer: fixed\r\n' > "$f/noblank"
{ printf 'HTTP/1.1 200 OK\r\nContent-Length: 48000\r\n\r\n'; head -c 48000 /dev/zero | tr '\0' 'z'; } > "$f/big"
ip netns exec "$ns" python3 "$here/genhash_responder.py" 192.0.2.11 8000 "$f" & pids+=($!)
ip netns exec "$ns" python3 "$here/genhash_responder.py" 192.0.2.11 8443 "$f" "$dir/a.crt" "$dir/a.key" & pids+=($!)

# Wait (bounded) for every listener.
ready=0
for _ in $(seq 1 100); do
  if ip netns exec "$ns" bash -c 'exec 3<>/dev/tcp/192.0.2.10/80 && exec 4<>/dev/tcp/192.0.2.10/443 &&
        exec 5<>/dev/tcp/192.0.2.11/8000 && exec 6<>/dev/tcp/192.0.2.11/8443' 2>/dev/null; then
    ready=1; break
  fi
  sleep 0.1
done
[ $ready -eq 1 ] || { echo "FAIL: servers did not come up"; exit 1; }

# ---- the comparison -----------------------------------------------------------------------
failures=0
cases=0
normalise() { sed -E 's/(Global response time for \[.*\] = )[0-9]+( usecs)/\1N\2/'; }
run_one() {  # run_one IMPL ARGS...: prints "status", stdout, stderr in one normalised blob
  local impl=$1; shift
  local out err status
  out=$(cd "$dir/$impl" && PATH="$dir/$impl:$PATH" timeout 20 ip netns exec "$ns" "$@" 2>"$dir/$impl.err")
  status=$?
  err=$(cat "$dir/$impl.err")
  printf 'exit %s\n--- stdout\n%s\n--- stderr\n%s\n' "$status" "$out" "$err" | normalise
}
compare() {  # compare ARGS...: the same command line for both
  cases=$((cases + 1))
  local a b
  b=$(run_one theirs "$@")
  a=$(run_one ours "$@")
  if [ "$a" == "$b" ]; then
    echo "ok    $*"
  else
    failures=$((failures + 1))
    echo "DIFF  $*"
    diff <(echo "$b") <(echo "$a") | head -40 | sed 's/^/      /'
  fi
}

for proto in "" "-P 1.0" "-P 1.0c" "-P 1.1"; do
  # shellcheck disable=SC2086
  compare genhash $proto -s 192.0.2.10 -p 80 -u /ok.html
done
compare genhash -s 192.0.2.10 -p 80 -u /big.html
compare genhash -s 192.0.2.10 -p 80 -u /empty.html
compare genhash -s 192.0.2.10 -p 80 -u /missing.html
compare genhash -s 192.0.2.10 -p 80 -u /err
[ -n "$chunked_location" ] && compare genhash -P 1.1 -s 192.0.2.10 -p 80 -u /chunked
compare genhash -s 192.0.2.10 -p 80 -u /ok.html -V b.example
compare genhash --server 192.0.2.10 --port 80 --url /ok.html --use-virtualhost=b.example --protocol 1.1
compare genhash -S -s 192.0.2.10 -p 443 -u /ok.html
compare genhash -S -s 192.0.2.10 -p 443 -u /big.html
compare genhash -S -I -V b.example -s 192.0.2.10 -p 443 -u /ok.html
compare genhash -S -V b.example -s 192.0.2.10 -p 443 -u /ok.html
for page in ok chunked short headonly noblank big; do
  compare genhash -v -s 192.0.2.11 -p 8000 -u "/$page"
done
for page in ok chunked headonly; do
  compare genhash -v -S -s 192.0.2.11 -p 8443 -u "/$page"
done
compare genhash -s 192.0.2.11 -p 8000 -u /absent
compare genhash -s 192.0.2.10 -p 81 -u /
compare genhash -s 192.0.2.99 -p 80 -u /
compare genhash -t 1 -s 192.0.2.11 -p 8000 -u /silent
compare genhash -v -t 1 -s 192.0.2.11 -p 8000 -u /silent
compare genhash -S -t 1 -s 192.0.2.11 -p 8000 -u /silent
compare genhash -S -s 192.0.2.10 -p 80 -u /
# The command line.
compare genhash
compare genhash -h
compare genhash -s 192.0.2.10 -p 80
compare genhash -s host.example -p 80 -u /
compare genhash -s 192.0.2.10/24 -p 80 -u /ok.html
compare genhash -s 192.0.2.10 -p 0 -u /
compare genhash -s 192.0.2.10 -p 80x -u /
compare genhash -s 192.0.2.10 -p 80 -u / -P 2.0
compare genhash -s 192.0.2.10 -p 80 -u / -t x
compare genhash -s 192.0.2.10 -p 80 -u / -t -1
compare genhash -s 192.0.2.10 -p 80 -u / -m -3
compare genhash -s 192.0.2.10 -p 80 -u / -x
compare genhash -s 192.0.2.10 -p 80 -u / --bogus
compare genhash -s 192.0.2.10 -p 80 -u / extra words
compare genhash -s 192.0.2.10 -p 80 -u
# Not compared: "--url" without its argument, where keepalived reads long_options[-1] (it
# prints an empty name, or crashes); vigil prints "Missing parameter for option --".
compare keepalived -T -s 192.0.2.10 -p 80 -u /ok.html
compare keepalived --genhash -s 192.0.2.10 -p 80 -u /ok.html
compare keepalived -l -T -s 192.0.2.10 -p 80 -u /ok.html
compare keepalived -T
compare keepalived -T -h

echo "$cases cases, $failures differences"
[ "$failures" -eq 0 ]
