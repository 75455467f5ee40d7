"""Compact resume points of training runs, small enough to commit (training/checkpoints/<stage>.pt).

A full checkpoint.pt (training.loop) holds fp32 weights, both AdamW moments in fp32, the data and torch RNG states,
the step and the run's config. `pack` keeps all of it but stores the optimizer moments as bfloat16 (their precision
hardly matters to the next steps; the weights stay exact fp32), about 2x smaller. `unpack` writes a checkpoint.pt
that training.loop resumes from as if it were the original.

/usr/bin/python3 -m training.resume_point pack /work/train-runs/llm/checkpoint.pt training/checkpoints/llm.pt
/usr/bin/python3 -m training.resume_point unpack training/checkpoints/llm.pt /work/train-runs/llm/checkpoint.pt
"""
import os
import sys

import torch

from .loop import save_checkpoint


def _moments(opt_state, dtype):
    out = {"param_groups": opt_state["param_groups"], "state": {}}
    for k, s in opt_state["state"].items():
        out["state"][k] = {n: (v.to(dtype) if torch.is_tensor(v) and v.is_floating_point() and v.dim() > 0 else v)
                           for n, v in s.items()}
    return out


def pack(src, dst):
    st = torch.load(src)
    st = dict(st, opt=_moments(st["opt"], torch.bfloat16), packed=True)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    save_checkpoint(dst, st)
    return st["step"], os.path.getsize(dst)


def unpack(src, dst):
    st = torch.load(src)
    st = dict(st, opt=_moments(st["opt"], torch.float32))
    st.pop("packed", None)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    save_checkpoint(dst, st)
    return st["step"]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3 or argv[0] not in ("pack", "unpack"):
        print("usage: python3 -m training.resume_point pack|unpack SRC DST", file=sys.stderr)
        return 2
    if argv[0] == "pack":
        step, size = pack(argv[1], argv[2])
        print(f"{argv[2]}: step {step}, {size / 1e6:.2f} MB")
    else:
        print(f"{argv[2]}: step {unpack(argv[1], argv[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
