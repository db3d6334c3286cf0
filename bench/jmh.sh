#!/usr/bin/env bash
# Runs the JMH benchmarks of awsdns-benchmarks (building the jar when it is missing) with settings
# that fit in about 6 minutes on 2 cores. Results: OUT.txt (JMH's table) and OUT.json.
#
#   bench/jmh.sh [OUT] [extra JMH options...]     e.g. bench/jmh.sh bench/out/jmh -p kind=A
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/out/jmh}
shift || true
mkdir -p "$(dirname "$out")"
jar=awsdns-benchmarks/target/benchmarks.jar
if [[ ! -f $jar ]]; then
    echo "building $jar" >&2
    mvn -B -q package -DskipTests -pl awsdns-benchmarks -am >&2
fi
common=(-f 1 -rf json)
# the query path and the lookups: throughput, 2 x 1 s warm-up, 3 x 2 s measured; -prof gc adds
# the bytes allocated per operation (gc.alloc.rate.norm, B/op): per query for QueryPathBenchmark.process
java -jar "$jar" 'QueryPathBenchmark|InventoryBenchmark\.(forward|reverse)Lookup' \
    -wi 2 -w 1 -i 3 -r 2 -prof gc "${common[@]}" -rff "$out-throughput.json" "$@" > "$out-throughput.log" 2>&1
# the index build, single shot, for 10,000 and 100,000 instances
java -jar "$jar" 'InventoryBenchmark\.indexBuild' -p instances=10000,100000 \
    "${common[@]}" -rff "$out-index.json" "$@" > "$out-index.log" 2>&1
{
    sed -n '/^Benchmark /,$p' "$out-throughput.log" | grep -v 'gc\.\(count\|time\|alloc\.rate \)'
    echo
    echo "bytes allocated per query on the hit path (QueryPathBenchmark.process, gc.alloc.rate.norm):"
    grep -E '^QueryPathBenchmark\.process:.*gc\.alloc\.rate\.norm' "$out-throughput.log" || echo "  (not measured)"
    echo
    sed -n '/^Benchmark /,$p' "$out-index.log"
} | tee "$out.txt"
