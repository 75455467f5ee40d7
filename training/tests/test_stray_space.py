"""The stray-space augmentation of training.common (teaching the LLM to read past the relay protocol's " ")."""
import random
import unittest

from training import common, task, tokenizer


class StraySpaceTest(unittest.TestCase):
    def test_default_is_unchanged_and_uses_no_randomness(self):
        rng = random.Random(5)
        p = task.make_problem(rng)
        state = rng.getstate()
        self.assertEqual(common.example_ids(p), common.example_ids(p, rng, 0.0))
        self.assertEqual(rng.getstate(), state)
        ids, start = common.example_ids(p)
        _, _, _, tgt = common.batch_tensors([(ids, start)])
        self.assertEqual([t for t in tgt[0].tolist() if t != -100], ids[start:])

    def test_inserted_spaces_are_read_but_not_scored(self):
        rng = random.Random(7)
        seen = 0
        for _ in range(200):
            p = task.make_problem(rng)
            ex = common.example_ids(p, rng, 1.0)
            self.assertEqual(len(ex), 3)
            ids, start, marks = ex
            self.assertTrue(1 <= len(marks) <= 3)
            self.assertTrue(all(ids[m] == common.SPACE_ID and start <= m < len(ids) - 1 for m in marks))
            clean = [t for i, t in enumerate(ids) if i not in set(marks)]
            self.assertEqual(clean, common.example_ids(p)[0])
            _, att, _, tgt = common.batch_tensors([ex])
            scored = [ids[i + 1] for i in range(len(ids) - 1) if tgt[0, i].item() != -100]
            self.assertEqual(scored, [t for i, t in enumerate(ids) if i >= start and i not in set(marks)])
            seen += any(ids[m - 1] == ord("=") for m in marks)
        self.assertGreater(seen, 50)
        self.assertIn(" ", tokenizer.decode(ids[start:]))

    def test_mid_number_share_puts_spaces_between_digits(self):
        rng = random.Random(3)
        inside = total = 0
        for _ in range(200):
            p = task.make_problem(rng)
            ids, start, marks = common.example_ids(p, rng, 1.0, mid_number_share=1.0)
            clean = [t for i, t in enumerate(ids) if i not in set(marks)]
            self.assertEqual(clean, common.example_ids(p)[0])
            for m in marks:
                total += 1
                inside += chr(ids[m - 1]).isdigit() and chr(ids[m + 1]).isdigit()
        self.assertEqual(inside, total)


if __name__ == "__main__":
    unittest.main()
