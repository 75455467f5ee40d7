"""Train a demo decoder on the arithmetic task (training.loop: resumes, logs, checkpoints, held-out evaluation).

/usr/bin/python3 -m training.train --preset llm --steps 4000 --seed 1 --out runs/llm --export assets/models/tiny-llm
Held-out evaluation: the first --eval-problems of --dev (same grammar, never trained on) and of --paraphrase
(held-out wordings), logged as accuracy, equation_accuracy, ... and paraphrase_accuracy, ...
"""
import argparse
import os
import random
import sys

import torch

from . import common, loop, task
from .model import Config, Decoder


def held_out_eval(dev, paraphrase):
    def evaluate(model):
        out = dict(common.evaluate_model(model, dev)) if dev else {}
        if paraphrase:
            out.update({f"paraphrase_{k}": v for k, v in common.evaluate_model(model, paraphrase).items()})
        out.pop("problems", None)
        out.pop("paraphrase_problems", None)
        return {k: round(v, 4) for k, v in out.items()}
    return evaluate if dev or paraphrase else None


def answer_loss(model, examples, groups=1):
    """Mean cross-entropy over the answer tokens of a batch. With groups > 1 the examples are sorted by length and
    run as that many padded micro-batches (less padding: 26% of the tokens with one group, 7% with four, on this
    task), their summed losses divided by the batch's answer-token count: the same loss and gradient as one batch."""
    order = sorted(examples, key=lambda ex: len(ex[0])) if groups > 1 else examples
    size = -(-len(order) // groups)
    total, count, tokens = 0.0, 0, 0
    for i in range(0, len(order), size):
        inp, att, pos, tgt = common.batch_tensors(order[i:i + size])
        logits, _ = model(inp, att, pos)
        total = total + torch.nn.functional.cross_entropy(logits.view(-1, logits.shape[-1]), tgt.view(-1),
                                                          ignore_index=-100, reduction="sum")
        count += int((tgt != -100).sum())
        tokens += int(att.sum())
    return total / max(count, 1), {"tokens": tokens}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--preset", default="llm", choices=sorted(common.PRESETS))
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="run folder: checkpoint.pt, log.jsonl")
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--eval-problems", type=int, default=200)
    ap.add_argument("--dev", default="assets/datasets/arith-dev.jsonl")
    ap.add_argument("--paraphrase", default="assets/datasets/arith-paraphrase.jsonl",
                    help="held-out wordings, also evaluated ('' to skip)")
    ap.add_argument("--length-groups", type=int, default=4,
                    help="run each batch as this many length-sorted micro-batches (less padding, same loss)")
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--ckpt-minutes", type=float, default=3.0, help="also checkpoint after this much wall time")
    ap.add_argument("--keep-every", type=int, default=0, help="also keep step_N.pt every N steps")
    ap.add_argument("--export", default=None, help="model folder to export to at the end")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--plain-wording", action="store_true",
                    help="train on the grammar's training wordings only, without the made-up words of `augment`")
    ap.add_argument("--stop-at", type=int, default=None,
                    help="stop (and export) at this step while keeping the learning-rate schedule of --steps")
    ap.add_argument("--init", default=None,
                    help="start from this checkpoint's (or model folder's) weights and config (fresh optimizer, "
                         "step 0); ignored when the run folder already has a checkpoint to resume")
    ap.add_argument("--mid-number-space-share", type=float, default=0.0,
                    help="with --stray-space-prob: share of the stray spaces put between two digits of a number")
    ap.add_argument("--stray-space-prob", type=float, default=0.0,
                    help="share of examples with 1-3 stray ' ' tokens in the answer, their prediction unscored "
                         "(teaches the LLM to read past the space the relay protocol leaves for a command)")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    ckpt_path, _ = loop.run_paths(args.out)
    common.seed_all(args.seed)
    if os.path.exists(ckpt_path):
        model = Decoder(Config(**torch.load(ckpt_path)["config"]))
    elif args.init:
        from . import relay_protocol
        model = relay_protocol.load_model(args.init)
        print(f"initialised from {args.init}", file=sys.stderr)
    else:
        model = Decoder(common.PRESETS[args.preset])
    config = model.c
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay, betas=(0.9, 0.95))
    rng = random.Random(args.seed)
    dev = common.read_jsonl(args.dev, args.eval_problems) if args.dev and os.path.exists(args.dev) else None
    para = (common.read_jsonl(args.paraphrase, args.eval_problems)
            if args.paraphrase and os.path.exists(args.paraphrase) else None)
    print(f"{args.preset}: {model.num_parameters()} parameters", file=sys.stderr)
    held_out = common.held_out_questions(args.dev)

    def step_fn(step):
        examples = []
        while len(examples) < args.batch:
            p = task.make_problem(rng, augment=not args.plain_wording)
            if p["question"] not in held_out:
                examples.append(common.example_ids(p, rng, args.stray_space_prob, args.mid_number_space_share))
        return answer_loss(model, examples, args.length_groups)

    loop.train(args.out, model, opt, rng, args.steps, step_fn,
               lr_at=loop.warmup_cosine(args.lr, args.warmup, args.steps), evaluate=held_out_eval(dev, para),
               eval_every=args.eval_every, ckpt_every=args.ckpt_every, ckpt_seconds=args.ckpt_minutes * 60,
               keep_every=args.keep_every, stop_at=args.stop_at,
               meta={"config": config.to_dict(), "preset": args.preset, "args": vars(args)})
    if args.export:
        from . import export
        export.export_checkpoint(ckpt_path, args.export)
    return 0


if __name__ == "__main__":
    sys.exit(main())
