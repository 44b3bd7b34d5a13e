#!/usr/bin/env bash
# Makes sure the services the system and its tests need are up on this
# machine: PostgreSQL, NATS with JetStream, and an S3 server (radosgw).
# What is missing is installed from Debian's packages when run as root;
# otherwise the exact command to run is printed. Each step is skipped when its
# service already answers or its URL is given.
#
# Usage: ensure-local-services.sh [--durable-store DIR]
#   default: the tests' throwaway S3 server (.data/s3, memstore, wiped on each start);
#   --durable-store DIR: the store `npm start` uses (scripts/s3/durable-rgw.sh: data kept).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURABLE=
[ "${1:-}" = --durable-store ] && DURABLE=${2:?--durable-store needs a directory}
say() { printf '[infra] %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# install PACKAGE...: from Debian's packages as root; otherwise say exactly what to run, and stop.
install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    say "missing: ${missing[*]}. Install them (Debian 12), then run this again:"
    say "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]} from Debian's packages"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y -q "${missing[@]}" >&2
}

if [ -z "${DATABASE_URL:-}${TEST_DATABASE_URL:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    install postgresql
    v=$(ls /etc/postgresql | sort -V | tail -1)
    # A server installed here for local development: the services and tests connect as
    # `postgres` over loopback without a password, as on the machines this project is built on.
    # Anything else on this machine that can reach 127.0.0.1 can then too; production uses passwords.
    hba=/etc/postgresql/$v/main/pg_hba.conf
    grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    say "PostgreSQL $v installed; loopback connections as postgres trusted ($hba)"
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { say "PostgreSQL is not answering on 127.0.0.1:5432"; exit 1; }
fi

if [ -z "${NATS_URL:-}" ]; then
  if ! port_open 4222; then
    command -v nats-server >/dev/null || install nats-server
    say "starting NATS with JetStream"
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --exec "$(command -v nats-server)" -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
    for _ in $(seq 60); do port_open 4222 && break; sleep 0.25; done
  fi
  port_open 4222 || { say "NATS is not answering on 127.0.0.1:4222"; exit 1; }
fi

if [ -z "${S3_ENDPOINT:-}" ]; then
  bash "$ROOT/scripts/s3/install-rgw.sh"
  if [ -n "$DURABLE" ]; then
    bash "$ROOT/scripts/s3/durable-rgw.sh" "$DURABLE" >/dev/null
    say "S3 (radosgw, durable: $DURABLE) ready: $(sed -n 's/^S3_ENDPOINT=//p' "$DURABLE.env")"
  else
    bash "$ROOT/scripts/s3/ensure-rgw.sh" >/dev/null
    say "S3 (radosgw, throwaway) ready: $(sed -n 's/^S3_ENDPOINT=//p' "$ROOT/.data/s3.env")"
  fi
fi

# The web application's browser tests drive Debian's chromium with a CJK font (never a browser
# download). Installed as root; otherwise only named, since starting the system does not need them.
if [ "$(id -u)" = 0 ]; then
  install chromium fonts-wqy-microhei
elif ! command -v chromium >/dev/null; then
  say "the browser tests need: apt-get install -y chromium fonts-wqy-microhei (as root)"
fi
# The reporting exports' tests read the PDFs back with pdftotext (poppler-utils), as a reader would.
if [ "$(id -u)" = 0 ]; then
  install poppler-utils
elif ! command -v pdftotext >/dev/null; then
  say "the report export tests need: apt-get install -y poppler-utils (as root)"
fi
