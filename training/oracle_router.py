"""The fewest LLM tokens any router needs: an oracle that sees both models' next token.

Before each token the oracle lets the LLM write it exactly when the two models' greedy choices differ (at most `k`
times per answer), and the SLM otherwise. It inserts no tags, like the confidence router, so the SLM reads plain
text. No real router knows the LLM's choice without asking it, so this bounds what the paper's LLM token ratio can
buy on a task: for a given small model, the accuracy an oracle reaches at each ratio.

    python3 -m training.oracle_router --slm assets/models/tiny-slm-base --llm assets/models/tiny-llm \\
        --problems assets/datasets/arith-test.jsonl --limits 0,1,2,3,-1
"""
import argparse
import json

import torch

from . import common, task, tokenizer
from .relay_protocol import BatchedCache, load_model


@torch.no_grad()
def oracle_generate(slm, llm, prompts, limit, max_new_tokens=96):
    """Greedy answers under the oracle router; limit < 0 means no limit. Returns [(ids, llm_tokens)]."""
    slm.eval()
    llm.eval()
    b = len(prompts)
    caches = BatchedCache(slm, b), BatchedCache(llm, b)
    feeds = {i: list(p) for i, p in enumerate(prompts)}
    outs, llm_counts = [[] for _ in range(b)], [0] * b
    for _ in range(max_new_tokens):
        if not feeds:
            break
        s_out, l_out = (c.append(feeds) for c in caches)
        feeds = {}
        for i in s_out:
            s_logits, l_logits = s_out[i].clone(), l_out[i].clone()
            s_logits[tokenizer.CALL_ID] = l_logits[tokenizer.CALL_ID] = float("-inf")  # the oracle calls, neither model
            s_tok, l_tok = int(s_logits.argmax()), int(l_logits.argmax())
            tok = s_tok
            if s_tok != l_tok and (limit < 0 or llm_counts[i] < limit):
                tok = l_tok
                if tok != tokenizer.EOS_ID:
                    llm_counts[i] += 1
            if tok == tokenizer.EOS_ID:  # the row ends: it is fed nothing more
                continue
            outs[i].append(tok)
            feeds[i] = [tok]
    return list(zip(outs, llm_counts))


def evaluate(slm, llm, problems, limit, batch=100):
    right = llm_t = total = 0
    for i in range(0, len(problems), batch):
        chunk = problems[i:i + batch]
        prompts = [tokenizer.encode(task.prompt_of(p["question"])) for p in chunk]
        for p, (ids, n) in zip(chunk, oracle_generate(slm, llm, prompts, limit)):
            right += int(task.parse_answer(tokenizer.decode(ids)) == p["answer"])
            llm_t += n
            total += len(ids)
    return {"limit": limit, "accuracy": right / max(1, len(problems)), "llm_token_ratio": llm_t / max(1, total),
            "llm_tokens_per_problem": llm_t / max(1, len(problems)), "tokens_per_problem": total / max(1, len(problems))}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slm", required=True, help="model folder or training checkpoint")
    ap.add_argument("--llm", default="assets/models/tiny-llm")
    ap.add_argument("--problems", default="assets/datasets/arith-test.jsonl")
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--limits", default="0,1,2,-1", help="LLM tokens allowed per answer; -1: no limit")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    slm, llm = load_model(a.slm), load_model(a.llm)
    problems = common.read_jsonl(a.problems, a.n)
    for limit in (int(x) for x in a.limits.split(",")):
        print(json.dumps(evaluate(slm, llm, problems, limit)), flush=True)


if __name__ == "__main__":
    main()
