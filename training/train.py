"""Train a demo decoder on the arithmetic task, checkpointing often; resumes from its checkpoint.

/usr/bin/python3 -m training.train --preset llm --steps 4000 --seed 1 --out runs/llm --export assets/models/tiny-llm
"""
import argparse
import json
import os
import random
import sys
import time

import torch

from . import common, task
from .model import Decoder


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
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--keep-every", type=int, default=0, help="also keep step_N.pt every N steps")
    ap.add_argument("--export", default=None, help="model folder to export to at the end")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--stop-at", type=int, default=None,
                    help="stop (and export) at this step while keeping the learning-rate schedule of --steps")
    ap.add_argument("--init", default=None,
                    help="start from this checkpoint's weights and config (fresh optimizer, step 0); "
                         "ignored when the run folder already has a checkpoint to resume")
    ap.add_argument("--mid-number-space-share", type=float, default=0.0,
                    help="with --stray-space-prob: share of the stray spaces put between two digits of a number")
    ap.add_argument("--stray-space-prob", type=float, default=0.0,
                    help="share of examples with 1-3 stray ' ' tokens in the answer, their prediction unscored "
                         "(teaches the LLM to read past the space the relay protocol leaves for a command)")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    log_path = os.path.join(args.out, "log.jsonl")
    config = common.PRESETS[args.preset]
    init = torch.load(args.init) if args.init and not os.path.exists(ckpt_path) else None
    if init is not None:
        from .model import Config
        config = Config(**init["config"])
        args.preset = init.get("preset", args.preset)
    common.seed_all(args.seed)
    model = Decoder(config)
    if init is not None:
        model.load_state_dict(init["model"])
        print(f"initialised from {args.init} (step {init.get('step')})", file=sys.stderr)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay, betas=(0.9, 0.95))
    rng = random.Random(args.seed)
    step, elapsed = common.resume(ckpt_path, model, opt, rng)
    dev = common.read_jsonl(args.dev, args.eval_problems) if os.path.exists(args.dev) else None
    print(f"{args.preset}: {model.num_parameters()} parameters", file=sys.stderr)

    lr_at = common.warmup_cosine(args.lr, args.warmup, args.steps)

    held_out = common.held_out_questions(args.dev)
    tokens_seen = 0
    t0 = time.time()
    window_loss, window_n = 0.0, 0
    last = min(args.steps, args.stop_at or args.steps)
    while step < last:
        model.train()
        examples = []
        while len(examples) < args.batch:
            p = task.make_problem(rng)
            if p["question"] not in held_out:
                examples.append(common.example_ids(p, rng, args.stray_space_prob, args.mid_number_space_share))
        inp, att, pos, tgt = common.batch_tensors(examples)
        logits, _ = model(inp, att, pos)
        loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.shape[-1]), tgt.view(-1), ignore_index=-100)
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens_seen += int(att.sum())
        window_loss += loss.item()
        window_n += 1
        now = time.time()
        if step % 50 == 0:
            print(f"step {step} loss {window_loss / window_n:.4f} lr {lr_at(step):.2e} "
                  f"tok/s {tokens_seen / (now - t0):.0f}", file=sys.stderr, flush=True)
        if step % args.ckpt_every == 0 or step == last or (dev and step % args.eval_every == 0):
            elapsed += now - t0
            t0, tokens_seen = now, 0
            entry = {"step": step, "minutes": round(elapsed / 60, 2), "loss": round(window_loss / window_n, 5)}
            window_loss, window_n = 0.0, 0
            if dev and (step % args.eval_every == 0 or step == last):
                entry.update(common.evaluate_model(model, dev))
                print(json.dumps(entry), file=sys.stderr, flush=True)
            with open(log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")
            state = {"model": model.state_dict(), "opt": opt.state_dict(), "rng": rng.getstate(),
                     "torch_rng": torch.get_rng_state(), "step": step, "elapsed": elapsed,
                     "config": config.to_dict(), "preset": args.preset, "args": vars(args)}
            common.save_checkpoint(ckpt_path, state)
            if args.keep_every and step % args.keep_every == 0:
                common.save_checkpoint(os.path.join(args.out, f"step_{step}.pt"), state)
            t0 = time.time()
    if args.export:
        from . import export
        export.export_checkpoint(ckpt_path, args.export)
    return 0


if __name__ == "__main__":
    sys.exit(main())
