"""The RelayLLM decoding protocol in Python, as the Java engine (engine/DecodeLoop.java) runs it, batched over rollouts.

The SLM is in control. When its decoded text holds a complete command `<call>n</call>` (regex
`<call>\\s*(\\d+)\\s*</call>`), the LLM writes min(n, remaining budget) tokens over the prompt and the output with
every command replaced by " "; the LLM's end-of-sequence ends the whole answer; n = 0 is no call; the SLM keeps its
command and the LLM's tokens in its context and goes on. Policies other than `model-command` (confidence,
random-token, ...) decide calls before each SLM token and insert no tags, as the engine's policies do; under them
the SLM's `<call>` token gets no probability (a relay-trained SLM then writes what its language model would).

Each model keeps one KV cache per rollout (rows of a batched, padded cache) and is fed only the tokens it has not
yet seen; all rows advance in lockstep: one SLM forward for the rows whose turn is the SLM's and one LLM forward for
the rows that are inside a call.
"""
import math
import random
import re
from dataclasses import dataclass, field

import torch

from . import tokenizer

COMMAND_RE = re.compile(r"<call>\s*(\d+)\s*</call>")
_PARTIAL_RE = re.compile(r"<call>\s*\d*\s*(<(/(c(a(l(l)?)?)?)?)?)?")
_OPEN = "<call>"
SPACE_IDS = tokenizer.encode(" ")
MAX_HELD = 32
SLM, LLM, COMMAND = "slm", "llm", "command"


def load_model(path):
    """A torch Decoder from a model folder (its model.onnx) or from a training checkpoint (.pt)."""
    import os
    from . import export
    if os.path.isdir(path):
        return export.load_onnx_weights(os.path.join(path, "model.onnx"))
    model, _ = export.load_checkpoint(path)
    return model


def strip_commands(text):
    """Every command replaced by one space, as the reference does before the LLM sees the text."""
    return COMMAND_RE.sub(" ", text)


def token_bytes(tok):
    return bytes([tok]) if tok < 256 else tokenizer.SPECIAL_TOKENS[tok - 256].encode("utf-8")


def partial_start(text):
    """Character index where a command may be starting at the end of the text (a prefix of one), or -1."""
    for i in range(max(0, len(text) - 40), len(text)):
        if text[i] != "<":
            continue
        tail = text[i:]
        if (_OPEN.startswith(tail) if len(tail) <= len(_OPEN) else _PARTIAL_RE.fullmatch(tail) is not None):
            return i
    return -1


# ----------------------------------------------------------------------------------------------- policies


class ModelCommand:
    """The SLM's own `<call>n</call>` decides (the RelayLLM policy)."""
    name = "model-command"
    follows_commands = True
    llm_writes_all = False

    def before_slm_token(self, probs):
        return 0


class SlmOnly(ModelCommand):
    name = "slm-only"
    follows_commands = False


class LlmOnly(ModelCommand):
    name = "llm-only"
    follows_commands = False
    llm_writes_all = True


class Confidence(SlmOnly):
    """Call for a fixed n when the SLM's top probability < threshold (or its entropy > entropy)."""
    name = "confidence"

    def __init__(self, threshold=0.5, n=4, entropy=math.inf):
        self.threshold, self.n, self.entropy = threshold, n, entropy

    def before_slm_token(self, probs):
        if probs.max().item() < self.threshold:
            return self.n
        if self.entropy < math.inf:
            ent = -(probs * probs.clamp_min(1e-12).log()).sum().item()
            if ent > self.entropy:
                return self.n
        return 0


class RandomToken(SlmOnly):
    """Call for a fixed n with probability p before each SLM token (the paper's random router at token level)."""
    name = "random-token"

    def __init__(self, p=0.05, n=4, seed=0):
        self.p, self.n, self.rng = p, n, random.Random(seed)

    def before_slm_token(self, probs):
        return self.n if self.rng.random() < self.p else 0


# ----------------------------------------------------------------------------------------------- fast forward


def _attention(attn, x, cos, sin, mask, past_k, past_v):
    """model.Attention.forward with the grouped-query products done as plain 4-D matmuls (no broadcast copies)."""
    b, s, _ = x.shape
    c, hd = attn.c, attn.c.head_dim
    g, rep = c.num_key_value_heads, c.num_attention_heads // c.num_key_value_heads
    q = attn.q_norm(attn.q_proj(x).view(b, s, c.num_attention_heads, hd)).transpose(1, 2)
    k = attn.k_norm(attn.k_proj(x).view(b, s, g, hd)).transpose(1, 2)
    v = attn.v_proj(x).view(b, s, g, hd).transpose(1, 2)
    q, k = _rope(q, cos, sin), _rope(k, cos, sin)
    if past_k is not None:
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
    t = k.shape[2]
    qg = q.reshape(b, g, rep * s, hd)
    att = torch.matmul(qg, k.transpose(-1, -2)).view(b, g, rep, s, t) / math.sqrt(hd)
    att = torch.softmax(att + mask.unsqueeze(1), dim=-1)
    out = torch.matmul(att.view(b, g, rep * s, t), v).view(b, c.num_attention_heads, s, hd)
    out = out.transpose(1, 2).reshape(b, s, c.num_attention_heads * hd)
    return attn.o_proj(out), (k, v)


def _rope(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., half:], x[..., :half]), dim=-1) * sin


def forward(model, input_ids, attention_mask, position_ids, past=None):
    """Same result as model(input_ids, attention_mask, position_ids, past) for a model.Decoder, faster on CPU."""
    if not hasattr(model, "layers"):
        return model(input_ids, attention_mask, position_ids, past)
    x = model.embed_tokens(input_ids)
    cos, sin = model.rotary(position_ids)
    total, s = attention_mask.shape[1], input_ids.shape[1]
    key_pos = torch.arange(total)
    query_pos = torch.arange(s) + (total - s)
    causal = key_pos.unsqueeze(0) <= query_pos.unsqueeze(1)
    keep = causal.unsqueeze(0).unsqueeze(0) & attention_mask.bool().unsqueeze(1).unsqueeze(1)
    mask = (~keep).to(x.dtype) * -1e9
    presents = []
    for i, layer in enumerate(model.layers):
        pk, pv = (past[i] if past is not None else (None, None))
        a, present = _attention(layer.self_attn, layer.input_layernorm(x), cos, sin, mask, pk, pv)
        x = x + a
        if layer.mlp is not None:
            x = x + layer.mlp(layer.post_attention_layernorm(x))
        presents.append(present)
    return model.head(x), presents


# ----------------------------------------------------------------------------------------------- KV cache


class BatchedCache:
    """One padded KV cache holding a row per rollout; `append` feeds each row only its new tokens.

    Rows are fed ragged chunks (right-padded, masked); only the rows with something to feed run through the model.
    Masked columns accumulate and are squeezed out when they outnumber the real ones.
    """

    def __init__(self, model, rows):
        self.model = model
        self.b = rows
        self.past = None
        self.mask = torch.zeros((rows, 0), dtype=torch.long)
        self.next_pos = [0] * rows
        self.fed_tokens = 0
        self.forwards = 0

    @torch.no_grad()
    def append(self, feeds):
        """feeds: {row: [ids]} (non-empty lists). Returns {row: logits [vocab]} after each row's last new token."""
        rows = sorted(feeds)
        if not rows:
            return {}
        c = max(len(feeds[r]) for r in rows)
        n = len(rows)
        inp = torch.full((n, c), tokenizer.PAD_ID, dtype=torch.long)
        chunk_mask = torch.zeros((n, c), dtype=torch.long)
        pos = torch.zeros((n, c), dtype=torch.long)
        for i, r in enumerate(rows):
            ids = feeds[r]
            inp[i, :len(ids)] = torch.tensor(ids)
            chunk_mask[i, :len(ids)] = 1
            pos[i] = torch.arange(self.next_pos[r], self.next_pos[r] + c)
            self.next_pos[r] += len(ids)
            self.fed_tokens += len(ids)
        full = n == self.b
        idx = torch.tensor(rows)
        if self.past is None:
            sub_past, sub_mask = None, chunk_mask
            if not full:
                sub_mask = torch.cat([torch.zeros((n, 0), dtype=torch.long), chunk_mask], 1)
        else:
            sub_past = self.past if full else [(k.index_select(0, idx), v.index_select(0, idx)) for k, v in self.past]
            sub_mask = torch.cat([self.mask if full else self.mask.index_select(0, idx), chunk_mask], 1)
        logits, presents = forward(self.model, inp, sub_mask, pos, sub_past)
        self.forwards += 1
        if full:
            self.past = presents
            self.mask = sub_mask
        else:
            t = self.mask.shape[1]
            new_past = []
            for li, (k, v) in enumerate(presents):
                shape = (self.b, k.shape[1], t + c, k.shape[3])
                fk, fv = torch.zeros(shape), torch.zeros(shape)
                if self.past is not None:
                    fk[:, :, :t] = self.past[li][0]
                    fv[:, :, :t] = self.past[li][1]
                fk[idx] = k
                fv[idx] = v
                new_past.append((fk, fv))
            self.past = new_past
            mask = torch.cat([self.mask, torch.zeros((self.b, c), dtype=torch.long)], 1)
            mask[idx] = sub_mask
            self.mask = mask
        self._maybe_compact()
        last = chunk_mask.sum(1) - 1
        return {r: logits[i, last[i]] for i, r in enumerate(rows)}

    def _maybe_compact(self):
        real = self.mask.sum(1)
        width = int(real.max())
        t = self.mask.shape[1]
        if t <= 2 * width + 16:
            return
        # keep each row's real columns in order, right-aligned (pads first); keys carry their RoPE positions already
        order = torch.argsort(self.mask * (t + torch.arange(t)).unsqueeze(0), dim=1)[:, t - width:]
        new_mask = self.mask.gather(1, order)
        gidx = order.unsqueeze(1).unsqueeze(-1)
        new_past = []
        for k, v in self.past:
            g = gidx.expand(-1, k.shape[1], -1, k.shape[3])
            new_past.append((k.gather(2, g), v.gather(2, g)))
        self.past, self.mask = new_past, new_mask


# ----------------------------------------------------------------------------------------------- rollouts


@dataclass
class Rollout:
    prompt: list
    ids: list = field(default_factory=list)        # response tokens in order (SLM context order)
    sources: list = field(default_factory=list)    # slm / llm / command per response token
    calls: list = field(default_factory=list)      # {"position", "requested", "delivered", "reason"}
    finish: str = ""                               # slm_eos / llm_eos / max_tokens
    # internal state
    held: list = field(default_factory=list)
    slm_pending: list = field(default_factory=list)
    llm_pending: list = field(default_factory=list)
    state: str = "slm"
    remaining: int = 0
    policy: object = None
    strip_ids: list = field(default_factory=lambda: list(SPACE_IDS))

    @property
    def slm_tokens(self):
        return self.sources.count(SLM)

    @property
    def llm_tokens(self):
        return self.sources.count(LLM)

    @property
    def command_tokens(self):
        return self.sources.count(COMMAND)

    @property
    def response_tokens(self):
        return len(self.ids)

    @property
    def num_calls(self):
        return len(self.calls)

    @property
    def requested(self):
        return [c["requested"] for c in self.calls]

    @property
    def llm_ratio(self):
        return self.llm_tokens / max(1, len(self.ids))

    @property
    def text(self):
        return tokenizer.decode(self.ids)

    @property
    def slm_wrote_eos(self):
        return self.finish == "slm_eos"

    def summary(self):
        return {"text": self.text, "sources": list(self.sources), "calls": self.num_calls,
                "requested": self.requested, "slm_tokens": self.slm_tokens, "llm_tokens": self.llm_tokens,
                "command_tokens": self.command_tokens, "llm_ratio": self.llm_ratio, "finish": self.finish}

    def _count(self):
        return len(self.ids) + len(self.held)

    def _emit(self, tok, source):
        self.ids.append(tok)
        self.sources.append(source)

    def _emit_held(self, count, source):
        if count <= 0:
            return
        if source == COMMAND:
            self.llm_pending.extend(self.strip_ids)
        for _ in range(count):
            tok = self.held.pop(0)
            self._emit(tok, source)
            if source == SLM:
                self.llm_pending.append(tok)

    def _token_at_byte(self, offset):
        acc = 0
        for i, t in enumerate(self.held):
            acc += len(token_bytes(t))
            if offset < acc:
                return i
        return len(self.held)

    def _scan_held(self, max_calls, max_new):
        """Resolve held SLM tokens; returns the n of a call to start now, else 0."""
        text = b"".join(token_bytes(t) for t in self.held).decode("utf-8", errors="replace")
        m = COMMAND_RE.search(text)
        if m:
            first = self._token_at_byte(len(text[:m.start()].encode("utf-8")))
            last = self._token_at_byte(len(text[:m.end()].encode("utf-8")) - 1)
            self._emit_held(first, SLM)
            self._emit_held(last - first + 1, COMMAND)
            n = int(m.group(1))
            if self.policy.follows_commands and n > 0 and len(self.calls) < max_calls:
                self._emit_held(len(self.held), SLM)
                return n
            return 0
        p = partial_start(text)
        if p < 0 or len(self.held) > MAX_HELD:
            self._emit_held(len(self.held), SLM)
        else:
            self._emit_held(self._token_at_byte(len(text[:p].encode("utf-8"))), SLM)
        return 0

    def _start_call(self, requested, reason, max_new):
        """Returns True when the LLM takes over (budget > 0)."""
        budget = min(requested, max_new - self._count())
        if budget <= 0:
            return False
        self.calls.append({"position": len(self.ids), "requested": requested, "delivered": 0, "reason": reason})
        self.state, self.remaining = "llm", budget
        return True


def _sample(logits, temperature, gen):
    """logits [n, vocab] -> ids [n]: argmax at temperature 0, else a draw from softmax(logits / T)."""
    if temperature <= 0:
        return logits.argmax(-1)
    probs = torch.softmax(logits / temperature, -1)
    return torch.multinomial(probs, 1, generator=gen).squeeze(1)


def call_score(logits):
    """g = the `<call>` logit minus the best other logit (> 0: greedy decoding calls), and that other token;
    logits [..., vocab]. Gradients reach g through the call logit only (for a gated model: the gate)."""
    other = logits.detach().clone()
    other[..., tokenizer.CALL_ID] = float("-inf")
    best, top = other.max(-1)
    return logits[..., tokenizer.CALL_ID] - best, top


def _sample_call_decision(logits, temperature, gen):
    """Only the call decision is random: `<call>` with probability sigmoid(g / T), else the greedy other token."""
    g, top = call_score(logits)
    u = torch.rand(g.shape, generator=gen)
    return torch.where(u < torch.sigmoid(g / max(temperature, 1e-6)), torch.full_like(top, tokenizer.CALL_ID), top)


@torch.no_grad()
def relay_generate(slm, llm, prompts, policy=None, max_new_tokens=96, max_calls=64, slm_temperature=0.0,
                   llm_temperature=0.0, seed=0, policies=None, strip_with=" ", explore="tokens"):
    """Run the protocol for each prompt (id lists) in lockstep; returns a list of Rollout.

    policy: one policy object for all rows (ModelCommand by default), or policies: one per row (stateful ones,
    such as RandomToken, should be given per row for row-independent randomness). strip_with: what the LLM sees
    in place of a command; " " is the protocol (the reference and the engine), anything else is a diagnostic.
    explore: with slm_temperature > 0, "tokens" samples every SLM token from softmax(logits / T) (the paper);
    "call" keeps the SLM's tokens greedy and samples only whether it writes `<call>` (_sample_call_decision)."""
    slm.eval()
    llm.eval()
    b = len(prompts)
    if policies is None:
        policies = [policy or ModelCommand()] * b
    gen = torch.Generator()
    gen.manual_seed(seed)
    rows = []
    for p, pol in zip(prompts, policies):
        r = Rollout(prompt=list(p), policy=pol, strip_ids=tokenizer.encode(strip_with))
        r.slm_pending = list(p)
        r.llm_pending = list(p)
        rows.append(r)
    slm_cache, llm_cache = BatchedCache(slm, b), BatchedCache(llm, b)
    for r in rows:
        if r.policy.llm_writes_all:
            r._start_call(max(1, max_new_tokens), r.policy.name, max_new_tokens)

    while True:
        # ---- SLM turn for the rows in control of the SLM
        slm_rows = []
        for i, r in enumerate(rows):
            if r.state != "slm":
                continue
            if r._count() >= max_new_tokens:
                r._emit_held(len(r.held), SLM)
                r.state, r.finish = "done", "max_tokens"
            else:
                slm_rows.append(i)
        if slm_rows:
            out = slm_cache.append({i: rows[i].slm_pending for i in slm_rows})
            for i in slm_rows:
                rows[i].slm_pending = []
                if not rows[i].policy.follows_commands:
                    out[i][tokenizer.CALL_ID] = float("-inf")  # the policy calls, never the SLM's own command
            sample_rows = []
            for i in slm_rows:
                r = rows[i]
                if len(r.calls) < max_calls and not r.policy.follows_commands:
                    n = r.policy.before_slm_token(torch.softmax(out[i], -1))
                    if n > 0:
                        r._emit_held(len(r.held), SLM)
                        if r._start_call(n, r.policy.name, max_new_tokens):
                            continue
                        # budget exhausted: the next turn ends the answer on max tokens
                        r.slm_pending = []
                        continue
                sample_rows.append(i)
            if sample_rows:
                stacked = torch.stack([out[i] for i in sample_rows])
                ids = (_sample_call_decision(stacked, slm_temperature, gen) if explore == "call" and slm_temperature > 0
                       else _sample(stacked, slm_temperature, gen)).tolist()
                for i, tok in zip(sample_rows, ids):
                    r = rows[i]
                    if tok == tokenizer.EOS_ID:
                        r._emit_held(len(r.held), SLM)
                        r.state, r.finish = "done", "slm_eos"
                        continue
                    r.slm_pending.append(tok)
                    r.held.append(tok)
                    n = r._scan_held(max_calls, max_new_tokens)
                    if n > 0:
                        r._start_call(n, "command", max_new_tokens)
        # rows whose call had no budget and nothing new to feed are at max tokens
        for r in rows:
            if r.state == "slm" and not r.slm_pending:
                r._emit_held(len(r.held), SLM)
                r.state, r.finish = "done", "max_tokens"
        # ---- LLM turn for the rows inside a call
        llm_rows = [i for i, r in enumerate(rows) if r.state == "llm"]
        if llm_rows:
            out = llm_cache.append({i: rows[i].llm_pending for i in llm_rows})
            ids = _sample(torch.stack([out[i] for i in llm_rows]), llm_temperature, gen).tolist()
            for i, tok in zip(llm_rows, ids):
                r = rows[i]
                r.llm_pending = []
                if tok == tokenizer.EOS_ID:
                    r.state, r.finish = "done", "llm_eos"
                    continue
                r._emit(tok, LLM)
                r.calls[-1]["delivered"] += 1
                r.slm_pending.append(tok)
                r.llm_pending.append(tok)
                r.remaining -= 1
                if r.remaining <= 0:
                    r.state = "slm"
        if all(r.state == "done" for r in rows):
            break
    for r in rows:
        r.policy = None
    return rows


def aggregate(rollouts):
    """Dataset-level counts: the paper's LLM token ratio is summed over the dataset."""
    slm_t = sum(r.slm_tokens for r in rollouts)
    llm_t = sum(r.llm_tokens for r in rollouts)
    cmd_t = sum(r.command_tokens for r in rollouts)
    return {"slm_tokens": slm_t, "llm_tokens": llm_t, "command_tokens": cmd_t,
            "llm_token_ratio": llm_t / max(1, slm_t + llm_t + cmd_t),
            "calls_per_problem": sum(r.num_calls for r in rollouts) / max(1, len(rollouts))}
