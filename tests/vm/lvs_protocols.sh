#!/usr/bin/env bash
# HTTP_GET, SSL_GET, SMTP_CHECK and DNS_CHECK in the VM tier (run inside: tests/vm/run --
# tests/vm/lvs_protocols.sh BUILD_DIR [--oracle-only]).
#
# keepalived 2.2.7 and ours run the same configuration side by side, each in its own director
# namespace with its own IPVS table, against the same real servers in a third namespace:
# nginx (HTTP on two addresses, HTTPS with a certificate made here), an SMTP responder and
# dnsmasq. The servers fail and recover step by step (a wrong body: digest mismatch; 500; a
# regex that no longer matches; a TLS handshake failure; an SMTP 554 greeting; a DNS server
# that stops answering; a web server that stops answering beyond connect_timeout). At each
# step both tables must reach the expected state and be identical (ipvsadm -S -n), and at the
# end the checkers' log lines of both must be the same set. (No process substitution: the
# VM's /dev has no /dev/fd.) --oracle-only runs keepalived
# alone (to check the scenario itself).
set -uo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
ours=${VIGIL_BIN:-$build/src/daemon/keepalived}
oracle_only=0
[ "${2-}" = --oracle-only ] && oracle_only=1
failed=0
fail() { echo "lvs-protocols: FAIL: $*"; failed=1; }
started=$EPOCHREALTIME
elapsed() { awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

modprobe ip_vs || { echo "lvs-protocols: no ip_vs module"; exit 77; }
for tool in nginx dnsmasq openssl python3; do
  command -v $tool >/dev/null || { echo "lvs-protocols: $tool is not installed"; exit 77; }
done

work=$(mktemp -d)
pids=()
directors=(ka)
[ $oracle_only -eq 1 ] || directors+=(vg)
cleanup() {
  for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; done
  [ -f "$work/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null
  sleep 0.3
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  for ns in lvp-ka lvp-vg lvp-rs; do ip netns del $ns 2>/dev/null; done
  ip link del lvp-br 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# ---- the network: three namespaces on one bridge (198.51.100.0/24) ----
ip link add lvp-br type bridge && ip link set lvp-br up
join() { # NS ADDRESS...
  local ns=lvp-$1; shift
  ip netns add $ns
  ip link add $ns-h type veth peer name eth0 netns $ns
  ip link set $ns-h master lvp-br up
  ip -n $ns link set lo up
  ip -n $ns link set eth0 up
  for a in "$@"; do ip -n $ns addr add $a/24 dev eth0; done
}
join ka 198.51.100.1
join vg 198.51.100.2
join rs 198.51.100.11 198.51.100.12
in_rs() { ip netns exec lvp-rs "$@"; }

# ---- the real servers ----
mkdir -p "$work/www1" "$work/www2" "$work/www1s"
good='<html><body>vigil: the page a digest is taken of</body></html>'
printf '%s\n' "$good" >"$work/www1/check.html"
printf '%s\n' "$good" >"$work/www1s/check.html"
echo ok >"$work/www1/status.html"
echo 'state: up' >"$work/www2/state.html"
digest=$(md5sum <"$work/www1/check.html" | cut -c1-32)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=rs.test \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null || fail "openssl req"
nginx_conf() { # TLS|plain: what the 443 listener speaks
  local ssl=ssl
  [ "$1" = plain ] && ssl=
  cat <<CONF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  default_type text/html;
  server {
    listen 198.51.100.11:80;
    root $work/www1;
    location = /status.html { if (-f $work/fail500) { return 500; } }
  }
  server { listen 198.51.100.12:80; root $work/www2; }
  server {
    listen 198.51.100.11:443 $ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    root $work/www1s;
  }
}
CONF
}
mkdir -p "$work/nginx-tmp"
nginx_conf ssl >"$work/nginx.conf"
in_rs nginx -c "$work/nginx.conf" || fail "nginx did not start"
echo ok >"$work/smtp-mode"
ip netns exec lvp-rs python3 "$here/smtp_responder.py" 198.51.100.11 25 "$work/smtp-mode" >"$work/smtp.out" 2>&1 &
pids+=($!)
ip netns exec lvp-rs dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
  --listen-address=198.51.100.11 --port=53 --address=/ok.test/198.51.100.50 --user=root \
  --pid-file="$work/dnsmasq.pid" --log-facility="$work/dnsmasq.log" &
dns_pid=$!
pids+=($dns_pid)
deadline=$((SECONDS + 90))
until grep -q READY "$work/smtp.out" 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || { fail "the SMTP responder did not start"; cat "$work/smtp.out"; break; }
  sleep 0.2
done

# ---- the directors ----
cat >"$work/keepalived.conf" <<CONF
global_defs {
    router_id lvs-protocols
}
virtual_server 203.0.113.10 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    alpha
    real_server 198.51.100.11 80 {
        HTTP_GET {
            url {
                path /check.html
                digest $digest
            }
            url {
                path /status.html
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server 198.51.100.12 80 {
        HTTP_GET {
            url {
                path /state.html
                regex "^state: (up|ok)$"
                regex_options multiline
            }
            http_protocol 1.1
            virtualhost www.rs.test
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server 203.0.113.10 443 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    alpha
    real_server 198.51.100.11 443 {
        SSL_GET {
            url {
                path /check.html
                digest $digest
            }
            enable_sni
            virtualhost rs.test
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server 203.0.113.10 25 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    alpha
    real_server 198.51.100.11 25 {
        SMTP_CHECK {
            helo_name director.test
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server 203.0.113.10 53 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol UDP
    alpha
    real_server 198.51.100.11 53 {
        DNS_CHECK {
            type A
            name ok.test
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
declare -A director_pid
start_director() { # ka|vg
  local d=$1 bin=/usr/sbin/keepalived
  [ "$d" = vg ] && bin=$ours
  ip netns exec lvp-$d "$bin" -n -l -D -C -f "$work/keepalived.conf" -p "$work/$d.pid" -c "$work/$d-checkers.pid" \
    >"$work/$d.log" 2>&1 &
  director_pid[$d]=$!
  pids+=($!)
}
for d in "${directors[@]}"; do start_director $d; done

table() { ip netns exec lvp-$1 ipvsadm -S -n; }
# The destinations present, one "VIP:PORT -> RIP:PORT" a line, sorted.
present() { table "$1" | awk '$1 == "-a" { print $3, "->", $5 }' | sort; }
expect() { # STEP "VPORT:RIP:RPORT ..." [SECONDS]: wait (20 s) until every director shows exactly these
  local step=$1 want got d deadline ok=1
  want=$(for e in $2; do IFS=: read -r vp rip rp <<<"$e"; echo "203.0.113.10:$vp -> $rip:$rp"; done | sort)
  for d in "${directors[@]}"; do
    deadline=$((SECONDS + ${3:-20}))
    until got=$(present $d); [ "$got" = "$want" ]; do
      if [ $SECONDS -ge $deadline ]; then
        fail "$step: the $d director shows"; echo "$got"; echo "-- instead of"; echo "$want"; ok=0; break
      fi
      sleep 0.2
    done
  done
  if [ $oracle_only -eq 0 ] && [ "$(table ka)" != "$(table vg)" ]; then
    table ka >"$work/ka.table"; table vg >"$work/vg.table"
    fail "$step: the tables differ"; diff "$work/ka.table" "$work/vg.table"; ok=0
  fi
  [ $ok -eq 1 ] && echo "$step: ok (at $(elapsed))"
}

all="80:198.51.100.11:80 80:198.51.100.12:80 443:198.51.100.11:443 25:198.51.100.11:25 53:198.51.100.11:53"
expect "start: every check passes (alpha)" "$all" 60

# A wrong body (digest), a regex that no longer matches, TLS refused, SMTP refused, DNS silent.
printf 'changed\n' >"$work/www1/check.html"
echo 'state: down' >"$work/www2/state.html"
nginx_conf plain >"$work/nginx.conf"; in_rs nginx -c "$work/nginx.conf" -s reload
echo reject >"$work/smtp-mode"
kill -STOP $dns_pid
expect "digest, regex, TLS handshake, SMTP greeting and DNS failures" ""

printf '%s\n' "$good" >"$work/www1/check.html"
echo 'state: ok' >"$work/www2/state.html"
nginx_conf ssl >"$work/nginx.conf"; in_rs nginx -c "$work/nginx.conf" -s reload
echo ok >"$work/smtp-mode"
kill -CONT $dns_pid
expect "recovery" "$all"

touch "$work/fail500"
expect "status code 500" "${all/80:198.51.100.11:80 /}"
rm -f "$work/fail500"
expect "status code 200 again" "$all"

# nginx stops answering: connections queue in the kernel, the checks time out.
kill -STOP "$(cat "$work/nginx.pid")" $(pgrep -P "$(cat "$work/nginx.pid")")
expect "web server silent beyond connect_timeout" "25:198.51.100.11:25 53:198.51.100.11:53"
kill -CONT "$(cat "$work/nginx.pid")" $(pgrep -P "$(cat "$work/nginx.pid")")
expect "web server answers again" "$all"

# The checkers' lines, without time stamps and process ids.
checker_lines() {
  sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //; s/^.*Keepalived_healthcheckers(\[[0-9]+\])?: //' "$work/$1.log" |
    grep -E 'success to|succeed on service|HTTP_CHECK|SMTP_CHECK|DNS_CHECK|error to|Regex match|Timeout|SSL|(Adding|Removing) service|quorum' |
    grep -v 'Activating' | sort -u
}
if [ $oracle_only -eq 1 ]; then
  echo "== keepalived's checker lines"; checker_lines ka
elif checker_lines ka >"$work/ka.lines"; checker_lines vg >"$work/vg.lines"
     ! diff -u "$work/ka.lines" "$work/vg.lines"; then
  fail "the checkers' log lines differ (keepalived -, ours +)"
else
  echo "lvs-protocols: the same $(checker_lines ka | wc -l) distinct checker lines"
fi
if [ $failed -ne 0 ]; then
  for d in "${directors[@]}"; do echo "== $d log"; tail -n 80 "$work/$d.log"; done
  for f in smtp.out dnsmasq.log nginx.err; do echo "== $f"; tail -n 20 "$work/$f"; done
fi
[ $failed -eq 0 ] && echo "lvs-protocols: ok ($(elapsed))"
exit $failed
