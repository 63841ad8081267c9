#!/usr/bin/env bash
# Start-up time of the packaged gateway, as a user starts it: from `java -jar` until the authorization server metadata
# first answers 200, which (ready means ready) is also when every available service is published.
#
# Two figures per run:
#   wall  milliseconds from the launch until the first 200 (what a user waits; noisy on a busy machine)
#   cpu   user+system CPU milliseconds the JVM spent until that moment (/proc/<pid>/stat at the first 200: the work
#         start-up does, which a busy machine does not inflate much; on 2 cores wall can be below cpu)
# and their medians. Run from the repository root after `mvn -DskipTests package`.
#
#   bench/startup.sh [RUNS] [JVM OPTION...]
#   bench/startup.sh 5                                                  # plain JVM
#   BENCH_JAR=/tmp/old.jar bench/startup.sh 5                           # another build of the jar
#   BENCH_MODES="plain cds" bench/startup.sh 5                          # both, interleaved (run i: plain, then CDS)
#   for i in 1 2 3 4 5; do BENCH_JAR=old.jar bench/startup.sh 1; bench/startup.sh 1; done   # two jars interleaved
#
# BENCH_MODES: "plain" runs `java [OPTION...] -jar`; "cds" adds -XX:SharedArchiveFile=target/<jar>-<jdk>.jsa and
# "aot" (JDK 25) -XX:AOTCache=target/<jar>-<jdk>.aot, each archive made by a training run of scripts/run-fast.sh (what
# users run) when missing or older than the jar. BENCH_JAVA picks the java binary (default: java on the PATH), e.g.
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java BENCH_MODES="plain aot" bench/startup.sh 5
set -euo pipefail
runs=${1:-5}; shift || true
jar=${BENCH_JAR:-target/mcp-oauth-gateway.jar}
java_bin=${BENCH_JAVA:-java}
modes=${BENCH_MODES:-plain}
[ -f "$jar" ] || { echo "no $jar: run mvn -DskipTests package first" >&2; exit 2; }
mkdir -p target
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tick=$(getconf CLK_TCK)

# one start: prints "<wall ms> <cpu ms>"
measure() {
  local log=$1; shift
  local port start pid stat
  port=$(free_port)
  start=$(date +%s%N)
  GATEWAY_PORT=$port "$java_bin" "$@" -jar "$jar" >"$log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/.well-known/oauth-authorization-server")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "gateway exited, see $log" >&2; return 1; }
    sleep 0.01
  done
  local wall=$(( ($(date +%s%N) - start) / 1000000 ))
  # fields after the ")" of the command name: utime is field 14, stime 15 of the whole line
  stat=$(sed 's/.*) //' "/proc/$pid/stat")
  local cpu
  cpu=$(awk -v t="$tick" '{print int(($12 + $13) * 1000 / t)}' <<<"$stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$wall $cpu"
}

# one archive per jar and JDK, made again only when the jar is newer (run-fast.sh decides)
tag=$(basename "$jar" .jar)-$(printf '%s' "$java_bin" | md5sum | cut -c1-6)
declare -A archives=([cds]=target/$tag.jsa [aot]=target/$tag.aot)
declare -A use=([cds]=-XX:SharedArchiveFile=${archives[cds]} [aot]=-XX:AOTCache=${archives[aot]})
for mode in $modes; do
  [ "$mode" = plain ] && continue
  [ -n "${archives[$mode]:-}" ] || { echo "unknown mode $mode (plain, cds, aot)" >&2; exit 2; }
  "$(dirname "$0")/../scripts/run-fast.sh" --train-only --mode "$mode" --archive "${archives[$mode]}" --jar "$jar" \
    --java "$java_bin"
done

declare -A walls cpus
for ((i = 1; i <= runs; i++)); do
  for mode in $modes; do
    opts=("$@")
    [ "$mode" = plain ] || opts+=("${use[$mode]}")
    read -r wall cpu < <(measure "target/startup-$mode-$i.log" "${opts[@]}")
    walls[$mode]+="$wall "
    cpus[$mode]+="$cpu "
    echo "$mode run $i: wall ${wall} ms, cpu ${cpu} ms"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for mode in $modes; do
  echo "$mode median of $runs: wall $(median <<<"${walls[$mode]}") ms, cpu $(median <<<"${cpus[$mode]}") ms"
done
