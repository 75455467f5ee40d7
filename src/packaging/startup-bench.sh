#!/usr/bin/env bash
# Cold start of the packaged app to a painted main window, under Xvfb: N rounds, each launching, one after the other,
#   1. `java -version` on the packaged runtime (the JVM alone),
#   2. the smallest JavaFX window on the packaged runtime (src/packaging/bench/BareWindow.java: JVM + JavaFX),
#   3. the jpackage launcher of the app, to the app's own report of its second rendered frame (FirstPaint),
# each timed from just before exec to its report. The baselines are measured in the same minute as the app, so the
# ratio app / bare window says what the app adds whatever the neighbours on a shared machine are doing; the CPU time
# each process used and the load average are printed too. The first round also pays the page cache.
# Usage: src/packaging/startup-bench.sh [APP_IMAGE] [N]   (BENCH_DISPLAY picks the Xvfb display, default :97;
# JAVAFX_JARS the folder with the javafx-*-linux.jar files to compile the bare window against, default target/lib)
set -euo pipefail
APP=${1:-target/package/relayscope}
N=${2:-5}
command -v Xvfb >/dev/null || { echo "startup-bench: needs Xvfb (apt-get install xvfb libgtk-3-0)" >&2; exit 1; }
JAVA="$APP/lib/runtime/bin/java"
[ -x "$JAVA" ] || { echo "startup-bench: no packaged runtime at $JAVA (build it: mvn -B -ntp -Ppackage package -DskipTests)" >&2; exit 1; }
FXJARS=${JAVAFX_JARS:-target/lib}
ls "$FXJARS"/javafx-*-linux.jar >/dev/null 2>&1 || { echo "startup-bench: no javafx-*-linux.jar in $FXJARS (set JAVAFX_JARS)" >&2; exit 1; }
DISPLAY_NUM=${BENCH_DISPLAY:-:97}
Xvfb "$DISPLAY_NUM" -screen 0 1600x1000x24 >/dev/null 2>&1 &
XPID=$!
WORK=$(mktemp -d)
trap 'kill $XPID 2>/dev/null; rm -rf "$WORK"' EXIT
javac -d "$WORK/bare" -cp "$(ls "$FXJARS"/javafx-*-linux.jar | tr '\n' ':')" "$(dirname "$0")/bench/BareWindow.java"
sleep 1
PREFS="$WORK/prefs"
now() { date +%s%3N; }
load() { cut -d' ' -f1 /proc/loadavg; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
jvm=(); bare=(); app=(); appcpu=()
for i in $(seq 1 "$N"); do
  start=$(now)
  "$JAVA" -version 2>/dev/null
  jvm+=($(( $(now) - start )))

  start=$(now)
  line=$(DISPLAY=$DISPLAY_NUM timeout 60 "$JAVA" -cp "$WORK/bare" BareWindow 2>/dev/null | grep '^first-paint epoch-ms' || true)
  [ -n "$line" ] || { echo "round $i: the bare window reported no first paint" >&2; exit 1; }
  bare+=($(( $(echo "$line" | awk '{print $3}') - start )))
  barecpu=$(echo "$line" | awk '{print $7}')

  start=$(now)
  out=$(DISPLAY=$DISPLAY_NUM JAVA_TOOL_OPTIONS="-Drelayscope.exitAfterFirstPaint=true -Djava.util.prefs.userRoot=$PREFS -Drelayscope.prefsNode=/io/relayscope/bench" \
         timeout 60 "$APP/bin/relayscope" 2>/dev/null || true)
  line=$(echo "$out" | grep '^first-paint epoch-ms' || true)
  [ -n "$line" ] || { echo "round $i: the app reported no first paint" >&2; exit 1; }
  app+=($(( $(echo "$line" | awk '{print $3}') - start )))
  appcpu+=($(echo "$line" | awk '{print $7}'))
  echo "round $i: java -version ${jvm[-1]} ms; bare JavaFX window ${bare[-1]} ms (CPU ${barecpu} ms);" \
       "app to painted window ${app[-1]} ms (CPU ${appcpu[-1]} ms, JVM start to paint $(echo "$line" | awk '{print $5}') ms); load $(load)"
  echo "  app CPU by thread (ms): $(echo "$out" | grep '^first-paint threads' | cut -d' ' -f3-)"
done
ma=$(median "${app[@]}"); mb=$(median "${bare[@]}"); mj=$(median "${jvm[@]}")
echo "median over $N rounds: app ${ma} ms (CPU $(median "${appcpu[@]}") ms), bare JavaFX window ${mb} ms, java -version ${mj} ms;" \
     "app / bare window $(awk -v a="$ma" -v b="$mb" 'BEGIN{printf "%.2f", a/b}'); target app <= 3000 ms"
