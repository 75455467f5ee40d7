#!/usr/bin/env bash
# Re-records the sample sessions with the committed demo models (greedy, the CLI's default seed). Run from the repo
# root after `mvn package`. What they show:
#   slm-only, llm-only, confidence, random-token, model-command: one test question under each policy (a compare set:
#     open two in the app, or `relayscope compare` them), and compare-set: the five as one session file (format 1.2)
#     whose compare set they are;
#   call-fixes-error: the base SLM alone answers it wrong, the relay SLM calls and answers right;
#   call-not-needed: the relay SLM calls although the base SLM alone answers it right;
#   random-call-misses: a random router calls, and the answer is still wrong (the call landed where it did not help);
#   long-multi-step: the relay on the test set's problem with the most steps (long because the problem is);
#   dataset-batch: a session (format 1.2) of the relay on the first $BATCH test problems, one run each: long because
#     it is a batch (open it and step through the runs, or `relayscope inspect` it for right/wrong per run);
#   branch-tree: a session (format 1.2) of the relay on the first-minute question with branches from alternative
#     tokens (`relayscope branch`): where the SLM was least sure, at the answer's first digit, and a branch of a branch.
# The questions are found here, by evaluating the first $SCAN test problems under each policy (eval --out).
set -euo pipefail
J="java -jar ${JAR:-target/relayscope.jar}"
PY=${PYTHON:-/usr/bin/python3}
SCAN=${SCAN:-80}
BATCH=${BATCH:-40}
DATA=${DATA:-assets/datasets/arith-test.jsonl}   # the test set of the wordings the committed demo models were trained on
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
Q=${QUESTION:-"Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?"}
$J run $BASE --policy slm-only --no-color --out $OUT/slm-only.json "$Q" > /dev/null
$J run $BASE --policy llm-only --no-color --out $OUT/llm-only.json "$Q" > /dev/null
$J run $BASE --policy confidence --threshold 0.95 --call-tokens 2 --no-color --out $OUT/confidence.json "$Q" > /dev/null
$J run $BASE --policy random-token --p 0.1 --call-tokens 2 --no-color --out $OUT/random-token.json "$Q" > /dev/null
$J run $RELAY --policy model-command --no-color --out $OUT/model-command.json "$Q" > /dev/null
# the same five as one session file whose compare set they are (the app opens it in the compare window)
$J compare $OUT/model-command.json $OUT/confidence.json $OUT/random-token.json $OUT/slm-only.json $OUT/llm-only.json \
   --session $OUT/compare-set.json > /dev/null

$J run $RELAY --policy model-command --no-color --out $OUT/call-fixes-error.json "$FIX" > /dev/null
$J run $RELAY --policy model-command --no-color --out $OUT/call-not-needed.json "$NEEDLESS" > /dev/null
$J run $BASE --policy random-token --p 0.1 --call-tokens 2 --no-color --out $OUT/random-call-misses.json "$MISS" > /dev/null
$J run $RELAY --policy model-command --no-color --out $OUT/long-multi-step.json "$LONG" > /dev/null
# the batch: one session file, a run per problem
$J eval $RELAY --policy model-command --dataset $DATA --limit "$BATCH" --no-progress --session $OUT/dataset-batch.json > /dev/null

# the branch tree: branch points chosen from the recorded tokens (run R's token index and which alternative K)
branch_point() { # FILE RUN KIND [AFTER] -> "INDEX K": KIND least-sure (lowest top p of an SLM token after AFTER) or answer
  "$PY" - "$@" <<'PY'
import json, sys
path, run, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
after = int(sys.argv[4]) if len(sys.argv) > 4 else -1
d = json.load(open(path))
t = d if run == 0 else d["session"]["runs"][run - 1]  # run 0 is the top level, run i > 0 session.runs[i-1]
toks = t["tokens"]
def others(x):  # the candidates other than the token written, as branch --alternative counts them (1-based)
    return [a for a in x.get("alternatives", []) if a[0] != x["id"]]
def pick(x):  # the first candidate that is plain text (no call tag, no end of sequence)
    for k, a in enumerate(others(x), 1):
        if a[1].strip() and not a[1].startswith("<") and a[1] != x["text"]:
            return k
    return None
cands = [x for x in toks if x["source"] == "SLM" and x["index"] > after and pick(x)]
if kind == "least-sure":
    best = min(cands, key=lambda x: (x["alternatives"][0][2] if x.get("alternatives") else 1, x["index"]))
else:  # the first digit after the last "Answer"
    text = "".join(x["text"] for x in toks)
    start = text.rfind("Answer")
    pos, at = 0, None
    for x in toks:
        if pos >= start and x["text"].strip().isdigit() and pick(x):
            at = x
            break
        pos += len(x["text"])
    best = at or cands[-1]
print(best["index"], pick(best))
PY
}
TREE=$OUT/branch-tree.json
$J run $RELAY --policy model-command --no-color --out "$TREE" "$Q" > /dev/null
read -r AT K <<< "$(branch_point "$TREE" 0 least-sure)"
$J branch "$TREE" $RELAY --run 0 --at "$AT" --alternative "$K" --out "$TREE" > /dev/null
read -r AT2 K2 <<< "$(branch_point "$TREE" 0 answer)"
$J branch "$TREE" $RELAY --run 0 --at "$AT2" --alternative "$K2" --out "$TREE" > /dev/null
read -r AT3 K3 <<< "$(branch_point "$TREE" 1 least-sure "$AT")"
$J branch "$TREE" $RELAY --run 1 --at "$AT3" --alternative "$K3" --out "$TREE" > /dev/null

rm -f $OUT/long-6000-tokens.json   # the old stress trace: thousands of degenerate tokens, nothing to learn from
for f in $OUT/*.json; do $J inspect "$f" > /dev/null && echo "ok $f"; done
