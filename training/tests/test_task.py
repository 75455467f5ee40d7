import unittest

from training import task


class TaskTest(unittest.TestCase):
    def test_generator_is_deterministic(self):
        self.assertEqual(task.generate(7, 50), task.generate(7, 50))
        self.assertNotEqual(task.generate(7, 50), task.generate(8, 50))

    def test_answers_and_equations_are_correct(self):
        for p in task.generate(3, 2000):
            eqs = p["equations"]
            self.assertGreaterEqual(len(eqs), 2)
            self.assertLessEqual(len(eqs), 4)
            for a, op, b, c in eqs:
                self.assertEqual(task._apply(a, op, b), c)
                self.assertTrue(0 <= c <= task.MAX_VALUE)
            self.assertEqual(eqs[-1][3], p["answer"])
            self.assertTrue(any(e[3] >= 10 for e in eqs), "needs a multi-digit result")
            s = task.score(p["solution"], p)
            self.assertTrue(s["exact"] and s["well_formed"])
            self.assertEqual(s["equations_correct"], len(eqs))

    def test_wrong_answer_scores_wrong(self):
        p = task.generate(4, 1)[0]
        bad = p["solution"].replace(f"Answer: {p['answer']}", f"Answer: {p['answer'] + 1}")
        self.assertFalse(task.score(bad, p)["exact"])
        self.assertFalse(task.is_well_formed("Answer 12"))

    def test_committed_splits_match_the_generator(self):
        import json
        import os
        root = os.path.join(os.path.dirname(__file__), "..", "..", "assets", "datasets")
        for name, seed in (("arith-dev.jsonl", 1001), ("arith-test.jsonl", 2002)):
            with open(os.path.join(root, name)) as f:
                rows = [json.loads(line) for line in f]
            self.assertEqual(len(rows), 500)
            expected = task.generate(seed, 500)
            self.assertEqual([r["question"] for r in rows], [p["question"] for p in expected])
            self.assertEqual([r["answer"] for r in rows], [p["answer"] for p in expected])


if __name__ == "__main__":
    unittest.main()
