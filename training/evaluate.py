"""Evaluate a model folder on a dataset: greedy, KV-cached decoding of the weights in model.onnx.

/usr/bin/python3 -m training.evaluate --model assets/models/tiny-llm --dataset assets/datasets/arith-test.jsonl --limit 200
Progress goes to stderr; the last stdout line is `accuracy=0.873`.
"""
import argparse
import json
import os
import sys
import time

import torch

from . import common, export


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True, help="model folder with model.onnx and config.json")
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", action="store_true", help="also print all metrics as one JSON line before the last line")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model = export.load_onnx_weights(os.path.join(args.model, "model.onnx"))
    problems = common.read_jsonl(args.dataset, args.limit)
    t0 = time.time()

    def progress(done, total, t):
        print(f"\r{done}/{total} exact {t['exact'] / max(t['n'], 1):.3f}", end="", file=sys.stderr, flush=True)

    metrics = common.evaluate_model(model, problems, progress=progress)
    print(file=sys.stderr)
    metrics["seconds"] = round(time.time() - t0, 1)
    metrics["parameters"] = model.num_parameters()
    if args.json:
        print(json.dumps(metrics))
    print(f"well_formed={metrics['well_formed']:.3f} equation_accuracy={metrics['equation_accuracy']:.3f} "
          f"operand_copy={metrics['operand_copy']:.3f}")
    print(f"accuracy={metrics['accuracy']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
