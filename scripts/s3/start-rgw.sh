#!/usr/bin/env bash
# A throwaway S3 server for tests and for users without Docker: a one-monitor,
# one-OSD Ceph cluster (memstore: data in RAM) with radosgw on 127.0.0.1.
# Real S3: SigV4, multipart, versioning and Object Lock (COMPLIANCE), which
# the evidence store depends on. Starts in about a second.
# Usage: start-rgw.sh [DATA_DIR] [PORT]
# env: MON_PORT (default PORT+1), MEMSTORE_BYTES (cap, default 4 GiB),
#      RGW_ACCESS_KEY/RGW_SECRET_KEY (the ADMIN user: owns the buckets, sets their lock and policy;
#      only setup scripts and tests use it), RGW_SERVICE_ACCESS_KEY/RGW_SECRET_KEY (the evidence
#      service's least-privilege user, uid RGW_SERVICE_USER: may create no bucket, and gets only
#      what each bucket's policy grants it: scripts/s3/provision-bucket.sh)
# Prints S3_ENDPOINT, S3_ACCESS_KEY/S3_SECRET_KEY (the SERVICE key), S3_SERVICE_USER and
# S3_ADMIN_ACCESS_KEY/S3_ADMIN_SECRET_KEY.
# Packages (Debian): ceph-mon ceph-osd radosgw ceph-common curl (scripts/s3/install-rgw.sh)
set -euo pipefail
HERE=$(dirname "$(realpath "$0")")
# shellcheck source=ceph-cluster.sh
. "$HERE/ceph-cluster.sh"
say() { echo "$*" >&2; }
D=$(realpath -m "${1:-$(dirname "$(realpath "$0")")/../../.data/s3}"); PORT=${2:-7480}; MON_PORT=${MON_PORT:-$((PORT+1))}
AK=${RGW_ACCESS_KEY:-testaccess}; SK=${RGW_SECRET_KEY:-testsecret1234567890}
SVC=${RGW_SERVICE_USER:-jir-evidence}; SAK=${RGW_SERVICE_ACCESS_KEY:-jirevidenceaccess}; SSK=${RGW_SERVICE_SECRET_KEY:-jirevidencesecret1234567890}
if [ -e "$D" ]; then   # wipe only a dir we created earlier (marker file) or an empty one
  [ -f "$D/.throwaway-ceph" ] || [ -z "$(ls -A "$D")" ] || { echo "refusing: $D is not ours" >&2; exit 1; }
  "$HERE/stop-rgw.sh" "$D" || true; rm -rf "$D"
fi
for p in "$PORT" "$MON_PORT"; do
  if in_use "$p"; then echo "port $p already in use" >&2; exit 1; fi
done
mkdir -p "$D"/{mon.a,osd.0,run,log}; touch "$D/.throwaway-ceph"
trap 'rc=$?; [ $rc = 0 ] || { echo "start failed (rc=$rc), logs in $D/log" >&2; "$HERE/stop-rgw.sh" "$D"; }' EXIT
export CEPH_CONF=$D/ceph.conf; FSID=$(cat /proc/sys/kernel/random/uuid); L=$D/log/startup.log
write_ceph_conf "osd objectstore = memstore
memstore device bytes = ${MEMSTORE_BYTES:-4294967296}
mon allow pool delete = true"
create_and_start_cluster
create_s3_users test
echo "S3_ENDPOINT=http://127.0.0.1:$PORT"
echo "S3_ACCESS_KEY=$SAK"
echo "S3_SECRET_KEY=$SSK"
echo "S3_SERVICE_USER=$SVC"
echo "S3_ADMIN_ACCESS_KEY=$AK"
echo "S3_ADMIN_SECRET_KEY=$SK"
