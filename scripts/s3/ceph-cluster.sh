# Shell functions shared by start-rgw.sh (the tests' throwaway memstore server) and
# durable-rgw.sh (the store `npm start` keeps): both run a one-monitor, one-OSD Ceph cluster with
# radosgw on 127.0.0.1, and differ only in the object store and in what they keep. Sourced, not
# run; the caller sets D (the cluster's directory) and CEPH_CONF, and its own `say`.

# Runs "$@" until it succeeds, 4 times a second, up to $WAIT_TRIES tries (default 120).
wait_for() {
  local what=$1; shift
  for _ in $(seq "${WAIT_TRIES:-120}"); do "$@" && return 0; sleep 0.25; done
  say "timeout: $what (logs in $D/log)"; exit 1
}
osd_up() { timeout 10 ceph -c "$CEPH_CONF" --connect-timeout 5 osd dump 2>/dev/null | grep -q '^osd.0 up'; }
answers() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/")" != 000 ]; }
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Writes $CEPH_CONF for FSID, MON_PORT and PORT; $1 is the object store's own lines.
write_ceph_conf() {
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
$1
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
paxos propose interval = 0.01
auth allow insecure global id reclaim = false
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $D/rgw
EOF
}

# Creates the cluster in $D (keys, monitor map, monitor, OSD) and starts it with radosgw on PORT;
# logs to $L. Descriptor 9 (a caller's lock) is not passed on to the daemons.
create_and_start_cluster() {
  local K=$D/keyring OSD_UUID
  {
    ceph-authtool --create-keyring "$K" --gen-key -n mon. --cap mon 'allow *'
    ceph-authtool "$K" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *'
    ceph-authtool "$K" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd'
    ceph-authtool "$K" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw'
    monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$D/monmap"
  } >>"$L" 2>&1
  chmod 600 "$K"
  ceph-mon -c "$CEPH_CONF" --mkfs -i a --monmap "$D/monmap" --keyring "$K" >>"$L" 2>&1
  ceph-mon -c "$CEPH_CONF" -i a >>"$L" 2>&1 9>&-
  OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
  timeout 60 ceph -c "$CEPH_CONF" --connect-timeout 30 osd new "$OSD_UUID" 0 >>"$L" 2>&1
  ceph-osd -c "$CEPH_CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" >>"$L" 2>&1
  ceph-osd -c "$CEPH_CONF" -i 0 >>"$L" 2>&1 9>&-
  wait_for "osd.0 up" osd_up
  radosgw -c "$CEPH_CONF" -n client.rgw.a >>"$L" 2>&1 9>&-
  wait_for "radosgw on port $PORT" answers "$PORT"
}

# The S3 users: the administrator (uid $1, key AK/SK: owns the buckets, sets their lock and
# policy) and the evidence service's user SVC (key SAK/SSK).
create_s3_users() {
  radosgw-admin -c "$CEPH_CONF" user create --uid="$1" --display-name="$1" --access-key="$AK" --secret-key="$SK" >>"$L"
  # max-buckets -1: the service user can create no bucket, so it owns none and can never change a lock.
  radosgw-admin -c "$CEPH_CONF" user create --uid="$SVC" --display-name="$SVC" --max-buckets=-1 \
    --access-key="$SAK" --secret-key="$SSK" >>"$L"
}
