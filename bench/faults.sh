#!/usr/bin/env bash
# The fault suite, one command: bench/faults.sh   (loopback only, about 2 minutes, bounded at 10)
# Starts redis-server (AOF on) and the packaged gateway jar as real processes and measures, in order:
#   1. Redis SIGKILLed during a steady token + MCP load       4. slowloris and oversized bodies at every endpoint
#   2. the gateway SIGKILLed mid-flow, restarted on Redis      5. the property-based fuzz tests (*FuzzTest, jqwik)
#   3. child crash, hang and stderr flood during load
# then writes target/faults/faults.md (the figures RELIABILITY.md publishes).
# Needs: JDK 17, Maven, Node 20 (npm ci), redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/faults
mkdir -p "$OUT"
for tool in redis-server node java mvn; do
  command -v "$tool" >/dev/null || { echo "faults: $tool is missing"; exit 2; }
done
[ -f node_modules/@modelcontextprotocol/server-everything/package.json ] || { echo "faults: run npm ci first"; exit 2; }
mvn -B -ntp -q -DskipJbang -DskipTests package
CP=$(mvn -B -ntp -q -DskipJbang dependency:build-classpath -Dmdep.outputFile=/dev/stdout):target/test-classes:target/classes
{
  echo "# Fault suite run"
  echo
  echo "Run on $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD), $(nproc) cores,"
  echo "$(java -version 2>&1 | head -1), $(redis-server --version | cut -d' ' -f1-3), node $(node --version)."
  echo
} > "$OUT/faults.md"
if [ -z "${FAULTS_FUZZ_ONLY:-}" ]; then   # FAULTS_FUZZ_ONLY=1: only part 5
  timeout 600 java -cp "$CP" io.mcpgw.bench.FaultSuite target/mcp-oauth-gateway.jar src/test/resources/fake-servers \
    "$OUT/work" "$OUT/processes.md"
  cat "$OUT/processes.md" >> "$OUT/faults.md"
fi
# 5. property-based fuzzing: every *FuzzTest, tries per property from the jqwik report
start=$(date +%s)
mvn -B -ntp -q -DskipJbang -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false test > "$OUT/fuzz.log" 2>&1 \
  && fuzz=passed || fuzz=FAILED
{
  echo "## 5. Property-based fuzzing (jqwik, \`*FuzzTest\`): $fuzz in $(( $(date +%s) - start )) s (Maven included)"
  echo
  echo "| property | tries | time s |"
  echo "|---|---|---|"
  for f in target/surefire-reports/TEST-*FuzzTest.xml; do
    python3 - "$f" <<'PY'
import re, sys
xml = open(sys.argv[1], encoding='utf-8').read()
cls = re.search(r'<testsuite[^>]* name="([^"]+)"', xml).group(1).split('.')[-1]
out = open(sys.argv[1].replace('TEST-', '').replace('.xml', '-output.txt'), encoding='utf-8').read() \
    if __import__('os').path.exists(sys.argv[1].replace('TEST-', '').replace('.xml', '-output.txt')) else ''
for m in re.finditer(r'<testcase name="([^"]+)"[^>]* time="([^"]+)"', xml):
    print(f"| {cls}.{m.group(1)} | {{tries:{m.group(1)}}} | {m.group(2)} |")
PY
  done
} > "$OUT/fuzz.md"
python3 - "$OUT/fuzz.md" src/test/java <<'PY'
import re, sys, pathlib
md = open(sys.argv[1]).read()
tries = {}
for p in pathlib.Path(sys.argv[2]).rglob('*FuzzTest.java'):
    for m in re.finditer(r'@Property\(tries = (\d+)\)\s+void (\w+)', p.read_text()):
        tries[m.group(2)] = int(m.group(1))
md = re.sub(r'\{tries:(\w+)\}', lambda m: str(tries.get(m.group(1), '?')), md)
md += f"\nMalformed inputs tried in total: {sum(tries.values())}.\n"
open(sys.argv[1], 'w').write(md)
PY
cat "$OUT/fuzz.md" >> "$OUT/faults.md"
echo "faults: wrote $OUT/faults.md"
