#!/usr/bin/env bash
# Cache pressure: the packaged server under the documented JVM options (docs/operations.md) with the
# documented cache (`cache: {capacity: 200000, serve_stale: 1h}`, default max_bytes) in front of
# `forward`, against a local unbound answering every name under pressure.test. with 60 A records
# (~1 KB answers). dnsperf asks unique names for MINUTES minutes; every SAMPLE seconds the script
# prints RSS, the cache's entries and bytes (awsdns_cache_*), the heap in use and the heap after the
# last GC; at the end, whether the server ran out of memory and the answers dnsperf counted.
#
#   scripts/cache-pressure.sh [-m MINUTES] [-q QPS] [-n NAMES] [-s SAMPLE]   (defaults 10, 5000, 2000000, 30)
#
# Everything listens on 127.0.0.1 (ports 25370-25372, PRESSURE_PORT_BASE moves them). Outputs in
# bench/out/pressure/ (samples.tsv, the server's log, dnsperf's output). Needs dnsperf, unbound,
# curl and the jar (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=10 qps=5000 names=2000000 sample=30
while getopts m:q:n:s: opt; do
    case $opt in
        m) minutes=$OPTARG ;; q) qps=$OPTARG ;; n) names=$OPTARG ;; s) sample=$OPTARG ;;
        *) sed -n '2,13p' "$0"; exit 2 ;;
    esac
done
for tool in dnsperf unbound curl java; do
    command -v "$tool" > /dev/null || { echo "missing: $tool (apt-get install dnsperf unbound curl)" >&2; exit 1; }
done
jar=awsdns-server/target/awsdns.jar
[[ -f $jar ]] || mvn -B -q package -DskipTests -pl awsdns-server -am
base=${PRESSURE_PORT_BASE:-25370}
dns_port=$base upstream_port=$((base + 1)) metrics_port=$((base + 2))
out=bench/out/pressure
rm -rf "$out" && mkdir -p "$out"
# run a copy: a rebuild during the run rewrites the jar under the running JVM
cp "$jar" "$out/awsdns.jar"
jar=$out/awsdns.jar
JAVA_OPTS=${JAVA_OPTS:--Xms200m -Xmx200m -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:MaxTenuringThreshold=1 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; }
trap cleanup EXIT

# the upstream: every name under pressure.test. answers the zone's 60 A records (redirect zone)
{
    echo "server:"
    echo "  interface: 127.0.0.1@$upstream_port"
    echo "  do-daemonize: no"
    echo "  use-syslog: no"
    echo "  logfile: \"\""
    echo "  username: \"\""
    echo "  chroot: \"\""
    echo "  directory: \"$PWD/$out\""
    echo "  pidfile: \"\""
    echo "  num-threads: 1"
    echo "  module-config: \"iterator\""
    echo "  access-control: 127.0.0.0/8 allow"
    echo "  local-zone: \"pressure.test.\" redirect"
    for i in $(seq 1 60); do echo "  local-data: \"pressure.test. 300 IN A 10.77.0.$i\""; done
} > "$out/unbound.conf"
unbound -c "$out/unbound.conf" > "$out/unbound.log" 2>&1 &
pids+=($!)

cat > "$out/awsdns.yaml" << EOF
metrics: {listen: "127.0.0.1:$metrics_port"}
servers:
  - listen: ["127.0.0.1:$dns_port"]
    plugins:
      - cache: {capacity: 200000, serve_stale: 1h}
      - forward: {to: ["127.0.0.1:$upstream_port"]}
EOF
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$jar" serve --config "$out/awsdns.yaml" > "$out/awsdns.log" 2>&1 &
server=$!
pids+=($server)
for _ in $(seq 100); do
    dig +short +time=1 +tries=1 -p "$dns_port" @127.0.0.1 probe.pressure.test. A > /dev/null 2>&1 && break
    sleep 0.2
done

awk -v n="$names" 'BEGIN { for (i = 0; i < n; i++) printf "u%d.pressure.test. A\n", i }' > "$out/queries.txt"
seconds=$((minutes * 60))
dnsperf -s 127.0.0.1 -p "$dns_port" -d "$out/queries.txt" -l "$seconds" -Q "$qps" -c 4 -q 100 > "$out/dnsperf.txt" 2>&1 &
perf=$!
pids+=($perf)

metric() { # the sum of a metric's samples, from /metrics
    curl -s "http://127.0.0.1:$metrics_port/metrics" | awk -v m="$1" 'index($1, m) == 1 { s += $NF } END { printf "%.0f", s }'
}
printf "seconds\trss_mb\tcache_entries\tcache_mb\theap_used_mb\theap_after_gc_mb\n" | tee "$out/samples.tsv"
start=$(date +%s)
oom=no
while kill -0 "$perf" 2> /dev/null; do
    sleep "$sample"
    if ! kill -0 "$server" 2> /dev/null; then oom=exited; break; fi
    rss=$(ps -o rss= -p "$server" | awk '{ printf "%.0f", $1 / 1024 }')
    entries=$(metric awsdns_cache_entries)
    bytes=$(metric awsdns_cache_bytes)
    heap=$(metric 'jvm_memory_used_bytes{area="heap"')
    live=$(metric jvm_gc_live_data_size_bytes)
    printf "%d\t%s\t%s\t%.1f\t%.1f\t%.1f\n" $(($(date +%s) - start)) "$rss" "$entries" \
        "$(echo "$bytes / 1048576" | bc -l)" "$(echo "$heap / 1048576" | bc -l)" "$(echo "$live / 1048576" | bc -l)" | tee -a "$out/samples.tsv"
done
wait "$perf" || true
grep -q OutOfMemoryError "$out/awsdns.log" && oom=yes
kill -0 "$server" 2> /dev/null || [[ $oom == yes ]] || oom=exited
echo "OutOfMemoryError: $oom (server $(kill -0 "$server" 2> /dev/null && echo running || echo gone) after ${minutes} min)"
grep -E "Queries (sent|completed|lost)|Response codes|Queries per second" "$out/dnsperf.txt" || true
grep -E "WARN.*heap" "$out/awsdns.log" || echo "no heap warning at start"
[[ $oom == no ]]
