#!/usr/bin/env bash
# Stop the daemons start-rgw.sh started for DATA_DIR, by pid file (cmdline checked first).
# SIG=KILL for an instant stop (fine: the cluster is throwaway); default TERM (<1 s).
D=$(realpath -m "${1:-$(dirname "$(realpath "$0")")/../../.data/s3}")
for n in client.rgw.a osd.0 mon.a; do
  f=$D/run/$n.pid; [ -f "$f" ] || continue; p=$(cat "$f")
  if tr "\0" " " 2>/dev/null <"/proc/$p/cmdline" | grep -qF -- "$D/ceph.conf"; then
    kill -s "${SIG:-TERM}" "$p"
    for _ in $(seq 100); do grep -qsv ') Z' /proc/$p/task/*/stat || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  fi
  rm -f "$f"
done
