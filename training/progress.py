"""Learning curves of the pipeline's runs as markdown rows (held-out evaluations from each log.jsonl).

/usr/bin/python3 -m training.progress /work/train-runs            # every run folder with a log
/usr/bin/python3 -m training.progress /work/train-runs llm slm-base
"""
import json
import os
import sys


def rows(log_path):
    """(step, minutes, loss, dev accuracy, dev per-equation, dev operand copy, paraphrase accuracy) per evaluation."""
    out = []
    with open(log_path) as f:
        for line in f:
            e = json.loads(line)
            if "accuracy" in e and "equation_accuracy" in e:
                out.append((e["step"], e["minutes"], e.get("loss"), e["accuracy"], e["equation_accuracy"],
                            e["operand_copy"], e.get("paraphrase_accuracy")))
    return out


def flat_tail(points, share=0.2, tolerance=0.02):
    """Whether the dev accuracy moved by at most `tolerance` over the last `share` of the steps (needs >= 2 points
    there): the convergence test of issue 15."""
    if not points:
        return False
    last = points[-1][0]
    tail = [p[3] for p in points if p[0] >= last * (1 - share)]
    return len(tail) >= 2 and max(tail) - min(tail) <= tolerance


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    root = argv[0] if argv else "/work/train-runs"
    names = argv[1:] or sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "log.jsonl")))
    for name in names:
        pts = rows(os.path.join(root, name, "log.jsonl"))
        print(f"\n{name}\n\n| step | training minutes | loss | dev accuracy | per-equation | operand copy | paraphrase accuracy |")
        print("|---|---|---|---|---|---|---|")
        for s, m, loss, acc, eq, cp, para in pts:
            para_text = "" if para is None else f"{para:.3f}"
            print(f"| {s} | {m:.1f} | {loss if loss is not None else ''} | {acc:.3f} | {eq:.3f} | {cp:.3f} | {para_text} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
