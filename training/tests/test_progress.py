import json
import os
import tempfile
import unittest

from training import progress


class ProgressTest(unittest.TestCase):
    def test_rows_and_flat_tail(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log.jsonl")
            with open(log, "w") as f:
                for step, acc in ((100, 0.1), (200, 0.3), (300, 0.2), (800, 0.35), (900, 0.36), (1000, 0.355)):
                    f.write(json.dumps({"step": step, "minutes": step / 10, "loss": 1.0}) + "\n")
                    f.write(json.dumps({"step": step, "minutes": step / 10, "loss": 1.0, "accuracy": acc,
                                        "equation_accuracy": acc, "operand_copy": 0.9}) + "\n")
            pts = progress.rows(log)
            self.assertEqual([p[0] for p in pts], [100, 200, 300, 800, 900, 1000])
            self.assertIsNone(pts[0][6])
            self.assertTrue(progress.flat_tail(pts))                  # 0.35..0.36 over steps 800-1000
            self.assertFalse(progress.flat_tail(pts[:3]))             # 0.3 -> 0.2 over the last 20% (step 300 only: 1 point)
            self.assertFalse(progress.flat_tail(pts[:5], share=0.9))  # 0.1 .. 0.36
            self.assertFalse(progress.flat_tail([]))


if __name__ == "__main__":
    unittest.main()
