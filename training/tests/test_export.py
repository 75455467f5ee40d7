import os
import subprocess
import sys
import tempfile
import time
import unittest

import onnx

from training import common, export, train

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


class ExportTest(unittest.TestCase):
    def test_smoke_train_export_check_at_toy_size(self):
        t0 = time.time()
        with tempfile.TemporaryDirectory() as tmp:
            run = os.path.join(tmp, "run")
            out = os.path.join(tmp, "model")
            train.main(["--preset", "toy", "--steps", "30", "--batch", "4", "--out", run, "--eval-every", "30",
                        "--eval-problems", "4", "--dev", os.path.join(ROOT, "assets/datasets/arith-dev.jsonl"),
                        "--export", out])
            for name in ("model.onnx", "tokenizer.json", "config.json", "generation_config.json"):
                self.assertTrue(os.path.isfile(os.path.join(out, name)), name)
            g = onnx.load(os.path.join(out, "model.onnx"))
            layers = common.PRESETS["toy"].num_hidden_layers
            ins, outs = export.io_names(layers)
            self.assertEqual([i.name for i in g.graph.input], ins)
            self.assertEqual([o.name for o in g.graph.output], outs)
            kv = g.graph.input[3].type.tensor_type.shape.dim
            self.assertEqual(kv[0].dim_param, "batch_size")
            self.assertEqual(kv[1].dim_value, common.PRESETS["toy"].num_key_value_heads)
            self.assertEqual(kv[2].dim_param, "past_sequence_length")
            self.assertEqual(kv[3].dim_value, common.PRESETS["toy"].head_dim)
            logits = g.graph.output[0].type.tensor_type.shape.dim
            self.assertEqual(logits[2].dim_value, common.PRESETS["toy"].vocab_size)
            # resuming a finished run does no more steps and keeps the checkpoint valid
            train.main(["--preset", "toy", "--steps", "30", "--batch", "4", "--out", run, "--eval-every", "1000",
                        "--dev", os.path.join(ROOT, "assets/datasets/arith-dev.jsonl")])
            report = export.export_checkpoint(os.path.join(run, "checkpoint.pt"), out)
            self.assertLessEqual(report["cached_step_max_diff"], 1e-4)
            self.assertLessEqual(report["two_chunk_max_diff"], 1e-4)
            res = subprocess.run([sys.executable, "-m", "training.evaluate", "--model", out, "--dataset",
                                  os.path.join(ROOT, "assets/datasets/arith-test.jsonl"), "--limit", "3"],
                                 cwd=ROOT, capture_output=True, text=True, check=True)
            self.assertRegex(res.stdout.strip().splitlines()[-1], r"^accuracy=\d\.\d{3}$")
        self.assertLess(time.time() - t0, 60)


if __name__ == "__main__":
    unittest.main()
