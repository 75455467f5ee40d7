"""The one training loop of train.py, relay_sft.py and relay_grpo.py: resume, log, checkpoint, held-out evaluation.

A run folder holds `checkpoint.pt` (the latest state: model, optimizer, data and torch RNG, step, elapsed training
seconds, config), `log.jsonl` (one JSON object per logged step) and, with keep_every, `step_N.pt` copies.
Rerunning the same command resumes from `checkpoint.pt`: the data stream, learning-rate schedule and evaluation
points continue as if the run had never stopped. A checkpoint is written every `ckpt_every` steps, at least every
`ckpt_seconds` of wall time, at each evaluation and at the end (atomically: a kill never leaves a broken file).
"""
import json
import math
import os
import sys
import time

import torch


def run_paths(out):
    os.makedirs(out, exist_ok=True)
    return os.path.join(out, "checkpoint.pt"), os.path.join(out, "log.jsonl")


def save_checkpoint(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def resume(ckpt_path, model, opt, rng):
    """Loads a run's checkpoint (model, optimizer, data and torch RNG) when there is one; returns (step, elapsed)."""
    if not os.path.exists(ckpt_path):
        return 0, 0.0
    st = torch.load(ckpt_path)
    model.load_state_dict(st["model"])
    opt.load_state_dict(st["opt"])
    rng.setstate(st["rng"])
    if "torch_rng" in st:
        torch.set_rng_state(st["torch_rng"])
    print(f"resumed at step {st['step']}", file=sys.stderr)
    return st["step"], st["elapsed"]


def warmup_cosine(lr, warmup, steps):
    """Learning rate at step s: linear warm-up, then cosine decay to 0.1x over the remaining steps."""
    def at(s):
        if s < warmup:
            return lr * (s + 1) / warmup
        frac = (s - warmup) / max(1, steps - warmup)
        return lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
    return at


def append_log(log_path, entry, echo=True):
    if echo:
        print(json.dumps(entry), file=sys.stderr, flush=True)
    with open(log_path, "a") as f:
        f.write(json.dumps(entry) + "\n")


def train(out, model, opt, rng, steps, step_fn, *, lr_at=None, params=None, evaluate=None, eval_every=250,
          eval_at_start=False, ckpt_every=100, ckpt_seconds=180.0, keep_every=0, stop_at=None, meta=None,
          log_every_step=False, clip=1.0, progress_every=50):
    """Runs (or resumes) a training run in folder `out` up to `steps` (or `stop_at`, keeping the schedule of `steps`).

    step_fn(step) -> (loss tensor, info dict): builds one batch (or rollout group) from `rng` and returns the loss to
    minimise; numeric info is averaged into the log. The loop does zero_grad, backward, gradient clipping over `params`
    (default: the model's), the optimizer step and the learning rate `lr_at(step)` when given. evaluate(model) -> dict
    of held-out metrics merged into the log entry (every `eval_every` steps and at the end; at step 0 too with
    eval_at_start). meta: extra fields stored in every checkpoint (config, preset, args). Returns the final step."""
    ckpt_path, log_path = run_paths(out)
    params = list(params if params is not None else model.parameters())
    step, elapsed = resume(ckpt_path, model, opt, rng)
    last = min(steps, stop_at or steps)

    def state():
        return dict(meta or {}, model=model.state_dict(), opt=opt.state_dict(), rng=rng.getstate(),
                    torch_rng=torch.get_rng_state(), step=step, elapsed=elapsed)

    if step == 0 and eval_at_start and evaluate:
        append_log(log_path, dict({"step": 0, "minutes": 0.0}, **evaluate(model)))
    window, n_window = {}, 0
    last_save = time.time()
    while step < last:
        t0 = time.time()
        model.train()
        if lr_at:
            for g in opt.param_groups:
                g["lr"] = lr_at(step) * g.get("lr_scale", 1.0)
        loss, info = step_fn(step)
        opt.zero_grad()
        loss.backward()
        gnorm = torch.nn.utils.clip_grad_norm_(params, clip).item() if clip else 0.0
        opt.step()
        step += 1
        elapsed += time.time() - t0
        n_window += 1
        for k, v in dict(info or {}, loss=loss.item(), grad_norm=gnorm).items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                window[k] = window.get(k, 0.0) + v
        if progress_every and step % progress_every == 0 and not log_every_step:
            print(f"step {step} loss {window['loss'] / n_window:.4f}"
                  + (f" lr {lr_at(step):.2e}" if lr_at else "") + f" min {elapsed / 60:.1f}",
                  file=sys.stderr, flush=True)
        due_eval = evaluate is not None and (step % eval_every == 0 or step == last)
        due_save = (step % ckpt_every == 0 or step == last or due_eval
                    or time.time() - last_save >= ckpt_seconds)
        if log_every_step or due_save or due_eval:
            entry = {"step": step, "minutes": round(elapsed / 60, 2)}
            entry.update({k: round(v / n_window, 5) for k, v in window.items()})
            if log_every_step:
                entry.update({k: v for k, v in (info or {}).items() if not isinstance(v, (int, float))})
            window, n_window = {}, 0
            if due_eval:
                entry.update(evaluate(model))
            append_log(log_path, entry, echo=due_eval or log_every_step)
        if due_save:
            st = state()
            save_checkpoint(ckpt_path, st)
            if keep_every and step % keep_every == 0:
                save_checkpoint(os.path.join(out, f"step_{step}.pt"), st)
            last_save = time.time()
    return step
