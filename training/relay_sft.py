"""Warm-up SFT that teaches the small model the `<call>n</call>` command (stage 1 of the RelayLLM recipe).

Ways to place the commands in gold solutions (the experiments with others, commands covering a whole number or an
equation, are in docs/results/relay-training*.md and the git history):
  random         : the paper's variant: 0-3 commands at random token positions with a sampled n; the n gold tokens
                   after each command stand for the LLM's tokens.
  mismatch-digit : a command right at each digit the SLM gets wrong (teacher-forced argmax on the gold solution;
                   the base model's or, with --labels self, the model's own as it trains), n = 1 (meant for a model
                   with a call gate, --call-gate, which can read its own confidence at that digit).
  mismatch-number: a command before every number of the answer (operand or result) that the model gets wrong in any
                   digit, for the whole number (n = its digits), so no command ever sits inside a number. Trained in
                   two passes over the same problems (two_pass_loss): the plain gold answers, exactly the no-call
                   model's loss, where the call decision learns where the numbers start that the model would get
                   wrong; and the answers with the commands in them, where the language model learns to write and
                   read them (--read-weight).
The loss covers the SLM's own tokens and the command tokens (and its end-of-sequence), never the tokens after a
command that the LLM writes.
--read-calls K adds up to K read-only commands per example at random answer positions (with --gate-loss bce): the
language model practises reading `<call>1</call>` and the LLM's token anywhere in an answer, while the call decision
learns "no call" there, so only the mismatch commands teach it when to call.

The committed tiny-slm-relay (its card):
/usr/bin/python3 -m training.relay_sft --variant mismatch-number --call-gate 16 --labels self --steps 3000 --batch 32 \
    --lr 5e-4 --warmup 50 --seed 13 --call-weight 4 --gate-detached --gate-lr-scale 10 --read-calls 1 \
    --read-weight 0.3 --out runs/relay-sft
"""
import argparse
import os
import random
import sys

import torch

from . import common, export, loop, task, tokenizer
from . import model as model_lib
from . import relay_protocol as rp



def command_ids(n):
    return [tokenizer.CALL_ID] + list(str(n).encode("ascii")) + [tokenizer.END_CALL_ID]


READ_ONLY = 2  # loss_mask value at the position that predicts a read-only command's `<call>`


def build_example(prompt_ids, target_ids, calls, read_only=()):
    """Gold answer with commands inserted.

    target_ids: the gold answer tokens, ending with EOS. calls: [(pos, n)] sorted and not overlapping; a command is
    inserted before target_ids[pos] and the next n tokens are written by the LLM (never EOS). read_only: the pos of
    the calls that are there to be read, not to teach the call decision.
    Returns (ids, start, sources, loss_mask): ids = prompt + response; sources per response token (slm / command /
    llm, the final EOS is slm); loss_mask[i] = 1 when ids[i+1] is a token the SLM writes (predicted at i), READ_ONLY
    (also true) when ids[i+1] is the `<call>` of a read-only command."""
    body, eos = list(target_ids[:-1]), target_ids[-1]
    resp, sources = [], []
    i = 0
    quiet = set()
    for pos, n in calls:
        assert pos >= i and n >= 1 and pos + n <= len(body), ((pos, n), i, len(body))
        resp += body[i:pos]
        if pos in read_only:
            quiet.add(len(prompt_ids) + len(resp) - 1)
        sources += [rp.SLM] * (pos - i)
        cmd = command_ids(n)
        resp += cmd
        sources += [rp.COMMAND] * len(cmd)
        resp += body[pos:pos + n]
        sources += [rp.LLM] * n
        i = pos + n
    resp += body[i:] + [eos]
    sources += [rp.SLM] * (len(body) - i + 1)
    ids = list(prompt_ids) + resp
    start = len(prompt_ids)
    loss_mask = [0] * len(ids)
    for j, s in enumerate(sources):
        if s != rp.LLM:
            loss_mask[start + j - 1] = READ_ONLY if start + j - 1 in quiet else 1
    return ids, start, sources, loss_mask


def random_calls(body_len, rng, max_calls=3, n_choices=(1, 2, 3, 4)):
    """The paper's placement: 0-3 commands at random positions of the answer with a sampled n."""
    k = rng.randint(0, max_calls)
    calls, taken = [], set()
    for _ in range(k):
        n = rng.choice(n_choices)
        if body_len - n < 0:
            continue
        pos = rng.randint(0, body_len - n)
        span = set(range(pos, pos + n))
        if span & taken or (pos - 1) in taken or (pos + n) in taken:
            continue
        taken |= span
        calls.append((pos, n))
    return sorted(calls)


def read_only_calls(body_len, taken, rng, most):
    """0..most one-token commands at random answer positions that hold no other command (sorted)."""
    free = [i for i in range(body_len) if i not in taken]
    return sorted(rng.sample(free, min(rng.randint(0, most), len(free))))


def mismatch_digit_calls(body, greedy):
    """A one-token command at every position where the base SLM's argmax differs from the gold token."""
    return [(i, 1) for i in range(len(body)) if greedy[i] != body[i]]


@torch.no_grad()
def base_greedy(base, examples, groups=4):
    """Teacher-forced argmax of the base model for each example's target tokens (length-sorted micro-batches)."""
    order = sorted(range(len(examples)), key=lambda k: len(examples[k][0]) + len(examples[k][1]))
    size = -(-len(order) // max(groups, 1))
    was_training = base.training
    base.eval()
    out = [None] * len(examples)
    for i in range(0, len(order), size):
        part = order[i:i + size]
        inp, att, pos, _ = common.batch_tensors([(examples[k][0] + examples[k][1], len(examples[k][0])) for k in part])
        logits, _ = base(inp, att, pos)
        logits[..., tokenizer.CALL_ID] = float("-inf")  # the language model's own guess, never its call
        am = logits.argmax(-1)
        for r, k in enumerate(part):
            s, n = len(examples[k][0]), len(examples[k][1])
            out[k] = am[r, s - 1:s - 1 + n].tolist()
    base.train(was_training)
    return out


def encoded(problems):
    """(prompt ids, gold answer ids + EOS) of each problem."""
    return [(tokenizer.encode(task.prompt_of(p["question"])),
             tokenizer.encode(task.target_of(p["solution"])) + [tokenizer.EOS_ID]) for p in problems]


def read_rng(problem):
    """The random source of a problem's read-only commands, seeded by the problem itself: the run's own rng, and
    so its problem stream (the no-call run's), is never touched."""
    return random.Random("read-calls:" + problem["question"] + problem["solution"])


def number_spans(body):
    """(start, digits) of each number (maximal run of digit tokens) in an answer body."""
    spans, i = [], 0
    while i < len(body):
        j = i
        while j < len(body) and tokenizer.is_digit(body[j]):
            j += 1
        if j > i:
            spans.append((i, j - i))
        i = max(j, i + 1)
    return spans


def mismatch_number_calls(body, greedy):
    """A command before each number the model gets wrong in any digit (teacher-forced argmax), covering the number."""
    return [(s, n) for s, n in number_spans(body) if any(greedy[k] != body[k] for k in range(s, s + n))]


def number_batch(problems, model, read_calls=0):
    """mismatch-number examples: [(plain, call_positions, commanded)]: plain = build_example without commands,
    call_positions = the ids indices that predict the first digit of a number the model gets wrong (the call
    decision's positives), commanded = build_example with those commands and up to read_calls read-only ones before
    other numbers (drawn from the problem itself, as --read-calls)."""
    examples = encoded(problems)
    greedy = base_greedy(model, examples)
    out = []
    for k, (p, t) in enumerate(examples):
        body = t[:-1]
        calls = mismatch_number_calls(body, greedy[k][:len(body)])
        others = [span for span in number_spans(body) if span not in calls]
        own = read_rng(problems[k])
        quiet = sorted(own.sample(others, min(own.randint(0, read_calls), len(others)))) if read_calls else []
        commanded = build_example(p, t, sorted(calls + quiet), {pos for pos, _ in quiet})
        out.append((build_example(p, t, []), [len(p) + pos - 1 for pos, _ in calls], commanded))
    return out


def two_pass_loss(model, batch, groups=4, call_weight=1.0, read_weight=1.0):
    """mismatch-number's loss. Plain pass: the language model's cross-entropy (its distribution without `<call>`) on
    the gold answers, as the no-call model, and the call decision's weighted binary loss, 1 at the call positions.
    Commanded pass, weighted read_weight: the same on the answers with the commands in them, except at the positions
    that predict a `<call>` (the plain pass has them, with the same context), the decision's target 0 everywhere.
    Summed over length-sorted micro-batches and divided by the plain pass's scored positions."""
    total, scored = 0.0, 0
    plain = [(b[0], b[1]) for b in batch]
    commanded = [(b[2], []) for b in batch]
    for part, weight in ((plain, 1.0), (commanded, read_weight)):
        order = sorted(part, key=lambda b: len(b[0][0]))
        size = -(-len(order) // max(groups, 1))
        for i in range(0, len(order), size):
            rows = order[i:i + size]
            inp, att, pos, tgt = tensors([built for built, _ in rows])
            logits, _ = model(inp, att, pos)
            wanted = torch.zeros(tgt.shape)
            for j, (_, positives) in enumerate(rows):
                wanted[j, positives] = 1.0
            flat, t = logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1)
            keep = (t != -100) & (t != tokenizer.CALL_ID)
            lm = torch.nn.functional.cross_entropy(without_call(flat)[keep], t[keep], reduction="sum")
            g, _ = rp.call_score(flat)
            bce = torch.nn.functional.binary_cross_entropy_with_logits(
                g[keep], wanted.reshape(-1)[keep], pos_weight=torch.tensor(call_weight), reduction="sum")
            total = total + weight * (lm + bce)
            scored += int(keep.sum()) if part is plain else 0
    return total / max(scored, 1)


def make_batch(problems, variant, rng, base=None, read_calls=0):
    examples = encoded(problems)
    greedy = base_greedy(base, examples) if variant.startswith("mismatch") else None
    built = []
    for k, (p, t) in enumerate(examples):
        body = t[:-1]
        if variant == "random":
            calls = random_calls(len(body), rng)
        elif variant == "mismatch-digit":
            calls = mismatch_digit_calls(body, greedy[k][:len(body)])
        else:
            calls = []
        quiet = []
        if read_calls:
            quiet = read_only_calls(len(body), {pos for pos, _ in calls}, read_rng(problems[k]), read_calls)
        built.append(build_example(p, t, sorted(calls + [(pos, 1) for pos in quiet]), set(quiet)))
    return built


def tensors(built, with_gold_at_calls=False, with_read_only=False):
    """Input ids, attention mask, positions and targets (-100 = no loss); with_gold_at_calls also returns, at each
    position whose target is `<call>`, the gold token the LLM writes after the command (else -100); with_read_only
    also the positions that predict a read-only command's `<call>` (bool)."""
    width = max(len(ids) for ids, *_ in built)
    b = len(built)
    inp = torch.full((b, width), tokenizer.PAD_ID, dtype=torch.long)
    att = torch.zeros((b, width), dtype=torch.long)
    tgt = torch.full((b, width), -100, dtype=torch.long)
    gold = torch.full((b, width), -100, dtype=torch.long)
    quiet = torch.zeros((b, width), dtype=torch.bool)
    for r, (ids, start, sources, mask) in enumerate(built):
        inp[r, :len(ids)] = torch.tensor(ids)
        att[r, :len(ids)] = 1
        for i in range(len(ids) - 1):
            if mask[i]:
                tgt[r, i] = ids[i + 1]
                quiet[r, i] = mask[i] == READ_ONLY
                if ids[i + 1] == tokenizer.CALL_ID:
                    gold[r, i] = ids[ids.index(tokenizer.END_CALL_ID, i + 1) + 1]
    pos = torch.arange(width).unsqueeze(0).expand(b, width)
    return (inp, att, pos, tgt) + ((gold,) if with_gold_at_calls else ()) + ((quiet,) if with_read_only else ())


def without_call(flat):
    """The language model's own distribution: the logits with `<call>` ruled out."""
    other = flat.clone()
    other[:, tokenizer.CALL_ID] = float("-inf")
    return other


def sft_loss(logits, tgt, gold=None, reduction="mean", call_weight=1.0):
    """Cross-entropy on the SLM's tokens and commands; with gold, the language model (its distribution without
    `<call>`) also learns the token the LLM writes at each command, so the warm-up keeps teaching it arithmetic.
    call_weight weighs the positions whose target is `<call>` (the rare class, about one position in 200: with
    weight w greedy decoding calls where the chance of an error is above about 1/(1+w), not 1/2).
    reduction "sum" returns (summed loss, scored positions) for micro-batches."""
    flat = logits.reshape(-1, logits.shape[-1])
    flat_tgt = tgt.reshape(-1)
    per = torch.nn.functional.cross_entropy(flat, flat_tgt, ignore_index=-100, reduction="none")
    per[flat_tgt == tokenizer.CALL_ID] *= call_weight
    total = per.sum()
    scored = (tgt != -100).sum()
    if gold is not None and (gold != -100).any():
        total = total + torch.nn.functional.cross_entropy(without_call(flat), gold.reshape(-1), ignore_index=-100,
                                                          reduction="sum")
    if reduction == "sum":
        return total, int(scored)
    return total / scored.clamp_min(1)


def split_loss(logits, tgt, gold, call_weight=1.0, read_only=None):
    """--gate-loss bce: the language model and the call decision learn apart. The language model: cross-entropy of
    its distribution without `<call>` on every scored token, with the LLM's token as the target at each command (what
    the no-call model learns there too). The decision: binary cross-entropy of g = `<call>` logit - best other logit
    (greedy decoding calls when g > 0), 1 at the command positions, weighted call_weight. So a call target never
    pushes the language model's own logits down. read_only (bool, optional): command positions that are only there
    to be read: the language model learns the LLM's token there too, the decision learns 0. Returns (summed loss,
    scored positions)."""
    flat = logits.reshape(-1, logits.shape[-1])
    t, gl = tgt.reshape(-1), gold.reshape(-1)
    is_call = t == tokenizer.CALL_ID
    total = torch.nn.functional.cross_entropy(without_call(flat), torch.where(is_call, gl, t), ignore_index=-100,
                                              reduction="sum")
    scored = t != -100
    wanted = is_call if read_only is None else is_call & ~read_only.reshape(-1)
    g, _ = rp.call_score(flat)
    bce = torch.nn.functional.binary_cross_entropy_with_logits(
        g[scored], wanted[scored].float(), pos_weight=torch.tensor(call_weight), reduction="sum")
    return total + bce, int(scored.sum())


def grouped_loss(model, built, gold_at_calls, groups=4, call_weight=1.0, split=False):
    """sft_loss over a batch run as `groups` length-sorted padded micro-batches (as train.answer_loss): the summed
    losses divided by the batch's scored positions, so the same loss and gradient as one padded batch, less padding."""
    order = sorted(built, key=lambda b: len(b[0]))
    size = -(-len(order) // max(groups, 1))
    total, scored = 0.0, 0
    for i in range(0, len(order), size):
        inp, att, pos, tgt, gold, quiet = tensors(order[i:i + size], True, True)
        logits, _ = model(inp, att, pos)
        if split:
            part, n = split_loss(logits, tgt, gold, call_weight, quiet)
        else:
            part, n = sft_loss(logits, tgt, gold if gold_at_calls else None, reduction="sum", call_weight=call_weight)
        total, scored = total + part, scored + n
    return total / max(scored, 1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--variant", choices=["random", "mismatch-digit", "mismatch-number"], default="mismatch-digit")
    ap.add_argument("--labels", choices=["base", "self"], default="base",
                    help="mismatch-digit: whose errors place the commands: the base SLM's (fixed) or the model's "
                         "own as it trains (teacher-forced argmax, recomputed every batch)")
    ap.add_argument("--learn-at-calls", action="store_true",
                    help="also train the language model on the gold token at each command (see sft_loss)")
    ap.add_argument("--call-gate", type=int, default=0,
                    help="add a call gate with this many hidden units to the SLM (model.CallGate); 0 = none")
    ap.add_argument("--gate-detached", action="store_true",
                    help="the call gate reads the final hidden state detached: its loss trains the gate, never the "
                         "language model's layers (which then learn only from the token targets, as without calls)")
    ap.add_argument("--call-weight", type=float, default=1.0, help="loss weight of the positions whose target is <call>")
    ap.add_argument("--gate-loss", choices=["ce", "bce"], default="ce",
                    help="bce: the call decision by its own binary loss, the language model by the gold tokens (split_loss)")
    ap.add_argument("--read-calls", type=int, default=0,
                    help="with --gate-loss bce: up to this many read-only commands per example at random answer "
                         "positions (the language model learns to read them, the decision learns no call there)")
    ap.add_argument("--read-weight", type=float, default=1.0,
                    help="mismatch-number: the weight of the pass over the answers with commands (two_pass_loss)")
    ap.add_argument("--gate-lr-scale", type=float, default=1.0, help="the call gate's learning rate as a multiple of --lr")
    ap.add_argument("--base", default="assets/models/tiny-slm-base")
    ap.add_argument("--llm", default="assets/models/tiny-llm")
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--eval-every", type=int, default=300)
    ap.add_argument("--eval-problems", type=int, default=100)
    ap.add_argument("--dev", default="assets/datasets/arith-dev.jsonl")
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--ckpt-minutes", type=float, default=3.0, help="also checkpoint after this much wall time")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--length-groups", type=int, default=4,
                    help="run each batch as this many length-sorted micro-batches (same loss and gradient)")
    args = ap.parse_args(argv)
    if args.variant == "mismatch-number" and not (args.call_gate and args.labels == "self"):
        ap.error("--variant mismatch-number needs --call-gate N and --labels self")
    if args.read_calls and args.gate_loss != "bce" and args.variant != "mismatch-number":
        ap.error("--read-calls needs --gate-loss bce (with cross-entropy a read-only <call> would still be a target)")

    torch.set_num_threads(args.threads)
    common.seed_all(args.seed)
    ckpt_path, _ = loop.run_paths(args.out)
    base = export.load_onnx_weights(os.path.join(args.base, "model.onnx"))
    model = export.load_onnx_weights(os.path.join(args.base, "model.onnx"))
    if args.call_gate:
        model = model_lib.with_call_gate(model, args.call_gate)
        model.call_gate.detach_input = args.gate_detached
    llm = rp.load_model(args.llm)
    groups = [{"params": list(model.parameters())}]  # one group, as the runs before --gate-lr-scale (resumable)
    if args.call_gate and args.gate_lr_scale != 1.0:
        groups = [{"params": [p for n, p in model.named_parameters() if not n.startswith("call_gate.")]},
                  {"params": list(model.call_gate.parameters()), "lr_scale": args.gate_lr_scale}]
    opt = torch.optim.AdamW(groups, lr=args.lr, weight_decay=0.01, betas=(0.9, 0.95))
    rng = random.Random(args.seed)
    held_out = common.held_out_questions(args.dev)
    dev = common.read_jsonl(args.dev, args.eval_problems)

    def step_fn(step):
        problems = []
        while len(problems) < args.batch:
            p = task.make_problem(rng, augment=True)
            if p["question"] not in held_out:
                problems.append(p)
        if args.variant == "mismatch-number":
            return two_pass_loss(model, number_batch(problems, model, args.read_calls), args.length_groups,
                                 args.call_weight, args.read_weight), {}
        labeller = model if args.labels == "self" else base
        return grouped_loss(model, make_batch(problems, args.variant, rng, labeller, args.read_calls), args.learn_at_calls,
                            args.length_groups, args.call_weight, args.gate_loss == "bce"), {}

    loop.train(args.out, model, opt, rng, args.steps, step_fn, lr_at=loop.warmup_cosine(args.lr, args.warmup, args.steps),
               evaluate=lambda m: {**common.evaluate_relay(m, llm, dev), "lm_accuracy": common.evaluate_relay(
                   m, llm, dev, policy=rp.SlmOnly())["accuracy"]}, eval_every=args.eval_every, eval_at_start=True,
               ckpt_every=args.ckpt_every, ckpt_seconds=args.ckpt_minutes * 60,
               meta={"config": model.c.to_dict(), "preset": "slm", "variant": args.variant, "args": vars(args)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
