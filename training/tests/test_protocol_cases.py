"""The shared protocol cases (src/test/resources/protocol-cases.jsonl), which the Java engine's ProtocolCasesTest
runs too: the Python port must give the same sources, text, finish, calls and model feeds."""
import json
import math
import os
import unittest

import torch

from training import tokenizer
from training import relay_protocol as rp

CASES = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "protocol-cases.jsonl")
SOURCE_LETTER = {rp.SLM: "S", rp.LLM: "L", rp.COMMAND: "C"}


class Scripted(torch.nn.Module):
    """A one-row stand-in decoder: its 'KV cache' holds the token ids themselves; the next token is looked up by
    the context's length after the prompt (EOS where unscripted). Records each forward's real tokens (its feeds)."""

    def __init__(self, at, prompt_len, runner_up=None):
        super().__init__()
        self.at, self.prompt_len, self.runner_up = at, prompt_len, runner_up
        self.feeds = []

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        n, c = input_ids.shape
        assert n == 1, "protocol cases run one rollout"
        new = input_ids.float().view(n, 1, c, 1)
        k = new if past is None else torch.cat([past[0][0], new], 2)
        t_past = k.shape[2] - c
        mask = attention_mask[0].tolist()
        cols = [int(k[0, 0, j, 0]) for j in range(t_past + c)]
        self.feeds.append([cols[t_past + i] for i in range(c) if mask[t_past + i]])
        logits = torch.zeros((n, c, tokenizer.VOCAB_SIZE))
        for i in range(c):
            ctx_len = sum(mask[:t_past + i + 1])
            if self.runner_up is not None:
                logits[0, i, self.runner_up] = 20.0
            logits[0, i, self.at.get(ctx_len - self.prompt_len, tokenizer.EOS_ID)] = 30.0
        return logits, [(k, k)]


def script(spec):
    at = {}
    for pos, value in spec.items():
        ids = list(value["spelled"].encode("utf-8")) if isinstance(value, dict) else tokenizer.encode(value)
        for i, t in enumerate(ids):
            at[int(pos) + i] = t
    return at


def policy(name, params):
    n = int(params.get("callTokens", 4))
    return {"model-command": lambda: rp.ModelCommand(), "slm-only": lambda: rp.SlmOnly(),
            "llm-only": lambda: rp.LlmOnly(),
            "confidence": lambda: rp.Confidence(params.get("threshold", 0.5), n, params.get("entropy", math.inf)),
            "random-token": lambda: rp.RandomToken(params.get("p", 0.05), n)}[name]()


def load_cases():
    with open(CASES, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class ProtocolCasesTest(unittest.TestCase):

    def test_cases_are_there(self):
        self.assertGreater(len(load_cases()), 10)

    def test_every_case(self):
        for case in load_cases():
            with self.subTest(case["name"]):
                self.run_case(case)

    def run_case(self, case):
        prompt = tokenizer.encode(case["prompt"])
        p = len(prompt)
        runner_up = tokenizer.encode(case["slmRunnerUp"])[0] if "slmRunnerUp" in case else None
        slm = Scripted(script(case["slm"]), p, runner_up)
        llm = Scripted(script(case["llm"]), p)
        r = rp.relay_generate(slm, llm, [prompt], policies=[policy(case["policy"], case["params"])],
                              max_new_tokens=case["maxNewTokens"], max_calls=case["maxCalls"])[0]
        expect = case["expect"]
        self.assertEqual("".join(SOURCE_LETTER[s] for s in r.sources), expect["sources"])
        self.assertEqual(r.text, expect["text"])
        self.assertEqual(r.finish, expect["finish"])
        self.assertEqual([(c["position"], c["requested"], c["delivered"]) for c in r.calls],
                         [(c["position"], c["requested"], c["delivered"]) for c in expect["calls"]])
        for got, want in zip(r.calls, expect["calls"]):
            self.assertTrue(got["reason"].startswith(want["reason"]), (got["reason"], want["reason"]))
        if "llmFeeds" in expect:
            self.assertEqual([tokenizer.decode(f) for f in llm.feeds], expect["llmFeeds"])
        if "slmFeeds" in expect:
            self.assertEqual([tokenizer.decode(f) for f in slm.feeds], expect["slmFeeds"])


if __name__ == "__main__":
    unittest.main()
