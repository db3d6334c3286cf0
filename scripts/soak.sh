#!/usr/bin/env bash
# Soak: the packaged awsdns under steady mixed load for a long time, reloaded every minute, its
# upstream restarted in the middle. Prints RSS, threads and open files after the warm-up and at
# the end, and the queries lost.
#
#   scripts/soak.sh [--minutes N] [--qps Q] [--warmup SECONDS]
#
#   --minutes N     length of the soak proper (default 10)
#   --qps Q         total rate; default: half of the peak, measured first in the same run
#                   (10 s of dnsperf, no rate limit)
#   --warmup S      warm-up at the soak's rate before the start figures are taken (default 60)
#
# What runs, all on loopback:
#   - awsdns from awsdns-server/target/awsdns.jar (built if missing), with the JVM options
#     docs/operations.md recommends: MALLOC_ARENA_MAX=2 -Xmx200m -XX:+UseG1GC
#     -XX:MaxTenuringThreshold=1 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError, with -Xms200m -XX:+AlwaysPreTouch
#     (JAVA_OPTS overrides them);
#   - its chain: the demo inventory (examples/demo-instances.json) for demo.internal. and its
#     reverse zone, everything else forwarded (cache, forward) to
#   - unbound, serving 1,000 names with a 5 s TTL (so the forward path keeps working) and
#     NXDOMAIN for the rest of its zone;
#   - dnsperf over UDP (90% of the rate) and over TCP (10%), one query file: EC2 names (A, PTR),
#     forwarded names, names that do not exist (NXDOMAIN, in the inventory's zone and upstream);
#   - SIGHUP (a reload) every minute; unbound stopped for 5 s and started again in the middle.
#
# Needs dnsperf and unbound (Debian packages; installed when run as root). Outputs (dnsperf's
# reports, logs, the config) go to target/soak/. Exit status 1 when queries were lost or the
# RSS at the end is more than 10% above the start.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

minutes=10
qps=
warmup=60
while [[ $# -gt 0 ]]; do
    case $1 in
        --minutes) minutes=$2; shift 2 ;;
        --qps) qps=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see scripts/soak.sh --help)" >&2; exit 2 ;;
    esac
done

JAVA_OPTS=${JAVA_OPTS:--Xms200m -Xmx200m -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:MaxTenuringThreshold=1 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# --- tools and the jar ---------------------------------------------------------------------
missing=()
for tool in dnsperf:dnsperf unbound:unbound dig:bind9-dnsutils java:default-jdk-headless; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # policy-rc.d 101: install unbound without starting a system-wide resolver on port 53
        policy=/usr/sbin/policy-rc.d
        created_policy=false
        if [[ ! -e $policy ]]; then
            printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=true
        fi
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        if $created_policy; then rm -f "$policy"; fi
    else
        echo "scripts/soak.sh needs: sudo apt-get install ${missing[*]}   (or run it as root)" >&2
        exit 1
    fi
fi
jar=awsdns-server/target/awsdns.jar
if [[ ! -f $jar ]]; then
    echo "building $jar" >&2
    mvn -B -q package -DskipTests -pl awsdns-server -am
fi

out=target/soak
rm -rf "$out"
mkdir -p "$out"
# run a copy: a rebuild during a long soak rewrites the jar under the running JVM
cp "$jar" "$out/awsdns.jar"
jar=$out/awsdns.jar
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dns_port=$(free_port)
metrics_port=$(free_port)
upstream_port=$(free_port)

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# --- the upstream ----------------------------------------------------------------------------
{
    cat <<CONF
server:
  interface: 127.0.0.1
  port: $upstream_port
  num-threads: 1
  do-daemonize: no
  use-syslog: no
  logfile: ""
  username: ""
  chroot: ""
  pidfile: ""
  directory: "$root/$out"
  verbosity: 0
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  local-zone: "soak.test." static
  local-data: "soak.test. 5 IN SOA ns.soak.test. hostmaster.soak.test. 1 3600 900 86400 5"
CONF
    for i in $(seq 1 1000); do echo "  local-data: \"f-$i.soak.test. 5 IN A 192.0.2.$((i % 250 + 1))\""; done
    cat <<CONF
remote-control:
  control-enable: no
CONF
} > "$out/unbound.conf"
start_unbound() {
    unbound -d -c "$out/unbound.conf" >> "$out/unbound.log" 2>&1 &
    unbound_pid=$!
    pids+=("$unbound_pid")
    for _ in $(seq 1 50); do
        dig +short +time=1 +tries=1 @127.0.0.1 -p "$upstream_port" f-1.soak.test A >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "unbound did not start: $(tail -5 "$out/unbound.log")" >&2
    exit 1
}
start_unbound

# --- awsdns ----------------------------------------------------------------------------------
cat > "$out/soak.yaml" <<CONF
metrics: {listen: "127.0.0.1:$metrics_port"}
inventories:
  demo: {file: $root/examples/demo-instances.json}
servers:
  - listen: ["127.0.0.1:$dns_port"]
    zones: ["demo.internal.", "31.172.in-addr.arpa."]
    plugins:
      - cache: {capacity: 10000}
      - ec2-forward: {inventory: demo, zone: demo.internal., ttl: 60}
      - ec2-reverse: {inventory: demo, zone: demo.internal., ttl: 60}
      - txt-extra: {inventory: demo, extra: ["tag:Class", id], ttl: 60}
      - soa: {zone: demo.internal., mname: ns.demo.internal., rname: hostmaster.demo.internal., inventory: demo}
  - listen: ["127.0.0.1:$dns_port"]
    zones: ["."]
    plugins:
      - cache: {capacity: 10000}
      - forward: {to: ["127.0.0.1:$upstream_port"], timeout: 1s, deadline: 2s, health_check: 500ms}
CONF
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java $JAVA_OPTS -jar "$jar" serve --config "$out/soak.yaml" > "$out/awsdns.log" 2>&1 &
awsdns_pid=$!
pids+=("$awsdns_pid")
for _ in $(seq 1 150); do
    [[ $(dig +short +time=1 +tries=1 @127.0.0.1 -p "$dns_port" bootstrapper-test.demo.internal A 2>/dev/null) == 172.31.31.48 ]] && break
    kill -0 "$awsdns_pid" 2>/dev/null || { echo "awsdns exited: $(tail -5 "$out/awsdns.log")" >&2; exit 1; }
    sleep 0.2
done

# --- queries ---------------------------------------------------------------------------------
# per 10 queries: 4 EC2 (A, A of a shared name, TXT, PTR), 3 forwarded, 2 NXDOMAIN upstream, 1 NXDOMAIN in the inventory's zone
awk 'BEGIN {
    srand(7)
    split("bootstrapper-test web db-1 api-1 build-server-01", names, " ")
    split("48.31.31.172 11.40.31.172 12.40.31.172 10.50.31.172 5.70.31.172 7.90.31.172", ptrs, " ")
    for (q = 0; q < 100000; q++) {
        k = q % 10
        if (k == 0 || k == 1) printf "%s.demo.internal. A\n", names[1 + int(rand() * 5)]
        else if (k == 2) printf "%s.demo.internal. TXT\n", names[1 + int(rand() * 5)]
        else if (k == 3) printf "%s.in-addr.arpa. PTR\n", ptrs[1 + int(rand() * 6)]
        else if (k <= 6) printf "f-%d.soak.test. A\n", 1 + int(rand() * 1000)
        else if (k <= 8) printf "missing-%d.soak.test. A\n", int(rand() * 100000)
        else printf "missing-%d.demo.internal. A\n", int(rand() * 100000)
    }
}' > "$out/queries.txt"

perf() { # name, transport, seconds, qps (0: no limit); writes $out/dnsperf-NAME.txt
    local limit=()
    [[ $4 -gt 0 ]] && limit=(-Q "$4")
    dnsperf -s 127.0.0.1 -p "$dns_port" -m "$2" -d "$out/queries.txt" -l "$3" -c 4 -q 100 "${limit[@]}" \
        > "$out/dnsperf-$1.txt" 2>&1
}
field() { # file, dnsperf label → its first number
    awk -v label="$2" 'index($0, label) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { print $i; exit } }' "$1"
}
stats() { # RSS in MB, threads, open files of awsdns
    local rss threads fds
    rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$awsdns_pid/status")
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$awsdns_pid/status")
    fds=$(find "/proc/$awsdns_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    echo "$rss $threads $fds"
}
# where the RSS is, in MB: "total heap rest heap_used" (heap: the resident pages of the Java heap's
# mapping, from /proc/PID/smaps within the range jcmd GC.heap_info gives; heap_used: the live and
# not yet collected objects in it; rest: everything else, metaspace, code, threads, direct buffers)
memory() {
    local info range
    info=$(jcmd "$awsdns_pid" GC.heap_info 2>/dev/null | grep -m1 -E 'heap +total') || { echo "- - - -"; return; }
    range=$(sed -E 's/.*\[0x([0-9a-f]+), *0x([0-9a-f]+).*/\1 \2/' <<< "$info")
    awk -v range="$range" -v info="$info" '
        function pad(h) { h = sprintf("%16s", h); gsub(/ /, "0", h); return h }
        BEGIN { split(range, r, " "); lo = pad(r[1]); hi = pad(r[2])
                used = info; sub(/.*used /, "", used); sub(/K.*/, "", used) }
        /^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); inside = pad(a[1]) >= lo && pad(a[2]) <= hi }
        /^Rss:/ { total += $2; if (inside) heap += $2 }
        END { printf "%.1f %.1f %.1f %.1f\n", total / 1024, heap / 1024, (total - heap) / 1024, used / 1024 }' \
        "/proc/$awsdns_pid/smaps"
}

if [[ -z $qps ]]; then
    echo "measuring the peak (10 s, UDP, no rate limit)..."
    perf peak udp 10 0
    peak=$(field "$out/dnsperf-peak.txt" "Queries per second:")
    qps=$(awk -v p="$peak" 'BEGIN { printf "%d", p / 2 }')
    echo "peak ${peak%.*} QPS; the soak runs at half: $qps QPS"
fi
udp_qps=$((qps * 9 / 10))
tcp_qps=$((qps - udp_qps))

echo "warm-up: ${warmup}s at $qps QPS"
perf warmup-udp udp "$warmup" "$udp_qps" & w1=$!
perf warmup-tcp tcp "$warmup" "$tcp_qps" & w2=$!
wait "$w1" "$w2"
# jcmd's first call starts the JVM's attach listener (a thread and a socket): before the start figures
jcmd "$awsdns_pid" VM.version > /dev/null 2>&1 || true
read -r rss0 threads0 fds0 <<< "$(stats)"
echo "start: RSS ${rss0} MB, ${threads0} threads, ${fds0} open files"
nmt() { # NMT's summary, when JAVA_OPTS turned it on (-XX:NativeMemoryTracking=summary)
    jcmd "$awsdns_pid" VM.native_memory summary > "$out/nmt-$1.txt" 2>&1 || true
}
nmt start
printf "seconds\trss_mb\theap_rss_mb\trest_mb\theap_used_mb\n" > "$out/memory.tsv"
printf "0\t%s\n" "$(memory | tr ' ' '\t')" >> "$out/memory.tsv"

seconds=$((minutes * 60))
echo "soak: ${minutes} min at $qps QPS (UDP $udp_qps, TCP $tcp_qps), SIGHUP every minute, upstream restart at $((seconds / 2)) s"
perf soak-udp udp "$seconds" "$udp_qps" & p1=$!
perf soak-tcp tcp "$seconds" "$tcp_qps" & p2=$!
started=$SECONDS
reloads=0
restarted=false
while kill -0 "$p1" 2>/dev/null || kill -0 "$p2" 2>/dev/null; do
    sleep 1
    elapsed=$((SECONDS - started))
    if ! kill -0 "$awsdns_pid" 2>/dev/null; then
        echo "awsdns died at ${elapsed}s: $(tail -5 "$out/awsdns.log")" >&2
        exit 1
    fi
    if (( elapsed > 0 && elapsed % 60 == 0 && elapsed / 60 > reloads && elapsed < seconds )); then
        kill -HUP "$awsdns_pid"
        reloads=$((reloads + 1))
        echo "  ${elapsed}s: reload $reloads (SIGHUP)"
    fi
    if ! $restarted && (( elapsed >= seconds / 2 )); then
        kill "$unbound_pid"; wait "$unbound_pid" 2>/dev/null || true
        echo "  ${elapsed}s: upstream stopped"
        sleep 5
        start_unbound
        echo "  $((SECONDS - started))s: upstream started again"
        restarted=true
    fi
    if (( elapsed > 0 && elapsed % 30 == 0 && elapsed > ${sampled:-0} )); then
        sampled=$elapsed
        printf "%s\t%s\n" "$elapsed" "$(memory | tr ' ' '\t')" >> "$out/memory.tsv"
    fi
done
wait "$p1" "$p2" || true
read -r rss1 threads1 fds1 <<< "$(stats)"
printf "%s\t%s\n" "$((SECONDS - started))" "$(memory | tr ' ' '\t')" >> "$out/memory.tsv"
nmt end

sent=0; completed=0; lost=0
for run in soak-udp soak-tcp; do
    sent=$((sent + $(field "$out/dnsperf-$run.txt" "Queries sent:")))
    completed=$((completed + $(field "$out/dnsperf-$run.txt" "Queries completed:")))
    lost=$((lost + $(field "$out/dnsperf-$run.txt" "Queries lost:")))
done
reloaded=$(grep -c "configuration reloaded" "$out/awsdns.log" || true)
failed_reloads=$(grep -c "reload failed" "$out/awsdns.log" || true)
growth=$(awk -v a="$rss0" -v b="$rss1" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')

echo
echo "soak of ${minutes} min at $qps QPS, $reloads reloads ($reloaded logged, $failed_reloads failed), 1 upstream restart"
printf "%-8s %10s %8s %11s\n" "" "RSS (MB)" threads "open files"
printf "%-8s %10s %8s %11s\n" start "$rss0" "$threads0" "$fds0"
printf "%-8s %10s %8s %11s\n" end "$rss1" "$threads1" "$fds1"
echo "RSS change: ${growth}%"
echo "where the RSS was (MB; heap = resident pages of the Java heap, rest = all else), every 30 s:"
column -t "$out/memory.tsv" 2>/dev/null || cat "$out/memory.tsv"
echo "queries: $sent sent, $completed completed, $lost lost"
for run in soak-udp soak-tcp; do
    echo "  $run: $(grep -E "Response codes:" "$out/dnsperf-$run.txt" | sed 's/^ *//')"
done
echo "reports and logs: $out/"

if (( lost > 0 )) || awk -v g="$growth" 'BEGIN { exit !(g > 10) }'; then
    exit 1
fi
