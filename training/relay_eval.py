"""Evaluate the relay pair against the SLM alone, the LLM alone, and the training-free routers at the same cost.

Greedy decoding under the engine's protocol (relay_protocol.py) and the engine's default limits (256 new tokens,
64 calls). Reports accuracy (final-answer exact match), the paper's LLM token ratio (LLM tokens / all response
tokens, summed over the dataset) and calls per problem for:
  slm        tiny-slm-base alone           llm   tiny-llm alone
  relay      relay SLM + LLM, model-command policy (the SLM's own <call>n</call>)
  confidence tiny-slm-base + LLM: call n tokens when the SLM's top probability < threshold
  random     tiny-slm-base + LLM: call n tokens with probability p before each SLM token
The two routers are swept (bisection on threshold / p, for each n) to the relay's LLM token ratio; their accuracy
there is interpolated between the two bracketing points. Gap closed = (relay - slm) / (llm - slm).

/usr/bin/python3 -m training.relay_eval --slm assets/models/tiny-slm-relay --limit 500 --out docs/results/relay-eval.json
"""
import argparse
import json
import os
import re
import sys
import time

import torch

from . import common, task, tokenizer
from . import relay_protocol as rp
from .export import load_onnx_weights


CACHE = {}
CACHE_PATH = [None]


def cached(key, fn):
    """Router and baseline results, keyed by the weights (file_digest) of the models they ran, kept in --cache."""
    if key not in CACHE:
        CACHE[key] = fn()
        if CACHE_PATH[0]:
            with open(CACHE_PATH[0], "w") as f:
                json.dump(CACHE, f)
    return dict(CACHE[key])


def run_policy(slm, llm, problems, make_policy, max_new_tokens, max_calls, batch=100):
    rolls = []
    for i in range(0, len(problems), batch):
        chunk = problems[i:i + batch]
        prompts = [tokenizer.encode(task.prompt_of(p["question"])) for p in chunk]
        rolls += rp.relay_generate(slm, llm, prompts, max_new_tokens=max_new_tokens, max_calls=max_calls,
                                   policies=[make_policy(i + k) for k in range(len(chunk))])
    # well-formedness of the answer text without the commands (the relay's text keeps its <call>n</call>)
    scores = [task.score(rp.COMMAND_RE.sub("", r.text), common._with_equations(p)) for r, p in zip(rolls, problems)]
    out = {"problems": len(problems), "accuracy": sum(s["exact"] for s in scores) / max(1, len(problems)),
           "well_formed": sum(s["well_formed"] for s in scores) / max(1, len(problems))}
    out.update(rp.aggregate(rolls))
    out["requested_per_call"] = (sum(sum(r.requested) for r in rolls) / max(1, sum(r.num_calls for r in rolls)))
    return out, rolls


@torch.no_grad()
def space_robustness(llm, problems):
    """Teacher-forced: share of result numbers (after '=' or 'Answer: ') the LLM writes exactly, from the gold
    context as is and with the " " that the protocol puts where a command was inserted right before the number."""
    out = {}
    for name, extra in (("plain", ""), ("space_before_number", " ")):
        exs = []
        for p in problems:
            tgt = task.target_of(p["solution"])
            for m in re.finditer(r"(=|Answer: )(\d+)", tgt):
                ctx = tokenizer.encode(task.prompt_of(p["question"]) + tgt[:m.start(2)] + extra)
                exs.append((ctx + tokenizer.encode(m.group(2)), len(ctx)))
        good = 0
        for i in range(0, len(exs), 200):
            chunk = exs[i:i + 200]
            inp, att, pos, _ = common.batch_tensors(chunk)
            am = rp.forward(llm, inp, att, pos)[0].argmax(-1)
            for r, (ids, start) in enumerate(chunk):
                good += all(am[r, j].item() == ids[j + 1] for j in range(start - 1, len(ids) - 1))
        out[name] = good / max(1, len(exs))
    out["numbers"] = len(exs)
    return out


def interpolate(points, target):
    """Accuracy at the target LLM token ratio from (ratio, accuracy) points: linear between the bracketing ones."""
    pts = sorted(points)
    below = [p for p in pts if p[0] <= target]
    above = [p for p in pts if p[0] >= target]
    if not below:
        return above[0][1]
    if not above:
        return below[-1][1]
    (r0, a0), (r1, a1) = below[-1], above[0]
    if r1 == r0:
        return (a0 + a1) / 2
    return a0 + (a1 - a0) * (target - r0) / (r1 - r0)


def file_digest(path):
    """sha256 (first 16 hex) of a model folder's model.onnx or of a checkpoint: cache keys follow the weights, not
    the path, so re-exporting a model to the same folder never reuses its predecessor's results."""
    import hashlib
    f = os.path.join(path, "model.onnx") if os.path.isdir(path) else path
    h = hashlib.sha256()
    with open(f, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def sweep(name, slm, llm, problems, n, target, lo, hi, iters, limits, seed, tag=""):
    """Bisection on the router's knob so its LLM token ratio meets the target; returns all points."""
    points = []
    for _ in range(iters):
        mid = (lo + hi) / 2
        if name == "confidence":
            def make(i, mid=mid):
                return rp.Confidence(threshold=mid, n=n)
        else:
            def make(i, mid=mid):
                return rp.RandomToken(p=mid, n=n, seed=seed * 100_003 + i)
        key = f"{name}{tag}|{n}|{mid:.6f}|{len(problems)}|{limits}"
        m = cached(key, lambda: run_policy(slm, llm, problems, make, *limits)[0])
        m.update({"policy": name, "n": n, "knob": round(mid, 5)})
        points.append(m)
        print(json.dumps(m), file=sys.stderr, flush=True)
        if m["llm_token_ratio"] < target:
            lo = mid
        else:
            hi = mid
    acc = interpolate([(p["llm_token_ratio"], p["accuracy"]) for p in points], target)
    return points, acc


def markdown_table(res):
    """The headline rows as a Markdown table."""
    def row(name, m, note=""):
        return (f"| {name} | {100 * m['accuracy']:.1f} | {100 * m['llm_token_ratio']:.2f} | "
                f"{m['calls_per_problem']:.2f} | {note} |")
    lines = ["| system | accuracy (%) | LLM token ratio (%) | calls / problem | note |", "|---|---|---|---|---|",
             row("tiny-slm-base alone", res["slm"]),
             row("tiny-llm alone", res["llm"]),
             row("relay SLM alone (its <call> masked)", res["relay_slm_no_calls"]),
             row("relay: tiny-slm-relay + tiny-llm, model-command", res["relay"],
                 f"gap closed {100 * res['gap_closed']:.1f}%" if res.get("gap_closed") is not None else "")]
    for name, v in sorted(res.get("routers", {}).items()):
        lines.append(f"| {name.replace('_', ' n=').replace('n=n', 'n=')} on tiny-slm-base, at the relay's ratio | "
                     f"{100 * v['accuracy_at_relay_ratio']:.1f} | {100 * res['relay']['llm_token_ratio']:.2f} "
                     f"(interpolated) | | bisection points: "
                     + ", ".join(f"{100 * p['llm_token_ratio']:.1f}%->{100 * p['accuracy']:.1f}" for p in
                                 sorted(v["points"], key=lambda p: p["llm_token_ratio"])) + " |")
    if "relay_lm_confidence_n1" in res:
        v = res["relay_lm_confidence_n1"]
        lines.append(f"| confidence n=1 on the relay SLM's own language model, at the relay's ratio | "
                     f"{100 * v['accuracy_at_relay_ratio']:.1f} | {100 * res['relay']['llm_token_ratio']:.2f} "
                     f"(interpolated) | | |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--slm", default=None, help="relay SLM: model folder or checkpoint.pt")
    ap.add_argument("--base", default="assets/models/tiny-slm-base")
    ap.add_argument("--llm", default="assets/models/tiny-llm")
    ap.add_argument("--dataset", default="assets/datasets/arith-test.jsonl")
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--max-new-tokens", type=int, default=256)
    ap.add_argument("--max-calls", type=int, default=64)
    ap.add_argument("--call-tokens", default="1,2,4", help="n values for the confidence router")
    ap.add_argument("--random-call-tokens", default="1,4", help="n values for the random-token router")
    ap.add_argument("--iters", type=int, default=6, help="bisection steps per router and n")
    ap.add_argument("--no-sweep", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=None, help="JSON file for all numbers")
    ap.add_argument("--points", nargs="*", default=None, metavar="LABEL=PATH",
                    help="only evaluate these relay SLMs (model-command) and write [{label, accuracy, ...}] to --out")
    ap.add_argument("--cache", default=None, help="JSON file caching the base-SLM runs between evaluations")
    ap.add_argument("--grid", default="0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9",
                    help="confidence thresholds (n=1) for the frontier plot; empty for none")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    problems = common.read_jsonl(args.dataset, args.limit)
    llm = rp.load_model(args.llm)
    limits = (args.max_new_tokens, args.max_calls)
    if args.points is not None:
        pts = []
        for item in args.points:
            label, path = item.split("=", 1)
            m, _ = run_policy(rp.load_model(path), llm, problems, lambda i: rp.ModelCommand(), *limits)
            m.update({"label": label, "path": path})
            pts.append(m)
            print(json.dumps(m), file=sys.stderr, flush=True)
        with open(args.out, "w") as f:
            json.dump(pts, f, indent=1)
        return 0
    base = load_onnx_weights(os.path.join(args.base, "model.onnx"))
    relay = rp.load_model(args.slm)
    res = {"dataset": args.dataset, "problems": len(problems), "limits": {"max_new_tokens": limits[0],
                                                                          "max_calls": limits[1]},
           "models": {"relay_slm": args.slm, "base": args.base, "llm": args.llm}}
    CACHE_PATH[0] = args.cache
    if args.cache and os.path.exists(args.cache):
        with open(args.cache) as f:
            CACHE.update(json.load(f))
    models = f"@{file_digest(args.base)}+{file_digest(args.llm)}"
    tag = f"{len(problems)}|{limits}|{models}"
    res["slm"] = cached(f"slm|{tag}", lambda: run_policy(base, llm, problems, lambda i: rp.SlmOnly(), *limits)[0])
    print("slm", json.dumps(res["slm"]), file=sys.stderr, flush=True)
    res["llm"] = cached(f"llm|{tag}", lambda: run_policy(base, llm, problems, lambda i: rp.LlmOnly(), *limits)[0])
    print("llm", json.dumps(res["llm"]), file=sys.stderr, flush=True)
    res["llm_space_robustness"] = space_robustness(llm, problems)
    print("llm space robustness", json.dumps(res["llm_space_robustness"]), file=sys.stderr, flush=True)
    res["relay_slm_no_calls"], _ = run_policy(relay, llm, problems, lambda i: rp.SlmOnly(), *limits)
    res["relay"], rolls = run_policy(relay, llm, problems, lambda i: rp.ModelCommand(), *limits)
    print("relay", json.dumps(res["relay"]), file=sys.stderr, flush=True)
    res["examples"] = [dict(question=p["question"], answer=p["answer"], **r.summary())
                       for r, p in list(zip(rolls, problems))[:5]]
    slm_acc, llm_acc, relay_acc = res["slm"]["accuracy"], res["llm"]["accuracy"], res["relay"]["accuracy"]
    res["gap_closed"] = (relay_acc - slm_acc) / (llm_acc - slm_acc) if llm_acc != slm_acc else None
    target = res["relay"]["llm_token_ratio"]
    if not args.no_sweep and target > 0:
        res["routers"] = {}
        for name, hi, ns in (("confidence", 1.0, args.call_tokens), ("random", 0.5, args.random_call_tokens)):
            for n in [int(x) for x in ns.split(",")]:
                # random: ratio ~ p*n, so bracket p up to a few times the target
                top = hi if name == "confidence" else min(1.0, 4 * target / n + 0.01)
                points, acc = sweep(name, base, llm, problems, n, target, 0.0, top, args.iters, limits, args.seed,
                                    tag=models)
                res["routers"][f"{name}_n{n}"] = {"accuracy_at_relay_ratio": acc, "points": points}
        # the same router over the relay SLM's own language model (its `<call>` masked): how much of the relay's
        # accuracy comes from where it calls rather than from what the warm-up taught its language model
        points, acc = sweep("confidence", relay, llm, problems, 1, target, 0.0, 1.0, args.iters, limits, args.seed,
                               tag=f"@{file_digest(args.slm)}+{file_digest(args.llm)}")
        res["relay_lm_confidence_n1"] = {"accuracy_at_relay_ratio": acc, "points": points}
        res["best_confidence_at_ratio"] = max(v["accuracy_at_relay_ratio"] for k, v in res["routers"].items()
                                              if k.startswith("confidence"))
        res["best_random_at_ratio"] = max(v["accuracy_at_relay_ratio"] for k, v in res["routers"].items()
                                          if k.startswith("random"))
    if args.grid:
        res["confidence_grid_n1"] = []
        for th in [float(x) for x in args.grid.split(",")]:
            m = cached(f"confidence{models}|1|{th:.6f}|{len(problems)}|{limits}",
                       lambda: run_policy(base, llm, problems, lambda i: rp.Confidence(th, 1), *limits)[0])
            m.update({"policy": "confidence", "n": 1, "knob": th})
            res["confidence_grid_n1"].append(m)
            print(json.dumps(m), file=sys.stderr, flush=True)
    if args.cache:
        with open(args.cache, "w") as f:
            json.dump(CACHE, f)
    res["seconds"] = round(time.time() - t0, 1)
    res["markdown"] = markdown_table(res)
    print(res["markdown"], file=sys.stderr)
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(res, f, indent=1)
    print(f"slm={slm_acc:.3f} llm={llm_acc:.3f} relay={relay_acc:.3f} "
          f"llm_token_ratio={target:.4f} calls={res['relay']['calls_per_problem']:.2f} "
          f"gap_closed={res['gap_closed'] if res['gap_closed'] is None else round(res['gap_closed'], 3)}"
          + (f" confidence@ratio={res['best_confidence_at_ratio']:.3f} random@ratio={res['best_random_at_ratio']:.3f}"
             if "routers" in res else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
