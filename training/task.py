"""Seeded generator of synthetic arithmetic word problems (the demo task shared by every demo model).

The wording comes from the grammar file assets/datasets/arith-grammar.json (format: docs/arith-grammar.md): its
"train" lists build the training problems and arith-dev / arith-test; its "heldout" lists (templates, asks, names,
items, containers, connectors never used in training) build arith-paraphrase. The values and steps are those of the
first grammar (kept as `make_problem_v1`, which built arith-test-v1): a start value 10-99, 2-4 equations of +, - and
"k boxes of n" (k*n, then +), every value within 0-99, at least one multi-digit result. The worked answer is the same
for every wording: `a op b=c.` per step, then `Answer: N`.
"""
import json
import os
import random
import re

GRAMMAR_PATH = os.path.join(os.path.dirname(__file__), "..", "assets", "datasets", "arith-grammar.json")
NAMES = ["Mia", "Leo", "Ava", "Sam", "Zoe", "Max", "Ivy", "Ben", "Eva", "Tom", "Amy", "Jon"]
ITEMS = ["cards", "apples", "coins", "books", "pens", "shells", "stamps", "beads", "rocks", "eggs"]
ADD_VERBS = ["buys", "finds", "gets"]
SUB_VERBS = ["gives away", "loses", "sells"]
MAX_VALUE = 99
PROMPT_TEMPLATE = "Q: {question}\nA:"
ANSWER_RE = re.compile(r"Answer:\s*(-?\d+)")
EQUATION_RE = re.compile(r"(\d+)([-+*])(\d+)=(\d+)")
SPLITS = ("train", "heldout")

_grammar = None


def grammar():
    """The grammar file, read once."""
    global _grammar
    if _grammar is None:
        with open(GRAMMAR_PATH, encoding="utf-8") as f:
            _grammar = json.load(f)
    return _grammar


def number_words(x, g=None):
    """0..99 as English words: 'seven', 'nineteen', 'forty', 'fifty-six'."""
    nw = (g or grammar())["number_words"]
    if not 0 <= x <= 99:
        raise ValueError(f"{x}: only 0..99 have words")
    if x < 20:
        return nw["ones"][x]
    tens, ones = divmod(x, 10)
    return nw["tens"][tens] + (nw["joiner"] + nw["ones"][ones] if ones else "")


def parse_number_words(text, g=None):
    """The inverse of number_words ('fifty-six' -> 56); None when it is not a number word."""
    nw = (g or grammar())["number_words"]
    t = text.strip().lower()
    if t in nw["ones"]:
        return nw["ones"].index(t)
    head, _, tail = t.partition(nw["joiner"])
    if head in nw["tens"] and head:
        if not tail:
            return nw["tens"].index(head) * 10
        if tail in nw["ones"][1:10]:
            return nw["tens"].index(head) * 10 + nw["ones"].index(tail)
    return None


def draw_steps(rng, v=None):
    """(start, actions, equations): actions are ("add", b), ("sub", b) or ("boxes", k, n); values as in v1."""
    v = v or grammar()["values"]
    top = v["max_value"]
    while True:
        target_eqs = rng.randint(v["equations_min"], v["equations_max"])
        start = rng.randint(v["start_min"], v["start_max"])
        actions, equations = [], []
        cur = start
        while len(equations) < target_eqs:
            room = target_eqs - len(equations)
            if room >= 2 and rng.random() < v["boxes_prob"] and cur + 4 <= top:
                k, n = rng.randint(v["factor_min"], v["factor_max"]), rng.randint(v["factor_min"], v["factor_max"])
                if cur + k * n > top:
                    continue
                actions.append(("boxes", k, n))
                equations += [(k, "*", n, k * n), (cur, "+", k * n, cur + k * n)]
                cur += k * n
            elif rng.random() < v["add_prob"] and cur < top:
                b = rng.randint(1, top - cur)
                actions.append(("add", b))
                equations.append((cur, "+", b, cur + b))
                cur += b
            elif cur > 1:
                b = rng.randint(1, cur - 1)
                actions.append(("sub", b))
                equations.append((cur, "-", b, cur - b))
                cur -= b
        if any(e[3] >= 10 for e in equations):
            return start, actions, equations


def _cap(s):
    return s[:1].upper() + s[1:]


def _fill(text, **slots):
    return re.sub(r"\{(\w+)\}", lambda m: str(slots[m.group(1)]), text)


def nonce_word(rng, g=None):
    """A made-up lowercase word (the grammar's `augment` letters and lengths) that is no held-out word."""
    g = g or grammar()
    a = g["augment"]
    taken = {w.lower() for w in g["items"]["heldout"] + g["containers"]["heldout"]}
    taken |= {s["name"].lower() for s in g["subjects"]["heldout"]}
    while True:
        w = "".join(rng.choice(a["nonce_letters"]) for _ in range(rng.randint(a["nonce_min"], a["nonce_max"])))
        if w not in taken and w.rstrip("s") not in taken:
            return w


def _fill_some(text, slots):
    """Fill the slots named in `slots` (a value or a function giving a fresh value per slot), keep the others."""
    def one(m):
        v = slots.get(m.group(1))
        return m.group(0) if v is None else (v() if callable(v) else v)
    return re.sub(r"\{(\w+)\}", one, text)


def _nonce_wording(rng, g, a, tpl, ask, conn):
    """Training augmentation of the wording itself: with the grammar's probabilities, a template of `augment`
    whose start verb, opener and punctuation are made up, a made-up ask, made-up connectors. A model that has seen
    numbers after verbs it does not know learns that a number no add/subtract verb claims is the start value."""
    def word():
        return nonce_word(rng, g)
    if rng.random() < a["nonce_template_prob"]:
        t = rng.choice(a["templates"])
        verb = word() + rng.choice(("ed", "s"))
        text = _fill_some(t["text"], {"startverb": verb, "ingverb": word() + "ing", "punct": rng.choice((";", ":", ",")),
                                      "Opener": lambda: _cap(" ".join(word() for _ in range(rng.randint(1, 3))))})
        tpl = dict(t, tense=rng.choice(("present", "past")), text=text)
    if rng.random() < a["nonce_ask_prob"]:
        ask = _fill_some(rng.choice(a["asks"]), {"w": word, "W": lambda: _cap(word())})
    if rng.random() < a["nonce_connector_prob"]:
        conn = {k: [_cap(word())] for k in ("first", "then", "last")}
    return tpl, ask, conn


def render(rng, start, actions, split="train", g=None, augment=False):
    """The question text for these steps, worded from the grammar's `split` lists (draw order: subject, item,
    template, ask, then per number/clause as they are written). With augment (training only), the grammar's
    `augment` probabilities swap in a made-up name or item and put a filler sentence first or before the question,
    so that a model learns to copy what the question says rather than a list of names and items."""
    g = g or grammar()
    subj = rng.choice(g["subjects"][split])
    item = rng.choice(g["items"][split])
    a = a_ = g.get("augment") if augment else None
    if a:
        if rng.random() < a["nonce_name_prob"]:
            name = _cap(nonce_word(rng, g))
            subj = {"name": name, "ref": name, "pronoun": rng.choice(("he", "she"))}
        if rng.random() < a["nonce_item_prob"]:
            item = nonce_word(rng, g) + "s"
    tpl = rng.choice(g["templates"][split])
    ask = rng.choice(g["asks"][split])
    conn = g["connectors"][split]
    if a:
        tpl, ask, conn = _nonce_wording(rng, g, a, tpl, ask, conn)
    tense = tpl["tense"]
    p_words = g["values"]["number_words_prob"]

    def num(x):
        return number_words(x, g) if rng.random() < p_words else str(x)

    def clause(a):
        if a[0] == "boxes":
            verb = rng.choice(g["verbs"]["add"])[tense]
            form = rng.choice(g["clauses"]["boxes"][split])
            k = num(a[1])  # draw order: k, container, n (as version 2 did)
            container = rng.choice(g["containers"][split])
            if a_ and rng.random() < a_["nonce_container_prob"]:
                container = nonce_word(rng, g) + "s"
            return _fill(form, verb=verb, k=k, container=container, n=num(a[2]), item=item)
        verb = rng.choice(g["verbs"][a[0]])[tense]
        forms = [f for f in g["clauses"][a[0]] if a[1] > 1 or "{item}" not in f]
        return _fill(rng.choice(forms), verb=verb, n=num(a[1]), item=item)

    start_text = num(start)
    clauses = [clause(a) for a in actions]
    pron = subj["pronoun"]
    if tpl["body"] == "list":
        body = clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]
    elif tpl["body"] == "sentences":
        groups, i = [], 0
        while i < len(clauses):
            size = 2 if i + 1 < len(clauses) and rng.random() < 0.5 else 1
            groups.append(" and ".join(clauses[i:i + size]))
            i += size
        sents = [f"{_cap(pron)} {groups[0]}."] + [f"{rng.choice(conn['then'])} {pron} {gr}." for gr in groups[1:]]
        body = " ".join(sents)
    else:  # steps
        if len(clauses) == 1:
            body = f"{rng.choice(conn['then'])} {pron} {clauses[0]}."
        else:
            words = ([rng.choice(conn["first"])] + [rng.choice(conn["then"]) for _ in clauses[1:-1]]
                     + [rng.choice(conn["last"])])
            body = " ".join(f"{w} {pron} {c}." for w, c in zip(words, clauses))
    ask_text = _fill(ask, item=item, ref=subj["ref"], pronoun=pron)
    if a and g["fillers"][split] and rng.random() < a["filler_prob"]:
        filler = rng.choice(g["fillers"][split])
        if rng.random() < 0.5:
            return filler + " " + render_text(tpl, subj, pron, start_text, item, body, ask_text)
        ask_text = filler + " " + ask_text
    return render_text(tpl, subj, pron, start_text, item, body, ask_text)


def render_text(tpl, subj, pron, start_text, item, body, ask_text):
    """Fill a template's text."""
    return _fill(tpl["text"], Subject=_cap(subj["name"]), subject=subj["name"], Pronoun=_cap(pron), pronoun=pron,
                 start=start_text, item=item, body=body, ask=ask_text)


def make_problem(rng, split="train", augment=False):
    """One problem: {question, answer, solution, equations}, worded from the grammar's `split` lists (augment: see
    render; the training scripts' problems, never the committed datasets)."""
    start, actions, equations = draw_steps(rng)
    question = render(rng, start, actions, split, augment=augment)
    return _problem(question, equations)


def _problem(question, equations):
    steps = " ".join(f"{a}{op}{b}={c}." for a, op, b, c in equations)
    answer = equations[-1][3]
    return {"question": question, "answer": answer, "solution": f"{steps} Answer: {answer}",
            "equations": [list(e) for e in equations]}


def make_problem_v1(rng):
    """The first grammar (one template, 12 names, 10 items, 3+3 verbs, "How many?"): built arith-test-v1."""
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
                equations.append((k, "*", n, k * n))
                equations.append((cur, "+", k * n, cur + k * n))
                cur += k * n
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
        if not any(e[3] >= 10 for e in equations):
            continue
        body = ", ".join(clauses[:-1]) + " and " + clauses[-1] if len(clauses) > 1 else clauses[0]
        return _problem(f"{name} has {value} {item}, {body}. How many?", equations)


def prompt_of(question):
    """The text a model is given: the question, then the answer cue."""
    return PROMPT_TEMPLATE.format(question=question)


def target_of(solution):
    """The text a model should write after the prompt (without end-of-sequence)."""
    return " " + solution


def generate(seed, count, split="train"):
    rng = random.Random(seed)
    return [make_problem(rng, split) for _ in range(count)]


def generate_v1(seed, count):
    rng = random.Random(seed)
    return [make_problem_v1(rng) for _ in range(count)]


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


# The committed splits: (file, seed, split); arith-test-v1 is the first grammar's test set (generate_v1(2002, 500)).
SPLIT_FILES = (("arith-dev.jsonl", 1101, "train"), ("arith-test.jsonl", 2202, "train"),
               ("arith-paraphrase.jsonl", 3303, "heldout"))


def write_rows(path, problems):
    with open(path, "w", encoding="utf-8") as f:
        for p in problems:
            f.write(json.dumps({"question": p["question"], "answer": p["answer"],
                                "solution": p["solution"]}) + "\n")


def write_split(path, seed, count, split="train"):
    write_rows(path, generate(seed, count, split))


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["--all"]:
        folder = os.path.dirname(GRAMMAR_PATH)
        for name, seed, split in SPLIT_FILES:
            write_split(os.path.join(folder, name), seed, 500, split)
    else:
        write_split(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "train")
