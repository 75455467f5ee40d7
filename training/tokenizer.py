"""Byte-level tokenizer shared by every demo model, and its Hugging Face tokenizer.json."""
import json

SPECIAL_TOKENS = ["<|endoftext|>", "<call>", "</call>", "<pad>"]
EOS_ID, CALL_ID, END_CALL_ID, PAD_ID = 256, 257, 258, 259
VOCAB_SIZE = 256 + len(SPECIAL_TOKENS)


def _bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode mapping."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_TO_UNICODE = _bytes_to_unicode()


def is_digit(token_id):
    """A byte token of an ASCII digit."""
    return 48 <= token_id <= 57


def encode(text):
    """Text -> ids: special tokens as single ids, everything else as UTF-8 bytes."""
    ids = []
    i = 0
    while i < len(text):
        for tok_id, tok in enumerate(SPECIAL_TOKENS):
            if text.startswith(tok, i):
                ids.append(256 + tok_id)
                i += len(tok)
                break
        else:
            j = i
            while j < len(text) and not any(text.startswith(t, j) for t in SPECIAL_TOKENS):
                j += 1
            ids.extend(text[i:j].encode("utf-8"))
            i = j
    return ids


def decode(ids, skip_special=False):
    out, buf = [], bytearray()
    for t in ids:
        if t < 256:
            buf.append(t)
        else:
            out.append(buf.decode("utf-8", errors="replace"))
            buf = bytearray()
            if not skip_special:
                out.append(SPECIAL_TOKENS[t - 256])
    out.append(buf.decode("utf-8", errors="replace"))
    return "".join(out)


def tokenizer_json():
    vocab = {BYTE_TO_UNICODE[b]: b for b in range(256)}
    for i, tok in enumerate(SPECIAL_TOKENS):
        vocab[tok] = 256 + i
    added = [{"id": 256 + i, "content": tok, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, tok in enumerate(SPECIAL_TOKENS)]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": []},
    }


def write_tokenizer_json(path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(), f, ensure_ascii=False, indent=1)
