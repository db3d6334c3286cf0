#!/usr/bin/env bash
# First throughput figure: awsdns with a hosts chain of N names beside unbound (one thread)
# serving the same names, both on loopback, measured with dnsperf in one run.
#
#   bench/hosts-vs-unbound.sh [NAMES] [SECONDS] [ROUNDS]
#
# Prints queries per second of each server per round and the ratio awsdns/unbound.
# The query mix: 80% existing names (A), 10% PTR of existing addresses, 10% names that do not exist.
set -euo pipefail
cd "$(dirname "$0")/.."
names=${1:-10000}
seconds=${2:-15}
rounds=${3:-2}
awsdns_port=${AWSDNS_PORT:-15353}
unbound_port=${UNBOUND_PORT:-15354}

for tool in dnsperf unbound; do
    if ! command -v "$tool" >/dev/null; then
        if [[ $(id -u) -eq 0 ]]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dnsperf unbound >/dev/null
        else
            echo "needs dnsperf and unbound: sudo apt-get install dnsperf unbound" >&2
            exit 1
        fi
    fi
done
jar=awsdns-server/target/awsdns.jar
[[ -f $jar ]] || mvn -B -q package -DskipTests

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# 10.X.Y.Z addresses for host-i.bench.internal.
address() { local i=$1; echo "10.$(( (i >> 16) & 255 )).$(( (i >> 8) & 255 )).$(( i & 255 ))"; }
reverse() { local i=$1; echo "$(( i & 255 )).$(( (i >> 8) & 255 )).$(( (i >> 16) & 255 )).10.in-addr.arpa."; }

{
    for ((i = 1; i <= names; i++)); do echo "$(address $i) host-$i.bench.internal"; done
} > "$work/hosts"

{
    cat <<CONF
server:
  interface: 127.0.0.1
  port: $unbound_port
  num-threads: 1
  do-daemonize: no
  use-syslog: no
  logfile: ""
  username: ""
  chroot: ""
  pidfile: ""
  directory: "$work"
  verbosity: 0
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  local-zone: "bench.internal." static
  local-zone: "10.in-addr.arpa." static
CONF
    for ((i = 1; i <= names; i++)); do
        echo "  local-data: \"host-$i.bench.internal. 60 IN A $(address $i)\""
        echo "  local-data-ptr: \"$(address $i) 60 host-$i.bench.internal.\""
    done
    echo "remote-control:"
    echo "  control-enable: no"
} > "$work/unbound.conf"

cat > "$work/awsdns.yaml" <<CONF
servers:
  - listen: ["127.0.0.1:$awsdns_port"]
    zones: ["bench.internal.", "10.in-addr.arpa."]
    plugins:
      - hosts:
          file: $work/hosts
          ttl: 60
CONF

# the query file: 80% A of existing names, 10% PTR of existing addresses, 10% unknown names
RANDOM=42
for ((q = 0; q < 100000; q++)); do
    i=$(( (RANDOM * 32768 + RANDOM) % names + 1 ))
    case $(( q % 10 )) in
        8) echo "$(reverse $i) PTR" ;;
        9) echo "missing-$i.bench.internal A" ;;
        *) echo "host-$i.bench.internal A" ;;
    esac
done > "$work/queries"

unbound -c "$work/unbound.conf" > "$work/unbound.log" 2>&1 &
pids+=($!)
java -Xms256m -Xmx512m -jar "$jar" --config "$work/awsdns.yaml" --log-level warn > "$work/awsdns.log" 2>&1 &
pids+=($!)

wait_for() {
    local port=$1
    for _ in $(seq 1 100); do
        if dig @127.0.0.1 -p "$port" host-1.bench.internal +short +time=1 +tries=1 2>/dev/null | grep -q '^10\.'; then return 0; fi
        sleep 0.2
    done
    echo "server on port $port did not answer; logs:" >&2
    cat "$work/awsdns.log" "$work/unbound.log" >&2
    exit 1
}
wait_for "$unbound_port"
wait_for "$awsdns_port"

# warm up the JVM before measuring
dnsperf -s 127.0.0.1 -p "$awsdns_port" -d "$work/queries" -l 5 -c 8 -q 200 > /dev/null 2>&1

measure() {
    dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l "$seconds" -c 8 -q 200 2>&1 |
        awk '/Queries per second/ {qps=$4} /Queries lost/ {lost=$3} /Average Latency/ {lat=$4; max=$8; sub(/\)/, "", max)}
             END {printf "%s %s %s %s\n", qps, lost, lat, max}'
}

printf "%-7s %-8s %12s %8s %12s %10s\n" round server qps lost avg_lat_s max_lat_s
for ((r = 1; r <= rounds; r++)); do
    read -r a_qps a_lost a_lat a_max < <(measure "$awsdns_port")
    read -r u_qps u_lost u_lat u_max < <(measure "$unbound_port")
    printf "%-7s %-8s %12s %8s %12s %10s\n" "$r" awsdns "$a_qps" "$a_lost" "$a_lat" "$a_max"
    printf "%-7s %-8s %12s %8s %12s %10s\n" "$r" unbound "$u_qps" "$u_lost" "$u_lat" "$u_max"
    awk -v a="$a_qps" -v u="$u_qps" -v r="$r" 'BEGIN {printf "round %s ratio awsdns/unbound: %.2f\n", r, a / u}'
done
