"""Warm-up data construction (call positions, loss masks) and the GRPO reward table per question case."""
import random
import unittest

from training import relay_grpo as rg
from training import relay_protocol as rp
from training import relay_sft as rs
from training import tokenizer

CALL, END, EOS = tokenizer.CALL_ID, tokenizer.END_CALL_ID, tokenizer.EOS_ID


class SftDataTest(unittest.TestCase):
    def setUp(self):
        self.prompt = tokenizer.encode("Q: x\nA:")
        self.target = tokenizer.encode(" 12+30=42. Answer: 42") + [EOS]

    def test_build_example_positions_sources_and_mask(self):
        body = self.target[:-1]
        pos = tokenizer.decode(body).index("42")
        ids, start, sources, mask = rs.build_example(self.prompt, self.target, [(pos, 2)])
        self.assertEqual(tokenizer.decode(ids[start:]), " 12+30=<call>2</call>42. Answer: 42<|endoftext|>")
        i = ids.index(CALL)
        self.assertEqual(ids[i:i + 3], [CALL, ord("2"), END])
        self.assertEqual(sources[i - start:i - start + 5], [rp.COMMAND] * 3 + [rp.LLM] * 2)
        # loss on the SLM's tokens and the command (predicted from the previous position), not on the LLM's '42'
        self.assertEqual(mask[i - 1], 1)            # predicts <call>
        self.assertEqual(mask[i + 1], 1)            # predicts </call>
        self.assertEqual(mask[i + 2], 0)            # predicts '4' (LLM)
        self.assertEqual(mask[i + 3], 0)            # predicts '2' (LLM)
        self.assertEqual(mask[i + 4], 1)            # predicts '.' (SLM, after the LLM's tokens)
        self.assertEqual(mask[len(ids) - 2], 1)     # predicts EOS
        self.assertEqual(mask[len(ids) - 1], 0)
        self.assertEqual(sum(mask), len(ids) - start - 2)
        self.assertEqual(mask[:start - 1], [0] * (start - 1))

    def test_no_calls_is_plain_sft(self):
        ids, start, sources, mask = rs.build_example(self.prompt, self.target, [])
        self.assertEqual(ids, self.prompt + self.target)
        self.assertEqual(set(sources), {rp.SLM})
        self.assertEqual(sum(mask), len(self.target))

    def test_random_calls(self):
        rng = random.Random(3)
        counts = set()
        for _ in range(300):
            calls = rs.random_calls(30, rng)
            counts.add(len(calls))
            self.assertLessEqual(len(calls), 3)
            end = -1
            for pos, n in calls:
                self.assertGreater(pos, end)      # sorted, non-overlapping, not adjacent
                self.assertTrue(1 <= n <= 4 and pos + n <= 30)
                end = pos + n
            ids, start, sources, mask = rs.build_example(self.prompt, list(range(40, 70)) + [EOS], calls)
            self.assertEqual(sources.count(rp.LLM), sum(n for _, n in calls))
        self.assertEqual(counts, {0, 1, 2, 3})

    def test_mismatch_digit_calls_are_one_token_each(self):
        body = tokenizer.encode(" 12+30=42. Answer: 42")
        greedy = list(body)
        i = tokenizer.decode(body).index("=42") + 1
        greedy[i] = greedy[i + 1] = ord("0")
        self.assertEqual(rs.mismatch_digit_calls(body, greedy), [(i, 1), (i + 1, 1)])
        self.assertEqual(rs.mismatch_digit_calls(body, list(body)), [])

    def test_micro_batches_give_the_one_batch_loss_gradient_and_labels(self):
        import torch
        from training import common, model as model_lib, task
        torch.manual_seed(5)
        slm = model_lib.with_call_gate(model_lib.Decoder(common.PRESETS["toy"]), 8, bias=0.0)
        rng = random.Random(4)
        problems = [task.make_problem(rng, augment=True) for _ in range(7)]
        examples = [(tokenizer.encode(task.prompt_of(p["question"])),
                     tokenizer.encode(task.target_of(p["solution"])) + [EOS]) for p in problems]
        self.assertEqual(rs.base_greedy(slm, examples, groups=3), rs.base_greedy(slm, examples, groups=1))
        built = rs.make_batch(problems, "mismatch-digit", random.Random(1), slm)
        self.assertTrue(any(CALL in ids for ids, *_ in built))
        grads = []
        for groups in (1, 3):
            slm.zero_grad()
            loss = rs.grouped_loss(slm, built, True, groups)
            loss.backward()
            grads.append((loss.item(), [p.grad.clone() for p in slm.parameters() if p.grad is not None]))
        inp, att, pos, tgt, gold = rs.tensors(built, True)
        self.assertAlmostEqual(rs.sft_loss(slm(inp, att, pos)[0], tgt, gold).item(), grads[0][0], places=5)
        self.assertAlmostEqual(grads[0][0], grads[1][0], places=5)
        for a, b in zip(grads[0][1], grads[1][1]):
            self.assertLess((a - b).abs().max().item(), 1e-5)

    def test_training_sequence_masks_llm_tokens(self):
        r = rp.Rollout(prompt=[1, 2, 3])
        r.ids = [10, CALL, ord("1"), END, 11, 12]
        r.sources = [rp.SLM, rp.COMMAND, rp.COMMAND, rp.COMMAND, rp.LLM, rp.SLM]
        r.finish = "slm_eos"
        ids, mask = rg.training_sequence(r)
        self.assertEqual(ids, [1, 2, 3, 10, CALL, ord("1"), END, 11, 12, EOS])
        self.assertEqual(mask, [0, 0, 1, 1, 1, 1, 0, 1, 1, 0])
        r.finish = "llm_eos"
        r.sources[-1] = rp.LLM
        ids, mask = rg.training_sequence(r)
        self.assertEqual(ids[-1], 12)
        self.assertEqual(mask, [0, 0, 1, 1, 1, 1, 0, 0, 0])


class RewardTest(unittest.TestCase):
    def test_rho(self):
        self.assertAlmostEqual(rg.rho_of([2, 3], 50), 0.1)
        self.assertEqual(rg.rho_of([], 50), 0.0)
        self.assertEqual(rg.rho_of([10000], 50), 1.0)
        self.assertAlmostEqual(rg.rho_of([10000], 8192), 4096 / 8192)
        self.assertAlmostEqual(rg.rho_of([2, 3], 50, cost_weight=4.0), 0.4)
        self.assertEqual(rg.rho_of([2, 3], 50, cost_weight=20.0), 1.0)

    def test_student_solvable(self):
        case, r = rg.group_rewards([(True, False, 0.0), (True, True, 0.1), (False, False, 0.0), (False, True, 0.2)])
        self.assertEqual(case, "student_solvable")
        self.assertEqual(r, [1.5, 0.9, 0.0, 0.0])

    def test_teacher_dependent(self):
        case, r = rg.group_rewards([(True, True, 0.25), (False, False, 0.0), (False, True, 0.5)])
        self.assertEqual(case, "teacher_dependent")
        self.assertEqual(r, [0.75, -1.0, 0.0])

    def test_teacher_unsolvable(self):
        case, r = rg.group_rewards([(False, False, 0.0), (False, True, 0.3), (False, True, 0.05)])
        self.assertEqual(case, "teacher_unsolvable")
        self.assertEqual(r, [0.0, 0.3, 0.05])

    def test_cases_are_per_question(self):
        # a group is judged on its own rollouts only
        self.assertEqual(rg.question_case([(False, False), (True, True)]), "teacher_dependent")
        self.assertEqual(rg.question_case([(True, False)]), "student_solvable")

    def test_advantages(self):
        a = rg.advantages([1.0, 0.0, 1.0, 0.0])
        self.assertEqual(a, [0.5 / (0.5 + 1e-6), -0.5 / (0.5 + 1e-6)] * 2)
        self.assertEqual(rg.advantages([0.5, 0.5]), [0.0, 0.0])


if __name__ == "__main__":
    unittest.main()


class CallExplorationLogprobTest(unittest.TestCase):
    def test_call_mode_scores_the_binary_decision(self):
        import torch
        from training import common
        from training import model as M
        torch.manual_seed(0)
        model = M.with_call_gate(M.Decoder(common.PRESETS["toy"]), 8).eval()
        with torch.no_grad():
            model.call_gate.fc2.bias.fill_(0.5)
        ids = tokenizer.encode("Q: a?\nA: 1") + [tokenizer.CALL_ID] + tokenizer.encode("1") + [tokenizer.END_CALL_ID]
        mask = [1] * (len(ids) - 1) + [0]
        lp, m = rg.token_logprobs(model, [(ids, mask)], explore="call")
        with torch.no_grad():
            logits, _ = model(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long),
                              torch.arange(len(ids)).unsqueeze(0))
        g, _ = rp.call_score(logits)
        call_at = ids.index(tokenizer.CALL_ID) - 1
        self.assertAlmostEqual(lp[0, call_at].item(), torch.nn.functional.logsigmoid(g[0, call_at]).item(), places=5)
        self.assertAlmostEqual(lp[0, 0].item(), torch.nn.functional.logsigmoid(-g[0, 0]).item(), places=5)
        full, _ = rg.token_logprobs(model, [(ids, mask)])
        self.assertNotAlmostEqual(full[0, 0].item(), lp[0, 0].item(), places=3)


class SplitLossTest(unittest.TestCase):
    """--gate-loss bce: a call target trains the decision only; the language model learns the gold token there."""

    def setUp(self):
        import torch
        self.torch = torch
        torch.manual_seed(0)
        self.logits = torch.randn(1, 3, 260, requires_grad=True)
        self.tgt = torch.tensor([[ord("4"), CALL, -100]])
        self.gold = torch.tensor([[-100, ord("7"), -100]])

    def test_call_position_gives_the_language_model_the_gold_token(self):
        torch = self.torch
        loss, scored = rs.split_loss(self.logits, self.tgt, self.gold, call_weight=10.0)
        self.assertEqual(scored, 2)
        loss.backward()
        grad = self.logits.grad[0, 1]
        other = self.logits.detach()[0, 1].clone()
        other[CALL] = float("-inf")
        p = torch.softmax(other, -1)
        want = p.clone()
        want[ord("7")] -= 1.0
        want[CALL] = 0.0
        # every other token: the plain cross-entropy gradient toward the gold '7' (not pushed down for <call>)
        mask = torch.ones(260, dtype=torch.bool)
        mask[CALL] = False
        self.assertTrue(torch.allclose(grad[mask], want[mask], atol=1e-5))
        # the call logit: the weighted binary loss's gradient, -w * (1 - sigmoid(g)) for a positive
        g = self.logits.detach()[0, 1, CALL] - other.max()
        self.assertAlmostEqual(grad[CALL].item(), -10.0 * (1 - torch.sigmoid(g)).item(), places=4)
        self.assertEqual(self.logits.grad[0, 2].abs().sum().item(), 0.0)  # unscored position

    def test_non_call_position_pushes_the_call_logit_down(self):
        torch = self.torch
        loss, _ = rs.split_loss(self.logits, self.tgt, self.gold)
        loss.backward()
        other = self.logits.detach()[0, 0].clone()
        other[CALL] = float("-inf")
        g = self.logits.detach()[0, 0, CALL] - other.max()
        self.assertAlmostEqual(self.logits.grad[0, 0, CALL].item(), torch.sigmoid(g).item(), places=5)


class ReadOnlyCallsTest(unittest.TestCase):
    """--read-calls: commands placed only to be read; the decision learns no call there."""

    def test_read_only_command_is_marked_at_the_position_that_predicts_its_call(self):
        prompt = tokenizer.encode("Q: x\nA:")
        target = tokenizer.encode(" 12+30=42. Answer: 42") + [EOS]
        at = tokenizer.decode(target[:-1]).index("42")
        ids, start, sources, mask = rs.build_example(prompt, target, [(1, 1), (at, 1)], {at})
        calls = [i for i, t in enumerate(ids) if t == CALL]
        self.assertEqual(len(calls), 2)
        self.assertEqual(mask[calls[0] - 1], 1)
        self.assertEqual(mask[calls[1] - 1], rs.READ_ONLY)
        self.assertEqual([m for m in mask if m == rs.READ_ONLY], [rs.READ_ONLY])
        inp, att, pos, tgt, gold, quiet = rs.tensors([(ids, start, sources, mask)], True, True)
        self.assertEqual(quiet[0].nonzero().flatten().tolist(), [calls[1] - 1])
        self.assertEqual(gold[0, calls[1] - 1].item(), ord("4"))

    def test_the_decision_learns_no_call_and_the_language_model_the_gold_token(self):
        import torch
        torch.manual_seed(0)
        logits = torch.randn(1, 2, 260, requires_grad=True)
        tgt = torch.tensor([[CALL, CALL]])
        gold = torch.tensor([[ord("7"), ord("7")]])
        quiet = torch.tensor([[False, True]])
        loss, scored = rs.split_loss(logits, tgt, gold, call_weight=10.0, read_only=quiet)
        self.assertEqual(scored, 2)
        loss.backward()
        for r, label, weight in ((0, 1.0, 10.0), (1, 0.0, 1.0)):
            other = logits.detach()[0, r].clone()
            other[CALL] = float("-inf")
            g = logits.detach()[0, r, CALL] - other.max()
            want = weight * (torch.sigmoid(g) - label)
            self.assertAlmostEqual(logits.grad[0, r, CALL].item(), want.item(), places=4)
            self.assertLess(logits.grad[0, r, ord("7")].item(), 0)  # the gold token is pulled up either way

    def test_make_batch_adds_read_only_commands_and_keeps_the_problem_stream(self):
        import torch
        from training import common, model as model_lib, task
        torch.manual_seed(5)
        slm = model_lib.with_call_gate(model_lib.Decoder(common.PRESETS["toy"]), 8, bias=0.0)
        problems = [task.make_problem(random.Random(k), augment=True) for k in range(20)]
        rng = random.Random(9)
        before = rng.getstate()
        plain = rs.make_batch(problems, "mismatch-digit", rng, slm)
        read = rs.make_batch(problems, "mismatch-digit", rng, slm, read_calls=2)
        self.assertEqual(rng.getstate(), before)
        extra = [sum(m == rs.READ_ONLY for m in b[3]) for b in read]
        self.assertTrue(all(0 <= e <= 2 for e in extra) and sum(extra) > 0)
        for a, b, e in zip(plain, read, extra):
            self.assertEqual(b[0].count(CALL), a[0].count(CALL) + e)
            # scored: + its <call>, 1 and </call>, - the gold token the LLM now writes
            self.assertEqual(sum(map(bool, b[3])) - sum(map(bool, a[3])), 2 * e)
        self.assertEqual(read, rs.make_batch(problems, "mismatch-digit", rng, slm, read_calls=2))


class MismatchNumberTest(unittest.TestCase):
    """mismatch-number: whole-number commands, and a plain pass that is the no-call model's loss."""

    def test_a_wrong_digit_calls_for_its_whole_number(self):
        body = tokenizer.encode(" 14+16=30. 30+4=34. Answer: 34")
        text = tokenizer.decode(body)
        self.assertEqual([tokenizer.decode(body[s:s + n]) for s, n in rs.number_spans(body)],
                         ["14", "16", "30", "30", "4", "34", "34"])
        greedy = list(body)
        greedy[text.index("=30") + 2] = ord("9")  # the units digit of the first result
        self.assertEqual(rs.mismatch_number_calls(body, greedy), [(text.index("=30") + 1, 2)])

    def test_plain_pass_is_the_no_call_loss_and_commands_never_split_a_number(self):
        import torch
        from training import common, model as model_lib, task, train
        torch.manual_seed(5)
        slm = model_lib.with_call_gate(model_lib.Decoder(common.PRESETS["toy"]), 8, bias=-30.0)
        problems = [task.make_problem(random.Random(k), augment=True) for k in range(6)]
        batch = rs.number_batch(problems, slm, read_calls=2)
        self.assertTrue(any(positives for _, positives, _ in batch))
        for (plain, positives, commanded), p in zip(batch, problems):
            self.assertEqual(plain[0], common.example_ids(p)[0])
            ids = commanded[0]
            for i, t in enumerate(ids):
                if t == CALL:  # <call>n</call>, then n digits of one number, then no digit
                    n = int(chr(ids[i + 1]))
                    self.assertEqual(ids[i + 2], END)
                    self.assertTrue(all(tokenizer.is_digit(x) for x in ids[i + 3:i + 3 + n]))
                    self.assertFalse(tokenizer.is_digit(ids[i + 3 + n]) or tokenizer.is_digit(ids[i - 1]))
            for j in positives:
                self.assertTrue(tokenizer.is_digit(plain[0][j + 1]) and not tokenizer.is_digit(plain[0][j]))
        # with the commanded pass and the positives weighted 0 and the gate far from calling: the no-call model's loss
        loss = rs.two_pass_loss(slm, batch, groups=2, call_weight=0.0, read_weight=0.0)
        plain_loss, _ = train.answer_loss(slm, [common.example_ids(p) for p in problems], 2)
        self.assertAlmostEqual(loss.item(), plain_loss.item(), places=4)


class DetachedGateTest(unittest.TestCase):
    def test_the_gate_reads_the_hidden_state_but_never_trains_the_layers(self):
        import torch
        from training import model as model_lib
        torch.manual_seed(0)
        plain = model_lib.Decoder(model_lib.Config(hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                                   num_key_value_heads=1, intermediate_size=8))
        gated = model_lib.with_call_gate(plain, 4)
        torch.nn.init.normal_(gated.call_gate.fc2.weight)  # zero at init: no gradient would reach h either way
        ids = torch.tensor([tokenizer.encode(" 1+2=3")])
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        for detached, layers_get_grad in ((False, True), (True, False)):
            gated.zero_grad()
            gated.call_gate.detach_input = detached
            logits, _ = gated(ids, torch.ones_like(ids), pos)
            logits[..., CALL].sum().backward()
            self.assertGreater(gated.call_gate.fc2.bias.grad.abs().sum().item(), 0)
            layer_grad = gated.layers[0].self_attn.q_proj.weight.grad
            got = layer_grad is not None and layer_grad.abs().sum().item() > 0
            self.assertEqual(got, layers_get_grad, f"detached={detached}")
