#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL, NATS, the durable S3
# store (kept across restarts), a build, then every service that exists, each
# in its own process group with its log in .data/logs. Prints one block saying
# where everything is. One Ctrl-C stops every service gracefully: the terminal's
# SIGINT reaches only this script (the services are not in the foreground
# group), which sends each service exactly one SIGTERM and waits for it.
#
# env: INTAKE_PORT (3001), EVIDENCE_STORAGE_PORT (3002), DEADLINE_MONITOR_PORT (3003),
#      REPORTING_PORT (3004), WEB_PORT (3000); JIR_STORE_DIR (.data/evidence-store),
#      JIR_LOG_DIR (.data/logs), JIR_PG_URL (postgres://postgres@127.0.0.1:5432; each
#      service gets its database JIR_DB_PREFIX_<service>, prefix `jir`), JIR_NO_BUILD=1 (skip
#      `npm ci` and the build), BUS_NAMESPACE, LOG_LEVEL: passed to every service.
# --demo: once every service is ready, load the demo data set through their APIs (scripts/demo).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
say() { printf '[start] %s\n' "$*" >&2; }
DEMO=
for arg in "$@"; do
  case $arg in
    --demo) DEMO=1 ;;
    *) say "unknown option: $arg (known: --demo, load the demo data set once the services are ready)"; exit 2 ;;
  esac
done

# The services: name (apps/<name>), the variable naming its port, its default port.
# Adding a service is one line.
SERVICES=(
  "intake            INTAKE_PORT            3001"
  "evidence-storage  EVIDENCE_STORAGE_PORT  3002"
  "deadline-monitor  DEADLINE_MONITOR_PORT  3003"
  "reporting         REPORTING_PORT         3004"
)
WEB_PORT=${WEB_PORT:-3000}
STORE=$(realpath -m "${JIR_STORE_DIR:-$ROOT/.data/evidence-store}")
LOGS=$(realpath -m "${JIR_LOG_DIR:-$ROOT/.data/logs}")
PG=${JIR_PG_URL:-postgres://postgres@127.0.0.1:5432}
DB_PREFIX=${JIR_DB_PREFIX:-jir}

bash scripts/infra/ensure-local-services.sh --durable-store "$STORE"
# The services get the store's least-privilege service key only: never the admin key beside it.
for v in S3_ENDPOINT S3_ACCESS_KEY S3_SECRET_KEY S3_BUCKET; do
  export "$v=$(sed -n "s/^$v=//p" "$STORE.env")"
done
# Local development: services trust the local key that `npm run token` signs with. A deployment
# sets AUTH_JWKS_URL or AUTH_PUBLIC_KEY instead; without either a service refuses to start.
export AUTH_DEV_MODE="${AUTH_DEV_MODE:-true}"
if [ -z "${JIR_NO_BUILD:-}" ]; then
  [ -d node_modules ] || npm ci
  TURBO_TELEMETRY_DISABLED=1 npx turbo run build --output-logs=errors-only
fi
mkdir -p "$LOGS"

# Each service in a process group of its own (job control), so that the terminal's Ctrl-C
# reaches this script alone; it then stops each service once. Without this a service got the
# terminal's SIGINT and the script's TERM, took the second for an impatient user and exited at once.
set -m
pids=() names=() urls=()
# launch NAME PORT DIR COMMAND...: one process (group leader), its output appended to its log.
launch() {
  local name=$1 port=$2 dir=$3
  shift 3
  (cd "$dir" && PORT=$port exec "$@") >>"$LOGS/$name.log" 2>&1 </dev/null &
  pids+=("$!") names+=("$name") urls+=("http://127.0.0.1:$port")
}
missing=()
for row in "${SERVICES[@]}"; do
  read -r name var default <<<"$row"
  if [ -f "apps/$name/dist/main.js" ]; then
    DATABASE_URL="$PG/${DB_PREFIX}_${name//-/_}" launch "$name" "${!var:-$default}" "apps/$name" node dist/main.js
  else
    missing+=("$name")
  fi
done
# The user interface (WEB_PORT, 3000): the built pages, and /api/<service>/ routed to the services.
if [ -f apps/web/dist/server/main.js ]; then
  INTAKE_URL="http://127.0.0.1:${INTAKE_PORT:-3001}" EVIDENCE_URL="http://127.0.0.1:${EVIDENCE_STORAGE_PORT:-3002}" \
    DEADLINES_URL="http://127.0.0.1:${DEADLINE_MONITOR_PORT:-3003}" REPORTING_URL="http://127.0.0.1:${REPORTING_PORT:-3004}" \
    launch web "$WEB_PORT" apps/web node dist/server/main.js
fi
set +m

stopping=
stop_all() {
  [ -z "$stopping" ] || return 0 # npm forwards the terminal's SIGINT too: act on the first only
  stopping=1
  say "stopping ${names[*]}"
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
}
trap stop_all INT TERM HUP

declare -A status=()
# reap: wait for the next service to exit (or a signal), note its status; 1 when none is left.
reap() {
  local live=() pid done_pid= rc=0
  for pid in "${pids[@]}"; do [ -n "${status[$pid]:-}" ] || live+=("$pid"); done
  [ ${#live[@]} -gt 0 ] || return 1
  wait -n -p done_pid "${live[@]}" || rc=$?
  [ -n "${done_pid:-}" ] || return 0 # a trapped signal interrupted the wait (and unset done_pid)
  status[$done_pid]=$rc
  local i
  for i in "${!pids[@]}"; do [ "${pids[$i]}" = "$done_pid" ] && name=${names[$i]}; done
  if [ -z "$stopping" ]; then
    say "$name exited on its own (status $rc); last lines of $LOGS/$name.log:"
    tail -n 20 "$LOGS/$name.log" >&2 || true
    stop_all
  fi
}

if [ ${#pids[@]} -eq 0 ]; then
  say "No service is built yet; infrastructure is up (PostgreSQL, NATS, S3). Mint a token with: npm run -s token -- --help"
  exit 0
fi

ready=()
for i in "${!pids[@]}"; do
  for _ in $(seq 240); do
    [ -z "$stopping" ] || break
    curl -sf -o /dev/null -m 2 "${urls[$i]}/readyz" && { ready+=("$i"); break; }
    kill -0 "${pids[$i]}" 2>/dev/null || break
    sleep 0.25
  done
done
if [ -z "$stopping" ] && [ ${#ready[@]} -ne ${#pids[@]} ]; then
  for i in "${!pids[@]}"; do
    [[ " ${ready[*]} " == *" $i "* ]] && continue
    say "${names[$i]} did not become ready at ${urls[$i]}/readyz; last lines of $LOGS/${names[$i]}.log:"
    tail -n 20 "$LOGS/${names[$i]}.log" >&2 || true
  done
  stop_all
fi

if [ -z "$stopping" ]; then
  {
    echo
    echo "过问案件记录系统 · Judicial Interference Register is running"
    for i in "${!pids[@]}"; do
      printf '  %-17s %s  (API: %s/v1/openapi.json, pid %s)\n' "${names[$i]}" "${urls[$i]}" "${urls[$i]}" "${pids[$i]}"
    done
    for name in "${missing[@]}"; do printf '  %-17s not built yet\n' "$name"; done
    if [[ " ${names[*]} " == *" web "* ]]; then
      echo "  user interface    http://127.0.0.1:$WEB_PORT"
    else
      echo "  user interface    not built yet (will be http://127.0.0.1:$WEB_PORT)"
    fi
    echo "  token             T=\$(npm run -s token -- --sub judge-a --court JL-CC-NG --roles case-handler --division civil-1)"
    echo "                    curl -H \"authorization: Bearer \$T\" ${urls[0]}/v1/records"
    echo "  evidence store    $STORE (kept across restarts; keys in $STORE.env)"
    echo "  logs              $LOGS/<service>.log"
    echo "  stop              Ctrl-C once (or kill -INT $$); the store: npm run s3:stop"
    echo
  } >&2
fi

# The demo data set goes in through the services' own APIs, once they are all ready; loading it
# again changes nothing. It runs in the background so that Ctrl-C still stops everything at once.
if [ -n "$DEMO" ] && [ -z "$stopping" ]; then
  say "loading the demo data set (scripts/demo); its summary follows"
  node --import tsx scripts/demo/main.ts >&2 &
fi

while reap; do :; done
failed=0
for i in "${!pids[@]}"; do
  rc=${status[${pids[$i]}]}
  say "stopped ${names[$i]} (status $rc)"
  [ "$rc" = 0 ] || failed=1
done
exit $failed
