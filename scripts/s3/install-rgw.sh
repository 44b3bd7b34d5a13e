#!/usr/bin/env bash
# Installs Ceph radosgw and what start-rgw.sh needs, from Debian's packages (root).
set -euo pipefail
# A machine may have radosgw without the monitor and OSD (a partial install): every package is
# checked, not just the gateway's command.
need=(ceph-mon ceph-osd radosgw ceph-common curl)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "radosgw is missing. Install it (Debian 12), then run this again:" >&2
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]}" >&2
# Test workers may arrive here together: wait for dpkg's lock rather than fail on it.
apt-get -o DPkg::Lock::Timeout=300 update -q >&2
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install --no-install-recommends -y -q "${missing[@]}" >&2
