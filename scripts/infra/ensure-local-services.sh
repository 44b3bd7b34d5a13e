#!/usr/bin/env bash
# Makes sure the services the system and its tests need are up on this
# machine: PostgreSQL, NATS with JetStream, and the project's S3 server
# (radosgw, installed from Debian's packages when missing; needs root).
# Each step is skipped when its service already answers or its URL is given.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
say() { printf '[infra] %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -z "${DATABASE_URL:-}${TEST_DATABASE_URL:-}" ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { say "PostgreSQL is not answering on 127.0.0.1:5432"; exit 1; }
fi

if [ -z "${NATS_URL:-}" ]; then
  if ! port_open 4222; then
    say "starting NATS with JetStream"
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
    for _ in $(seq 60); do port_open 4222 && break; sleep 0.25; done
  fi
  port_open 4222 || { say "NATS is not answering on 127.0.0.1:4222"; exit 1; }
fi

if [ -z "${S3_ENDPOINT:-}" ]; then
  command -v radosgw >/dev/null || bash "$ROOT/scripts/s3/install-rgw.sh"
  bash "$ROOT/scripts/s3/ensure-rgw.sh" >/dev/null
  say "S3 (radosgw) ready: $(sed -n 's/^S3_ENDPOINT=//p' "$ROOT/.data/s3.env")"
fi
