import json
import os
import unittest

from training import tokenizer

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "tokenizer-parity.jsonl")


class TokenizerTest(unittest.TestCase):
    def test_round_trip(self):
        for text in ["Q: Mia has 57 cards.\nA: 3*4=12.", "héllo wörld ✓ 日本 🙂", "a<call>3</call>b<|endoftext|>"]:
            self.assertEqual(tokenizer.decode(tokenizer.encode(text)), text)

    def test_special_tokens_are_single_ids(self):
        self.assertEqual(tokenizer.encode("<call>12</call>"), [tokenizer.CALL_ID, 49, 50, tokenizer.END_CALL_ID])
        self.assertEqual(tokenizer.encode("<|endoftext|><pad>"), [tokenizer.EOS_ID, tokenizer.PAD_ID])

    def test_tokenizer_json_vocab(self):
        tj = tokenizer.tokenizer_json()
        self.assertEqual(len(tj["model"]["vocab"]), tokenizer.VOCAB_SIZE)
        self.assertEqual(tj["model"]["vocab"]["Ġ"], 32)
        self.assertEqual([a["content"] for a in tj["added_tokens"]], tokenizer.SPECIAL_TOKENS)

    def test_parity_fixture_is_current(self):
        """The fixture the Java test compares DJL against holds exactly this encoder's ids."""
        with open(FIXTURE, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        self.assertGreater(len(rows), 1000)
        for r in rows:
            self.assertEqual(tokenizer.encode(r["text"]), r["ids"], r["text"])


if __name__ == "__main__":
    unittest.main()
