#!/usr/bin/env bash
# What dominates a JFR recording: the hottest methods (top frame of the execution samples), the
# hottest awsdns/dnsjava methods counting every frame of a stack (inclusive), native samples, the
# classes allocated most (by sampled weight) and the GC pauses.
#
#   bench/jfr-summary.sh RECORDING.jfr [TOP]
set -euo pipefail
jfr=$1
top=${2:-25}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

jfr print --stack-depth 64 --events jdk.ExecutionSample "$jfr" > "$tmp/exec.txt"
jfr print --stack-depth 64 --events jdk.NativeMethodSample "$jfr" > "$tmp/native.txt"
jfr print --events jdk.ObjectAllocationSample "$jfr" > "$tmp/alloc.txt"
jfr print --events jdk.GarbageCollection "$jfr" > "$tmp/gc.txt"

# frames: "    org.x.Y.method(args) line: 12" -> "org.x.Y.method"
stacks() {
    awk '
        /stackTrace = \[/ {inside = 1; depth = 0; delete seen; next}
        inside && /^[[:space:]]*\]/ {inside = 0; samples++; next}
        inside {
            f = $0; sub(/^[[:space:]]+/, "", f); sub(/\(.*/, "", f)
            if (f == "..." || f == "") next
            depth++
            if (depth == 1) self[f]++
            if (!(f in seen)) { seen[f] = 1; incl[f]++ }
        }
        END {
            print samples > "/dev/stderr"
            for (f in self) printf "self\t%d\t%s\n", self[f], f
            for (f in incl) printf "incl\t%d\t%s\n", incl[f], f
        }' "$1"
}

report() { # file, title
    local n
    stacks "$1" > "$tmp/frames" 2> "$tmp/n"
    n=$(cat "$tmp/n")
    echo "$2: $n samples"
    [[ $n -gt 0 ]] || return 0
    echo "  top frames (self):"
    awk -F'\t' -v n="$n" '$1 == "self" {printf "  %5.1f%%  %s\n", 100 * $2 / n, $3}' "$tmp/frames" | sort -k1 -rn | head -"$top"
    echo "  awsdns, dnsjava and JDK I/O methods including callees (inclusive):"
    awk -F'\t' -v n="$n" '$1 == "incl" && $3 ~ /^(org\.awsdns|org\.xbill|sun\.nio\.ch|java\.util\.concurrent\.CompletableFuture|com\.github\.benmanes)/ {
            printf "  %5.1f%%  %s\n", 100 * $2 / n, $3}' "$tmp/frames" | sort -k1 -rn | head -"$top"
}

report "$tmp/exec.txt" "Java execution samples"
echo
report "$tmp/native.txt" "native method samples (threads in native code: socket receive/send, waits)"
echo
echo "allocations (sampled weight by class):"
awk '
    /objectClass = / {c = $0; sub(/.*objectClass = /, "", c); sub(/ \(.*/, "", c)}
    /weight = / {
        w = $3; u = $4
        if (u ~ /^kB/) w *= 1024; else if (u ~ /^MB/) w *= 1048576; else if (u ~ /^GB/) w *= 1073741824
        total += w; by[c] += w
    }
    END {for (c in by) printf "  %5.1f%%  %s\n", 100 * by[c] / total, c; printf "  total sampled %.0f MB\n", total / 1048576 > "/dev/stderr"}
' "$tmp/alloc.txt" 2>&1 | sort -k1 -rn | head -"$top"
echo
awk '/jdk.GarbageCollection/ {n++} /sumOfPauses = / {p = $3; u = $4; if (u ~ /^s/) p *= 1000; else if (u ~ /^us/) p /= 1000; total += p}
     END {printf "GC: %d collections, %.1f ms of pauses in total\n", n, total}' "$tmp/gc.txt"
