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
D=$(realpath -m "${1:-$(dirname "$(realpath "$0")")/../../.data/s3}"); PORT=${2:-7480}; MON_PORT=${MON_PORT:-$((PORT+1))}
AK=${RGW_ACCESS_KEY:-testaccess}; SK=${RGW_SECRET_KEY:-testsecret1234567890}
SVC=${RGW_SERVICE_USER:-jir-evidence}; SAK=${RGW_SERVICE_ACCESS_KEY:-jirevidenceaccess}; SSK=${RGW_SERVICE_SECRET_KEY:-jirevidencesecret1234567890}; HERE=$(dirname "$(realpath "$0")")
if [ -e "$D" ]; then   # wipe only a dir we created earlier (marker file) or an empty one
  [ -f "$D/.throwaway-ceph" ] || [ -z "$(ls -A "$D")" ] || { echo "refusing: $D is not ours" >&2; exit 1; }
  "$HERE/stop-rgw.sh" "$D" || true; rm -rf "$D"
fi
for p in "$PORT" "$MON_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p already in use" >&2; exit 1; fi
done
mkdir -p "$D"/{mon.a,osd.0,run,log}; touch "$D/.throwaway-ceph"
trap 'rc=$?; [ $rc = 0 ] || { echo "start failed (rc=$rc), logs in $D/log" >&2; "$HERE/stop-rgw.sh" "$D"; }' EXIT
export CEPH_CONF=$D/ceph.conf; C=(-c "$CEPH_CONF"); FSID=$(cat /proc/sys/kernel/random/uuid); L=$D/log/startup.log
cat > "$CEPH_CONF" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public network = 127.0.0.1/32
ms bind ipv6 = false
keyring = $D/keyring
run dir = $D/run
pid file = $D/run/\$name.pid
log file = $D/log/\$name.log
mon data = $D/\$name
osd data = $D/\$name
osd objectstore = memstore
memstore device bytes = ${MEMSTORE_BYTES:-4294967296}
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
paxos propose interval = 0.01
auth allow insecure global id reclaim = false
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $D/rgw
EOF
K=$D/keyring
ceph-authtool --create-keyring "$K" --gen-key -n mon. --cap mon 'allow *' >>"$L"
ceph-authtool "$K" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >>"$L"
ceph-authtool "$K" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd' >>"$L"
ceph-authtool "$K" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >>"$L"
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$D/monmap" >>"$L"
ceph-mon "${C[@]}" --mkfs -i a --monmap "$D/monmap" --keyring "$K" >>"$L" 2>&1
ceph-mon "${C[@]}" -i a >>"$L" 2>&1
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
timeout 60 ceph --connect-timeout 30 osd new "$OSD_UUID" 0 >>"$L" 2>&1
ceph-osd "${C[@]}" -i 0 --mkfs --osd-uuid "$OSD_UUID" >>"$L" 2>&1
ceph-osd "${C[@]}" -i 0 >>"$L" 2>&1
wait_for() { local what=$1; shift; for _ in $(seq 120); do "$@" && return 0; sleep 0.25; done; echo "timeout: $what" >&2; exit 1; }
osd_up() { ceph osd dump 2>/dev/null | grep -q '^osd.0 up'; }
rgw_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")" != 000 ]; }
wait_for "osd.0 up" osd_up
radosgw "${C[@]}" -n client.rgw.a >>"$L" 2>&1
wait_for "radosgw on port $PORT" rgw_up
radosgw-admin "${C[@]}" user create --uid=test --display-name=test --access-key="$AK" --secret-key="$SK" >>"$L"
# max-buckets -1: the service user can create no bucket, so it owns none and can never change a lock.
radosgw-admin "${C[@]}" user create --uid="$SVC" --display-name="$SVC" --max-buckets=-1 \
  --access-key="$SAK" --secret-key="$SSK" >>"$L"
echo "S3_ENDPOINT=http://127.0.0.1:$PORT"
echo "S3_ACCESS_KEY=$SAK"
echo "S3_SECRET_KEY=$SSK"
echo "S3_SERVICE_USER=$SVC"
echo "S3_ADMIN_ACCESS_KEY=$AK"
echo "S3_ADMIN_SECRET_KEY=$SK"
