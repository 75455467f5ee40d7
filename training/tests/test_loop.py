"""training.loop: a run stopped and resumed ends with the same weights as one straight run; a packed resume point
resumes it too; the log carries the held-out numbers."""
import json
import os
import tempfile
import unittest

import torch

from training import resume_point, train

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
DEV = os.path.join(ROOT, "assets/datasets/arith-dev.jsonl")
PARA = os.path.join(ROOT, "assets/datasets/arith-paraphrase.jsonl")


def _run(out, *extra):
    train.main(["--preset", "toy", "--steps", "12", "--batch", "4", "--out", out, "--eval-every", "6",
                "--eval-problems", "2", "--dev", DEV, "--paraphrase", PARA, "--ckpt-every", "3", *extra])
    return torch.load(os.path.join(out, "checkpoint.pt"))


class LoopTest(unittest.TestCase):
    def test_resume_matches_a_straight_run_and_packs(self):
        with tempfile.TemporaryDirectory() as tmp:
            straight = _run(os.path.join(tmp, "a"))
            part = os.path.join(tmp, "b")
            _run(part, "--stop-at", "6")
            self.assertEqual(torch.load(os.path.join(part, "checkpoint.pt"))["step"], 6)
            resumed = _run(part)
            self.assertEqual(resumed["step"], 12)
            for k, v in straight["model"].items():
                self.assertTrue(torch.equal(v, resumed["model"][k]), k)
            with open(os.path.join(part, "log.jsonl")) as f:
                log = [json.loads(line) for line in f]
            evals = [e for e in log if "accuracy" in e]
            self.assertEqual([e["step"] for e in evals], [6, 12])
            self.assertIn("paraphrase_accuracy", evals[0])
            # a packed resume point (bf16 moments) resumes the run from step 6 in a fresh folder
            packed = os.path.join(tmp, "p.pt")
            mid = os.path.join(tmp, "c")
            _run(mid, "--stop-at", "6")
            step, size = resume_point.pack(os.path.join(mid, "checkpoint.pt"), packed)
            self.assertEqual(step, 6)
            self.assertLess(size, os.path.getsize(os.path.join(mid, "checkpoint.pt")))
            fresh = os.path.join(tmp, "d")
            resume_point.unpack(packed, os.path.join(fresh, "checkpoint.pt"))
            again = _run(fresh)
            self.assertEqual(again["step"], 12)
            diff = max((v - again["model"][k]).abs().max().item() for k, v in straight["model"].items())
            self.assertLess(diff, 1e-2)



class AnswerLossTest(unittest.TestCase):
    def test_length_groups_give_the_loss_and_gradient_of_one_batch(self):
        import random
        from training import common, task
        from training.model import Decoder
        torch.manual_seed(0)
        model = Decoder(common.PRESETS["toy"])
        rng = random.Random(5)
        exs = [common.example_ids(task.make_problem(rng), rng, 0.5, 0.5) for _ in range(10)]
        grads = []
        for groups in (1, 4):
            model.zero_grad()
            loss, info = train.answer_loss(model, exs, groups)
            loss.backward()
            grads.append((loss.item(), [p.grad.clone() for p in model.parameters()], info["tokens"]))
        self.assertAlmostEqual(grads[0][0], grads[1][0], places=5)
        self.assertEqual(grads[0][2], grads[1][2])
        for a, b in zip(grads[0][1], grads[1][1]):
            self.assertLess((a - b).abs().max().item(), 1e-5)


if __name__ == "__main__":
    unittest.main()


class LrScaleTest(unittest.TestCase):
    def test_a_group_with_lr_scale_gets_that_share_of_the_schedule(self):
        from training import loop
        a, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(2))
        opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr_scale": 10.0}], lr=0.0)
        seen = []

        def step_fn(step):
            seen.append([g["lr"] for g in opt.param_groups])
            return (a.sum() + b.sum()) * 0.0 + (a * a).sum() + (b * b).sum(), {}

        with tempfile.TemporaryDirectory() as tmp:
            loop.train(tmp, torch.nn.ParameterList([a, b]), opt, __import__("random").Random(0), 2, step_fn,
                       lr_at=lambda s: 0.5, params=[a, b], progress_every=0)
        self.assertEqual(seen, [[0.5, 5.0], [0.5, 5.0]])
