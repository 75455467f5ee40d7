"""Writes a demo model's MODEL_CARD.md and learning-curve PNG from its training log and the evaluate command.

/usr/bin/python3 -m training.model_card --model assets/models/tiny-llm --run runs/llm --role large \
    --command "/usr/bin/python3 -m training.train --preset llm --steps 6000 --seed 1 --out runs/llm --export assets/models/tiny-llm"
"""
import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import date

from . import common


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def plot_curve(log, png, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    evals = [r for r in log if "accuracy" in r]
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=110)
    for key, label in (("accuracy", "final-answer exact match"), ("equation_accuracy", "per-equation arithmetic"),
                       ("operand_copy", "operand copy"), ("well_formed", "well-formed")):
        ax.plot([r["minutes"] for r in evals], [r[key] for r in evals], marker="o", ms=3, label=label)
    ax.set_xlabel("training minutes (2-core CPU)")
    ax.set_ylabel("arith-dev (200 problems, greedy)")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(png)
    plt.close(fig)


def evaluate(model, limit):
    cmd = [sys.executable, "-m", "training.evaluate", "--model", model, "--dataset",
           "assets/datasets/arith-test.jsonl", "--limit", str(limit), "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()
    shown = "/usr/bin/python3 " + " ".join(c for c in cmd[1:] if c != "--json")
    return json.loads(out[-3]), out[-1], shown


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--role", required=True, choices=["large", "small"])
    ap.add_argument("--command", required=True)
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args(argv)
    with open(os.path.join(args.run, "log.jsonl")) as f:
        log = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(args.model, "config.json")) as f:
        cfg = json.load(f)
    metrics, last_line, eval_cmd = evaluate(args.model, args.limit)
    name = os.path.basename(os.path.normpath(args.model))
    plot_curve(log, os.path.join(args.model, "learning-curve.png"), f"{name}: learning curve on arith-dev")
    final = log[-1]
    evals = [r for r in log if "accuracy" in r]
    rows = "\n".join(f"| {r['step']} | {r['minutes']:.1f} | {r['loss']:.4f} | {r['accuracy']:.3f} | "
                     f"{r['equation_accuracy']:.3f} | {r['operand_copy']:.3f} | {r['well_formed']:.3f} |" for r in evals)
    role = ("the large model of the demo pair: it masters the task" if args.role == "large" else
            "the small base model of the demo pair: fluent in the format, weak on the computed numbers")
    card = f"""# {name}

A Qwen3-style decoder trained from scratch on RelayScope's synthetic arithmetic word problems: {role}.
Exported to ONNX in the Hugging Face Optimum decoder layout (inputs `input_ids`, `attention_mask`, `position_ids`,
`past_key_values.{{i}}.key/value`; outputs `logits`, `present.{{i}}.key/value`; dynamic batch, sequence and past axes).

## Architecture
| | |
|---|---|
| parameters | {metrics['parameters']:,} (tied input/output embeddings) |
| layers | {cfg['num_hidden_layers']} |
| hidden size | {cfg['hidden_size']} |
| attention heads / KV heads | {cfg['num_attention_heads']} / {cfg['num_key_value_heads']} (grouped-query), head size {cfg['head_dim']} |
| MLP | SwiGLU, intermediate size {cfg['intermediate_size']} |
| norms, positions | RMSNorm (also on queries and keys, as Qwen3), RoPE theta {cfg['rope_theta']:g} |
| vocabulary | {cfg['vocab_size']}: the 256 bytes + `<|endoftext|>` (256, EOS), `<call>` (257), `</call>` (258), `<pad>` (259) |
| files | `model.onnx` ({os.path.getsize(os.path.join(args.model, 'model.onnx')) / 1e6:.1f} MB fp32, opset 14), `tokenizer.json`, `config.json`, `generation_config.json` |

## Data
Fresh problems every step from `training/task.py` (seeded): a start value 10-99, 2-4 equations of +, - and
"k boxes of n" (1-digit x 1-digit, then +), every value within 0-99, at least one multi-digit result. Prompt
`Q: <question>\\nA:`, target ` <equations> Answer: N<|endoftext|>`, loss on the answer only. Questions of
`assets/datasets/arith-dev.jsonl` and `arith-test.jsonl` are excluded from training.

## Training
AdamW (betas 0.9/0.95, weight decay 0.01), lr 2e-3 with 100 warm-up steps and cosine decay to 0.1x, batch 16,
{final['step']} steps, {final['minutes']:.1f} minutes of training on {cpu_model()} (2 cores, shared with other jobs),
Debian's torch 1.13, one thread. Reproduce:

```bash
{args.command}
```

## Learning curve (arith-dev, 200 problems, greedy)
![learning curve](learning-curve.png)

| step | minutes | loss | exact match | per-equation | operand copy | well-formed |
|---|---|---|---|---|---|---|
{rows}

## Metrics on arith-test ({metrics['problems']} problems, greedy, KV-cached), {date.today().isoformat()}
| metric | value |
|---|---|
| final-answer exact match | **{metrics['accuracy']:.3f}** |
| well-formed answers | {metrics['well_formed']:.3f} |
| per-equation arithmetic accuracy | {metrics['equation_accuracy']:.3f} |
| operand copy accuracy | {metrics['operand_copy']:.3f} |

From:

```bash
{eval_cmd}
# last line: {last_line}
```
"""
    with open(os.path.join(args.model, "MODEL_CARD.md"), "w") as f:
        f.write(card)
    print(last_line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
