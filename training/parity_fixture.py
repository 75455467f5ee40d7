"""Writes src/test/resources/tokenizer-parity.jsonl: texts and the Python encoder's ids, for the DJL parity test."""
import json
import os
import sys

from . import common, task, tokenizer

EXTRA = ["héllo wörld ✓ 日本語 🙂 naïve café", "<call>4</call> 12+30=42.<|endoftext|>", "a<call> 7 </call>b<pad>",
         "tabs\tand\r\nnewlines\n\n", "emoji 👩‍👩‍👧 and ±×÷", "<call>", "</call><|endoftext|>"]


def main(out="src/test/resources/tokenizer-parity.jsonl"):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rows = []
    for p in common.read_jsonl("assets/datasets/arith-test-v1.jsonl"):
        rows.append(task.prompt_of(p["question"]))
        rows.append(task.target_of(p["solution"]) + "<|endoftext|>")
    rows += EXTRA
    with open(out, "w", encoding="utf-8") as f:
        for text in rows:
            f.write(json.dumps({"text": text, "ids": tokenizer.encode(text)}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])
