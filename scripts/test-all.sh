#!/usr/bin/env bash
# Runs every test: unit tests (no I/O), then integration tests against real
# PostgreSQL, NATS and the object store, one package at a time (2-core
# machines). Ends with one plain line: "Tests: N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export TURBO_TELEMETRY_DISABLED=1
RESULTS="$ROOT/.data/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
export JIR_TEST_RESULTS="$RESULTS"
# Tests give services keys of their own; a service started without one may use the local development key.
export AUTH_DEV_MODE=true
# --continue: a failing package does not hide the results of the packages after it.
npx turbo run test --continue=dependencies-successful --output-logs=full; unit=$?
npx turbo run test:int --concurrency=1 --continue=dependencies-successful --output-logs=full; int=$?
node scripts/sum-test-results.mjs "$RESULTS"; summary=$?
[ $unit -eq 0 ] && [ $int -eq 0 ] && [ $summary -eq 0 ]
