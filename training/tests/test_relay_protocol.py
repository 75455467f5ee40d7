"""The Python relay protocol against hand-made cases, with scripted stand-in models."""
import unittest

import torch

from training import tokenizer
from training import relay_protocol as rp

EOS, CALL, END = tokenizer.EOS_ID, tokenizer.CALL_ID, tokenizer.END_CALL_ID


class Scripted(torch.nn.Module):
    """A stand-in decoder: its 'KV cache' holds the token ids themselves, and the next token is chosen by
    `script(context ids)`. Records every context it was asked to continue (to check what each model saw)."""

    def __init__(self, script):
        super().__init__()
        self.script = script
        self.seen = []

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        n, c = input_ids.shape
        new = input_ids.float().view(n, 1, c, 1)
        k = new if past is None else torch.cat([past[0][0], new], 2)
        logits = torch.full((n, c, tokenizer.VOCAB_SIZE), -30.0)
        t_past = k.shape[2] - c
        for r in range(n):
            cols = [int(k[r, 0, j, 0]) for j in range(t_past + c)]
            m = attention_mask[r].tolist()
            for i in range(c):
                if not m[t_past + i]:
                    continue
                ctx = [cols[j] for j in range(t_past + i + 1) if m[j]]
                if len(ctx) < 9:  # inside the prompt: nothing to predict
                    continue
                self.seen.append(ctx)
                logits[r, i, self.script(ctx)] = 30.0
        return logits, [(k, k)]


def follow(text_after_prompt):
    """A script that writes the given continuation (tokens), then EOS, whatever was already written."""
    target = tokenizer.encode(text_after_prompt)

    def script(ctx, prompt_len):
        done = len(ctx) - prompt_len
        return target[done] if done < len(target) else EOS
    return target, script


PROMPT = tokenizer.encode("Q: 2+3?\nA:")
P = len(PROMPT)


def slm_writing(text):
    target = tokenizer.encode(text)
    return Scripted(lambda ctx: target[len(ctx) - P] if len(ctx) - P < len(target) else EOS)


class ProtocolTest(unittest.TestCase):
    def run_one(self, slm, llm, **kw):
        return rp.relay_generate(slm, llm, [PROMPT], **kw)[0]

    def test_no_call_slm_alone(self):
        slm = slm_writing(" 2+3=5. Answer: 5")
        llm = Scripted(lambda ctx: ord("9"))
        r = self.run_one(slm, llm)
        self.assertEqual(r.text, " 2+3=5. Answer: 5")
        self.assertEqual(r.finish, "slm_eos")
        self.assertEqual(r.num_calls, 0)
        self.assertEqual(r.llm_ratio, 0.0)
        self.assertEqual(llm.seen, [])

    def test_n_zero_is_no_call(self):
        slm = slm_writing(" 2+3=<call>0</call>5. Answer: 5")
        llm = Scripted(lambda ctx: ord("9"))
        r = self.run_one(slm, llm)
        self.assertEqual(r.num_calls, 0)
        self.assertEqual(r.command_tokens, 3)
        self.assertEqual(r.text, " 2+3=<call>0</call>5. Answer: 5")
        self.assertEqual(llm.seen, [])

    def test_call_tags_stripped_for_llm_and_kept_for_slm(self):
        # the SLM calls for 1 token after '=', the LLM writes '5', the SLM continues
        slm_target = tokenizer.encode(" 2+3=<call>1</call>5. Answer: 5")
        slm = Scripted(lambda ctx: slm_target[len(ctx) - P] if len(ctx) - P < len(slm_target) else EOS)
        llm = Scripted(lambda ctx: ord("5"))
        r = self.run_one(slm, llm)
        self.assertEqual(r.text, " 2+3=<call>1</call>5. Answer: 5")
        self.assertEqual(r.num_calls, 1)
        self.assertEqual(r.requested, [1])
        self.assertEqual(r.calls[0]["delivered"], 1)
        self.assertEqual(r.llm_tokens, 1)
        self.assertEqual(r.command_tokens, 3)
        self.assertEqual(r.slm_tokens, len(" 2+3=. Answer: 5"))
        self.assertAlmostEqual(r.llm_ratio, 1 / (r.slm_tokens + 3 + 1))
        # the LLM saw the prompt and the output with the command replaced by one space
        self.assertEqual(tokenizer.decode(llm.seen[-1]), "Q: 2+3?\nA: 2+3= ")
        # the SLM saw its own command followed by the LLM's token
        self.assertIn(tokenizer.encode(" 2+3=<call>1</call>5."), [c[P:] for c in slm.seen])
        idx = r.ids.index(CALL)
        self.assertEqual(r.sources[idx:idx + 4], [rp.COMMAND] * 3 + [rp.LLM])

    def test_llm_eos_ends_the_answer(self):
        slm = slm_writing(" 2+3=<call>5</call>")
        llm_target = tokenizer.encode("5. Answer: 5")
        # the LLM's context: prompt + " 2+3= " then its own tokens
        llm = Scripted(lambda ctx: llm_target[len(ctx) - P - 6] if len(ctx) - P - 6 < len(llm_target) else EOS)
        r = self.run_one(slm, llm, max_new_tokens=96)
        # n = 5: the LLM writes '5. An', then hands back; the SLM's script is done, so it writes EOS
        self.assertEqual(r.text, " 2+3=<call>5</call>5. An")
        self.assertEqual(r.finish, "slm_eos")
        r = self.run_one(slm_writing(" 2+3=<call>50</call>"), llm, max_new_tokens=96)
        self.assertEqual(r.text, " 2+3=<call>50</call>5. Answer: 5")
        self.assertEqual(r.finish, "llm_eos")
        self.assertEqual(r.calls[0]["delivered"], len(llm_target))
        self.assertEqual(r.llm_tokens, len(llm_target))

    def test_budget_limits_the_call(self):
        slm = slm_writing(" 2+3=<call>50</call>")
        llm = Scripted(lambda ctx: ord("7"))
        r = self.run_one(slm, llm, max_new_tokens=12)
        # 5 SLM tokens + 4 command tokens, so 3 tokens of budget remain
        self.assertEqual(r.llm_tokens, 3)
        self.assertEqual(r.calls[0]["requested"], 50)
        self.assertEqual(r.response_tokens, 12)
        self.assertEqual(r.finish, "max_tokens")

    def test_max_calls(self):
        slm = slm_writing(" <call>1</call>x<call>1</call>y")
        llm = Scripted(lambda ctx: ord("L"))
        r = self.run_one(slm, llm, max_calls=1)
        self.assertEqual(r.num_calls, 1)
        self.assertEqual(r.command_tokens, 6)

    def test_policies_insert_no_tags(self):
        slm = slm_writing(" abc")
        llm = Scripted(lambda ctx: ord("L"))
        r = self.run_one(slm, llm, policy=rp.RandomToken(p=1.0, n=2), max_calls=1)
        self.assertEqual(r.text, "LLbc")
        self.assertEqual(r.num_calls, 1)
        self.assertEqual(r.command_tokens, 0)
        self.assertEqual(r.sources[:2], [rp.LLM, rp.LLM])
        r = self.run_one(slm_writing(" abc"), llm, policy=rp.LlmOnly(), max_new_tokens=5)
        self.assertEqual(r.text, "LLLLL")
        self.assertEqual(r.llm_ratio, 1.0)

    def test_routers_mask_the_slms_own_command(self):
        # an SLM whose first choice is always <call> and second the gold text: routers and SLM-only never let it call
        target = tokenizer.encode(" ab")

        class CallFirst(Scripted):
            def forward(self, *a, **k):
                logits, past = super().forward(*a, **k)
                return logits.masked_fill(logits > 0, 20.0).index_fill(-1, torch.tensor([CALL]), 30.0), past

        def slm():
            return CallFirst(lambda ctx: target[len(ctx) - P] if len(ctx) - P < len(target) else EOS)
        llm = Scripted(lambda ctx: ord("L"))
        for policy in (rp.SlmOnly(), rp.Confidence(threshold=0.0, n=1), rp.RandomToken(p=0.0, n=1)):
            r = self.run_one(slm(), llm, policy=policy)
            self.assertEqual((r.text, r.command_tokens, r.num_calls), (" ab", 0, 0), policy.name)
        r = self.run_one(slm(), llm, max_new_tokens=3)
        self.assertEqual(r.ids[0], CALL)

    def test_call_exploration_samples_only_the_call_decision(self):
        logits = torch.full((4000, tokenizer.VOCAB_SIZE), -5.0)
        logits[:, 65] = 3.0
        logits[:, 66] = 2.9
        logits[:, CALL] = 3.0 + torch.log(torch.tensor(0.25 / 0.75))  # g = logit(0.25)
        ids = rp._sample_call_decision(logits, 1.0, torch.Generator().manual_seed(0))
        self.assertEqual(set(ids.tolist()), {65, CALL})
        self.assertAlmostEqual((ids == CALL).float().mean().item(), 0.25, delta=0.03)
        g, top = rp.call_score(logits[:1])
        self.assertAlmostEqual(g.item(), -1.0986, places=3)
        self.assertEqual(top.item(), 65)

    def test_batched_rows_match_single_runs(self):
        scripts = [" 2+3=5. Answer: 5", " <call>2</call>4. Answer: 4", " 1<call>1</call>1<call>3</call>!",
                   " <call>0</call>zz", " <call>9</call>"]
        targets = [tokenizer.encode(s) for s in scripts]
        prompts = [tokenizer.encode(f"Q: {k}?\nA:") for k in range(len(scripts))]
        plen = len(prompts[0])

        def slm_script(ctx):
            t = targets[ctx[3] - 48]
            return t[len(ctx) - plen] if len(ctx) - plen < len(t) else EOS

        def llm_script(ctx):
            # row 4: the LLM (context prompt + "  ") writes one token, then ends the answer, the others write digits
            if ctx[3] == 52 and len(ctx) - plen >= 3:
                return EOS
            return 48 + len(ctx) % 10

        batch = rp.relay_generate(Scripted(slm_script), Scripted(llm_script), prompts)
        for k, p in enumerate(prompts):
            single = rp.relay_generate(Scripted(slm_script), Scripted(llm_script), [p])[0]
            self.assertEqual(batch[k].ids, single.ids, scripts[k])
            self.assertEqual(batch[k].sources, single.sources)
            self.assertEqual(batch[k].finish, single.finish)
        self.assertEqual(batch[2].num_calls, 2)
        self.assertEqual(batch[4].finish, "llm_eos")
        self.assertEqual(batch[4].llm_tokens, 1)
        agg = rp.aggregate(batch)
        self.assertEqual(agg["llm_tokens"], sum(r.llm_tokens for r in batch))

    def test_partial_command_helpers(self):
        self.assertEqual(rp.strip_commands("a<call>3</call>b<call> 12 </call>c"), "a b c")
        self.assertEqual(rp.partial_start("x <call>1"), 2)
        self.assertEqual(rp.partial_start("x <ca"), 2)
        self.assertEqual(rp.partial_start("x <call>1</ca"), 2)
        self.assertEqual(rp.partial_start("x <call>a"), -1)
        self.assertEqual(rp.partial_start("x y"), -1)

    def test_fast_forward_matches_the_model(self):
        from training import common
        from training.model import Decoder
        torch.manual_seed(1)
        model = Decoder(common.PRESETS["toy"]).eval()
        ids = torch.randint(0, 256, (3, 7))
        att = torch.ones((3, 7), dtype=torch.long)
        att[1, :2] = 0
        pos = torch.arange(7).unsqueeze(0).expand(3, 7)
        with torch.no_grad():
            a, pa = model(ids[:, :4], att[:, :4], pos[:, :4])
            b, pb = rp.forward(model, ids[:, :4], att[:, :4], pos[:, :4])
            self.assertTrue(torch.allclose(a, b, atol=1e-5))
            a2, _ = model(ids[:, 4:], att, pos[:, 4:], pa)
            b2, _ = rp.forward(model, ids[:, 4:], att, pos[:, 4:], pb)
            self.assertTrue(torch.allclose(a2, b2, atol=1e-5))

    def test_cache_compaction_keeps_logits(self):
        from training import common
        torch.manual_seed(0)
        model = __import__("training.model", fromlist=["Decoder"]).Decoder(common.PRESETS["toy"])
        model.eval()
        cache = rp.BatchedCache(model, 3)
        seqs = [[5, 6, 7, 8], [9, 10], [11, 12, 13]]
        cache.append({0: seqs[0], 1: seqs[1], 2: seqs[2]})
        # feed row 0 alone many times to force masked columns and compaction
        for t in range(40):
            cache.append({0: [20 + t % 50]})
            seqs[0].append(20 + t % 50)
        out = cache.append({1: [14, 15], 2: [16]})
        seqs[1] += [14, 15]
        seqs[2] += [16]
        self.assertLess(cache.mask.shape[1], 60)
        for r in (1, 2):
            ids = torch.tensor([seqs[r]])
            with torch.no_grad():
                full, _ = model(ids, torch.ones_like(ids), torch.arange(ids.shape[1]).unsqueeze(0))
            self.assertTrue(torch.allclose(out[r], full[0, -1], atol=1e-5))


if __name__ == "__main__":
    unittest.main()
