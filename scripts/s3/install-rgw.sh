#!/usr/bin/env bash
# Installs Ceph radosgw and what start-rgw.sh needs, from Debian's packages (root).
set -euo pipefail
need=(ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]}" >&2
apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y -q "${missing[@]}" >&2
