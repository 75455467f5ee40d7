"""A Qwen3-style decoder (RMSNorm, RoPE, SwiGLU, grouped-query attention, q/k norm) with an explicit KV cache."""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    vocab_size: int = 260
    hidden_size: int = 128
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    intermediate_size: int = 352
    max_position_embeddings: int = 8192  # RoPE, no learned positions: nominal, the reference limit (8192 tokens)
    rope_theta: float = 10000.0
    rms_norm_eps: float = 1e-6
    tie_word_embeddings: bool = True
    call_gate: int = 0  # hidden units of the call gate (CallGate); 0 = a plain language model
    call_token_id: int = 257
    head_size: int = 0  # 0 = hidden_size / num_attention_heads; else heads of this size over a narrower stream

    @property
    def head_dim(self):
        return self.head_size or self.hidden_size // self.num_attention_heads

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rope(x, cos, sin):
    """x [b, h, s, d]; cos/sin [b, 1, s, d] (half-rotation, as Llama/Qwen)."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    rotated = torch.cat((-x2, x1), dim=-1)
    return x * cos + rotated * sin


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        hd = c.head_dim
        self.q_proj = nn.Linear(c.hidden_size, c.num_attention_heads * hd, bias=False)
        self.k_proj = nn.Linear(c.hidden_size, c.num_key_value_heads * hd, bias=False)
        self.v_proj = nn.Linear(c.hidden_size, c.num_key_value_heads * hd, bias=False)
        self.o_proj = nn.Linear(c.num_attention_heads * hd, c.hidden_size, bias=False)
        self.q_norm = RMSNorm(hd, c.rms_norm_eps)
        self.k_norm = RMSNorm(hd, c.rms_norm_eps)

    def forward(self, x, cos, sin, mask, past_k=None, past_v=None):
        b, s, _ = x.shape
        c, hd = self.c, self.c.head_dim
        q = self.q_norm(self.q_proj(x).view(b, s, c.num_attention_heads, hd)).transpose(1, 2)
        k = self.k_norm(self.k_proj(x).view(b, s, c.num_key_value_heads, hd)).transpose(1, 2)
        v = self.v_proj(x).view(b, s, c.num_key_value_heads, hd).transpose(1, 2)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        present = (k, v)
        # grouped-query attention without copying K/V: query heads h = g * rep + r share kv head g
        rep = c.num_attention_heads // c.num_key_value_heads
        qg = q.reshape(b, c.num_key_value_heads, rep, s, hd)
        att = torch.matmul(qg, k.unsqueeze(2).transpose(-1, -2)) / math.sqrt(hd)
        att = torch.softmax(att + mask.unsqueeze(1), dim=-1)
        out = torch.matmul(att, v.unsqueeze(2)).reshape(b, c.num_attention_heads, s, hd)
        out = out.transpose(1, 2).reshape(b, s, c.num_attention_heads * hd)
        return self.o_proj(out), present


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gate_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.up_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.down_proj = nn.Linear(c.intermediate_size, c.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = Attention(c)
        # intermediate_size 0: an attention-only block (no MLP, no second norm)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps) if c.intermediate_size else None
        self.mlp = MLP(c) if c.intermediate_size else None

    def forward(self, x, cos, sin, mask, past_k=None, past_v=None):
        a, present = self.self_attn(self.input_layernorm(x), cos, sin, mask, past_k, past_v)
        x = x + a
        if self.mlp is not None:
            x = x + self.mlp(self.post_attention_layernorm(x))
        return x, present


class CallGate(nn.Module):
    """A defer head for the `<call>` token (after Co-LLM's gate and R2R's logit router): the call logit becomes the
    best other logit + g, where g is a small MLP over the final hidden state and the model's own confidence (top-2
    log-probabilities and entropy of its distribution over the other tokens). Greedy decoding writes `<call>` exactly
    when g > 0, so the decision is a calibrated router inside the model; everything else is the language model."""

    def __init__(self, c):
        super().__init__()
        self.call_id = c.call_token_id
        self.fc1 = nn.Linear(c.hidden_size + 3, c.call_gate)
        self.fc2 = nn.Linear(c.call_gate, 1)

    def reset(self, bias=-6.0):
        nn.init.normal_(self.fc1.weight, std=0.02)
        nn.init.zeros_(self.fc1.bias)
        nn.init.zeros_(self.fc2.weight)
        nn.init.constant_(self.fc2.bias, bias)

    detach_input = False  # training only (relay_sft --gate-detached): the gate reads the hidden state, never shapes it

    def forward(self, h, logits):
        if self.detach_input:
            h = h.detach()
        cid = self.call_id
        before, after = logits[..., :cid], logits[..., cid + 1:]
        other = torch.cat([before, after], dim=-1).detach()
        logp = torch.log_softmax(other, dim=-1)
        top2 = torch.topk(logp, 2, dim=-1).values
        entropy = -(logp.exp() * logp).sum(-1, keepdim=True)
        g = self.fc2(F.silu(self.fc1(torch.cat([h, top2, entropy], dim=-1))))
        call = other.max(-1, keepdim=True).values + g
        return torch.cat([before, call, after], dim=-1)


class Decoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed_tokens = nn.Embedding(c.vocab_size, c.hidden_size)
        self.layers = nn.ModuleList([Block(c) for _ in range(c.num_hidden_layers)])
        self.norm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.lm_head = nn.Linear(c.hidden_size, c.vocab_size, bias=False)
        if c.tie_word_embeddings:
            self.lm_head.weight = self.embed_tokens.weight
        if c.call_gate:
            self.call_gate = CallGate(c)
        inv = 1.0 / (c.rope_theta ** (torch.arange(0, c.head_dim, 2).float() / c.head_dim))
        self.register_buffer("inv_freq", inv, persistent=False)
        self.apply(self._init)
        if c.call_gate:
            self.call_gate.reset()

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def num_parameters(self):
        return sum(p.numel() for p in self.parameters())

    def head(self, x):
        """Logits from the last layer's output (through the call gate when the model has one)."""
        h = self.norm(x)
        logits = self.lm_head(h)
        return self.call_gate(h, logits) if self.c.call_gate else logits

    def rotary(self, position_ids):
        freqs = position_ids.float().unsqueeze(-1) * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1)
        return emb.cos().unsqueeze(1), emb.sin().unsqueeze(1)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """input_ids [b,s]; attention_mask [b,total] (1 = attend); past: list of (k, v) or None.
        Returns logits [b,s,vocab] and the presents."""
        x = self.embed_tokens(input_ids)
        cos, sin = self.rotary(position_ids)
        # causal + padding mask built from tensors only, so the ONNX graph keeps dynamic past/total lengths
        ones_total = torch.ones_like(attention_mask[0])
        ones_new = torch.ones_like(input_ids[0])
        past_len = ones_total.sum() - ones_new.sum()
        key_pos = ones_total.cumsum(0) - 1
        query_pos = ones_new.cumsum(0) - 1 + past_len
        causal = key_pos.unsqueeze(0) <= query_pos.unsqueeze(1)
        keep = causal.unsqueeze(0).unsqueeze(0) & attention_mask.bool().unsqueeze(1).unsqueeze(1)
        mask = (~keep).to(x.dtype) * -1e9
        presents = []
        for i, layer in enumerate(self.layers):
            pk, pv = (past[i] if past is not None else (None, None))
            x, present = layer(x, cos, sin, mask, pk, pv)
            presents.append(present)
        return self.head(x), presents


def with_call_gate(model, hidden=16, bias=-6.0):
    """A copy of a plain decoder with a fresh CallGate (the language model's weights unchanged)."""
    c = Config(**{**model.c.to_dict(), "call_gate": hidden})
    gated = Decoder(c)
    missing, unexpected = gated.load_state_dict(model.state_dict(), strict=False)
    assert not unexpected and all(k.startswith("call_gate.") for k in missing), (missing, unexpected)
    gated.call_gate.reset(bias)
    return gated.train(model.training)
