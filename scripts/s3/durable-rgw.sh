#!/usr/bin/env bash
# The S3 server `npm start` uses: a one-monitor, one-OSD Ceph cluster whose
# OSD is BlueStore on a sparse file, so evidence survives a stop, a reboot and
# the next start (永久存储). Unlike start-rgw.sh (the tests' throwaway memstore
# server, wiped on every start) this script creates the cluster ONCE, then only
# restarts it, and never deletes a directory that may hold data.
#
# Usage: durable-rgw.sh [DATA_DIR] [PORT]      (default .data/evidence-store, 7470)
# Prints S3_ENDPOINT, S3_ACCESS_KEY/S3_SECRET_KEY (the evidence service's
# least-privilege key), S3_SERVICE_USER, S3_ADMIN_ACCESS_KEY/S3_ADMIN_SECRET_KEY
# and S3_BUCKET; the same lines are kept in DATA_DIR.env (mode 600), the only
# copy of the keys, which are random and made at creation.
# env: MON_PORT (default PORT+1, creation only), STORE_BYTES (sparse block file size,
#      default 100 GiB, ~3 MiB on disk when empty), S3_BUCKET (default jir-evidence),
#      RETENTION_DAYS (bucket default COMPLIANCE period, default 25550).
# Stop with stop-rgw.sh DATA_DIR (or `npm run s3:stop`, which stops both stores).
# Creation takes ~11 s, a restart ~3.5 s (../shared/infra/README.md, "A store that keeps its data").
set -euo pipefail
HERE=$(dirname "$(realpath "$0")")
D=$(realpath -m "${1:-$HERE/../../.data/evidence-store}")
ENV_FILE="$D.env"
export CEPH_CONF=$D/ceph.conf; C=(-c "$CEPH_CONF")
# shellcheck source=ceph-cluster.sh
. "$HERE/ceph-cluster.sh"
WAIT_TRIES=240
say() { printf '[evidence-store] %s\n' "$*" >&2; }
port_of() { sed -n 's/^S3_ENDPOINT=http:\/\/127.0.0.1://p' "$ENV_FILE"; }

# Installs what is missing as root, or prints the command to run and fails.
"$HERE/install-rgw.sh"
mkdir -p "$(dirname "$D")"
exec 9>"$D.lock"
flock 9

# A creation that died before writing the env file never handed out its keys, so nothing can
# have been stored in it: that, and only that, is a directory this script may remove.
if [ -f "$D/.durable-ceph-creating" ] && [ ! -f "$ENV_FILE" ]; then
  say "removing an unfinished creation in $D"
  "$HERE/stop-rgw.sh" "$D" 9>&- || true
  rm -rf "$D"
fi

if [ -f "$D/.durable-ceph" ] && [ -f "$ENV_FILE" ]; then
  PORT=$(port_of)
  if ! answers "$PORT"; then
    say "restarting the existing store in $D"
    # Whatever half of the cluster is still up (after a crash) is stopped first, by pid file.
    "$HERE/stop-rgw.sh" "$D" 9>&- || true
    L=$D/log/restart.log
    ceph-mon "${C[@]}" -i a >>"$L" 2>&1 9>&-
    ceph-osd "${C[@]}" -i 0 >>"$L" 2>&1 9>&-
    wait_for "osd.0 up" osd_up
    radosgw "${C[@]}" -n client.rgw.a >>"$L" 2>&1 9>&-
    wait_for "radosgw on port $PORT" answers "$PORT"
  fi
  cat "$ENV_FILE"
  exit 0
fi

if [ -e "$D" ] && [ -n "$(ls -A "$D")" ]; then
  say "refusing: $D exists but is not a complete durable store (no .durable-ceph marker or no $ENV_FILE); it may hold data, so it is left alone. Move it away by hand to create a new store."
  exit 1
fi

PORT=${2:-${S3_STORE_PORT:-7470}}; MON_PORT=${MON_PORT:-$((PORT + 1))}
for p in "$PORT" "$MON_PORT"; do in_use "$p" && { say "port $p already in use (set S3_STORE_PORT)"; exit 1; }; done
say "creating a durable store in $D (once; ~11 s)"
mkdir -p "$D"/{mon.a,osd.0,run,log}; touch "$D/.durable-ceph-creating"
trap 'rc=$?; [ $rc = 0 ] || { say "creation failed (rc=$rc), logs in $D/log"; "$HERE/stop-rgw.sh" "$D" 9>&-; }' EXIT
FSID=$(cat /proc/sys/kernel/random/uuid); L=$D/log/startup.log
# Random keys: this store outlives any test, so it must not answer to the well-known test keys.
rnd() { openssl rand -hex "$1"; }
AK=adm$(rnd 8); SK=$(rnd 20); SVC=jir-evidence; SAK=jir$(rnd 8); SSK=$(rnd 20)
# BlueStore on a sparse file: data on disk, kept across restarts. The block file lives outside
# the osd data directory (inside it, mkfs fails with "Too many levels of symbolic links").
write_ceph_conf "osd objectstore = bluestore
bluestore block path = $D/osd0.block
bluestore block size = ${STORE_BYTES:-107374182400}
bluestore block create = true
osd memory target = 939524096
bluestore cache autotune = false
bluestore cache size = 134217728"
create_and_start_cluster
create_s3_users admin
BUCKET=${S3_BUCKET:-jir-evidence}
( umask 077; cat > "$ENV_FILE.tmp" <<EOF
S3_ENDPOINT=http://127.0.0.1:$PORT
S3_ACCESS_KEY=$SAK
S3_SECRET_KEY=$SSK
S3_SERVICE_USER=$SVC
S3_ADMIN_ACCESS_KEY=$AK
S3_ADMIN_SECRET_KEY=$SK
S3_BUCKET=$BUCKET
EOF
)
( set -a; . "$ENV_FILE.tmp"; "$HERE/provision-bucket.sh" "$BUCKET" "${RETENTION_DAYS:-25550}" ) 9>&-
mv "$ENV_FILE.tmp" "$ENV_FILE"
touch "$D/.durable-ceph"; rm -f "$D/.durable-ceph-creating"
say "created; keys in $ENV_FILE (keep a copy: they are the only one)"
cat "$ENV_FILE"
