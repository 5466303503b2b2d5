#!/usr/bin/env bash
# Gatehouse's TLS posture, judged by testssl.sh, next to nginx with ingress-nginx's default ssl settings.
#
# Both proxies serve the same certificate for posture.example, on 127.0.0.1, in front of the same nginx upstream.
# The certificate is RSA 2048, so that RSA key-exchange suites could be offered at all, and is made as a public CA
# would make it, so that it draws no finding of its own: issued by a CA made here (given to testssl.sh with
# --add-ca), valid a year, with a CRL URL. The upstream sends X-Content-Type-Options, as applications do: without
# any such header testssl.sh rates the application MEDIUM ("security_headers"), whichever proxy is in front. testssl.sh runs its
# full scan (--full: every default check plus each cipher per protocol and the implementation bugs) against
# each, with flat JSON output. The script fails (exit 1) when Gatehouse has a finding rated LOW, MEDIUM, HIGH or
# CRITICAL, or fails one of the required checks: no SSLv2/SSLv3/TLS 1.0/TLS 1.1, no CBC and no RSA key-exchange
# suites, no client-initiated renegotiation, session tickets absent or with keys rotated within a day. WARN
# (a check testssl.sh could not make) and INFO findings are listed. nginx's findings are listed, not judged.
#
# Usage: bench/tls-posture.sh   (TABLE=FILE keeps the side-by-side Markdown table, default: printed)
# It installs testssl.sh, nginx and openssl when missing and builds gatehouse.jar if there is none. A run
# takes several minutes per proxy.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEHOUSE_JAVA_OPTS="${GATEHOUSE_JAVA_OPTS:--Xms64m -Xmx128m}"
HOST=posture.example

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
pick_ports UPSTREAM_PORT GATEHOUSE_PORT HTTP_PORT ADMIN_PORT NGINX_PORT
TABLE="${TABLE:-$work/table.md}"

install_commands testssl:testssl.sh nginx:nginx openssl:openssl python3:python3 taskset:util-linux
if [[ ! -f "$root/ingress-controller/target/gatehouse.jar" ]]; then
  say "building gatehouse.jar..."
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package)
fi

certificates() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=Gatehouse posture test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$HOST" -keyout "$work/key.pem" -out "$work/cert.csr" 2>/dev/null
  cat >"$work/cert.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$HOST
crlDistributionPoints=URI:http://$HOST/ca.crl
EOF
  openssl x509 -req -in "$work/cert.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 365 \
    -extfile "$work/cert.ext" -out "$work/cert.pem" 2>/dev/null
}

gatehouse_tls() {
  mkdir -p "$work/manifests"
  cat >"$work/manifests/posture.yaml" <<EOF
$(service_manifest upstream $UPSTREAM_PORT)
---
apiVersion: v1
kind: Secret
metadata: {name: posture-tls}
type: kubernetes.io/tls
stringData:
  tls.crt: |
$(sed 's/^/    /' "$work/cert.pem")
  tls.key: |
$(sed 's/^/    /' "$work/key.pem")
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: posture}
spec:
  ingressClassName: gatehouse
  tls: [{hosts: [$HOST], secretName: posture-tls}]
  rules:
  - host: $HOST
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: upstream, port: {number: 80}}}}
EOF
  # the default certificate is the same one, so that a handshake without SNI sees no other
  # shellcheck disable=SC2086 # GATEHOUSE_JAVA_OPTS is a list of options
  start gatehouse 0-$load_cpu java $GATEHOUSE_JAVA_OPTS -jar "$root/ingress-controller/target/gatehouse.jar" run \
    --manifests "$work/manifests" --bind-address 127.0.0.1 --http-port "$HTTP_PORT" --https-port "$GATEHOUSE_PORT" \
    --admin-port "$ADMIN_PORT" --default-certificate-file "$work/cert.pem" --default-key-file "$work/key.pem" \
    --access-log off
}

# nginx as ingress-nginx configures it by default (internal/ingress/controller/config/config.go and
# rootfs/etc/nginx/template/nginx.tmpl): its ssl-protocols, ssl-ciphers with the server's preference, the
# session cache, no session tickets, ssl_buffer_size 4k, ssl_ecdh_curve auto, HTTP/2, no server tokens and
# HSTS (max-age=31536000; includeSubDomains) on TLS servers.
nginx_tls() {
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  server_tokens off;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_cache builtin:1000 shared:SSL:10m;
  ssl_session_timeout 10m;
  ssl_session_tickets off;
  ssl_buffer_size 4k;
  ssl_ciphers 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384';
  ssl_prefer_server_ciphers on;
  ssl_ecdh_curve auto;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl http2;
    server_name $HOST;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    location / {
      proxy_pass http://127.0.0.1:$UPSTREAM_PORT;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
CONF
  start nginx 0-$load_cpu nginx -c "$work/nginx/nginx.conf" -g 'daemon off;'
}

scan() { # name port
  say "testssl.sh --full against $1 (https://$HOST:$2 at 127.0.0.1)..."
  # --nodns none: the name exists only here; --warnings off: no prompts
  testssl --full --quiet --color 0 --warnings off --nodns none --ip 127.0.0.1 --add-ca "$work/ca.pem" \
    --connect-timeout 10 --openssl-timeout 10 --jsonfile "$work/$1.json" "https://$HOST:$2" >"$work/$1.testssl.txt" 2>&1 ||
    true # testssl's exit code counts findings; the findings are judged from the JSON
  [[ -s "$work/$1.json" ]] || { say "testssl.sh wrote no findings for $1; its output:"; cat "$work/$1.testssl.txt" >&2; exit 2; }
}

# the upstream of lib.sh, plus the header an application sends
upstream_app() {
  mkdir -p "$work/upstream"
  cat >"$work/upstream/nginx.conf" <<CONF
worker_processes 1;
error_log $work/upstream/error.log warn;
pid $work/upstream/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    location / { default_type text/plain; add_header X-Content-Type-Options nosniff; return 200 "hello from the upstream\n"; }
  }
}
CONF
  start upstream "$load_cpu" nginx -c "$work/upstream/nginx.conf" -g 'daemon off;'
  wait_for_port "$UPSTREAM_PORT"
}

certificates
upstream_app
gatehouse_tls
wait_for_port "$GATEHOUSE_PORT" gatehouse
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null && break; sleep 0.1; done
curl -sf --cacert "$work/ca.pem" --resolve "$HOST:$GATEHOUSE_PORT:127.0.0.1" "https://$HOST:$GATEHOUSE_PORT/" >/dev/null ||
  { say "Gatehouse does not serve https://$HOST/ with the test certificate"; cat "$work/gatehouse.out" >&2; exit 2; }
nginx_tls
wait_for_port "$NGINX_PORT" nginx

scan gatehouse "$GATEHOUSE_PORT"
scan nginx "$NGINX_PORT"

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); testssl.sh $(testssl --version 2>/dev/null | awk '/testssl +[0-9]/ {print $2; exit}')" \
  "with $(openssl version | awk '{print $1, $2}'); $(awk '/TLS by/ {sub(/.*TLS by /, ""); print; exit}' "$work/gatehouse.out")" \
  "in Gatehouse; nginx $(nginx -v 2>&1 | sed 's/.*\///') running with" \
  "$(nginx -V 2>&1 | awk '/built with/ { if (match($0, /running with [^ ]+ [^ ]+/)) print substr($0, RSTART + 13, RLENGTH - 13); else print $3, $4; exit }')"
status=0
python3 "$root/bench/testssl_findings.py" "$work/gatehouse.json" "$work/nginx.json" "$TABLE" || status=$?
[[ $TABLE != "$work/table.md" ]] || { echo; cat "$TABLE"; }
exit "$status"
