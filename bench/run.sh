#!/usr/bin/env bash
# awsdns beside unbound, in the same run, on loopback, measured with dnsperf.
#
#   bench/run.sh [options]
#
#   -s SECONDS    length of one measured dnsperf run (default 20)
#   -r ROUNDS     measured rounds per scenario; awsdns and unbound alternate who goes first (default 3)
#   -n INSTANCES  instances of the inventory scenarios (default 10000)
#   -N INSTANCES  instances of the large case (default 100000)
#   -S SECONDS    length of the large case's load run (default 60)
#   --only LIST   scenarios to run, comma-separated: inventory,forward,dot,doh,large,profile,jmh
#                 (default: inventory,forward,large)
#   --profile     also record a JFR profile of awsdns under load (same as adding "profile")
#   --jmh         also run the JMH benchmarks (same as adding "jmh"; about 5 minutes)
#
# Scenarios
#   inventory  awsdns (cache, ec2-forward, ec2-reverse, soa over a describe-instances file of
#              INSTANCES instances) beside unbound (one thread) with the same names as local-data.
#   forward    awsdns (cache, forward) beside unbound (one thread, forward-zone), both forwarding to
#              a third unbound that serves the names; caches warmed before measuring.
#   dot, doh   the inventory scenario over DNS over TLS and over HTTPS (POST): awsdns's tls:// and
#              https:// listeners beside unbound's tls-port and https-port, one certificate.
#   large      awsdns with the inventory chain over 100,000 instances: time until the index is
#              built, resident memory after the load and after a load run of -S seconds, then a
#              20 s run during which one instance is renamed in the file (a refresh that finds a
#              change): qps, max latency, lost, whether the new name answers, full GCs (jstat).
#   profile    JFR of awsdns in the inventory scenario under dnsperf: top frames, allocations.
#   jmh        the JMH benchmarks of awsdns-benchmarks (bench/jmh.sh).
#
# Each measured run also gives each server's CPU per answered query (utime+stime from
# /proc/PID/stat over the run, divided by the queries completed; for awsdns every JVM thread
# counts, GC and JIT included). After the rounds of the inventory and forward scenarios both
# servers run once more at a fixed rate, half of unbound's median peak (dnsperf -Q), for the
# latency percentiles (p50, p99, max, from dnsperf -v's per-query latencies).
#
# The query file (the same for both servers): 80% A of existing names, 10% PTR of existing
# addresses, 10% A of names that do not exist. Outputs go to bench/out/ (git-ignored):
# results.tsv (every run), summary.txt, plot.png, the raw dnsperf output, logs and the profile.
#
# Environment: JAVA_OPTS for the inventory/forward servers (default: the options docs/operations.md
# recommends, "-Xms200m -Xmx200m -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:MaxTenuringThreshold=1
# -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000", plus -XX:SharedArchiveFile of a class data archive that
# scripts/appcds.sh makes for the jar at the start of each run; BENCH_APPCDS=0 leaves it out),
# LARGE_JAVA_OPTS (default: JAVA_OPTS) for the large case,
# MALLOC_ARENA_MAX (default 2, for every awsdns), BENCH_AWSDNS_THREADS (awsdns's udp_threads, default 1
# as unbound's one thread; empty for one per core), BENCH_PORT_BASE (default 25350), DNSPERF_CLIENTS
# (8), DNSPERF_OUTSTANDING (200).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=20
rounds=3
instances=10000
large_instances=100000
soak_seconds=60
only=inventory,forward,large
while [[ $# -gt 0 ]]; do
    case $1 in
        -s) seconds=$2; shift 2 ;;
        -r) rounds=$2; shift 2 ;;
        -n) instances=$2; shift 2 ;;
        -N) large_instances=$2; shift 2 ;;
        -S) soak_seconds=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --profile) only=$only,profile; shift ;;
        --jmh) only=$only,jmh; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
    esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
port_base=${BENCH_PORT_BASE:-25350}
clients=${DNSPERF_CLIENTS:-8}
outstanding=${DNSPERF_OUTSTANDING:-200}
awsdns_port=$port_base
unbound_port=$((port_base + 1))
upstream_port=$((port_base + 2))
awsdns_fwd_port=$((port_base + 3))
unbound_fwd_port=$((port_base + 4))
large_port=$((port_base + 5))
awsdns_dot_port=$((port_base + 6))
awsdns_doh_port=$((port_base + 7))
unbound_dot_port=$((port_base + 8))
unbound_doh_port=$((port_base + 9))
unbound_plain_port=$((port_base + 10))
awsdns_plain_port=$((port_base + 11))
mode=udp

# --- tools and the jar ---------------------------------------------------------------------
need_packages=()
for tool in dnsperf:dnsperf unbound:unbound dig:dnsutils gnuplot:gnuplot-nox java:default-jdk-headless openssl:openssl; do
    command -v "${tool%%:*}" >/dev/null || need_packages+=("${tool#*:}")
done
if [[ ${#need_packages[@]} -gt 0 ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing ${need_packages[*]}" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
    else
        echo "bench/run.sh needs: sudo apt-get install ${need_packages[*]}" >&2
        command -v gnuplot >/dev/null || [[ ${#need_packages[@]} -gt 1 ]] || echo "(continuing without the plot)" >&2
        [[ ${#need_packages[@]} -eq 1 && ${need_packages[0]} == gnuplot-nox ]] || exit 1
    fi
fi
jar=awsdns-server/target/awsdns.jar
if [[ ! -f $jar ]]; then
    echo "building $jar" >&2
    mvn -B -q package -DskipTests -pl awsdns-server -am
fi

out=bench/out
mkdir -p "$out"
rm -rf "${out:?}"/{work,raw,logs}
rm -f "$out/large.tsv" # a run without the large case must not report the last one's
work=$out/work
mkdir -p "$work" "$out/raw" "$out/logs"

# the documented options, with a class data archive of this jar made for this run (start-up)
default_java_opts="-Xms200m -Xmx200m -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:MaxTenuringThreshold=1 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000"
if [[ ${BENCH_APPCDS:-1} == 1 && -z ${JAVA_OPTS:-} ]]; then
    APPCDS_PORT=$((port_base + 49)) scripts/appcds.sh "$jar" "$work/awsdns.jsa" > "$out/logs/appcds.log" 2>&1 \
        && default_java_opts="$default_java_opts -XX:SharedArchiveFile=$root/$work/awsdns.jsa" \
        || echo "no class data archive (see $out/logs/appcds.log): the servers start without one" >&2
fi
JAVA_OPTS=${JAVA_OPTS:-$default_java_opts}
LARGE_JAVA_OPTS=${LARGE_JAVA_OPTS:-$JAVA_OPTS}
results=$out/results.tsv
summary=$out/summary.txt
printf "scenario\tround\tserver\tqps\tavg_latency_s\tmax_latency_s\tlost\tcompleted\trcodes\tcpu_us_per_query\n" > "$results"
latency_results=$out/latency.tsv
printf "scenario\tserver\trate_qps\tp50_ms\tp99_ms\tmax_ms\tcompleted\tlost\n" > "$latency_results"
: > "$summary"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

say() { echo "$*" | tee -a "$summary"; }

# --- data ------------------------------------------------------------------------------------
# instance i: Name tag host-i, private address 10.(i>>16).(i>>8).i, answered as host-i.bench.internal.

# an `aws ec2 describe-instances` document of $1 running instances
gen_inventory() {
    awk -v n="$1" 'BEGIN {
        printf "{\"Reservations\":[{\"Instances\":[\n"
        for (i = 1; i <= n; i++) {
            ip = sprintf("10.%d.%d.%d", int(i / 65536) % 256, int(i / 256) % 256, i % 256)
            printf "{\"InstanceId\":\"i-%017x\",\"PrivateIpAddress\":\"%s\",\"State\":{\"Name\":\"running\"},", i, ip
            printf "\"Tags\":[{\"Key\":\"Name\",\"Value\":\"host-%d\"}],", i
            printf "\"NetworkInterfaces\":[{\"PrivateIpAddresses\":[{\"PrivateIpAddress\":\"%s\",\"Primary\":true}],", ip
            printf "\"Ipv6Addresses\":[]}]}%s\n", (i < n ? "," : "")
        }
        print "]}]}"
    }'
}

# the same names as unbound local data (a file for unbound's include:), with the zone's SOA
gen_local_data() {
    awk -v n="$1" 'BEGIN {
        print "  local-zone: \"bench.internal.\" static"
        print "  local-zone: \"10.in-addr.arpa.\" static"
        print "  local-data: \"bench.internal. 3600 IN SOA ns1.bench.internal. hostmaster.bench.internal. 1 7200 1800 1209600 60\""
        for (i = 1; i <= n; i++) {
            ip = sprintf("10.%d.%d.%d", int(i / 65536) % 256, int(i / 256) % 256, i % 256)
            printf "  local-data: \"host-%d.bench.internal. 3600 IN A %s\"\n", i, ip
            printf "  local-data-ptr: \"%s 3600 host-%d.bench.internal.\"\n", ip, i
        }
    }'
}

# dnsperf's query file: 80% A of existing names, 10% PTR of existing addresses, 10% missing names
gen_queries() {
    awk -v n="$1" -v count="$2" 'BEGIN {
        srand(42)
        for (q = 0; q < count; q++) {
            i = 1 + int(rand() * n)
            if (q % 10 == 8) printf "%d.%d.%d.10.in-addr.arpa. PTR\n", i % 256, int(i / 256) % 256, int(i / 65536) % 256
            else if (q % 10 == 9) printf "missing-%d.bench.internal. A\n", i
            else printf "host-%d.bench.internal. A\n", i
        }
    }'
}

unbound_conf() { # port, extra server lines (a file), extra clauses (a file)
    cat <<CONF
server:
  interface: 127.0.0.1
  port: $1
  num-threads: 1
  do-daemonize: no
  use-syslog: no
  logfile: ""
  username: ""
  chroot: ""
  pidfile: ""
  directory: "$root/$work"
  verbosity: 0
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  msg-cache-size: 64m
  rrset-cache-size: 128m
  so-rcvbuf: 0
  include: "$root/$2"
CONF
    [[ -n ${3:-} ]] && cat "$3"
    cat <<CONF
remote-control:
  control-enable: no
CONF
}

# awsdns's I/O threads in every scenario: one, as unbound's num-threads (BENCH_AWSDNS_THREADS; empty
# for the server's default, one per core): like for like, while dnsperf takes most of a core of
# its own. With two loops the bars held as well, at a little more CPU per query (docs/performance.md)
awsdns_threads=${BENCH_AWSDNS_THREADS-1}
transport_yaml() {
    [[ -n $awsdns_threads ]] && echo "transport: {udp_threads: $awsdns_threads}"
    return 0
}

inventory_yaml() { # port, inventory file
    transport_yaml
    cat <<CONF
inventories:
  bench:
    file: $root/$2
servers:
  - listen: ["127.0.0.1:$1"]
    zones: ["bench.internal.", "10.in-addr.arpa."]
    plugins:
      - cache: {capacity: 100000}
      - ec2-forward: {inventory: bench, zone: bench.internal., ttl: 60}
      - ec2-reverse: {inventory: bench, zone: bench.internal., ttl: 60}
      - soa: {zone: bench.internal., mname: ns1.bench.internal., rname: hostmaster.bench.internal.}
CONF
}

start_unbound() { # name, config
    unbound -c "$2" > "$out/logs/$1.log" 2>&1 &
    pids+=($!)
    last_pid=$!
}

start_awsdns() { # name, config, java options
    # shellcheck disable=SC2086
    java $3 -jar "$jar" --config "$2" --log-level info > "$out/logs/$1.log" 2>&1 &
    pids+=($!)
    last_pid=$!
}

# waits until port $1 answers an instance's name, at most $3 seconds; prints the seconds waited.
# Each try asks another name (host-$2, host-$2-1, ...): a name asked before the inventory was loaded
# may have been answered NXDOMAIN, which the cache then keeps for the SOA's minimum TTL.
wait_for() {
    local port=$1 index=$2 limit=${3:-60} start now
    start=$(date +%s.%N)
    while true; do
        if dig @127.0.0.1 -p "$port" "host-$index.bench.internal" +short +time=1 +tries=1 2>/dev/null | grep -q '^10\.'; then
            now=$(date +%s.%N)
            awk -v a="$start" -v b="$now" 'BEGIN {printf "%.2f\n", b - a}'
            return 0
        fi
        now=$(date +%s.%N)
        if awk -v a="$start" -v b="$now" -v l="$limit" 'BEGIN {exit !(b - a > l)}'; then
            echo "nothing answered host-$index.bench.internal on port $port within ${limit}s; logs in $out/logs" >&2
            tail -20 "$out"/logs/*.log >&2
            exit 1
        fi
        ((index > 1)) && index=$((index - 1))
        # a try is five processes (dig, grep, date, awk): every 50 ms they took ~half a core from
        # the server they wait for, a 2-core machine's start-up included (the large case's index)
        sleep 0.25
    done
}

# runs dnsperf against port $1 with query file $2 for $3 seconds; the raw output goes to $4;
# prints "qps avg_latency max_latency lost completed rcodes"
dnsperf_run() {
    # shellcheck disable=SC2046
    dnsperf -m "$mode" $(doh_options "$1") -s 127.0.0.1 -p "$1" -d "$2" -l "$3" -c "$clients" -q "$outstanding" > "$4" 2>&1 || true
    awk '/Queries per second/ {qps = $4}
         /Queries lost/ {lost = $3}
         /Queries completed/ {done = $3}
         /Response codes/ {sub(/.*Response codes: /, ""); gsub(/ /, ""); rc = $0}
         /Average Latency/ {lat = $4; max = $8; sub(/\)/, "", max)}
         END {printf "%s %s %s %s %s %s\n", qps, lat, max, lost, done, rc}' "$4"
}

# dnsperf's options for DNS over HTTPS to port $1 (POST, as kdig's default), none otherwise
doh_options() {
    [[ $mode == doh ]] && printf -- '-O doh-uri=https://127.0.0.1:%s/dns-query -O doh-method=POST' "$1"
    return 0
}

clock_ticks=$(getconf CLK_TCK)
# the CPU time process $1 has used so far, in clock ticks (utime + stime of /proc/PID/stat; the
# command name in field 2 may hold spaces, so fields are counted after its closing parenthesis)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# microseconds of CPU per answered query: ticks before $1, after $2, queries completed $3
cpu_us_per_query() {
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$clock_ticks" 'BEGIN {if (n > 0) printf "%.2f", (b - a) * 1e6 / hz / n; else print "nan"}'
}

# dnsperf at a fixed rate: port $1, query file $2, seconds $3, rate $4, raw output $5;
# prints "p50_ms p99_ms max_ms completed lost" from the per-query latencies of dnsperf -v
latency_run() {
    dnsperf -s 127.0.0.1 -p "$1" -d "$2" -l "$3" -Q "$4" -c "$clients" -q "$outstanding" -v > "$5" 2>&1 || true
    local completed lost
    completed=$(awk '/Queries completed/ {print $3}' "$5")
    lost=$(awk '/Queries lost/ {print $3}' "$5")
    awk '/^> / {print $NF}' "$5" | sort -g | awk -v c="${completed:-0}" -v l="${lost:-0}" '
        {v[NR] = $1}
        END {
            if (NR == 0) {print "nan nan nan", c, l; exit}
            p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1]
            printf "%.3f %.3f %.3f %s %s\n", p50 * 1000, p99 * 1000, v[NR] * 1000, c, l
        }'
    gzip -f "$5"
}

# scenario $1 at half of unbound's median peak from results.tsv: awsdns on port $2 (pid $3),
# unbound on port $4, query file $5
latency_at_half_peak() {
    local scenario=$1 a_port=$2 u_port=$4 queries=$5 rate server port p50 p99 max done lost
    rate=$(awk -F'\t' -v s="$scenario" '$1 == s && $3 == "unbound" {n++; q[n] = $4}
        END {for (i = 2; i <= n; i++) for (j = i; j > 1 && q[j - 1] > q[j]; j--) {t = q[j]; q[j] = q[j - 1]; q[j - 1] = t}
             m = n % 2 ? q[(n + 1) / 2] : (q[n / 2] + q[n / 2 + 1]) / 2; printf "%d", m / 2}' "$results")
    for server in awsdns unbound; do
        port=$a_port
        [[ $server == unbound ]] && port=$u_port
        read -r p50 p99 max done lost < <(latency_run "$port" "$queries" "$seconds" "$rate" "$out/raw/$scenario-latency-$server.txt")
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$scenario" "$server" "$rate" "$p50" "$p99" "$max" "$done" "$lost" >> "$latency_results"
        say "$scenario: at $rate qps (half of unbound's peak) $server p50 $p50 ms, p99 $p99 ms, max $max ms, lost $lost"
    done
}

rss_mb() { awk '{printf "%.0f", $1 / 1024}' <<< "$(ps -o rss= -p "$1")"; }

# the full collections JVM $1 has made so far (jstat's FGC column)
full_gcs() { jstat -gc "$1" | awk 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "FGC") c = i} NR == 2 {print $c}'; }

# measured rounds of scenario $1: awsdns on port $2 (pid $3), unbound on port $4 (pid $5), query file $6
measure_rounds() {
    local scenario=$1 a_port=$2 a_pid=$3 u_port=$4 u_pid=$5 queries=$6 r order server port pid before after cpu
    for ((r = 1; r <= rounds; r++)); do
        if ((r % 2 == 1)); then order="awsdns unbound"; else order="unbound awsdns"; fi
        for server in $order; do
            port=$a_port pid=$a_pid
            [[ $server == unbound ]] && port=$u_port pid=$u_pid
            before=$(cpu_ticks "$pid")
            read -r qps lat max lost done rc < <(dnsperf_run "$port" "$queries" "$seconds" "$out/raw/$scenario-$r-$server.txt")
            after=$(cpu_ticks "$pid")
            cpu=$(cpu_us_per_query "$before" "$after" "$done")
            printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$scenario" "$r" "$server" "$qps" "$lat" "$max" "$lost" "$done" "$rc" "$cpu" >> "$results"
            printf "  round %d %-8s %10.0f qps  avg %.3f ms  max %.1f ms  lost %s  cpu %s us/query  %s\n" \
                "$r" "$server" "$qps" "$(awk -v l="$lat" 'BEGIN {print l * 1000}')" \
                "$(awk -v l="$max" 'BEGIN {print l * 1000}')" "$lost" "$cpu" "$rc"
        done
    done
}

# the summary of scenario $1 from results.tsv: medians per server, median of the per-round ratios
summarise() {
    awk -F'\t' -v s="$1" -v dat="$out/plot.dat" '
        function median(a, n,   i, j, t) {
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        $1 == s {
            if ($3 == "awsdns") { na++; aq[na] = $4; al[na] = $5; ac[na] = $10; amax[na] = $6; am = ($6 > am ? $6 : am); alost += $7; around[$2] = $4; acpu[$2] = $10 }
            else { nu++; uq[nu] = $4; ul[nu] = $5; uc[nu] = $10; um = ($6 > um ? $6 : um); ulost += $7; uround[$2] = $4; ucpu[$2] = $10 }
        }
        END {
            for (r in around) if (r in uround && uround[r] > 0) { nr++; ratio[nr] = around[r] / uround[r]; list = list sprintf(" %.2f", ratio[nr]) }
            amq = median(aq, na); umq = median(uq, nu); aml = median(al, na); uml = median(ul, nu); mr = median(ratio, nr)
            printf "%s: awsdns %.0f qps (avg %.3f ms, max %.1f ms, lost %d) | unbound %.0f qps (avg %.3f ms, max %.1f ms, lost %d)\n",
                s, amq, aml * 1000, am * 1000, alost, umq, uml * 1000, um * 1000, ulost
            printf "%s: ratio awsdns/unbound %.2f (median of rounds:%s)\n", s, mr, list
            for (r in acpu) if (r in ucpu && ucpu[r] > 0) { nc++; cratio[nc] = acpu[r] / ucpu[r]; clist = clist sprintf(" %.2f", cratio[nc]) }
            printf "%s: CPU per answered query awsdns %.2f us, unbound %.2f us (medians); ratio %.2f (rounds:%s)\n",
                s, median(ac, na), median(uc, nu), median(cratio, nc), clist
            printf "%s %.0f %.0f %.4f %.4f %.2f %d %.2f %.1f %.1f\n", s, amq, umq, aml * 1000, uml * 1000, mr, alost, median(cratio, nc), am * 1000, median(amax, na) * 1000 >> dat
        }' "$results" | tee -a "$summary"
}

: > "$out/plot.dat"
say "awsdns bench $(date -u +%FT%TZ) on $(nproc) cores, $(uname -r); $(java -version 2>&1 | head -1); $(unbound -V | head -1); dnsperf -c $clients -q $outstanding, ${seconds}s x $rounds rounds"
say "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); JAVA_OPTS=$JAVA_OPTS; MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX; awsdns udp_threads ${awsdns_threads:-one per core}"

# --- scenario: inventory ---------------------------------------------------------------------
if wants inventory || wants profile; then
    say ""
    say "== inventory: $instances instances; awsdns cache+ec2-forward+ec2-reverse+soa vs unbound local-data"
    gen_inventory "$instances" > "$work/instances.json"
    gen_local_data "$instances" > "$work/local-data.conf"
    gen_queries "$instances" 100000 > "$work/queries.txt"
    unbound_conf "$unbound_port" "$work/local-data.conf" > "$work/unbound.conf"
    inventory_yaml "$awsdns_port" "$work/instances.json" > "$work/awsdns.yaml"
    start_unbound unbound "$work/unbound.conf"; unbound_pid=$last_pid
    start_awsdns awsdns "$work/awsdns.yaml" "$JAVA_OPTS"; awsdns_pid=$last_pid
    wait_for "$unbound_port" "$instances" > /dev/null
    wait_for "$awsdns_port" "$instances" > /dev/null
    # both servers get the same warm-up: a pass over the file, then 20 s at full load (the JIT
    # compilers share the 2 cores with dnsperf: awsdns kept speeding up through 10 s of warm-up)
    for port in "$awsdns_port" "$unbound_port"; do
        dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -n 1 -c "$clients" -q "$outstanding" > /dev/null 2>&1 || true
        dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -l 20 -c "$clients" -q "$outstanding" > /dev/null 2>&1 || true
    done
    if wants inventory; then
        measure_rounds inventory "$awsdns_port" "$awsdns_pid" "$unbound_port" "$unbound_pid" "$work/queries.txt"
        summarise inventory
        latency_at_half_peak inventory "$awsdns_port" "$awsdns_pid" "$unbound_port" "$work/queries.txt"
        say "inventory: awsdns RSS $(rss_mb "$awsdns_pid") MB after the runs"
    fi
    if wants profile; then
        say ""
        say "== profile: JFR (settings=profile) of awsdns in the inventory scenario, ${seconds}s of dnsperf"
        # the JDK's profile settings, sampling Java every 1 ms and native code every 5 ms
        java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        sed -e '/"jdk.ExecutionSample"/,/<\/event>/ s/>[0-9]* ms</>1 ms</' \
            -e '/"jdk.NativeMethodSample"/,/<\/event>/ s/>[0-9]* ms</>5 ms</' \
            "$java_home/lib/jfr/profile.jfc" > "$work/bench.jfc"
        jcmd "$awsdns_pid" JFR.start name=bench settings="$root/$work/bench.jfc" filename="$root/$out/awsdns.jfr" > /dev/null
        read -r qps _ < <(dnsperf_run "$awsdns_port" "$work/queries.txt" "$seconds" "$out/raw/profile.txt")
        jcmd "$awsdns_pid" JFR.stop name=bench > /dev/null
        say "profile: $qps qps while recording"
        bench/jfr-summary.sh "$out/awsdns.jfr" > "$out/profile.txt"
        sed -n '1,60p' "$out/profile.txt" | tee -a "$summary"
    fi
    stop "$awsdns_pid"; stop "$unbound_pid"
fi

# --- scenario: forward -----------------------------------------------------------------------
if wants forward; then
    say ""
    say "== forward: warm cache; awsdns cache+forward vs unbound forward-zone, both to an unbound upstream"
    [[ -f $work/local-data.conf ]] || gen_local_data "$instances" > "$work/local-data.conf"
    [[ -f $work/queries.txt ]] || gen_queries "$instances" 100000 > "$work/queries.txt"
    # the upstream: the names as local data; the forwarder: every name to the upstream
    unbound_conf "$upstream_port" "$work/local-data.conf" > "$work/upstream.conf"
    printf '  do-not-query-localhost: no\n  unblock-lan-zones: yes\n  insecure-lan-zones: yes\n' > "$work/forwarder-server.conf"
    printf 'forward-zone:\n  name: "."\n  forward-addr: 127.0.0.1@%s\n' "$upstream_port" > "$work/forward-zone.conf"
    unbound_conf "$unbound_fwd_port" "$work/forwarder-server.conf" "$work/forward-zone.conf" > "$work/unbound-forwarder.conf"
    transport_yaml > "$work/awsdns-forward.yaml"
    cat >> "$work/awsdns-forward.yaml" <<CONF
servers:
  - listen: ["127.0.0.1:$awsdns_fwd_port"]
    zones: ["."]
    plugins:
      - cache: {capacity: 100000}
      - forward: {to: ["127.0.0.1:$upstream_port"]}
CONF
    start_unbound upstream "$work/upstream.conf"; upstream_pid=$last_pid
    start_unbound unbound-forwarder "$work/unbound-forwarder.conf"; unbound_fwd_pid=$last_pid
    start_awsdns awsdns-forward "$work/awsdns-forward.yaml" "$JAVA_OPTS"; awsdns_fwd_pid=$last_pid
    wait_for "$upstream_port" "$instances" > /dev/null
    wait_for "$unbound_fwd_port" "$instances" > /dev/null
    wait_for "$awsdns_fwd_port" "$instances" > /dev/null
    # warm the caches: two passes over every query at a gentle rate, then 20 s at full load
    for port in "$awsdns_fwd_port" "$unbound_fwd_port"; do
        dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -n 2 -c "$clients" -q 20 > /dev/null 2>&1 || true
        dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -l 20 -c "$clients" -q "$outstanding" > /dev/null 2>&1 || true
    done
    measure_rounds forward "$awsdns_fwd_port" "$awsdns_fwd_pid" "$unbound_fwd_port" "$unbound_fwd_pid" "$work/queries.txt"
    summarise forward
    latency_at_half_peak forward "$awsdns_fwd_port" "$awsdns_fwd_pid" "$unbound_fwd_port" "$work/queries.txt"
    say "forward: awsdns RSS $(rss_mb "$awsdns_fwd_pid") MB after the runs"
    stop "$awsdns_fwd_pid"; stop "$unbound_fwd_pid"; stop "$upstream_pid"
fi

# --- scenarios: dot, doh ----------------------------------------------------------------------
# DNS over TLS and over HTTPS: the inventory scenario's names, awsdns's tls:// and https://
# listeners beside unbound's own (tls-port, https-port), one certificate made here for both.
if wants dot || wants doh; then
    say ""
    say "== dot/doh: $instances instances over TLS and HTTPS; awsdns cache+ec2 vs unbound local-data (tls-port, https-port)"
    [[ -f $work/instances.json ]] || gen_inventory "$instances" > "$work/instances.json"
    [[ -f $work/local-data.conf ]] || gen_local_data "$instances" > "$work/local-data.conf"
    [[ -f $work/queries.txt ]] || gen_queries "$instances" 100000 > "$work/queries.txt"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
        -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
    { cat "$work/local-data.conf"
      printf '  interface: 127.0.0.1@%s\n  interface: 127.0.0.1@%s\n' "$unbound_dot_port" "$unbound_doh_port"
      printf '  tls-port: %s\n  https-port: %s\n  http-endpoint: "/dns-query"\n' "$unbound_dot_port" "$unbound_doh_port"
      printf '  tls-service-key: "%s"\n  tls-service-pem: "%s"\n' "$root/$work/key.pem" "$root/$work/cert.pem"
      printf '  incoming-num-tcp: 1000\n'
    } > "$work/local-data-tls.conf"
    unbound_conf "$unbound_plain_port" "$work/local-data-tls.conf" > "$work/unbound-tls.conf"
    inventory_yaml "$awsdns_plain_port" "$work/instances.json" \
        | sed -e "s|listen: \[\"127.0.0.1:$awsdns_plain_port\"\]|listen: [\"127.0.0.1:$awsdns_plain_port\", \"tls://127.0.0.1:$awsdns_dot_port\", \"https://127.0.0.1:$awsdns_doh_port/dns-query\"]\n    tls: {cert: $root/$work/cert.pem, key: $root/$work/key.pem}|" \
        > "$work/awsdns-tls.yaml"
    start_unbound unbound-tls "$work/unbound-tls.conf"; unbound_tls_pid=$last_pid
    start_awsdns awsdns-tls "$work/awsdns-tls.yaml" "$JAVA_OPTS"; awsdns_tls_pid=$last_pid
    wait_for "$unbound_plain_port" "$instances" > /dev/null
    wait_for "$awsdns_plain_port" "$instances" > /dev/null
    for scenario in dot doh; do
        wants "$scenario" || continue
        mode=$scenario
        a_port=$awsdns_dot_port u_port=$unbound_dot_port
        [[ $scenario == doh ]] && a_port=$awsdns_doh_port u_port=$unbound_doh_port
        for port in "$a_port" "$u_port"; do # warm-up, as for the other scenarios
            # shellcheck disable=SC2046
            dnsperf -m "$mode" $(doh_options "$port") -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -l 20 \
                -c "$clients" -q "$outstanding" > "$out/raw/$scenario-warmup-$port.txt" 2>&1 || true
        done
        measure_rounds "$scenario" "$a_port" "$awsdns_tls_pid" "$u_port" "$unbound_tls_pid" "$work/queries.txt"
        summarise "$scenario"
        mode=udp
    done
    stop "$awsdns_tls_pid"; stop "$unbound_tls_pid"
fi

# --- scenario: large ---------------------------------------------------------------------------
if wants large; then
    say ""
    say "== large: $large_instances instances, inventory chain; LARGE_JAVA_OPTS=$LARGE_JAVA_OPTS"
    gen_inventory "$large_instances" > "$work/instances-large.json"
    gen_queries "$large_instances" 200000 > "$work/queries-large.txt"
    inventory_yaml "$large_port" "$work/instances-large.json" > "$work/awsdns-large.yaml"
    say "large: inventory file $(du -m "$work/instances-large.json" | cut -f1) MB"
    start_awsdns awsdns-large "$work/awsdns-large.yaml" "$LARGE_JAVA_OPTS"; large_pid=$last_pid
    waited=$(wait_for "$large_port" "$large_instances" 120)
    # from the log: the inventory section registered (just before the load starts) to "loaded N instances"
    log_ms=$(awk '
        function ms(t,   p) { split(t, p, /[:.]/); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 + p[4] }
        /registered resource section inventories/ {start = ms($1)}
        /inventory bench: loaded/ && !end {end = ms($1); n = $0; sub(/.*loaded /, "", n); sub(/ instances.*/, "", n)}
        END {if (start && end) printf "%d ms (%s instances)", end - start, n; else printf "n/a"}' "$out/logs/awsdns-large.log")
    say "large: last name answered ${waited}s after the JVM was launched; log: inventory registered -> loaded in $log_ms"
    rss_loaded=$(rss_mb "$large_pid")
    say "large: RSS after load ${rss_loaded} MB"
    read -r qps lat max lost done rc < <(dnsperf_run "$large_port" "$work/queries-large.txt" "$soak_seconds" "$out/raw/large.txt")
    printf "large\t1\tawsdns\t%s\t%s\t%s\t%s\t%s\t%s\n" "$qps" "$lat" "$max" "$lost" "$done" "$rc" >> "$results"
    rss_after=$(rss_mb "$large_pid")
    say "large: ${soak_seconds}s run: $qps qps, avg $(awk -v l="$lat" 'BEGIN {print l * 1000}') ms, lost $lost, $rc"
    say "large: RSS after the ${soak_seconds}s run ${rss_after} MB"
    # a refresh that finds a change, while serving: the file inventory is checked every 5 s, and
    # one renamed instance makes a load build new views beside the served ones
    fgc_before=$(full_gcs "$large_pid")
    (sleep 3; sed -i 's/"Value":"host-1"/"Value":"host-1-renamed"/' "$work/instances-large.json") &
    renamer=$!
    read -r qps lat max lost done rc < <(dnsperf_run "$large_port" "$work/queries-large.txt" 20 "$out/raw/large-changed-load.txt")
    wait "$renamer"
    seen=no
    dig @127.0.0.1 -p "$large_port" host-1-renamed.bench.internal +short +time=1 +tries=1 | grep -q '^10\.' && seen=yes
    say "large: a load with one instance renamed during a 20 s run: $qps qps, max latency $(awk -v m="$max" 'BEGIN {print m * 1000}') ms, lost $lost; the new name answered: $seen; full GCs $(( $(full_gcs "$large_pid") - fgc_before ))"
    jcmd "$large_pid" GC.run > /dev/null
    # G1 prints one "garbage-first heap total ..., used ..." line, Serial/Parallel one per generation: sum them
    live=$(jcmd "$large_pid" GC.heap_info | awk '/(heap|generation|gen) +total/ && /used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); sum += v}} END {printf "%.0f", sum / 1024}')
    say "large: heap in use after a full GC ${live} MB (the live set; RSS is mostly the heap the JVM grew to)"
    printf "%s\t%s\t%s\t%s\t%s\n" "$waited" "$log_ms" "$rss_loaded" "$rss_after" "$live" > "$out/large.tsv"
    stop "$large_pid"
fi

# --- the bar of issue 10 --------------------------------------------------------------------
say ""
say "== the bar"
if [[ -s $out/plot.dat ]]; then
    awk '{ok = $6 >= 1.0 && ($1 != "inventory" || ($7 == 0 && $8 <= 1.1))
          printf "%s: awsdns/unbound %.2f (>= 1.00%s), CPU per query ratio %.2f%s: %s\n", $1, $6,
              ($1 == "inventory" ? ", 0 lost" : ""), $8, ($1 == "inventory" ? " (<= 1.10)" : ""), (ok ? "holds" : "DOES NOT HOLD")
          printf "%s: awsdns max latency under load %.1f ms, median of the rounds'"'"' (worst round %.1f ms) (<= 10 ms): %s\n", $1, $10, $9, ($10 <= 10 ? "holds" : "DOES NOT HOLD")}' \
        "$out/plot.dat" | tee -a "$summary"
fi
awk -F'\t' 'NR > 1 && $2 == "awsdns" {printf "%s: awsdns p99 at half of unbound'"'"'s peak %s ms (<= 1 ms): %s\n", $1, $5, ($5 <= 1 ? "holds" : "DOES NOT HOLD")}' \
    "$latency_results" | tee -a "$summary"
if [[ -s $out/large.tsv ]]; then
    awk -F'\t' '{ms = $2 + 0; ok1 = $2 != "n/a" && ms < 2000; ok2 = $3 < 300 && $4 < 300
          printf "large: index built in %s (< 2 s): %s\n", $2, (ok1 ? "holds" : "DOES NOT HOLD")
          printf "large: RSS %s MB after load, %s MB after the run (< 300 MB): %s\n", $3, $4, (ok2 ? "holds" : "DOES NOT HOLD")}' \
        "$out/large.tsv" | tee -a "$summary"
fi

# --- the plot ----------------------------------------------------------------------------------
if [[ -s $out/plot.dat ]] && command -v gnuplot >/dev/null; then
    gnuplot <<PLOT
set terminal pngcairo size 1000,420 font ",10"
set output "$out/plot.png"
set multiplot layout 1,2 title "awsdns (I/O threads: ${awsdns_threads:-one per core}) vs unbound (1 thread), dnsperf on loopback, $(nproc) cores, $(date -u +%F)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set key top right
set yrange [0:*]
set title "queries per second (median of rounds)"
plot "$out/plot.dat" using 2:xtic(1) title "awsdns" lc rgb "#d95f02", \
     "" using 3 title "unbound" lc rgb "#1b9e77", \
     "" using 0:2:(sprintf("%.2fx", \$6)) with labels offset -2,1 notitle
set title "average latency, ms (median of rounds)"
# room above the taller bar for the key
stats "$out/plot.dat" using (\$4 > \$5 ? \$4 : \$5) nooutput
set yrange [0:STATS_max * 1.35]
plot "$out/plot.dat" using 4:xtic(1) title "awsdns" lc rgb "#d95f02", \
     "" using 5 title "unbound" lc rgb "#1b9e77"
unset multiplot
PLOT
    say ""
    say "plot: $out/plot.png"
fi

# --- JMH ---------------------------------------------------------------------------------------
if wants jmh; then
    say ""
    say "== jmh"
    bench/jmh.sh "$out/jmh" | tee -a "$summary"
fi

say ""
say "results: $results; summary: $summary"
