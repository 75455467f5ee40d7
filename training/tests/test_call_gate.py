"""The call gate (model.CallGate): a defer head that writes `<call>` when its score is positive, exported and
reloaded like every other weight."""
import os
import tempfile
import unittest

import torch

from training import common, export, tokenizer
from training import model as M


def toy_gated(seed=0):
    torch.manual_seed(seed)
    base = M.Decoder(common.PRESETS["toy"]).eval()
    with torch.no_grad():  # distinct norm weights: the exporter stores identical initializers once
        for p in base.parameters():
            p.add_(torch.randn_like(p) * 0.01)
    return base, M.with_call_gate(base, 8).eval()


class CallGateTest(unittest.TestCase):
    def setUp(self):
        self.base, self.gated = toy_gated()
        self.ids = torch.tensor([tokenizer.encode("Q: Ann has 12 pens, buys 3. How many?\nA: 12+3=15.")])
        self.n = self.ids.shape[1]
        self.pos = torch.arange(self.n).unsqueeze(0)

    def logits(self, model):
        with torch.no_grad():
            return model(self.ids, torch.ones_like(self.ids), self.pos)[0][0]

    def test_fresh_gate_keeps_the_language_model_and_never_calls(self):
        plain, gated = self.logits(self.base), self.logits(self.gated)
        others = [i for i in range(plain.shape[-1]) if i != tokenizer.CALL_ID]
        self.assertTrue(torch.allclose(plain[:, others], gated[:, others]))
        self.assertTrue((gated.argmax(-1) != tokenizer.CALL_ID).all())
        best_other = gated[:, others].max(-1).values
        self.assertTrue(torch.allclose(gated[:, tokenizer.CALL_ID], best_other - 6.0, atol=1e-5))

    def test_greedy_calls_exactly_where_the_score_is_positive(self):
        with torch.no_grad():
            self.gated.call_gate.fc2.weight.normal_(std=3.0)
            self.gated.call_gate.fc2.bias.fill_(0.0)
        gated = self.logits(self.gated)
        others = [i for i in range(gated.shape[-1]) if i != tokenizer.CALL_ID]
        score = gated[:, tokenizer.CALL_ID] - gated[:, others].max(-1).values
        calls = gated.argmax(-1) == tokenizer.CALL_ID
        self.assertTrue(calls.any() and not calls.all(), "a random gate should call at some positions only")
        self.assertTrue(torch.equal(calls, score > 0))

    def test_export_keeps_the_gate(self):
        with torch.no_grad():
            self.gated.call_gate.fc2.weight.normal_(std=1.0)
        with tempfile.TemporaryDirectory() as tmp:
            export.export_model(self.gated, tmp)
            report = export.check_export(self.gated, tmp)
            self.assertEqual(report["parameters"], self.gated.num_parameters())
            reloaded = export.load_onnx_weights(os.path.join(tmp, "model.onnx"))
            self.assertEqual(reloaded.c.call_gate, 8)
            self.assertTrue(torch.allclose(self.logits(reloaded), self.logits(self.gated), atol=1e-5))


if __name__ == "__main__":
    unittest.main()
