"""Export a trained checkpoint to a model folder in the Hugging Face Optimum decoder layout, and check it.

/usr/bin/python3 -m training.export --checkpoint runs/llm/checkpoint.pt --out assets/models/tiny-llm
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch

from . import task, tokenizer
from .model import Config, Decoder

OPSET = 14


class _OnnxWrapper(torch.nn.Module):
    """Flattens the past/present tuples into the Optimum input and output names."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        return self.run(input_ids, attention_mask, position_ids, flat_past)

    def run(self, input_ids, attention_mask, position_ids, flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


class _NoPositionIdsWrapper(_OnnxWrapper):
    """GPT-2-style layout: no position_ids input; positions follow from the attention mask (no left padding)."""

    def forward(self, input_ids, attention_mask, *flat_past):
        ones = torch.ones_like(input_ids)
        past_len = attention_mask.sum(1, keepdim=True) - ones.sum(1, keepdim=True)
        return self.run(input_ids, attention_mask, ones.cumsum(1) - 1 + past_len, flat_past)


def io_names(num_layers, position_ids=True):
    inputs = ["input_ids", "attention_mask"] + (["position_ids"] if position_ids else [])
    outputs = ["logits"]
    for i in range(num_layers):
        inputs += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        outputs += [f"present.{i}.key", f"present.{i}.value"]
    return inputs, outputs


def load_checkpoint(path):
    st = torch.load(path)
    model = Decoder(Config(**st["config"]))
    model.load_state_dict(st["model"])
    model.eval()
    return model, st


def export_model(model, out_dir, position_ids=True):
    os.makedirs(out_dir, exist_ok=True)
    c = model.c
    inputs, outputs = io_names(c.num_hidden_layers, position_ids)
    b, s, past = 1, 3, 2
    ids = torch.randint(0, 256, (b, s))
    att = torch.ones((b, past + s), dtype=torch.long)
    pos = torch.arange(past, past + s).unsqueeze(0)
    flat = []
    for _ in range(c.num_hidden_layers):
        flat += [torch.randn(b, c.num_key_value_heads, past, c.head_dim)] * 2
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    if not position_ids:
        del dyn["position_ids"]
    for n in inputs[len(inputs) - 2 * c.num_hidden_layers:]:
        dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
    for n in outputs[1:]:
        dyn[n] = {0: "batch_size", 2: "total_sequence_length"}
    path = os.path.join(out_dir, "model.onnx")
    tmp = path + ".tmp"
    with torch.no_grad():
        wrapper, args = ((_OnnxWrapper(model), (ids, att, pos, *flat)) if position_ids
                         else (_NoPositionIdsWrapper(model), (ids, att, *flat)))
        torch.onnx.export(wrapper, args, tmp, input_names=inputs,
                          output_names=outputs, dynamic_axes=dyn, opset_version=OPSET,
                          do_constant_folding=False)
    os.replace(tmp, path)
    write_configs(c, out_dir)
    tokenizer.write_tokenizer_json(os.path.join(out_dir, "tokenizer.json"))
    return path


def write_configs(c, out_dir):
    config = {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "vocab_size": c.vocab_size,
              "hidden_size": c.hidden_size, "num_hidden_layers": c.num_hidden_layers,
              "num_attention_heads": c.num_attention_heads, "num_key_value_heads": c.num_key_value_heads,
              "head_dim": c.head_dim, "intermediate_size": c.intermediate_size,
              "max_position_embeddings": c.max_position_embeddings, "rope_theta": c.rope_theta,
              "rms_norm_eps": c.rms_norm_eps, "tie_word_embeddings": c.tie_word_embeddings,
              "hidden_act": "silu", "bos_token_id": tokenizer.EOS_ID, "eos_token_id": tokenizer.EOS_ID,
              "pad_token_id": tokenizer.PAD_ID, "torch_dtype": "float32"}
    if c.call_gate:
        config["relayscope_call_gate"] = {"hidden_size": c.call_gate, "call_token_id": c.call_token_id}
    gen = {"bos_token_id": tokenizer.EOS_ID, "eos_token_id": tokenizer.EOS_ID, "pad_token_id": tokenizer.PAD_ID,
           "do_sample": False, "max_new_tokens": 128,
           "relayscope_prompt_template": task.PROMPT_TEMPLATE.replace("{question}", "{question}")}
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out_dir, "generation_config.json"), "w") as f:
        json.dump(gen, f, indent=2)


def load_onnx_weights(path):
    """Rebuild the torch Decoder from a model folder's model.onnx initializers (used by evaluate)."""
    folder = os.path.dirname(path)
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    c = Config(vocab_size=cfg["vocab_size"], hidden_size=cfg["hidden_size"],
               num_hidden_layers=cfg["num_hidden_layers"], num_attention_heads=cfg["num_attention_heads"],
               num_key_value_heads=cfg["num_key_value_heads"], intermediate_size=cfg["intermediate_size"],
               max_position_embeddings=cfg["max_position_embeddings"], rope_theta=cfg["rope_theta"],
               rms_norm_eps=cfg["rms_norm_eps"], tie_word_embeddings=cfg["tie_word_embeddings"],
               call_gate=cfg.get("relayscope_call_gate", {}).get("hidden_size", 0),
               call_token_id=cfg.get("relayscope_call_gate", {}).get("call_token_id", tokenizer.CALL_ID))
    model = Decoder(c)
    inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy())
             for i in onnx.load(path).graph.initializer}
    state = {}
    for name in model.state_dict():
        key = "model." + name
        if key not in inits:
            if name == "lm_head.weight" and c.tie_word_embeddings:
                continue
            raise KeyError(f"{path}: initializer {key} missing")
        state[name] = inits[key]
    model.load_state_dict(state, strict=False)
    model.eval()
    return model


def check_export(model, out_dir, atol=1e-4):
    """Graph names/shapes, ONNX checker, KV-cached steps vs full recompute, two-chunk prefill vs one."""
    c = model.c
    path = os.path.join(out_dir, "model.onnx")
    g = onnx.load(path)
    onnx.checker.check_model(g)
    inputs, outputs = io_names(c.num_hidden_layers)
    got_in = [i.name for i in g.graph.input]
    got_out = [o.name for o in g.graph.output]
    assert got_in == inputs, got_in
    assert got_out == outputs, got_out
    reloaded = load_onnx_weights(path)
    ids = torch.tensor([tokenizer.encode("Q: Mia has 57 cards, buys 3 boxes of 4. How many?\nA: 3*4=12.")])
    n = ids.shape[1]
    with torch.no_grad():
        full, _ = reloaded(ids, torch.ones_like(ids), torch.arange(n).unsqueeze(0))
        ref, _ = model(ids, torch.ones_like(ids), torch.arange(n).unsqueeze(0))
        assert torch.allclose(full, ref, atol=atol), "reloaded weights differ"
        # KV-cached steps
        k = n - 6
        logits, past = reloaded(ids[:, :k], torch.ones((1, k), dtype=torch.long), torch.arange(k).unsqueeze(0))
        step_max = (logits - full[:, :k]).abs().max().item()
        for t in range(k, n):
            logits, past = reloaded(ids[:, t:t + 1], torch.ones((1, t + 1), dtype=torch.long),
                                    torch.tensor([[t]]), past)
            step_max = max(step_max, (logits[0, -1] - full[0, t]).abs().max().item())
        # two-chunk prefill
        m = n // 2
        _, past = reloaded(ids[:, :m], torch.ones((1, m), dtype=torch.long), torch.arange(m).unsqueeze(0))
        chunk2, _ = reloaded(ids[:, m:], torch.ones((1, n), dtype=torch.long), torch.arange(m, n).unsqueeze(0), past)
        chunk_max = (chunk2 - full[:, m:]).abs().max().item()
    assert step_max <= atol, f"cached step logits differ from full recompute by {step_max}"
    assert chunk_max <= atol, f"two-chunk prefill differs from one prefill by {chunk_max}"
    return {"cached_step_max_diff": step_max, "two_chunk_max_diff": chunk_max,
            "parameters": model.num_parameters(), "onnx_bytes": os.path.getsize(path)}


def export_checkpoint(ckpt, out_dir):
    model, _ = load_checkpoint(ckpt)
    export_model(model, out_dir)
    report = check_export(model, out_dir)
    print(json.dumps(report), file=sys.stderr)
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", help="a training checkpoint; or --toy-seed for a randomly initialised toy model")
    ap.add_argument("--toy-seed", type=int, help="export an untrained toy-size model (for loader tests)")
    ap.add_argument("--no-position-ids", action="store_true", help="GPT-2-style layout without position_ids")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    if args.toy_seed is not None:
        from . import common
        torch.manual_seed(args.toy_seed)
        model = Decoder(common.PRESETS["toy"]).eval()
        export_model(model, args.out, position_ids=not args.no_position_ids)
        print(json.dumps({"parameters": model.num_parameters()}), file=sys.stderr)
        return 0
    export_checkpoint(args.checkpoint, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
