#!/usr/bin/env bash
# `npm run bench`: builds, makes sure PostgreSQL, NATS and the tests' S3 server are up, runs every
# benchmark under bench/ (*.bench.ts) one after another (they share 2 cores: never in parallel),
# and writes ONE results file, bench/results/latest.md (also kept as bench/results/<date>.md):
# the machine, then each benchmark's own output, in which every figure stands beside its baseline
# measured in the same run (bench/README.md explains the figures). A benchmark that fails is
# recorded as failed with its output, and the others still run; the exit status says if any failed.
# env: BENCH_ONLY=<name> (e.g. intake-records) runs one; BENCH_ARGS_<NAME> (upper-case, dashes as
#      underscores, e.g. BENCH_ARGS_EVIDENCE_UPLOAD="256") passes arguments to that benchmark.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/infra/ensure-local-services.sh || exit 1
TURBO_TELEMETRY_DISABLED=1 npx turbo run build --output-logs=errors-only || exit 1
mkdir -p bench/results
stamp=$(date -u +%Y-%m-%dT%H-%M-%SZ)
out=bench/results/$stamp.md
{
  echo "# Benchmark results, $stamp"
  echo
  echo "## Machine"
  echo
  echo '```'
  echo "cpu:        $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "memory:     $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "load:       $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at start: other work shares the machine)"
  echo "os:         $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "node:       $(node --version)"
  echo "postgresql: $(psql -h 127.0.0.1 -U postgres -Atc 'show server_version' 2>/dev/null || echo '?')"
  echo "nats:       $(nats-server --version 2>/dev/null || echo '?')"
  echo "s3:         $(radosgw --version 2>/dev/null | head -1 || echo '?')"
  echo "commit:     $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
  echo '```'
} >"$out"
failed=()
for f in bench/*.bench.ts; do
  name=$(basename "$f" .bench.ts)
  [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$name" ] || continue
  var=BENCH_ARGS_$(echo "$name" | tr 'a-z-' 'A-Z_')
  read -r -a args <<<"${!var:-}"
  echo "[bench] $name ${args[*]}" >&2
  start=$(date +%s)
  log=$(mktemp)
  node --import tsx "$f" "${args[@]}" 2>&1 | tee "$log" >&2
  rc=${PIPESTATUS[0]}
  {
    echo
    echo "## $name $([ "$rc" = 0 ] || echo "(FAILED, status $rc)")"
    echo
    echo "\`node --import tsx $f ${args[*]}\` ($(($(date +%s) - start)) s)"
    echo
    echo '```'
    cat "$log"
    echo '```'
  } >>"$out"
  rm -f "$log"
  [ "$rc" = 0 ] || failed+=("$name")
done
cp "$out" bench/results/latest.md
echo "[bench] results: $out (and bench/results/latest.md)" >&2
[ ${#failed[@]} -eq 0 ] || { echo "[bench] failed: ${failed[*]}" >&2; exit 1; }
