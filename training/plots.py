"""PNG plots of the relay training: warm-up SFT curves, GRPO curves, and accuracy against LLM token ratio.

/usr/bin/python3 -m training.plots --sft runs/relay_sft_mismatch/log.jsonl runs/relay_sft_random/log.jsonl \
    --grpo runs/relay_grpo/log.jsonl --eval docs/results/relay-eval.json --out docs/results
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read_log(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def smooth(xs, k=5):
    out = []
    for i in range(len(xs)):
        w = xs[max(0, i - k + 1):i + 1]
        out.append(sum(w) / len(w))
    return out


def plot_sft(paths, out):
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    for path in paths:
        rows = [r for r in read_log(path) if "accuracy" in r]
        label = os.path.basename(os.path.dirname(path)).replace("relay3_sft_", "").replace("relay_sft_", "")
        steps = [r["step"] for r in rows]
        axes[0].plot(steps, [r["accuracy"] for r in rows], marker="o", label=label)
        axes[1].plot(steps, [100 * r["llm_token_ratio"] for r in rows], marker="o", label=label)
        axes[2].plot(steps, [r["calls_per_problem"] for r in rows], marker="o", label=label)
    for ax, t in zip(axes, ["dev accuracy (relay pair, greedy)", "LLM token ratio (%)", "calls per problem"]):
        ax.set_title(t)
        ax.set_xlabel("SFT step")
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_grpo(path, out):
    rows = read_log(path)
    tr = [r for r in rows if "reward" in r]
    ev = [r for r in rows if "eval" in r]
    steps = [r["step"] for r in tr]
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
    for ax, key, title in [(axes[0], "reward", "mean reward (rollouts)"),
                           (axes[1], "llm_token_ratio", "LLM token ratio (rollouts, %)"),
                           (axes[2], "accuracy", "accuracy (rollouts, sampled)"),
                           (axes[3], "calls_per_rollout", "calls per rollout")]:
        ys = [r[key] * (100 if key == "llm_token_ratio" else 1) for r in tr]
        ax.plot(steps, ys, alpha=0.3, color="C0")
        ax.plot(steps, smooth(ys), color="C0", label="per step (smoothed)")
        ax.set_title(title)
        ax.set_xlabel("GRPO step")
        ax.grid(alpha=0.3)
    es = [r["step"] for r in ev]
    axes[1].plot(es, [100 * r["eval"]["llm_token_ratio"] for r in ev], "o-", color="C1", label="dev, greedy")
    axes[2].plot(es, [r["eval"]["accuracy"] for r in ev], "o-", color="C1", label="dev, greedy")
    axes[3].plot(es, [r["eval"]["calls_per_problem"] for r in ev], "o-", color="C1", label="dev, greedy")
    for ax in axes:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_frontier(path, out, extra=None):
    with open(path) as f:
        res = json.load(f)
    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    grid = sorted((p["llm_token_ratio"] * 100, p["accuracy"]) for p in res.get("confidence_grid_n1", []))
    if grid:
        ax.plot([x for x, _ in grid], [y for _, y in grid], "s-", ms=4, color="C1",
                label="confidence n=1 on tiny-slm-base (threshold grid)")
    if extra:
        with open(extra) as f:
            pts = json.load(f)
        ax.plot([p["llm_token_ratio"] * 100 for p in pts], [p["accuracy"] for p in pts], "^", color="C9", ms=6,
                label="relay checkpoints (SFT, GRPO steps)")
        for p in pts:
            ax.annotate(p["label"], (p["llm_token_ratio"] * 100, p["accuracy"]), fontsize=6,
                        textcoords="offset points", xytext=(3, -8))
    for i, (name, v) in enumerate(sorted(res.get("routers", {}).items())):
        pts = sorted((p["llm_token_ratio"] * 100, p["accuracy"]) for p in v["points"])
        ax.plot([x for x, _ in pts], [y for _, y in pts], "o--", ms=3, alpha=0.8, label=name.replace("_", " "),
                color=f"C{i + 2}")
    if "relay_lm_confidence_n1" in res:
        pts = sorted((p["llm_token_ratio"] * 100, p["accuracy"]) for p in res["relay_lm_confidence_n1"]["points"])
        ax.plot([x for x, _ in pts], [y for _, y in pts], "x:", ms=5, color="C8",
                label="confidence n=1 on the relay SLM's own LM (bisection)")
    ax.axhline(res["slm"]["accuracy"], color="gray", ls=":", label="tiny-slm-base alone")
    ax.axhline(res["llm"]["accuracy"], color="black", ls=":", label="tiny-llm alone (100% LLM)")
    ax.plot([res["relay"]["llm_token_ratio"] * 100], [res["relay"]["accuracy"]], "*", ms=16, color="C3",
            label="relay (tiny-slm-relay, model-command)")
    ax.set_xlabel("LLM token ratio (%)")
    ax.set_ylabel("accuracy (arith-test)")
    ax.set_title(f"accuracy vs LLM token ratio, {res['problems']} problems")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sft", nargs="*", default=[])
    ap.add_argument("--grpo", default=None)
    ap.add_argument("--eval", default=None)
    ap.add_argument("--relay-points", default=None, help="JSON list of {label, llm_token_ratio, accuracy}")
    ap.add_argument("--out", default="docs/results")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    made = []
    if args.sft:
        made.append(os.path.join(args.out, "relay-sft-curves.png"))
        plot_sft(args.sft, made[-1])
    if args.grpo:
        made.append(os.path.join(args.out, "relay-grpo-curves.png"))
        plot_grpo(args.grpo, made[-1])
    if args.eval:
        made.append(os.path.join(args.out, "relay-frontier.png"))
        plot_frontier(args.eval, made[-1], args.relay_points)
    print("\n".join(made))
    return 0


if __name__ == "__main__":
    sys.exit(main())
