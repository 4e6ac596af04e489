#!/bin/sh
# One device request of 6,898 readings (InfluxDB line protocol, 256 KB: the most `maxBytes` takes by default) posted
# with curl to a real `datalogger run`: the seconds to its answer, the readings stored, and the site updates it made.
# Usage: bench/large-request.sh DATALOGGER_DLL [RUNS]   (the dll of a Release build: src/DataLogger.Cli/bin/Release/net10.0/datalogger.dll)
set -eu
dll=$1
runs=${2:-3}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
token=bench-0123456789abcdef0123
cat > "$work/datalogger.json" <<JSON
{ "sensor": "none", "series": "pool", "timeZone": "UTC",
  "ingest": { "perMinute": 1000, "devices": [ { "name": "bulk", "token": "$token", "series": "pool" } ] } }
JSON
dotnet "$dll" run --config "$work/datalogger.json" --data "$work/data" --port 0 > "$work/log" 2>&1 &
pid=$!
while ! grep -q '^Serving' "$work/log"; do sleep 0.2; done
address=$(sed -n 's/^Serving \(http[^ ]*\) .*/\1/p' "$work/log")
sleep 2
for run in $(seq 1 "$runs"); do
  end=$(( $(date +%s) / 60 * 60 - 60 - (run - 1) * 6898 * 60 ))
  awk -v end="$end" 'BEGIN { for (i = 0; i < 6898; i++) printf "pool temperature=%.4f %d\n", 20 + (i % 100) / 16.0, end - 60 * i }' > "$work/body"
  before=$(grep -c 'Site updated' "$work/log" || true)
  start=$(date +%s.%N)
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Token $token" --data-binary @"$work/body" "${address}api/v2/write?precision=s")
  took=$(echo "$(date +%s.%N) - $start" | bc)
  sleep 3
  after=$(grep -c 'Site updated' "$work/log" || true)
  stored=$(find "$work/data/bucket/pool" -name '*.json' | wc -l)
  echo "run $run: HTTP $status in ${took} s; $stored objects in the bucket; $((after - before)) site updates"
done
