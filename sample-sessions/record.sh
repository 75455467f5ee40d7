#!/usr/bin/env bash
# Re-records the sample sessions with the committed demo models (greedy, the CLI's default seed). Run from the repo
# root after `mvn package`. What they show:
#   slm-only, llm-only, confidence, random-token, model-command: one test question under each policy (a compare set:
#     open two in the app, or `relayscope compare` them);
#   call-fixes-error: the base SLM alone answers it wrong, the relay SLM calls and answers right;
#   call-not-needed: the relay SLM calls although the base SLM alone answers it right;
#   random-call-misses: a random router calls, and the answer is still wrong (the call landed where it did not help);
#   long-multi-step: the relay on the test set's problem with the most steps (long because the problem is).
# The questions are found here, by evaluating the first $SCAN test problems under each policy (eval --out).
set -euo pipefail
J="java -jar ${JAR:-target/relayscope.jar}"
PY=${PYTHON:-/usr/bin/python3}
SCAN=${SCAN:-80}
DATA=${DATA:-assets/datasets/arith-test-v1.jsonl}   # the wording the committed demo models were trained on
OUT=sample-sessions
BASE="--slm assets/models/tiny-slm-base --llm assets/models/tiny-llm"
RELAY="--slm assets/models/tiny-slm-relay --llm assets/models/tiny-llm"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

$J eval $BASE --policy slm-only --dataset $DATA --limit "$SCAN" --no-progress --out "$TMP/base.jsonl" > /dev/null
$J eval $RELAY --policy model-command --dataset $DATA --limit "$SCAN" --no-progress --out "$TMP/relay.jsonl" > /dev/null
$J eval $BASE --policy random-token --p 0.1 --call-tokens 2 --dataset $DATA --limit "$SCAN" --no-progress \
   --out "$TMP/random.jsonl" > /dev/null

# one question per behaviour: fixes, not-needed, misses, steps (the first match in test-set order)
"$PY" - "$TMP" "$DATA" <<'PY' > "$TMP/picked.txt"
import json, sys
tmp, data = sys.argv[1], sys.argv[2]
def load(name):
    return {r["line"]: r for r in map(json.loads, open(f"{tmp}/{name}.jsonl"))}
base, relay, rand = load("base"), load("relay"), load("random")
problems = [json.loads(l) for l in open(data)]
lines = sorted(set(base) & set(relay) & set(rand))
def first(cond, what):
    for n in lines:
        if cond(n):
            return base[n]["question"]
    sys.exit(f"record.sh: no test problem among the first {len(lines)} where {what}; raise SCAN")
print(first(lambda n: not base[n]["correct"] and relay[n]["correct"] and relay[n]["calls"] > 0,
            "the base SLM is wrong and the relay calls and is right"))
print(first(lambda n: base[n]["correct"] and relay[n]["correct"] and relay[n]["calls"] > 0,
            "the relay calls although the base SLM is right"))
print(first(lambda n: not rand[n]["correct"] and rand[n]["calls"] > 0, "a random call does not fix the answer"))
steps = lambda n: problems[n - 1]["solution"].count("=") if n - 1 < len(problems) else 0
best = max((n for n in lines if relay[n]["correct"]), key=lambda n: (steps(n), -n))
print(base[best]["question"])
PY
FIX=$(sed -n 1p "$TMP/picked.txt"); NEEDLESS=$(sed -n 2p "$TMP/picked.txt")
MISS=$(sed -n 3p "$TMP/picked.txt"); LONG=$(sed -n 4p "$TMP/picked.txt")

# the compare set on the app's first-minute question (SampleQuestions.FIRST_MINUTE: the relay calls once and is right)
Q=${QUESTION:-"Tom has 32 stamps, sells 17 and gives away 12. How many?"}
$J run $BASE --policy slm-only --no-color --out $OUT/slm-only.json "$Q" > /dev/null
$J run $BASE --policy llm-only --no-color --out $OUT/llm-only.json "$Q" > /dev/null
$J run $BASE --policy confidence --threshold 0.6 --call-tokens 2 --no-color --out $OUT/confidence.json "$Q" > /dev/null
$J run $BASE --policy random-token --p 0.1 --call-tokens 2 --no-color --out $OUT/random-token.json "$Q" > /dev/null
$J run $RELAY --policy model-command --no-color --out $OUT/model-command.json "$Q" > /dev/null

$J run $RELAY --policy model-command --no-color --out $OUT/call-fixes-error.json "$FIX" > /dev/null
$J run $RELAY --policy model-command --no-color --out $OUT/call-not-needed.json "$NEEDLESS" > /dev/null
$J run $BASE --policy random-token --p 0.1 --call-tokens 2 --no-color --out $OUT/random-call-misses.json "$MISS" > /dev/null
$J run $RELAY --policy model-command --no-color --out $OUT/long-multi-step.json "$LONG" > /dev/null
rm -f $OUT/long-6000-tokens.json   # the old stress trace: thousands of degenerate tokens, nothing to learn from
for f in $OUT/*.json; do $J inspect "$f" > /dev/null && echo "ok $f"; done
