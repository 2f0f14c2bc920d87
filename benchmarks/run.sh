#!/usr/bin/env bash
# Runs the whole benchmark suite in one go and writes benchmarks/results/ (JMH JSON, README.md with
# the tables and ratios, chart.svg, machine.txt). Needs root (namespaces), gcc and libsystemd-dev.
#
#   benchmarks/run.sh            full run (about 40 minutes)
#   benchmarks/run.sh --smoke    one short iteration of everything, results under target/smoke
#
# Environment: JDKS (default: "17:/usr/lib/jvm/java-17-openjdk-amd64 25:/usr/lib/jvm/temurin-25-jdk-amd64"),
# THREADS (default "1 2"), JMH_OPTS (default "-f 1 -wi 3 -w 1s -i 5 -r 1s"), JOURNALD_ENTRIES (200000),
# STALL_SECONDS (5: how long journald is stopped in StalledJournaldLatency), GROWTH_JMH_OPTS (default
# "-f 1 -wi 2 -w 1s -i 3 -r 1s": CostGrowthBenchmark's 60 trials per JDK).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true
JDKS="${JDKS:-17:/usr/lib/jvm/java-17-openjdk-amd64 25:/usr/lib/jvm/temurin-25-jdk-amd64}"
THREADS="${THREADS:-1 2}"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}"
JOURNALD_ENTRIES="${JOURNALD_ENTRIES:-200000}"
STALL_SECONDS="${STALL_SECONDS:-5}"
GROWTH_JMH_OPTS="${GROWTH_JMH_OPTS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
# CostGrowthBenchmark's work: FIELDSxMESSAGE_BYTES (its @Param list); the smoke pass takes the two ends.
GROWTH_WORK="8x80 64x80 512x80 8x4096 8x65536 8x196608 8x327680 8x1048576 8x16777216"
out="$here/results"
if $smoke; then
  JMH_OPTS="-f 1 -wi 0 -i 1 -r 200ms"
  JOURNALD_ENTRIES=2000
  STALL_SECONDS=1
  GROWTH_JMH_OPTS="$JMH_OPTS"
  GROWTH_WORK="512x80 8x327680"
  out="$here/target/smoke"
fi
[ "$(id -u)" = 0 ] || { echo "run.sh needs root (mount and network namespaces)" >&2; exit 1; }

if ! dpkg -s libsystemd-dev >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsystemd-dev gcc
fi
[ -f "$here/target/benchmarks.jar" ] || mvn -q -B -DskipTests package -pl benchmarks -am
native="$here/target/native"
mkdir -p "$native" "$out"
gcc -O2 -Wall -o "$native/drain" "$here/native/drain.c"
gcc -O2 -Wall -o "$native/floor" "$here/native/floor.c" -lsystemd

{
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu:      $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "memory:   $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel:   $(uname -r)"
  echo "journald: $(journalctl --version | head -1)"
  for j in $JDKS; do echo "jdk ${j%%:*}:   $("${j#*:}/bin/java" -version 2>&1 | head -1)"; done
  echo "jmh:      $JMH_OPTS, -prof gc, threads: $THREADS"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at start"
} > "$out/machine.txt"

# Everything below runs in a private mount namespace: /run/systemd/journal becomes a tmpfs holding
# the draining socket, so that libsystemd (the C floor, the JNA appenders) and our appenders all send
# to the same receiver, and the host's journal is never touched.
mkdir -p /run/systemd/journal
export here out native JDKS THREADS JMH_OPTS JOURNALD_ENTRIES STALL_SECONDS GROWTH_JMH_OPTS GROWTH_WORK
unshare --mount --propagation private -- bash -euo pipefail -c '
  mount -t tmpfs tmpfs /run/systemd/journal
  sock=/run/systemd/journal/socket
  # systemd sets net.unix.max_dgram_qlen=512; the kernel default here is 10. Per network namespace.
  unshare --net -- sh -c "echo 512 > /proc/sys/net/unix/max_dgram_qlen; exec \"$native/drain\" $sock" &
  drain=$!
  for i in $(seq 50); do [ -S $sock ] && break; sleep 0.1; done

  seconds=10; [ "$JOURNALD_ENTRIES" -lt 10000 ] && seconds=1
  "$native/floor" latency $sock $seconds > "$out/floor.json"
  : > "$out/floor-growth.json"
  for w in $GROWTH_WORK; do
    "$native/floor" grow $((seconds / 5 + 1)) ${w%%x*} ${w#*x} >> "$out/floor-growth.json"
  done

  for j in $JDKS; do
    exclude=""
    # The FFM transport exists from Java 22: compare the transports only where both exist.
    [ "${j%%:*}" -lt 22 ] && exclude="-e TransportBenchmark"
    for t in $THREADS; do
      # The caller-cost bursts and the carrier comparison are measured on one thread only.
      only_t1=""; [ "$t" = 1 ] || only_t1="-e CallerCostBenchmark -e CarrierBoundaryBenchmark"
      # -jvmArgsPrepend: a command-line -jvmArgsAppend would replace the @Fork(jvmArgsAppend) flags
      # that put Log4j in garbage-free mode.
      java -Djmh.ignoreLock=true -jar "$here/target/benchmarks.jar" $JMH_OPTS -t $t -prof gc $exclude $only_t1 \
        -e CostGrowthBenchmark -jvm "${j#*:}/bin/java" -jvmArgsPrepend "-Dsystemd4j.bench.socket=$sock" \
        -rf json -rff "$out/jmh-jdk${j%%:*}-t$t.json" "Benchmark"
      # How cost grows: every work at one thread, the smallest entry at two.
      work="$GROWTH_WORK"; [ "$t" = 1 ] || work="${GROWTH_WORK%% *}"
      java -Djmh.ignoreLock=true -jar "$here/target/benchmarks.jar" $GROWTH_JMH_OPTS -t $t -prof gc \
        -p work="$(echo $work | tr " " ,)" -jvm "${j#*:}/bin/java" -jvmArgsPrepend "-Dsystemd4j.bench.socket=$sock" \
        -rf json -rff "$out/jmh-growth-jdk${j%%:*}-t$t.json" "CostGrowthBenchmark"
    done
  done
  kill $drain; wait $drain || true

  java -cp "$here/target/benchmarks.jar" io.github.systemd4j.benchmarks.JournaldThroughput \
    "$JOURNALD_ENTRIES" "$native/floor" > "$out/journald.json"
  java -cp "$here/target/benchmarks.jar" io.github.systemd4j.benchmarks.StalledJournaldLatency \
    "$STALL_SECONDS" > "$out/stalled.json"
'
java -cp "$here/target/benchmarks.jar" io.github.systemd4j.benchmarks.Report "$out"
echo "results in $out"
