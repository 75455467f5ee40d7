#!/usr/bin/env bash
# Issue 15's whole training pipeline, resumable: rerun the same command after a kill (or on a fresh machine) and it
# goes on from the latest checkpoint; finished stages (RUNS/<stage>/DONE) are skipped. How to run and resume:
# docs/results/fair-replication.md.
#
#   nohup training/fair_replication.sh > /work/train-runs/driver.log 2>&1 &
#
# Stages (each a run folder under RUNS with checkpoint.pt, log.jsonl, stdout.log):
#   llm       tiny-llm of grammar v3 (augmented: made-up names/items, fillers), from the grammar-v2 run's step 4100
#             (training/checkpoints/llm-v2.pt; with the relay protocol's stray spaces)   } at once,
#   slm-base  tiny-slm-base (slm6: 35k parameters, a 4-unit MLP), 10000 steps, flat over the last 20%   } one thread each
#   nocall    slm-base trained on the relay warm-up's data and steps without calls (same seed: same problems)
#   relay-sft the warm-up of tiny-slm-relay's card (call gate, mismatch-number, self labels, two passes: the plain
#             answers as the no-call model, the answers with whole-number commands at weight 0.3)
#   relay-grpo (RELAY_GRPO=1 only) call-only GRPO on the warm-up (cost weight 5, lr 1e-3, T 0.5, 60 steps); without
#             it RUNS/relay-grpo/model is the warm-up exported
#   export, eval  ONNX model folders RUNS/<stage>/model and training.evaluate / relay_eval numbers in RUNS/eval
# A run folder without checkpoint.pt starts from $CKPTS/<stage>.pt (default training/checkpoints) when there is one
# (the compact resume point committed to git, training/resume_point.py), else from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-/work/train-runs}
PY=${PY:-/usr/bin/python3}
NICE=${NICE:-nice -n 15}
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYTHONWARNINGS=ignore
mkdir -p "$RUNS"
exec 9>"$RUNS/driver.lock"
flock -n 9 || { echo "another fair_replication.sh (or a stage it started) still runs on $RUNS; stop it first" >&2; exit 1; }
echo $$ > "$RUNS/driver.pid"
D=assets/datasets
CKPTS=${CKPTS:-training/checkpoints}   # the committed resume points (training/checkpoints/slm9: session 8's runs)

restore() {
    local s=$1
    if [ ! -f "$RUNS/$s/checkpoint.pt" ] && [ -f "$CKPTS/$s.pt" ]; then
        mkdir -p "$RUNS/$s"
        $PY -m training.resume_point unpack "$CKPTS/$s.pt" "$RUNS/$s/checkpoint.pt"
    fi
}

# stage NAME COMMAND...: runs the command (which resumes by itself) unless NAME is done, then marks it done
stage() {
    local s=$1
    shift
    if [ -f "$RUNS/$s/DONE" ]; then
        echo "$(date -u +%FT%TZ) $s: done, skipped"
        return 0
    fi
    mkdir -p "$RUNS/$s"
    restore "$s"
    echo "$(date -u +%FT%TZ) $s: running, log $RUNS/$s/stdout.log"
    $NICE "$@" >> "$RUNS/$s/stdout.log" 2>&1
    touch "$RUNS/$s/DONE"
    echo "$(date -u +%FT%TZ) $s: finished"
}

# the finished tiny-llm (after its llm-robust stage) is the committed demo LLM (assets/models/tiny-llm, its card
# there): use it for both stages, before any branch starts (the warm-up reads llm/model); LLM_RETRAIN=1 trains it
# again from the grammar-v2 point
committed_llm() {
    if [ ! -f "$RUNS/llm/DONE" ] && [ "${LLM_RETRAIN:-0}" != 1 ] && [ -f assets/models/tiny-llm/model.onnx ]; then
        mkdir -p "$RUNS/llm/model" "$RUNS/llm-robust/model"
        cp assets/models/tiny-llm/* "$RUNS/llm/model/" && touch "$RUNS/llm/DONE"
        cp assets/models/tiny-llm/* "$RUNS/llm-robust/model/" && touch "$RUNS/llm-robust/DONE"
        echo "$(date -u +%FT%TZ) llm, llm-robust: the committed assets/models/tiny-llm"
    fi
}

llm() {
    stage llm $PY -m training.train --init training/checkpoints/llm-v2.pt --steps 8000 --batch 16 --lr 1e-3 \
        --warmup 100 --seed 21 \
        --stray-space-prob 0.3 --mid-number-space-share 0.5 --eval-every 500 --eval-problems 200 --keep-every 1000 \
        --out "$RUNS/llm" --export "$RUNS/llm/model"
}

# The relay shows the LLM a " " where a command stood, often right after '=' or inside a number. A third stage trains
# the LLM with a stray space in 90% of the answers, half of them inside numbers (the recipe of the first demo LLM's
# stage 3). It was started on a misdiagnosis and changed little (see the LLM's card); the relay models were trained
# and measured with it, so it stays. LLM is the LLM of every later stage.
LLM="$RUNS/llm-robust/model"
llm_robust() {
    stage llm-robust $PY -m training.train --init "$RUNS/llm/checkpoint.pt" --stray-space-prob 0.9 \
        --mid-number-space-share 0.5 --lr 5e-4 --warmup 50 --steps 1500 --batch 16 --eval-every 500 --eval-problems 200 \
        --seed 31 --out "$RUNS/llm-robust" --export "$LLM"
}

# The small base (docs/results/fair-replication.md: of slm2-slm8, slm6 is the one whose dev accuracy is flat over its
# last 20% of steps; none that converged stays under the 40% cap). BASE is the base of every later stage.
# Session 8's base under the cap (not committed: its relay is worse than the base alone, see fair-replication.md):
#   SLM_PRESET=slm9 SLM_STEPS=30000 SLM_EVAL=1500 SLM_KEEP=3000 CKPTS=training/checkpoints/slm9 \
#       RUNS=/work/train-runs-slm9 training/fair_replication.sh
SLM_PRESET=${SLM_PRESET:-slm6}
SLM_SEED=${SLM_SEED:-26}
SLM_STEPS=${SLM_STEPS:-10000}
BASE="$RUNS/slm-base"
slm_base() {
    # SLM_FLAGS: more train.py flags for the base (e.g. --plain-wording)
    stage slm-base $PY -m training.train --preset "$SLM_PRESET" --steps "$SLM_STEPS" --batch 16 --lr 3e-3 --warmup 200 \
        --seed "$SLM_SEED" --eval-every "${SLM_EVAL:-1000}" --eval-problems 200 --keep-every "${SLM_KEEP:-2000}" \
        --out "$BASE" --export "$BASE/model" ${SLM_FLAGS:-}
}

nocall() {
    stage nocall $PY -m training.train --init "$BASE/checkpoint.pt" --steps 3000 --batch 32 --lr 5e-4 \
        --warmup 50 --weight-decay 0.01 --seed 13 --eval-every 500 --eval-problems 200 \
        --out "$RUNS/nocall" --export "$RUNS/nocall/model"
}

# The warm-up learns from its own labels (--labels self): the LLM only answers the calls of its dev evaluations, so
# it can start before the LLM's run ends, with the LLM's latest checkpoint exported as it stands (llm/interim-model);
# GRPO and every reported number use the finished LLM.
relay_sft() {
    if [ ! -f "$RUNS/relay-sft/DONE" ] && [ ! -f "$RUNS/llm/DONE" ] && [ ! -f "$RUNS/llm/interim-model/model.onnx" ]; then
        $NICE $PY -m training.export --checkpoint "$RUNS/llm/checkpoint.pt" --out "$RUNS/llm/interim-model" \
            >> "$RUNS/llm/stdout.log" 2>&1
    fi
    local llm_model="$RUNS/llm/interim-model"
    [ -f "$RUNS/llm/DONE" ] && llm_model="$RUNS/llm/model"
    # session 7's warm-up (tiny-slm-relay's card): whole-number commands, the no-call model's loss as its plain pass
    stage relay-sft $PY -m training.relay_sft --variant mismatch-number --call-gate 16 --labels self \
        --base "$BASE/model" --llm "$llm_model" --steps 3000 --batch 32 --lr 5e-4 --warmup 50 \
        --eval-every 500 --eval-problems 200 --seed 13 --call-weight 4 --gate-detached --gate-lr-scale 10 \
        --read-calls 1 --read-weight 0.3 --out "$RUNS/relay-sft"
}

relay_grpo() {
    # the paper's GRPO took the session-7 warm-up's calls away (0.15 -> 0.02 per problem in 20 steps, same accuracy),
    # so the relay model is the warm-up's unless RELAY_GRPO=1
    if [ "${RELAY_GRPO:-0}" != 1 ]; then
        stage relay-export $PY -m training.export --checkpoint "$RUNS/relay-sft/checkpoint.pt" --out "$RUNS/relay-grpo/model"
        return
    fi
    stage relay-grpo $PY -m training.relay_grpo --init "$RUNS/relay-sft/checkpoint.pt" --llm "$LLM" \
        --steps 60 --eval-every 20 --eval-problems 200 --explore call --cost-weight 5 --lr 1e-3 --temperature 0.5 \
        --seed 1 --out "$RUNS/relay-grpo"
    stage relay-export $PY -m training.export --checkpoint "$RUNS/relay-grpo/checkpoint.pt" --out "$RUNS/relay-grpo/model"
}

evaluate() {
    mkdir -p "$RUNS/eval"
    for m in llm-robust slm-base nocall relay-grpo; do
        for d in arith-test arith-paraphrase arith-test-v1; do
            stage "eval-$m-$d" sh -c "$PY -m training.evaluate --model '$RUNS/$m/model' --dataset $D/$d.jsonl --limit 500 \
                --json | grep '^{' > '$RUNS/eval/$m-$d.json'"
        done
    done
    # the Python routers' sweep repeats what the Java `paper-table` measures on the committed models: RELAY_EVAL=1 runs it
    [ "${RELAY_EVAL:-0}" = 1 ] || return 0
    stage eval-relay $PY -m training.relay_eval --slm "$RUNS/relay-grpo/model" --base "$BASE/model" \
        --llm "$LLM" --dataset $D/arith-test.jsonl --limit 500 --iters 6 --call-tokens 1 --random-call-tokens 1 \
        --grid 0.3,0.4,0.45,0.5,0.55,0.6,0.7 --cache "$RUNS/eval/relay-cache.json" --out "$RUNS/eval/relay-eval.json"
}

# the two long runs at once; then what needs the converged base, then what needs both. Everything is inside main,
# (the warm-up needs only the base; GRPO the finished LLM),
# so bash has parsed the whole file before it runs anything: editing this file while it runs cannot derail it.
main() {
    committed_llm
    { llm && llm_robust; } & LLM_PID=$!
    # (wait on the warm-up by its pid: a failed warm-up stops the driver instead of exporting its last checkpoint)
    (slm_base && { relay_sft & SFT_PID=$!; nocall; wait $SFT_PID; }) & SLM_PID=$!
    wait $SLM_PID
    wait $LLM_PID
    relay_grpo
    evaluate
    echo "$(date -u +%FT%TZ) pipeline finished; numbers in $RUNS/eval"
}

main "$@"
exit
