import os
import tempfile
import unittest

import torch

from training import common, export, relay_protocol, train
from training.model import Decoder

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


class AttentionOnlyTest(unittest.TestCase):
    """intermediate_size 0 (preset slm7): blocks without an MLP train, export and run in the fast forward."""

    def test_blocks_have_no_mlp_and_the_fast_forward_agrees(self):
        torch.manual_seed(3)
        model = Decoder(common.PRESETS["slm7"]).eval()
        self.assertTrue(all(layer.mlp is None for layer in model.layers))
        self.assertFalse(any("mlp" in name for name, _ in model.named_parameters()))
        ids = torch.tensor([[50, 49, 43, 50, 61, 51, 46], [52, 45, 49, 61, 51, 46, 259]])
        mask = torch.tensor([[1] * 7, [1] * 6 + [0]])
        pos = torch.arange(7).unsqueeze(0).expand(2, 7)
        with torch.no_grad():
            want, _ = model(ids, mask, pos)
            got, _ = relay_protocol.forward(model, ids, mask, pos)
        self.assertLess((want - got).abs().max().item(), 1e-5)

    def test_trains_and_exports_with_cached_steps_matching(self):
        with tempfile.TemporaryDirectory() as tmp:
            run, out = os.path.join(tmp, "run"), os.path.join(tmp, "model")
            train.main(["--preset", "slm7", "--steps", "4", "--batch", "4", "--out", run, "--eval-every", "1000",
                        "--dev", os.path.join(ROOT, "assets/datasets/arith-dev.jsonl"), "--plain-wording"])
            report = export.export_checkpoint(os.path.join(run, "checkpoint.pt"), out)
            self.assertLessEqual(report["cached_step_max_diff"], 1e-4)
            self.assertLessEqual(report["two_chunk_max_diff"], 1e-4)
            self.assertEqual(report["parameters"], Decoder(common.PRESETS["slm7"]).num_parameters())


if __name__ == "__main__":
    unittest.main()
