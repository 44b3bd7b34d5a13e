#!/usr/bin/env bash
# Starts the whole system on this machine: infrastructure, a build, then
# every service that exists, each with its local defaults. Ctrl-C stops all.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/infra/ensure-local-services.sh
eval "$(sed 's/^/export /' .data/s3.env)"
# Local development: services trust the local key that `npm run token` signs with. A deployment
# sets AUTH_JWKS_URL or AUTH_PUBLIC_KEY instead; without either a service refuses to start.
export AUTH_DEV_MODE="${AUTH_DEV_MODE:-true}"
[ -d node_modules ] || npm ci
TURBO_TELEMETRY_DISABLED=1 npx turbo run build --output-logs=errors-only
started=()
for svc in intake evidence-storage deadline-monitor reporting; do
  if [ -f "apps/$svc/package.json" ]; then
    npm start -w "@jir/$svc" & started+=($!)
    echo "started @jir/$svc (pid $!)"
  else
    echo "not built yet: @jir/$svc"
  fi
done
if [ ${#started[@]} -eq 0 ]; then
  echo "No service exists yet; infrastructure is up (PostgreSQL, NATS, S3). Mint a token with: npm run -s token -- --help"
  exit 0
fi
trap 'kill -TERM "${started[@]}" 2>/dev/null; wait' INT TERM
wait
