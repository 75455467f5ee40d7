"""The oracle router (training/oracle_router.py) on the committed demo pair."""
import os
import unittest

from training import common, oracle_router, task, tokenizer
from training.relay_protocol import load_model

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


class OracleRouterTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.slm = load_model(os.path.join(ROOT, "assets/models/tiny-slm-base"))
        cls.llm = load_model(os.path.join(ROOT, "assets/models/tiny-llm"))
        problems = common.read_jsonl(os.path.join(ROOT, "assets/datasets/arith-test.jsonl"), 30)
        cls.prompts = [tokenizer.encode(task.prompt_of(p["question"])) for p in problems]
        cls.slm_alone = common.greedy_generate(cls.slm, cls.prompts, max_new_tokens=96)
        cls.llm_alone = common.greedy_generate(cls.llm, cls.prompts, max_new_tokens=96)

    def run_oracle(self, limit):
        return oracle_router.oracle_generate(self.slm, self.llm, self.prompts, limit)

    def test_the_two_models_disagree_somewhere(self):
        self.assertGreater(sum(a != b for a, b in zip(self.slm_alone, self.llm_alone)), 2)

    def test_no_budget_is_the_small_model_alone(self):
        self.assertEqual([(ids, 0) for ids in self.slm_alone], self.run_oracle(0))

    def test_no_limit_is_the_large_model_alone_with_each_disagreement_counted(self):
        got = self.run_oracle(-1)
        self.assertEqual(self.llm_alone, [ids for ids, _ in got])
        for (ids, n), alone in zip(got, self.slm_alone):
            self.assertEqual(ids == alone, n == 0)

    def test_a_limit_of_one_takes_the_first_disagreement_only(self):
        for (ids, n), alone, large in zip(self.run_oracle(1), self.slm_alone, self.llm_alone):
            first = next((i for i, (a, b) in enumerate(zip(alone, large)) if a != b), None)
            if first is None:
                self.assertEqual((alone, 0), (ids, n))
            else:
                self.assertEqual((large[:first + 1], 1), (ids[:first + 1], n))


if __name__ == "__main__":
    unittest.main()
