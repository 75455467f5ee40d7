#!/usr/bin/env bash
# Re-records the sample sessions with the demo models (greedy, seed 0): one arith-test question under each
# policy, plus a long stress trace. Run from the repo root after `mvn package`.
set -euo pipefail
J="java -jar ${JAR:-target/relayscope.jar}"
Q=$(sed -n 2p assets/datasets/arith-test-v1.jsonl | sed 's/.*"question": "\([^"]*\)".*/\1/')
BASE="--slm assets/models/tiny-slm-base --llm assets/models/tiny-llm --no-color"
$J run $BASE --policy slm-only --out sample-sessions/slm-only.json "$Q"
$J run $BASE --policy llm-only --out sample-sessions/llm-only.json "$Q"
$J run $BASE --policy confidence --threshold 0.6 --call-tokens 2 --out sample-sessions/confidence.json "$Q"
$J run $BASE --policy random-token --p 0.1 --call-tokens 2 --out sample-sessions/random-token.json "$Q"
if [ -f assets/models/tiny-slm-relay/model.onnx ]; then
  $J run --slm assets/models/tiny-slm-relay --llm assets/models/tiny-llm --no-color --policy model-command \
     --out sample-sessions/model-command.json "$Q"
fi
$J run $BASE --policy confidence --threshold 0.35 --call-tokens 3 --ignore-eos --max-new-tokens 6000 --max-calls 2000 \
   --out sample-sessions/long-6000-tokens.json "$Q" > /dev/null
for f in sample-sessions/*.json; do $J inspect "$f" > /dev/null && echo "ok $f"; done
