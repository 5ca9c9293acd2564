#!/usr/bin/env bash
# Runs each fuzz target in turn for SECONDS seconds (default 900), one at a
# time, from the committed seeds, the regressions and the local corpus; a
# log per target in fuzz/logs/ and a line per target in fuzz/logs/summary.
# Exits non-zero if any target found something.
set -u
cd "$(dirname "$0")/.."
secs=${1:-900}
shift || true
targets=${*:-align tmx_roundtrip tmx_read anchors segment decode article}
mkdir -p fuzz/logs
status=0
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  dirs=("$PWD/fuzz/corpus/$t" "$PWD/fuzz/seeds/$t")
  [ -d "fuzz/regressions/$t" ] && dirs+=("$PWD/fuzz/regressions/$t")
  cargo fuzz run --sanitizer none "$t" "${dirs[@]}" -- \
    -max_total_time="$secs" -timeout=20 >"fuzz/logs/$t.log" 2>&1
  rc=$?
  echo "$t exit $rc ($(grep -o 'Done [0-9]* runs in [0-9]* second' "fuzz/logs/$t.log" | tail -1))" >>fuzz/logs/summary
  if [ $rc -ne 0 ]; then
    status=1
    tail -30 "fuzz/logs/$t.log"
  fi
done
exit $status
