#!/usr/bin/env bash
# Runs the gateway jar with a class archive, so that it starts in about half the CPU time (BENCHMARKS.md, Start-up).
# The first time (or after the jar changed) it makes the archive with a training run: the gateway starts on a free
# loopback port with your settings, is stopped once it is ready, and the JVM writes the classes it loaded.
#
#   scripts/run-fast.sh [--jar PATH] [--archive PATH] [--java BIN] [--mode cds|aot] [--train-only] [-- JAR ARGS...]
#
#   --mode cds  class-data sharing, every JDK from 17: -XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile (default)
#   --mode aot  the JDK 25 AOT cache (JEP 483/515: classes loaded and linked, method profiles), smaller CPU still:
#               -XX:AOTCacheOutput, then -XX:AOTCache
#   --train-only  make the archive and exit (the image build does this)
#
# Environment variables (GATEWAY_*, REDIS_URL, ...) are those of a normal run. The archive belongs to one jar and one
# JDK: a JVM that finds it does not match says so and starts without it.
set -euo pipefail
jar=target/mcp-oauth-gateway.jar
java_bin=java
mode=cds
archive=
train_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    --java) java_bin=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --train-only) train_only=true; shift ;;
    --) shift; break ;;
    *) echo "run-fast.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "run-fast.sh: no $jar (mvn -DskipTests package builds it)" >&2; exit 2; }
case "$mode" in
  cds) archive=${archive:-${jar%.jar}.jsa}; make=(-XX:ArchiveClassesAtExit="$archive"); use=(-XX:SharedArchiveFile="$archive") ;;
  aot) archive=${archive:-${jar%.jar}.aot}; make=(-XX:AOTCacheOutput="$archive"); use=(-XX:AOTCache="$archive") ;;
  *) echo "run-fast.sh: --mode is cds or aot" >&2; exit 2 ;;
esac

train() {
  local port=$(( 20000 + RANDOM % 40000 )) log pid code
  log=$(mktemp)
  echo "run-fast.sh: training run, writing $archive" >&2
  rm -f "$archive"
  GATEWAY_PORT=$port GATEWAY_BIND=127.0.0.1 "$java_bin" "${make[@]}" -jar "$jar" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do   # at most two minutes
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/.well-known/oauth-authorization-server" || true)
    [ "$code" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "run-fast.sh: the training run stopped" >&2; exit 1; }
    sleep 0.1
  done
  [ "$code" = 200 ] || { kill "$pid"; echo "run-fast.sh: the training run did not get ready" >&2; exit 1; }
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true   # the archive is written as the JVM exits
  rm -f "$log"
  [ -s "$archive" ] || { echo "run-fast.sh: no archive was written" >&2; exit 1; }
}

if [ ! -s "$archive" ] || [ "$jar" -nt "$archive" ]; then
  train
fi
$train_only && exit 0
exec "$java_bin" "${use[@]}" -jar "$jar" "$@"
