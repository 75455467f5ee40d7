"""relay_sft and relay_grpo run on training.loop with the committed demo models: a few steps, a log with the relay
evaluation, a checkpoint that resumes (a finished run does no more steps) and feeds the next stage."""
import json
import os
import tempfile
import unittest

import torch

from training import relay_grpo, relay_sft

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
DEV = os.path.join(ROOT, "assets/datasets/arith-dev.jsonl")
BASE = os.path.join(ROOT, "assets/models/tiny-slm-base")
LLM = os.path.join(ROOT, "assets/models/tiny-llm")


def _log(folder):
    with open(os.path.join(folder, "log.jsonl")) as f:
        return [json.loads(line) for line in f]


class RelayLoopsTest(unittest.TestCase):
    def test_sft_then_grpo_log_checkpoint_and_resume(self):
        with tempfile.TemporaryDirectory() as tmp:
            sft = os.path.join(tmp, "sft")
            args = ["--variant", "mismatch-digit", "--call-gate", "4", "--labels", "self", "--learn-at-calls",
                    "--base", BASE, "--llm", LLM, "--steps", "2", "--batch", "2", "--eval-every", "2",
                    "--eval-problems", "2", "--dev", DEV, "--out", sft]
            relay_sft.main(args)
            log = _log(sft)
            self.assertEqual([e["step"] for e in log if "llm_token_ratio" in e], [0, 2])
            st = torch.load(os.path.join(sft, "checkpoint.pt"))
            self.assertEqual((st["step"], st["config"]["call_gate"]), (2, 4))
            relay_sft.main(args)  # resumes a finished run: nothing more
            self.assertEqual(len(_log(sft)), len(log))

            grpo = os.path.join(tmp, "grpo")
            gargs = ["--init", os.path.join(sft, "checkpoint.pt"), "--llm", LLM, "--steps", "2", "--questions", "1",
                     "--group", "2", "--explore", "call", "--eval-every", "2", "--eval-problems", "2", "--dev", DEV,
                     "--out", grpo]
            relay_grpo.main(gargs)
            glog = _log(grpo)
            self.assertEqual([e["step"] for e in glog], [0, 1, 2])
            self.assertIn("eval", glog[0])
            self.assertIn("eval", glog[2])
            self.assertIn("reward", glog[1])
            self.assertTrue(os.path.isfile(os.path.join(grpo, "step_2.pt")))
            before = torch.load(os.path.join(sft, "checkpoint.pt"))["model"]
            after = torch.load(os.path.join(grpo, "checkpoint.pt"))["model"]
            lm = [k for k in before if not k.startswith("call_gate.")]
            self.assertTrue(all(torch.equal(before[k], after[k]) for k in lm), "call-only GRPO keeps the LM")
            relay_grpo.main(gargs)
            self.assertEqual(len(_log(grpo)), 3)

    def test_the_committed_recipe_runs_resumes_and_reports_the_language_model_alone(self):
        with tempfile.TemporaryDirectory() as tmp:
            sft = os.path.join(tmp, "sft")
            args = ["--variant", "mismatch-number", "--call-gate", "4", "--labels", "self", "--gate-detached",
                    "--gate-lr-scale", "10", "--call-weight", "4", "--read-calls", "1", "--read-weight", "0.3",
                    "--base", BASE, "--llm", LLM, "--steps", "2", "--batch", "2", "--eval-every", "2",
                    "--eval-problems", "2", "--dev", DEV, "--out", sft]
            relay_sft.main(args)
            evals = [e for e in _log(sft) if "llm_token_ratio" in e]
            self.assertEqual([e["step"] for e in evals], [0, 2])
            self.assertTrue(all(0.0 <= e["lm_accuracy"] <= 1.0 for e in evals))
            relay_sft.main(args)
            self.assertEqual(len([e for e in _log(sft) if "llm_token_ratio" in e]), 2)
            with self.assertRaises(SystemExit):  # the two-pass loss needs the gate and self labels
                relay_sft.main(["--variant", "mismatch-number", "--out", os.path.join(tmp, "bad")])


if __name__ == "__main__":
    unittest.main()
