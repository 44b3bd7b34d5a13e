#!/usr/bin/env bash
# Stop the daemons start-rgw.sh or durable-rgw.sh started for DATA_DIR, by pid file (cmdline
# checked first). Without DATA_DIR (`npm run s3:stop`): both local stores, the tests' throwaway
# one (.data/s3) and the durable one `npm start` uses (.data/evidence-store); the durable one
# keeps its data and comes back on the next `npm start`.
# SIG=KILL for an instant stop (fine for the throwaway cluster; BlueStore survives it too);
# default TERM (<1 s).
if [ $# -eq 0 ]; then
  DATA=$(realpath -m "$(dirname "$(realpath "$0")")/../../.data")
  set -- "$DATA/s3" "$DATA/evidence-store"
fi
for arg in "$@"; do
  D=$(realpath -m "$arg")
  for n in client.rgw.a osd.0 mon.a; do
    f=$D/run/$n.pid; [ -f "$f" ] || continue; p=$(cat "$f")
    if tr "\0" " " 2>/dev/null <"/proc/$p/cmdline" | grep -qF -- "$D/ceph.conf"; then
      kill -s "${SIG:-TERM}" "$p"
      for _ in $(seq 100); do grep -qsv ') Z' /proc/$p/task/*/stat || break; sleep 0.1; done
      kill -9 "$p" 2>/dev/null || true
    fi
    rm -f "$f"
  done
done
