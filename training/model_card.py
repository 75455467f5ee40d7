"""Writes a demo model's MODEL_CARD.md and learning-curve PNG from its training logs and the evaluate command.

Every number in the metrics tables comes from `training.evaluate` run here on the model folder's own model.onnx
(the committed file), on arith-test, arith-paraphrase and arith-test-v1.

/usr/bin/python3 -m training.model_card --model assets/models/tiny-llm --role large \
    --run /work/train-runs/old-v2/llm --command "..." --run /work/train-runs/llm --command "..." --recipe "..."

A model trained in phases (say, on grammar v2 and then v3) gives one --run and one --command per phase, in order;
the curve and the table put them end to end.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import date

DATASETS = (("arith-test", "the test set of the training wordings"),
            ("arith-paraphrase", "wordings never used in training"),
            ("arith-test-v1", "the first grammar's test set (one template)"))

ROLES = {
    "large": "the large model of the demo pair: it masters the task",
    "small": "the small base model of the demo pair: fluent in the format, weak on the computed numbers",
    "nocall": "the paper's no-call baseline: tiny-slm-base trained further on the relay warm-up's problems, steps, "
              "batch and schedule, without any call",
}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def read_log(run):
    with open(os.path.join(run, "log.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def joined(logs):
    """The phases' logs end to end: steps and minutes of a later phase continue the earlier one's."""
    out, step0, min0, bounds = [], 0, 0.0, []
    for i, log in enumerate(logs):
        if i:
            bounds.append(step0)
        for r in log:
            out.append(dict(r, step=r["step"] + step0, minutes=r["minutes"] + min0, phase=i + 1))
        if log:
            step0 += log[-1]["step"]
            min0 += log[-1]["minutes"]
    return out, bounds


def flatness(evals, share=0.2):
    """(first step of the last `share` of steps, min and max dev accuracy there): the convergence check."""
    if not evals:
        return None
    last = evals[-1]["step"]
    tail = [r for r in evals if r["step"] >= last * (1 - share)]
    return tail[0]["step"], min(r["accuracy"] for r in tail), max(r["accuracy"] for r in tail), len(tail)


def mlp_text(cfg):
    if not cfg["intermediate_size"]:
        return "none: attention-only blocks (intermediate size 0; no MLP and no second norm in a block)"
    return f"SwiGLU, intermediate size {cfg['intermediate_size']}"


def plot_curve(evals, bounds, png, title, phase_label="next phase"):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=110)
    for key, label in (("accuracy", "dev: final-answer exact match"), ("equation_accuracy", "dev: per-equation arithmetic"),
                       ("operand_copy", "dev: operand copy"), ("paraphrase_accuracy", "paraphrase: exact match")):
        pts = [(r["step"], r[key]) for r in evals if key in r]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", ms=3, label=label)
    for b in bounds:
        ax.axvline(b, color="0.5", ls="--", lw=1)
        ax.text(b, 0.03, f" {phase_label}", fontsize=7, color="0.35")
    ax.set_xlabel("training step")
    ax.set_ylabel("200 problems, greedy")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(png)
    plt.close(fig)


def evaluate(model, dataset, limit):
    cmd = [sys.executable, "-m", "training.evaluate", "--model", model, "--dataset",
           f"assets/datasets/{dataset}.jsonl", "--limit", str(limit), "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()
    shown = "/usr/bin/python3 " + " ".join(c for c in cmd[1:] if c != "--json")
    return json.loads(out[-3]), out[-1], shown


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True)
    ap.add_argument("--run", required=True, action="append", help="run folder with log.jsonl, one per phase")
    ap.add_argument("--command", required=True, action="append", help="the command of each phase")
    ap.add_argument("--role", required=True, choices=sorted(ROLES))
    ap.add_argument("--recipe", default="", help="a paragraph on the training recipe")
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--phase-label", default="grammar v3", help="the curve's label at each phase boundary")
    args = ap.parse_args(argv)
    if len(args.run) != len(args.command):
        ap.error("give one --command per --run")
    log, bounds = joined([read_log(r) for r in args.run])
    with open(os.path.join(args.model, "config.json")) as f:
        cfg = json.load(f)
    results = [(d, about) + evaluate(args.model, d, args.limit) for d, about in DATASETS]
    params = results[0][2]["parameters"]
    name = os.path.basename(os.path.normpath(args.model))
    evals = [r for r in log if "accuracy" in r]
    plot_curve(evals, bounds, os.path.join(args.model, "learning-curve.png"), f"{name}: learning curve", args.phase_label)
    final = log[-1]
    rows = "\n".join(f"| {r['phase']} | {r['step']} | {r['minutes']:.1f} | {r['loss']:.4f} | {r['accuracy']:.3f} | "
                     f"{r['equation_accuracy']:.3f} | {r['operand_copy']:.3f} | "
                     f"{r.get('paraphrase_accuracy', float('nan')):.3f} |" for r in evals)
    flat = flatness([r for r in evals if r["phase"] == evals[-1]["phase"]])
    flat_text = ""
    if flat:
        first, lo, hi, n = flat
        flat_text = (f"\nConvergence: over the last 20% of the steps (from step {first}, {n} evaluations) dev exact "
                     f"match stays within {lo:.3f}-{hi:.3f} (spread {hi - lo:.3f}).\n")
    metric_rows = "\n".join(
        f"| {d} ({about}) | **{m['accuracy']:.3f}** | {m['well_formed']:.3f} | {m['equation_accuracy']:.3f} | "
        f"{m['operand_copy']:.3f} | {m.get('errors_on_computed', 0):.3f} |" for d, about, m, _, _ in results)
    commands = "\n".join(f"{shown}\n# last line: {last}" for _, _, _, last, shown in results)
    phases = "\n".join(f"# phase {i + 1}\n{c}" for i, c in enumerate(args.command)) if len(args.command) > 1 else args.command[0]
    card = f"""# {name}

A Qwen3-style decoder trained from scratch on RelayScope's synthetic arithmetic word problems: {ROLES[args.role]}.
Exported to ONNX in the Hugging Face Optimum decoder layout (inputs `input_ids`, `attention_mask`, `position_ids`,
`past_key_values.{{i}}.key/value`; outputs `logits`, `present.{{i}}.key/value`; dynamic batch, sequence and past axes).

## Architecture
| | |
|---|---|
| parameters | {params:,} (tied input/output embeddings) |
| layers | {cfg['num_hidden_layers']} |
| hidden size | {cfg['hidden_size']} |
| attention heads / KV heads | {cfg['num_attention_heads']} / {cfg['num_key_value_heads']} (grouped-query), head size {cfg['head_dim']} |
| MLP | {mlp_text(cfg)} |
| norms, positions | RMSNorm (also on queries and keys, as Qwen3), RoPE theta {cfg['rope_theta']:g} |
| vocabulary | {cfg['vocab_size']}: the 256 bytes + `<|endoftext|>` (256, EOS), `<call>` (257), `</call>` (258), `<pad>` (259) |
| files | `model.onnx` ({os.path.getsize(os.path.join(args.model, 'model.onnx')) / 1e6:.1f} MB fp32, opset 14), `tokenizer.json`, `config.json`, `generation_config.json` |

## Data
Fresh problems every step from `training/task.py` (seeded) over the grammar `assets/datasets/arith-grammar.json`
(docs/arith-grammar.md): a start value 10-99, 2-4 equations of +, - and "k boxes of n", every value within 0-99,
worded from the grammar's training lists (15 sentence orders, numbers as digits or words), with its training
augmentation (made-up names, items and containers, filler sentences). Prompt `Q: <question>\\nA:`, target
` <equations> Answer: N<|endoftext|>`, loss on the answer only. Questions of arith-dev, arith-test and
arith-paraphrase are never trained on; arith-paraphrase's wordings (templates, asks, names, items, containers,
connectors) never occur in training at all.

## Training
{args.recipe}
AdamW (betas 0.9/0.95, weight decay 0.01), cosine decay to 0.1x, {final['step']} steps in all, {final['minutes']:.1f}
minutes of training on {cpu_model()} (2 cores, shared with other jobs), Debian's torch 1.13, one thread. Reproduce:

```bash
{phases}
```

## Learning curve (arith-dev and arith-paraphrase, 200 problems each, greedy)
![learning curve](learning-curve.png)

| phase | step | minutes | loss | dev exact match | per-equation | operand copy | paraphrase exact match |
|---|---|---|---|---|---|---|---|
{rows}
{flat_text}
## Metrics ({results[0][2]['problems']} problems each, greedy, KV-cached), {date.today().isoformat()}
| dataset | final-answer exact match | well-formed | per-equation arithmetic | operand copy | wrong answers with every operand copied (error in a computed number) |
|---|---|---|---|---|---|
{metric_rows}

From the committed `model.onnx`:

```bash
{commands}
```
"""
    with open(os.path.join(args.model, "MODEL_CARD.md"), "w") as f:
        f.write(card)
    for d, _, _, last, _ in results:
        print(f"{d}: {last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
