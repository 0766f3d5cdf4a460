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
#
# The same boot then covers, on the same directors (issues 11 and 12): a slow real server
# (accepts, never answers, connect_timeout 600) beside a fast one whose failure and recovery
# must still show within seconds; FILE_CHECK (a failure, a weight from the track file's
# value); a virtual_server_group (an address range and a fwmark) with quorum and
# quorum_up/quorum_down scripts and notify_up/notify_down; a fwmark virtual server with a
# MISC_CHECK (its log line names the resolved script path); the checker child killed with
# SIGKILL (respawned, table unchanged, checks resume); SIGTERM with omega (the down scripts
# run). The scripts' runs (sorted within the run and at the stop) must be the same for both.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
vm_begin lvs-protocols "$1"
oracle_only=0
[ "${2-}" = --oracle-only ] && oracle_only=1
vm_need_module ip_vs
vm_need_tools nginx dnsmasq openssl python3

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
echo fast >"$work/www2/fast.html"
echo 0 >"$work/f1"
echo 0 >"$work/f2"
touch "$work/misc-up"
# event.sh DIRECTOR EVENT: a notify or quorum script's run, appended to DIRECTOR.events.
printf '#!/bin/sh\necho "$2" >>"%s/$1.events"\n' "$work" >"$work/event.sh"
chmod 755 "$work/event.sh"
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
ip netns exec lvp-rs python3 "$here/smtp_responder.py" 198.51.100.11 25 "$work/smtp-mode" 8081 >"$work/smtp.out" 2>&1 &
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
cat >"$work/keepalived.conf.in" <<CONF
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
# A slow real server beside a fast one.
virtual_server 203.0.113.10 8080 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.11 8081 {
        HTTP_GET {
            url {
                path /slow.html
            }
            connect_timeout 600
        }
    }
    real_server 198.51.100.12 80 {
        HTTP_GET {
            url {
                path /fast.html
            }
            connect_timeout 1
            retry 0
        }
    }
}
track_file lvp_f1 {
    file "$work/f1"
}
track_file lvp_f2 {
    file "$work/f2"
}
virtual_server_group lvp_grp {
    203.0.113.20-21 80
    fwmark 7
}
virtual_server group lvp_grp {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    omega
    quorum 2
    quorum_up "$work/event.sh @D@ quorum_up"
    quorum_down "$work/event.sh @D@ quorum_down"
    real_server 198.51.100.11 80 {
        weight 1
        notify_up "$work/event.sh @D@ rs11_up"
        notify_down "$work/event.sh @D@ rs11_down"
        FILE_CHECK {
            track_file lvp_f1
            weight 0
        }
    }
    real_server 198.51.100.12 80 {
        weight 1
        FILE_CHECK {
            track_file lvp_f2
            weight 2
        }
    }
}
virtual_server fwmark 5 {
    delay_loop 1
    lb_algo wrr
    lb_kind NAT
    real_server 198.51.100.12 80 {
        weight 3
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server 198.51.100.13 80 {
        MISC_CHECK {
            misc_path "/bin/test -e $work/misc-up"
            misc_timeout 10
        }
    }
}
CONF
declare -A director_pid
start_director() { # ka|vg
  local d=$1 bin=/usr/sbin/keepalived
  [ "$d" = vg ] && bin=$ours
  sed "s/@D@/$d/g" "$work/keepalived.conf.in" >"$work/$d.conf"
  ip netns exec lvp-$d "$bin" -n -l -D -C -f "$work/$d.conf" -p "$work/$d.pid" -c "$work/$d-checkers.pid" \
    >"$work/$d.log" 2>&1 &
  director_pid[$d]=$!
  pids+=($!)
}
for d in "${directors[@]}"; do start_director $d; done

table() { ip netns exec lvp-$1 ipvsadm -S -n; }
protocols='^203[.]0[.]113[.]10:(80|443|25|53)$'
# The destinations of the protocol checks present, one "VIP:PORT -> RIP:PORT" a line, sorted.
present() { table "$1" | awk -v p="$protocols" '$1 == "-a" && $3 ~ p { print $3, "->", $5 }' | sort; }
protocol_table() { table "$1" | awk -v p="$protocols" '$2 !~ /^-[tuf]$/ || $3 ~ p'; }
# await STEP PRESENT SUBSET WANT SECONDS: waits until every director's PRESENT is WANT, then
# requires the directors' SUBSET of the table to be the same.
await() {
  local step=$1 present=$2 subset=$3 want=$4 got d deadline ok=1
  for d in "${directors[@]}"; do
    deadline=$((SECONDS + $5))
    until got=$($present $d); [ "$got" = "$want" ]; do
      if [ $SECONDS -ge $deadline ]; then
        fail "$step: the $d director shows"; echo "$got"; echo "-- instead of"; echo "$want"; ok=0; break
      fi
      sleep 0.2
    done
  done
  if [ $oracle_only -eq 0 ] && [ "$($subset ka)" != "$($subset vg)" ]; then
    $subset ka >"$work/ka.table"; $subset vg >"$work/vg.table"
    fail "$step: the tables differ"; diff "$work/ka.table" "$work/vg.table"; ok=0
  fi
  [ $ok -eq 1 ] && echo "$step: ok (at $(elapsed))"
}
expect() { # STEP "VPORT:RIP:RPORT ..." [SECONDS]: wait (20 s) until every director shows exactly these
  await "$1" present protocol_table \
    "$(for e in $2; do IFS=: read -r vp rip rp <<<"$e"; echo "203.0.113.10:$vp -> $rip:$rp"; done | sort)" "${3:-20}"
}

# The other services' destinations: "SERVICE RIP:PORT WEIGHT" (SERVICE: VIP:PORT or a fwmark).
present_more() { table "$1" | awk -v p="$protocols" '$1 == "-a" && $3 !~ p { print $3, $5, $8 }' | sort; }
more_table() { table "$1" | awk -v p="$protocols" '$3 !~ p'; }
expect_more() { # STEP "SERVICE,RIP:PORT,WEIGHT ..." [SECONDS]: as expect, for the other services
  await "$1" present_more more_table "$(for e in $2; do echo "${e//,/ }"; done | sort)" "${3:-20}"
}
# The group's destinations on its three services (two addresses and fwmark 7): "RIP:PORT,WEIGHT ...".
group() {
  local e
  for e in "$@"; do echo "203.0.113.20:80,$e 203.0.113.21:80,$e 7,$e"; done
}
slow="203.0.113.10:8080,198.51.100.11:8081,1"
fast="203.0.113.10:8080,198.51.100.12:80,1"
fw5="5,198.51.100.12:80,3 5,198.51.100.13:80,1"

all="80:198.51.100.11:80 80:198.51.100.12:80 443:198.51.100.11:443 25:198.51.100.11:25 53:198.51.100.11:53"
expect "start: every check passes (alpha)" "$all" 60
expect_more "start: a group, a fwmark service, a slow and a fast server" \
  "$slow $fast $fw5 $(group 198.51.100.11:80,1 198.51.100.12:80,1)"

# The slow server holds its check for connect_timeout (600 s): the fast one's checks go on.
rm "$work/www2/fast.html"
expect_more "a slow server does not delay the others: the fast one fails" \
  "$slow $fw5 $(group 198.51.100.11:80,1 198.51.100.12:80,1)"
echo fast >"$work/www2/fast.html"
expect_more "a slow server does not delay the others: the fast one is back" \
  "$slow $fast $fw5 $(group 198.51.100.11:80,1 198.51.100.12:80,1)"

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

# FILE_CHECK: lvp_f1 non-zero fails 198.51.100.11 (weight 0), the group loses its quorum
# (1 < 2); MISC_CHECK fails.
echo 1 >"$work/f1"
rm "$work/misc-up"
expect_more "FILE_CHECK failure, quorum lost, MISC_CHECK failure" \
  "$slow $fast 5,198.51.100.12:80,3 $(group 198.51.100.12:80,1)"
# lvp_f2 = 3 adds 3 x 2 to 198.51.100.12's weight: quorum again (7 >= 2).
echo 3 >"$work/f2"
touch "$work/misc-up"
expect_more "FILE_CHECK weight, quorum regained, MISC_CHECK back" \
  "$slow $fast $fw5 $(group 198.51.100.12:80,7)"
echo 0 >"$work/f1"
echo 0 >"$work/f2"
expect_more "FILE_CHECK recovery" "$slow $fast $fw5 $(group 198.51.100.11:80,1 198.51.100.12:80,1)"
# What the respawn must keep: the services driven by files (the group, fwmark 5); the web
# checks' services can flap on a loaded host.
stable_table() { table "$1" | grep -v ' 203[.]0[.]113[.]10:'; }
for d in "${directors[@]}"; do stable_table $d >"$work/$d.before-kill"; done

# The checker child killed: the parent starts another, the table stays, the checks go on.
declare -A killed
for d in "${directors[@]}"; do
  killed[$d]=$(cat "$work/$d-checkers.pid")
  kill -KILL "${killed[$d]}"
done
for d in "${directors[@]}"; do
  deadline=$((SECONDS + 30))
  until child=$(cat "$work/$d-checkers.pid" 2>/dev/null) && [ -n "$child" ] && [ "$child" != "${killed[$d]}" ]; do
    [ $SECONDS -lt $deadline ] || { fail "$d: no new checker child after SIGKILL"; break; }
    sleep 0.2
  done
done
for d in "${directors[@]}"; do
  deadline=$((SECONDS + 20))
  until stable_table $d >"$work/$d.after-kill"; cmp -s "$work/$d.before-kill" "$work/$d.after-kill"; do
    [ $SECONDS -lt $deadline ] ||
      { fail "$d: the table changed across the respawn"; diff "$work/$d.before-kill" "$work/$d.after-kill"; break; }
    sleep 0.2
  done
done
echo "checker child respawned after SIGKILL, table unchanged (at $(elapsed))"
echo 1 >"$work/f1"
expect_more "after the respawn the checks go on" "$slow $fast $fw5 $(group 198.51.100.12:80,1)"
echo 0 >"$work/f1"
expect_more "and recover" "$slow $fast $fw5 $(group 198.51.100.11:80,1 198.51.100.12:80,1)"

# The scripts' runs so far (in each step the order of runs started together may vary).
if [ $oracle_only -eq 0 ]; then
  sort "$work/ka.events" >"$work/ka.sorted"; sort "$work/vg.events" >"$work/vg.sorted"
  if ! cmp -s "$work/ka.sorted" "$work/vg.sorted"; then
    fail "the scripts' runs differ (keepalived -, ours +)"; diff -u "$work/ka.sorted" "$work/vg.sorted"
  else
    echo "lvs-protocols: the same $(wc -l <"$work/ka.events") script runs"
  fi
fi
for d in "${directors[@]}"; do wc -l <"$work/$d.events" >"$work/$d.before-stop"; done

# SIGTERM with omega: the down scripts run.
for d in "${directors[@]}"; do kill -TERM "${director_pid[$d]}"; done
for d in "${directors[@]}"; do
  deadline=$((SECONDS + 20))
  while kill -0 "${director_pid[$d]}" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { fail "$d did not stop in 20 s"; break; }
    sleep 0.2
  done
done
# At the stop (omega): the down scripts, in either order.
at_stop() { tail -n +$(($(cat "$work/$1.before-stop") + 1)) "$work/$1.events" | sort | tr '\n' ' '; }
for d in "${directors[@]}"; do
  deadline=$((SECONDS + 10))
  until [ -n "$(at_stop $d)" ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
done
sleep 1 # a second script of the stop
if [ $oracle_only -eq 1 ]; then
  echo "== keepalived's scripts at the stop: $(at_stop ka)"
elif [ "$(at_stop ka)" != "$(at_stop vg)" ]; then
  fail "the scripts at the stop (omega) differ: keepalived $(at_stop ka), ours $(at_stop vg)"
else
  echo "lvs-protocols: the same scripts at the stop (omega): $(at_stop ka)"
fi

# The checkers' lines, without time stamps and process ids.
checker_lines() {
  sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //; s/^.*Keepalived_healthcheckers(\[[0-9]+\])?: //' "$work/$1.log" |
    grep -E 'success to|succeed on service|HTTP_CHECK|SMTP_CHECK|DNS_CHECK|Misc check|error to|Regex match|Timeout|SSL|(Adding|Removing) service|quorum' |
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
