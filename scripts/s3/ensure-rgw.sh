#!/usr/bin/env bash
# Prints S3_ENDPOINT, S3_ACCESS_KEY/S3_SECRET_KEY (the evidence service's
# least-privilege key), S3_SERVICE_USER and S3_ADMIN_ACCESS_KEY/S3_ADMIN_SECRET_KEY
# of the project's local S3 server, starting it first if it is not answering, with
# the default evidence bucket (S3_BUCKET, default jir-evidence) provisioned by the
# admin user. Safe to call repeatedly and from parallel test workers (flock).
# Env file: <DATA_DIR>.env
set -euo pipefail
HERE=$(dirname "$(realpath "$0")")
D=$(realpath -m "${1:-$HERE/../../.data/s3}"); PORT=${2:-${S3_LOCAL_PORT:-7480}}
ENV_FILE="$D.env"
mkdir -p "$(dirname "$D")"
exec 9>"$D.lock"
flock 9
if [ -f "$ENV_FILE" ]; then
  ep=$(sed -n 's/^S3_ENDPOINT=//p' "$ENV_FILE")
  # A file from before the service had its own key (no admin key in it) means a server to replace.
  if [ -n "$ep" ] && grep -q '^S3_ADMIN_ACCESS_KEY=' "$ENV_FILE" && [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$ep/")" != 000 ]; then cat "$ENV_FILE"; exit 0; fi
fi
# Installs what is missing as root, or prints the command to run and fails.
"$HERE/install-rgw.sh" 9>&-
# Another checkout's server may hold the port: take the next free pair (S3 port, monitor port),
# staying above the OSD's 6800-7300 range.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
while in_use "$PORT" || in_use "$((PORT + 1))"; do PORT=$((PORT + 2)); [ "$PORT" -lt 7600 ] || { echo "no free port for radosgw" >&2; exit 1; }; done
"$HERE/start-rgw.sh" "$D" "$PORT" > "$ENV_FILE.tmp" 9>&-
( set -a; . "$ENV_FILE.tmp"; "$HERE/provision-bucket.sh" "${S3_BUCKET:-jir-evidence}" ) 9>&-
mv "$ENV_FILE.tmp" "$ENV_FILE"
cat "$ENV_FILE"
