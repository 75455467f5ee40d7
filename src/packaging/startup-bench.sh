#!/usr/bin/env bash
# Cold start of the packaged app to a painted main window, under Xvfb: N launches of the jpackage launcher, each
# timed from just before exec to the app's own report of its second rendered frame (FirstPaint). The first launch
# also pays the page cache; all are reported, with the CPU time the process used and the load average, since on a
# busy machine the wall time says more about the neighbours than about the app. Usage: src/packaging/startup-bench.sh [APP_IMAGE] [N]
set -euo pipefail
APP=${1:-target/package/relayscope}
N=${2:-5}
command -v Xvfb >/dev/null || { echo "startup-bench: needs Xvfb (apt-get install xvfb libgtk-3-0)" >&2; exit 1; }
DISPLAY_NUM=${BENCH_DISPLAY:-:97}
Xvfb "$DISPLAY_NUM" -screen 0 1600x1000x24 >/dev/null 2>&1 &
XPID=$!
trap 'kill $XPID 2>/dev/null' EXIT
sleep 1
PREFS=$(mktemp -d)
results=()
for i in $(seq 1 "$N"); do
  start=$(date +%s%3N)
  line=$(DISPLAY=$DISPLAY_NUM JAVA_TOOL_OPTIONS="-Drelayscope.exitAfterFirstPaint=true -Djava.util.prefs.userRoot=$PREFS -Drelayscope.prefsNode=/io/relayscope/bench" \
         timeout 60 "$APP/bin/relayscope" 2>/dev/null | grep '^first-paint' || true)
  [ -n "$line" ] || { echo "run $i: no first paint reported" >&2; exit 1; }
  painted=$(echo "$line" | awk '{print $3}')
  jvm=$(echo "$line" | awk '{print $5}')
  cpu=$(echo "$line" | awk '{print $7}')
  ms=$((painted - start))
  results+=("$ms")
  echo "run $i: cold start to painted window ${ms} ms (JVM start to paint ${jvm} ms, CPU ${cpu} ms; load $(cut -d' ' -f1 /proc/loadavg))"
done
sorted=$(printf '%s\n' "${results[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (N + 1) / 2 ))p")
echo "median ${median} ms over ${N} launches (target <= 3000 ms)"
