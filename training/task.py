"""Seeded generator of synthetic arithmetic word problems (the demo task shared by every demo model)."""
import json
import random
import re

NAMES = ["Mia", "Leo", "Ava", "Sam", "Zoe", "Max", "Ivy", "Ben", "Eva", "Tom", "Amy", "Jon"]
ITEMS = ["cards", "apples", "coins", "books", "pens", "shells", "stamps", "beads", "rocks", "eggs"]
ADD_VERBS = ["buys", "finds", "gets"]
SUB_VERBS = ["gives away", "loses", "sells"]
MAX_VALUE = 99
PROMPT_TEMPLATE = "Q: {question}\nA:"
ANSWER_RE = re.compile(r"Answer:\s*(-?\d+)")
EQUATION_RE = re.compile(r"(\d+)([-+*])(\d+)=(\d+)")


def make_problem(rng):
    """One problem: {question, answer, solution, equations}; 2-4 equations, all values within 0..99."""
    while True:
        target_eqs = rng.randint(2, 4)
        value = rng.randint(10, 99)
        name, item = rng.choice(NAMES), rng.choice(ITEMS)
        clauses, equations = [], []
        cur = value
        while len(equations) < target_eqs:
            room = target_eqs - len(equations)
            if room >= 2 and rng.random() < 0.25 and cur + 4 <= MAX_VALUE:
                k, n = rng.randint(2, 9), rng.randint(2, 9)
                if cur + k * n > MAX_VALUE:
                    continue
                clauses.append(f"{rng.choice(ADD_VERBS)} {k} boxes of {n}")
                p = k * n
                equations.append((k, "*", n, p))
                equations.append((cur, "+", p, cur + p))
                cur += p
            elif rng.random() < 0.5 and cur < MAX_VALUE:
                b = rng.randint(1, MAX_VALUE - cur)
                clauses.append(f"{rng.choice(ADD_VERBS)} {b}")
                equations.append((cur, "+", b, cur + b))
                cur += b
            elif cur > 1:
                b = rng.randint(1, cur - 1)
                clauses.append(f"{rng.choice(SUB_VERBS)} {b}")
                equations.append((cur, "-", b, cur - b))
                cur -= b
        # honesty: at least one multi-digit computed result
        if not any(e[3] >= 10 for e in equations):
            continue
        body = ", ".join(clauses[:-1]) + " and " + clauses[-1] if len(clauses) > 1 else clauses[0]
        question = f"{name} has {value} {item}, {body}. How many?"
        steps = " ".join(f"{a}{op}{b}={c}." for a, op, b, c in equations)
        solution = f"{steps} Answer: {cur}"
        return {"question": question, "answer": cur, "solution": solution,
                "equations": [list(e) for e in equations]}


def prompt_of(question):
    """The text a model is given: the question, then the answer cue."""
    return PROMPT_TEMPLATE.format(question=question)


def target_of(solution):
    """The text a model should write after the prompt (without end-of-sequence)."""
    return " " + solution


def generate(seed, count):
    rng = random.Random(seed)
    return [make_problem(rng) for _ in range(count)]


def parse_answer(text):
    m = ANSWER_RE.search(text)
    return int(m.group(1)) if m else None


def is_well_formed(text):
    """Equations 'a op b=c.' separated by spaces, then 'Answer: N'."""
    return re.fullmatch(r"\s*(\d+[-+*]\d+=\d+\. )+Answer: \d+\s*", text) is not None


def score(text, problem):
    """Metrics of one generated answer against the gold problem."""
    eqs = EQUATION_RE.findall(text)
    correct_eq = sum(1 for a, op, b, c in eqs if _apply(int(a), op, int(b)) == int(c))
    gold = problem["equations"]
    copied = sum(1 for i, (a, op, b, c) in enumerate(eqs[:len(gold)])
                 if int(b) == gold[i][2] and op == gold[i][1])
    return {"exact": parse_answer(text) == problem["answer"], "well_formed": is_well_formed(text),
            "equations": len(eqs), "equations_correct": correct_eq,
            "operands_total": len(gold), "operands_copied": copied}


def _apply(a, op, b):
    return a + b if op == "+" else a - b if op == "-" else a * b


def write_split(path, seed, count):
    with open(path, "w", encoding="utf-8") as f:
        for p in generate(seed, count):
            f.write(json.dumps({"question": p["question"], "answer": p["answer"],
                                "solution": p["solution"]}) + "\n")


if __name__ == "__main__":
    import sys
    write_split(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
