#!/usr/bin/env bash
# The long fuzzing campaign: mutated queries over UDP and TCP (scripts/fuzz.py) against the
# packaged server (awsdns-server/target/awsdns.jar) on loopback, started with the JVM options
# docs/operations.md recommends. Prints packets and frames sent, replies, the WARN/ERROR lines and
# exceptions in the server's log, and whether it still answers over UDP and TCP.
#
#   scripts/fuzz.sh [UDP_PACKETS] [TCP_FRAMES] [SEED]     # default 1000000 1000000 9
#   AWSDNS_JAR=/path/to/awsdns.jar scripts/fuzz.sh        # another build of the jar
#   scripts/fuzz.sh --tls [UDP_PACKETS] [TCP_FRAMES] [SEED] [TLS_CONNECTIONS]
#       also a DNS over TLS and a DNS over HTTPS listener (a throwaway certificate made by
#       openssl), TLS_CONNECTIONS (default 10000) fuzzed connections to each, and kdig must
#       answer over both afterwards
#
# Exits non-zero when the server logged an exception or a WARN/ERROR line, stopped answering, or
# sent a UDP error reply larger than its query. Builds the jar first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

tls=
if [[ ${1:-} == --tls ]]; then
    tls=yes
    shift
fi
udp_packets=${1:-1000000}
tcp_frames=${2:-1000000}
seed=${3:-9}
tls_connections=${4:-10000}
jar=${AWSDNS_JAR:-awsdns-server/target/awsdns.jar}

if [[ ! -f $jar ]]; then
    echo "building $jar"
    mvn -B -q -DskipTests package
fi

work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; [[ -n ${FUZZ_KEEP:-} ]] && echo "kept $work" || rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dns_port=$(free_port)
metrics_port=$(free_port)
listen="\"127.0.0.1:$dns_port\""
tls_block=
fuzz_tls=()
if [[ -n $tls ]]; then
    tls_port=$(free_port)
    https_port=$(free_port)
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
        -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
    listen+=", \"tls://127.0.0.1:$tls_port\", \"https://127.0.0.1:$https_port/dns-query\""
    tls_block="tls: {cert: \"$work/cert.pem\", key: \"$work/key.pem\"}"
    fuzz_tls=(--tls "$tls_port" --https "$https_port" --tls-connections "$tls_connections")
fi

cat > "$work/awsdns.yaml" <<YAML
metrics: {listen: "127.0.0.1:$metrics_port"}
servers:
  - listen: [$listen]
    $tls_block
    zones: ["demo.internal.", "in-addr.arpa."]
    plugins:
      - cache
      - hosts:
          entries: ["172.31.40.11 web.demo.internal", "172.31.40.12 web.demo.internal"]
YAML

echo "server: java -Xms200m -Xmx200m -XX:+AlwaysPreTouch -XX:+UseG1GC ... -jar $jar serve on 127.0.0.1:$dns_port"
MALLOC_ARENA_MAX=2 java -Xms200m -Xmx200m -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:MaxTenuringThreshold=1 \
    -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 \
    -XX:+ExitOnOutOfMemoryError -jar "$jar" serve --config "$work/awsdns.yaml" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$metrics_port/metrics" > /dev/null 2>&1 && break
    sleep 0.2
done
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
fi

started=$(date +%s)
status=0
python3 scripts/fuzz.py 127.0.0.1 "$dns_port" --udp "$udp_packets" --tcp-frames "$tcp_frames" --seed "$seed" "${fuzz_tls[@]}" || status=$?
if [[ -n $tls ]]; then
    for transport in "+tls $tls_port" "+https=/dns-query $https_port"; do
        set -- $transport
        if kdig @127.0.0.1 -p "$2" "$1" +tls-ca="$work/cert.pem" +tls-hostname=localhost +timeout=5 +retry=0 \
                web.demo.internal. A 2>&1 | grep -q 'status: NOERROR'; then
            echo "answers afterwards: kdig $1 yes"
        else
            echo "answers afterwards: kdig $1 NO"
            status=1
        fi
    done
fi
echo "campaign: $(( $(date +%s) - started )) s"

metrics=$(curl -sf "http://127.0.0.1:$metrics_port/metrics" || true)
echo "server counters:"
grep -E '^awsdns_(malformed_packets_total|connections_closed_total|tcp_connections_refused_total|query_timeouts_total|plugin_failures_total)' \
    <<< "$metrics" | grep -v ' 0\.0$' | sed 's/^/  /' || true
grep -E '^awsdns_responses_total' <<< "$metrics" \
    | sed -E 's/.*rcode="([A-Z]+)".* ([0-9.E]+)$/\1 \2/' \
    | awk '{s[$1] += $2} END {for (r in s) printf "  replies %s %d\n", r, s[r]}' | sort || true

alive=yes
kill -0 "$server_pid" 2>/dev/null || alive=no
exceptions=$(grep -cE 'Exception|Error:|^\s+at ' "$work/server.log" || true)
warnings=$(grep -cE ' (WARN|ERROR) ' "$work/server.log" || true)
echo "server process alive: $alive"
echo "exceptions in the server log: $exceptions; WARN/ERROR lines: $warnings"
if (( exceptions + warnings > 0 )); then
    grep -E ' (WARN|ERROR) |Exception' "$work/server.log" | head -20
    status=1
fi
[[ $alive == yes ]] || status=1
exit "$status"
