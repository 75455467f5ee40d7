"""GRPO for the relay SLM (stage 2 of the RelayLLM recipe): the LLM answers calls inside the rollouts.

Each step takes --questions problems that the LLM solves (greedy filter), samples --group rollouts of each with the
SLM at temperature 1.0 under the relay protocol (relay_protocol.py, the engine's rules; the LLM greedy), scores
them with the paper's difficulty-aware reward computed per question, and takes one policy-gradient step on the
SLM's own tokens (its text, its commands, its end-of-sequence; never the LLM's tokens) with a low-variance KL
penalty (k3) to the warm-up model. Checkpoints and a jsonl log (reward, LLM token ratio, accuracy per step) in --out;
rerunning the same command resumes; a seed fixes problems and samples.

/usr/bin/python3 -m training.relay_grpo --init runs/relay_sft_mismatch/checkpoint.pt --steps 150 --seed 1 --out runs/relay_grpo
"""
import argparse
import random
import statistics
import sys
import time

import torch

from . import common, loop, task, tokenizer
from . import relay_protocol as rp

CALL_CAP = 4096


def question_case(outcomes):
    """outcomes: [(correct, called)] of one question's rollouts -> student-solvable / teacher-dependent /
    teacher-unsolvable."""
    if any(c and not k for c, k in outcomes):
        return "student_solvable"
    if any(c and k for c, k in outcomes):
        return "teacher_dependent"
    return "teacher_unsolvable"


def rho_of(requested, response_length, cost_weight=1.0):
    """The paper's rho_call (requested n over the response length, capped at 1); cost_weight > 1 scales it before the
    cap, for responses so short that one call is already several percent (1 = the paper)."""
    return min(cost_weight * sum(min(n, CALL_CAP) for n in requested) / max(1, response_length), 1.0)


def rollout_reward(case, correct, called, rho):
    """The paper's difficulty-aware reward table (relay-protocol.md)."""
    if case == "student_solvable":
        if correct:
            return 1.5 if not called else 1.0 - rho
        return 0.0
    if case == "teacher_dependent":
        if correct:
            return 1.0 - rho if called else 1.5  # (correct without a call does not occur in this case)
        return -1.0 if not called else 0.0
    # teacher-unsolvable
    if correct:
        return 1.5 if not called else 1.0 - rho  # (does not occur)
    return rho if called else 0.0


def group_rewards(outcomes):
    """outcomes: [(correct, called, rho)] -> (case, rewards)."""
    case = question_case([(c, k) for c, k, _ in outcomes])
    return case, [rollout_reward(case, c, k, r) for c, k, r in outcomes]


def advantages(rewards, eps=1e-6):
    m = statistics.fmean(rewards)
    s = statistics.pstdev(rewards)
    return [(r - m) / (s + eps) if s > 0 else 0.0 for r in rewards]


def training_sequence(r):
    """(ids, loss mask over next-token predictions) for one rollout: the SLM's own tokens only."""
    ids = list(r.prompt) + list(r.ids)
    sources = list(r.sources)
    if r.slm_wrote_eos:
        ids.append(tokenizer.EOS_ID)
        sources.append(rp.SLM)
    start = len(r.prompt)
    mask = [0] * len(ids)
    for j, s in enumerate(sources):
        if s != rp.LLM:
            mask[start + j - 1] = 1
    return ids, mask


def token_logprobs(model, seqs, explore="tokens"):
    """Log-probability of each next token as the rollout drew it: from the whole distribution ("tokens"), or, with
    explore="call", of the binary decision call / greedy token (log sigmoid(+-g), relay_protocol.call_score)."""
    width = max(len(ids) for ids, _ in seqs)
    b = len(seqs)
    inp = torch.full((b, width), tokenizer.PAD_ID, dtype=torch.long)
    att = torch.zeros((b, width), dtype=torch.long)
    mask = torch.zeros((b, width))
    for r, (ids, m) in enumerate(seqs):
        inp[r, :len(ids)] = torch.tensor(ids)
        att[r, :len(ids)] = 1
        mask[r, :len(m)] = torch.tensor(m, dtype=torch.float)
    pos = torch.arange(width).unsqueeze(0).expand(b, width)
    logits, _ = rp.forward(model, inp, att, pos)
    nxt = torch.cat([inp[:, 1:], torch.full((b, 1), tokenizer.PAD_ID)], 1)
    if explore == "call":
        g, _ = rp.call_score(logits)
        lp = torch.nn.functional.logsigmoid(torch.where(nxt == tokenizer.CALL_ID, g, -g))
        return lp, mask
    lp = torch.log_softmax(logits, -1).gather(-1, nxt.unsqueeze(-1)).squeeze(-1)
    return lp, mask


def llm_solved(llm, problems, max_new_tokens=96):
    prompts = [tokenizer.encode(task.prompt_of(p["question"])) for p in problems]
    outs = common.greedy_generate(llm, prompts, max_new_tokens)
    return [task.parse_answer(tokenizer.decode(o)) == p["answer"] for o, p in zip(outs, problems)]



def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--init", required=True, help="warm-up checkpoint.pt (or a model folder)")
    ap.add_argument("--llm", default="assets/models/tiny-llm")
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--questions", type=int, default=8, help="questions per step")
    ap.add_argument("--group", type=int, default=8)
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--explore", choices=["tokens", "call"], default="tokens",
                    help="tokens: sample every SLM token at --temperature (the paper); call: greedy tokens, only the "
                         "call decision is sampled and trained (its probability sigmoid(g / T))")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--kl", type=float, default=1e-2)
    ap.add_argument("--cost-weight", type=float, default=1.0,
                    help="scale rho in the reward (1 = the paper's reward)")
    ap.add_argument("--max-new-tokens", type=int, default=96)
    ap.add_argument("--max-calls", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ckpt-every", type=int, default=5)
    ap.add_argument("--eval-every", type=int, default=25)
    ap.add_argument("--eval-problems", type=int, default=100)
    ap.add_argument("--dev", default="assets/datasets/arith-dev.jsonl")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    common.seed_all(args.seed)
    model = rp.load_model(args.init)
    ref = rp.load_model(args.init)
    for p in ref.parameters():
        p.requires_grad_(False)
    llm = rp.load_model(args.llm)
    # call exploration trains the decision only: for a gated model that is its gate (the language model stays as
    # the warm-up left it, which the binary KL term could not hold in place)
    trained = list(model.call_gate.parameters() if args.explore == "call" and getattr(model.c, "call_gate", 0)
                   else model.parameters())
    opt = torch.optim.AdamW(trained, lr=args.lr, weight_decay=0.0, betas=(0.9, 0.99))
    rng = random.Random(args.seed)
    held_out = common.held_out_questions(args.dev)
    dev = common.read_jsonl(args.dev, args.eval_problems)

    def step_fn(step):
        t0 = time.time()
        # problems the LLM solves (greedy)
        problems = []
        while len(problems) < args.questions:
            cand = []
            while len(cand) < max(16, 2 * args.questions):
                p = task.make_problem(rng)
                if p["question"] not in held_out:
                    cand.append(p)
            problems += [p for p, ok in zip(cand, llm_solved(llm, cand, args.max_new_tokens)) if ok]
        problems = problems[:args.questions]
        prompts = []
        for p in problems:
            prompts += [tokenizer.encode(task.prompt_of(p["question"]))] * args.group
        model.eval()
        rolls = rp.relay_generate(model, llm, prompts, rp.ModelCommand(), args.max_new_tokens, args.max_calls,
                                  slm_temperature=args.temperature, llm_temperature=0.0,
                                  seed=args.seed * 1_000_003 + step, explore=args.explore)
        t_roll = time.time() - t0
        rewards, advs, cases, correct_all = [], [], [], []
        for q, p in enumerate(problems):
            group = rolls[q * args.group:(q + 1) * args.group]
            outcomes = []
            for r in group:
                correct = task.parse_answer(r.text) == p["answer"]
                outcomes.append((correct, r.num_calls > 0, rho_of(r.requested, r.response_tokens, args.cost_weight)))
                correct_all.append(correct)
            case, rew = group_rewards(outcomes)
            cases.append(case)
            rewards += rew
            advs += advantages(rew)
        # one on-policy gradient step on the SLM's own tokens
        model.train()
        seqs = [training_sequence(r) for r in rolls]
        lp, mask = token_logprobs(model, seqs, args.explore)
        with torch.no_grad():
            ref_lp, _ = token_logprobs(ref, seqs, args.explore)
        adv = torch.tensor(advs).unsqueeze(1)
        ratio = torch.exp(lp - lp.detach())
        d = (ref_lp - lp).clamp(-20, 20)
        kl = (torch.exp(d) - d - 1).clamp(-10, 10)
        per_tok = -adv * ratio + args.kl * kl
        loss = (per_tok * mask).sum() / mask.sum()
        agg = rp.aggregate(rolls)
        return loss, {"reward": statistics.fmean(rewards), "accuracy": sum(correct_all) / len(correct_all),
                      "llm_token_ratio": agg["llm_token_ratio"], "calls_per_rollout": agg["calls_per_problem"],
                      "kl": float((kl * mask).sum() / mask.sum()), "rollout_s": round(t_roll, 1),
                      "cases": {c: cases.count(c) for c in sorted(set(cases))}}

    loop.train(args.out, model, opt, rng, args.steps, step_fn, params=trained,
               evaluate=lambda m: {"eval": common.evaluate_relay(m, llm, dev, args.max_new_tokens, args.max_calls)},
               eval_every=args.eval_every, eval_at_start=True, ckpt_every=args.ckpt_every,
               keep_every=args.eval_every, log_every_step=True,
               meta={"config": model.c.to_dict(), "preset": "slm", "args": vars(args)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
