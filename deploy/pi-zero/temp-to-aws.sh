#!/bin/sh
# DataLogger for a Raspberry Pi Zero W or Pi 1 (ARMv6: .NET does not run there).
# Reads the first 1-Wire thermometer (DS18B20, DS18S20, DS1822, DS1825/MAX31850, DS28EA00) the way
# `datalogger agent` does and PUTs the same key and JSON to S3 with curl --aws-sigv4
# (curl 7.75 or newer). Run it from cron every 5 minutes:
#   */5 * * * * /home/pi/temp-to-aws.sh >> /home/pi/temp-to-aws.log 2>&1
#
# Settings (environment variables, or edit the defaults below):
#   BUCKET       the data bucket (required unless DRY_RUN=1)
#   SERIES       the series, default pool
#   REGION       the bucket's region, default us-east-1
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   the device user's keys (PutObject on SERIES/* only)
#   ENDPOINT     default https://BUCKET.s3.REGION.amazonaws.com ; for an S3-compatible server, http://host:port/BUCKET
#   W1_ROOT      default /sys/bus/w1/devices
#   SPOOL        readings wait here until S3 has them, default $HOME/.datalogger-spool
#   OFFSET       calibration offset in degrees C, default 0
#   CLOCK        synchronized (default: no reading until timedatectl says NTP has set the clock; a Pi has no
#                real-time clock and boots with the time fake-hwclock saved) or trusted
#   DRY_RUN=1    print the key and the body instead of uploading
#   RETRY_DELAY  seconds between tries of a bad read, default 1
set -eu

SERIES=${SERIES:-pool}
REGION=${REGION:-us-east-1}
W1_ROOT=${W1_ROOT:-/sys/bus/w1/devices}
SPOOL=${SPOOL:-${HOME:-/tmp}/.datalogger-spool}
OFFSET=${OFFSET:-0}
DRY_RUN=${DRY_RUN:-0}
RETRY_DELAY=${RETRY_DELAY:-1}
CLOCK=${CLOCK:-synchronized}

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $*" >&2; }

# Reads the first 1-Wire thermometer; prints its id and millidegrees, or fails with the reason (as the agent does).
# The kernel's t= is computed from line 1's bytes, so only a read whose line 1 says YES is taken.
read_probe() {
  for device in "$W1_ROOT"/10-* "$W1_ROOT"/22-* "$W1_ROOT"/28-* "$W1_ROOT"/3b-* "$W1_ROOT"/42-*; do
    [ -e "$device/w1_slave" ] || continue
    family=${device##*/}; family=${family%%-*}
    tries=0
    while [ "$tries" -lt 3 ]; do
      tries=$((tries + 1))
      text=$(cat "$device/w1_slave" 2>/dev/null) || { sleep "$RETRY_DELAY"; continue; }
      if [ -z "$text" ]; then log "the read came back empty (newer kernels leave w1_slave empty when a read fails), try $tries"; sleep "$RETRY_DELAY"; continue; fi
      line1=$(echo "$text" | sed -n 1p)
      line2=$(echo "$text" | sed -n 2p)
      case "$line1" in
        *YES) ;;
        *) log "CRC check failed (w1_slave says NO), try $tries"; sleep "$RETRY_DELAY"; continue ;;
      esac
      milli=${line2##*t=}
      pad=$(echo "$line1" | cut -d' ' -f1-8)
      if [ "$pad" = "00 00 00 00 00 00 00 00" ]; then log "all-zero scratchpad: check the data line and its pull-up"; sleep "$RETRY_DELAY"; continue; fi
      # Exactly 85.000 C is the power-on value (read before a conversion finished): believed only when the previous
      # good reading was within 5 C of it, whatever the reserved bytes say (clones differ), as the agent does.
      if [ "$milli" = "85000" ]; then
        last=$(cat "$SPOOL/.last-millidegrees" 2>/dev/null || echo none)
        if [ "$last" = "none" ] || [ "$last" -lt 80000 ] || [ "$last" -gt 90000 ]; then
          log "the probe returned 85.000 C, its power-on value, and its previous reading was $last: read before a conversion"; sleep "$RETRY_DELAY"; continue
        fi
      fi
      mkdir -p "$SPOOL" && echo "$milli" > "$SPOOL/.last-millidegrees"
      echo "${device##*/} $milli"
      return 0
    done
    log "no trustworthy read from ${device##*/} after $tries tries"
    return 1
  done
  log "no 1-Wire thermometer under $W1_ROOT: enable dtoverlay=w1-gpio and check the wiring"
  return 1
}

# Whether readings may be stamped: as the agent, never by a clock no time service has set. timedatectl answers yes or
# no under systemd; where it cannot answer (no systemd), the clock is taken as it is.
clock_synchronized() {
  [ "$CLOCK" = "trusted" ] && return 0
  answer=$(timedatectl show -p NTPSynchronized --value 2>/dev/null) || return 0
  [ "$answer" = "yes" ]
}

# One signed request to S3. S3 refuses a SigV4 request without x-amz-content-sha256, the payload's hash, which curl
# (7.88, Debian 12's) does not add by itself: it is given here, and signed with the rest.
s3() { # where the response body goes, the request body's file (or - for none), then curl's arguments; prints the status
  out=$1 payload=$2; shift 2
  if [ "$payload" = "-" ]; then
    sha=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
  else
    sha=$(sha256sum "$payload" | cut -d" " -f1)
    set -- --upload-file "$payload" "$@"
  fi
  curl --silent --show-error --max-time 30 -o "$out" -w '%{http_code}' -H "x-amz-content-sha256: $sha" \
    --aws-sigv4 "aws:amz:$REGION:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" "$@"
}

# Creates the object only where none is (If-None-Match: *, as the agent): the same reading there already is done
# (a retried upload); a different one there stays, and this one is kept aside under SERIES/aside/, named by its hash.
upload() { # key file
  if [ "$DRY_RUN" = "1" ]; then
    echo "$1"
    cat "$2"
    return 0
  fi
  : "${BUCKET:?set BUCKET}" "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID}" "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY}"
  endpoint=${ENDPOINT:-https://$BUCKET.s3.$REGION.amazonaws.com}
  code=$(s3 /dev/null "$2" -H "Content-Type: application/json" -H "If-None-Match: *" "$endpoint/$1") || return 1
  case "$code" in
    2??) return 0 ;;
    412) ;;
    *) log "S3 answered $code for $1"; return 1 ;;
  esac
  stored=$(mktemp)
  code=$(s3 "$stored" - "$endpoint/$1") || { rm -f "$stored"; return 1; }
  if [ "$code" = "200" ] && cmp -s "$stored" "$2"; then rm -f "$stored"; return 0; fi
  rest=${1#*/}; hash=$(sha256sum "$2" | cut -c1-8)
  aside="${1%%/*}/aside/${rest%.json}-$hash.json"
  code=$(s3 /dev/null "$2" -H "Content-Type: application/json" -H "If-None-Match: *" "$endpoint/$aside") || { rm -f "$stored"; return 1; }
  case "$code" in
    2??|412) log "$1 already holds $(cat "$stored"); this reading, $(cat "$2"), is kept aside at $aside: was the clock set back?"; rm -f "$stored"; return 0 ;;
    *) log "S3 answered $code for $aside"; rm -f "$stored"; return 1 ;;
  esac
}

if ! clock_synchronized; then
  log "Waiting for the clock to be synchronized (no NTP yet): no reading this run; readings start when it is"
elif reading=$(read_probe); then
  sensor=${reading%% *}
  milli=${reading##* }
  ts=$(date -u +%s)
  day=$(date -u -d "@$ts" +%Y/%m/%d)
  key="$SERIES/$day/$ts.json"
  body=$(awk -v m="$milli" -v o="$OFFSET" -v ts="$ts" -v s="$sensor" 'BEGIN {
    c = m / 1000 + o; c = (c < 0 ? -int(-c * 1000 + 0.5) : int(c * 1000 + 0.5)) / 1000
    f = c * 9 / 5 + 32; f = (f < 0 ? -int(-f * 1000 + 0.5) : int(f * 1000 + 0.5)) / 1000
    printf "{\"timestamp\":%d,\"celsius\":%s,\"fahrenheit\":%s,\"sensor\":\"%s\"}\n", ts, c, f, s }')
  # Into the spool first, atomically (temporary name, then rename), so a failed upload loses nothing.
  mkdir -p "$SPOOL/$SERIES/$day"
  printf '%s\n' "$body" > "$SPOOL/$SERIES/$day/.$ts.json.tmp"
  mv "$SPOOL/$SERIES/$day/.$ts.json.tmp" "$SPOOL/$key"
fi

# Upload the spool, oldest first; a reading leaves it only when S3 said yes.
status=0
for file in $(cd "$SPOOL" 2>/dev/null && find . -name '*.json' | sed 's|^\./||' | sort -t/ -k5); do
  if upload "$file" "$SPOOL/$file"; then
    rm -f "$SPOOL/$file"
  else
    log "upload of $file failed; it stays in $SPOOL for the next run"
    status=1
    break
  fi
done
exit $status
