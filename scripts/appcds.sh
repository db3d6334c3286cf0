#!/usr/bin/env bash
# Makes a class data archive (AppCDS) of awsdns for faster start-up: runs the jar once on the bundled
# demo (examples/demo.yaml, a file inventory, on 127.0.0.1 only), asks it a few names over UDP and
# TCP when dig is installed, stops it, and keeps the classes it loaded in ARCHIVE. Started with
# -XX:SharedArchiveFile=ARCHIVE the JVM maps those classes instead of loading, verifying and
# linking them again: docs/operations.md ("Start-up: a class data archive") has the figures.
#
#   scripts/appcds.sh [JAR] [ARCHIVE]
#       JAR      default awsdns-server/target/awsdns.jar
#       ARCHIVE  default next to the jar, awsdns.jsa
#
# Make it again whenever the jar or the JDK changes: the archive belongs to one jar (its path, size
# and time) and one JDK build: the java of JAVA_HOME when it is set, else the java on the PATH.
# A JVM given an archive that no longer matches says so in a warning and starts without it, as
# before; nothing else changes. Environment: APPCDS_PORT (default 25399, and the next port),
# APPCDS_JAVA_OPTS (default -XX:+UseG1GC, the collector the server runs with).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar=$(realpath "${1:-$root/awsdns-server/target/awsdns.jar}")
archive=$(realpath -m "${2:-$(dirname "$jar")/awsdns.jsa}")
port=${APPCDS_PORT:-25399}
opts=${APPCDS_JAVA_OPTS:--XX:+UseG1GC}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[[ -f $jar ]] || { echo "appcds: no jar at $jar (mvn -B -q package -DskipTests)" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -f "$archive"
# the demo's inventory is a file next to its config: no AWS account, no network but loopback
cd "$root"
# shellcheck disable=SC2086
AWS_EC2_METADATA_DISABLED=true "$java" $opts -XX:ArchiveClassesAtExit="$archive" -jar "$jar" \
    --config examples/demo.yaml --listen "127.0.0.1:$port" --set "metrics.listen=127.0.0.1:$((port + 1))" \
    --set "health.listen=127.0.0.1:$((port + 1))" --log-level info > "$log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
    grep -q "inventory demo: loaded" "$log" && break
    kill -0 "$pid" 2> /dev/null || { cat "$log" >&2; echo "appcds: the server stopped before it loaded" >&2; exit 1; }
    sleep 0.1
done
grep -q "inventory demo: loaded" "$log" || { kill "$pid"; cat "$log" >&2; echo "appcds: no load in 30 s" >&2; exit 1; }
if command -v dig > /dev/null; then
    # the query path's classes too: forward and reverse names, a miss, over UDP and TCP
    for _ in 1 2 3; do
        dig @127.0.0.1 -p "$port" bootstrapper-test.demo.internal +time=2 +tries=1 > /dev/null || true
        dig @127.0.0.1 -p "$port" -x 172.31.31.48 +time=2 +tries=1 > /dev/null || true
        dig @127.0.0.1 -p "$port" web.demo.internal +tcp +time=2 +tries=1 > /dev/null || true
        dig @127.0.0.1 -p "$port" missing.demo.internal AAAA +time=2 +tries=1 > /dev/null || true
    done
fi
kill -TERM "$pid"
wait "$pid" || true # 143 after SIGTERM; the archive is written as the JVM exits
if [[ ! -s $archive ]]; then
    cat "$log" >&2
    echo "appcds: the JVM wrote no archive at $archive" >&2
    exit 1
fi
echo "appcds: $archive ($(du -m "$archive" | cut -f1) MB) for $jar"
echo "appcds: start the server with -XX:SharedArchiveFile=$archive"
