#!/usr/bin/python3
"""Writes test/fixtures/random.json: exact outputs of PyTorch 1.13's CPU generator.

Run with the system interpreter that has python3-torch 1.13:
    /usr/bin/python3 scripts/gen-random-fixtures.py

float32 values are written as the shortest decimal that round-trips in float32 (the test applies
Math.fround), float64 values as the shortest decimal that round-trips in float64, ints as ints.
"""
import json
import os

import numpy as np
import torch

assert torch.__version__.startswith('1.13'), torch.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'random.json')

SIZES = [1, 5, 15, 16, 17, 21, 100, 1000]
SMALL_SIZES = [1, 5, 15, 16, 17, 21, 33, 100]


def enc(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.float32:
        return [float(repr(np.float32(v))) for v in t.numpy()]
    if t.dtype == torch.float64:
        return [float(v) for v in t.numpy()]
    return [int(v) for v in t.numpy()]


def dtype_name(dt):
    return {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64'}[dt]


fx = {'torch': torch.__version__, 'cases': [], 'sequences': [], 'randperm': [], 'randint': [], 'seeds': {}}

# Seed bookkeeping
fx['seeds']['default_initial_seed'] = str(torch.Generator().initial_seed())
torch.manual_seed(-1)
fx['seeds']['minus_one'] = str(torch.initial_seed())

# Single calls right after a seed: rand / randn, both dtypes, every size class.
for seed, sizes in [(0, SIZES), (42, SMALL_SIZES), (2 ** 32 + 7, SMALL_SIZES), (67280421310721, SMALL_SIZES)]:
    for fn in ['rand', 'randn']:
        for dt in [torch.float32, torch.float64]:
            for n in sizes:
                torch.manual_seed(seed)
                v = getattr(torch, fn)(n, dtype=dt)
                fx['cases'].append({'seed': str(seed), 'fn': fn, 'dtype': dtype_name(dt), 'shape': [n], 'values': enc(v)})
    # a 2-d shape
    torch.manual_seed(seed)
    v = torch.randn(3, 7)
    fx['cases'].append({'seed': str(seed), 'fn': 'randn', 'dtype': 'float32', 'shape': [3, 7], 'values': enc(v)})

# uniform_(a, b) and normal_(mean, std) with non-trivial parameters (fused multiply-add sensitive).
for seed in [1, 123]:
    for dt in [torch.float32, torch.float64]:
        for n in [5, 100]:
            for (a, b) in [(-3.7, 11.3), (2.5, 2.75), (-1e-3, 1e5)]:
                torch.manual_seed(seed)
                v = torch.empty(n, dtype=dt).uniform_(a, b)
                fx['cases'].append({'seed': str(seed), 'fn': 'uniform', 'args': [a, b], 'dtype': dtype_name(dt), 'shape': [n], 'values': enc(v)})
            for (m, s) in [(0.3, 2.7), (-5.0, 0.01), (100.0, 3.0)]:
                torch.manual_seed(seed)
                v = torch.empty(n, dtype=dt).normal_(m, s)
                fx['cases'].append({'seed': str(seed), 'fn': 'normal', 'args': [m, s], 'dtype': dtype_name(dt), 'shape': [n], 'values': enc(v)})

# randint: int64 in torch; values are what matter.
for seed in [0, 9]:
    for (lo, hi) in [(0, 10), (-5, 5), (0, 2 ** 31 - 1), (0, 2 ** 31), (-(2 ** 31), 2 ** 31 - 1), (0, 2 ** 32),
                     (-(2 ** 40), 2 ** 40), (7, 8), (-1000, -990)]:
        for n in [1, 17, 100]:
            torch.manual_seed(seed)
            v = torch.randint(lo, hi, (n,))
            fx['randint'].append({'seed': str(seed), 'low': lo, 'high': hi, 'n': n, 'values': enc(v)})

# randperm
for seed in [0, 5]:
    for n in [0, 1, 2, 10, 1000]:
        torch.manual_seed(seed)
        v = torch.randperm(n)
        fx['randperm'].append({'seed': str(seed), 'n': n, 'values': enc(v)})

# Sequences of calls after one seed: the generator state (and the cached Box-Muller value of the
# scalar normal path) must advance exactly as in PyTorch.
SEQS = [
    (3, [('rand', 'float32', 4), ('randn', 'float32', 3), ('randint', 0, 100, 6), ('randn', 'float64', 20),
         ('rand', 'float64', 3), ('randperm', 12), ('randn', 'float32', 1)]),
    (11, [('randn', 'float64', 1), ('randn', 'float64', 1), ('randn', 'float64', 1), ('rand', 'float32', 2),
          ('randn', 'float32', 5), ('randn', 'float32', 40), ('randn', 'float32', 1), ('randn', 'float32', 1)]),
    (17, [('randn', 'float32', 3), ('manual_seed', 17), ('randn', 'float32', 3), ('normal', 'float64', 2, 1.5, 0.5),
          ('uniform', 'float32', 7, -2.0, 2.0), ('randint', -(2 ** 40), 2 ** 40, 3), ('randn', 'float64', 17)]),
    (0, [('rand', 'float32', 623), ('rand', 'float32', 3), ('randn', 'float32', 16), ('rand', 'float64', 400),
         ('randn', 'float64', 2), ('randint', 0, 2 ** 31 - 1, 5)]),
]
for seed, calls in SEQS:
    torch.manual_seed(seed)
    out = []
    for c in calls:
        op = c[0]
        if op == 'manual_seed':
            torch.manual_seed(c[1])
            out.append({'op': op, 'seed': str(c[1])})
            continue
        if op in ('rand', 'randn'):
            dt = getattr(torch, c[1])
            v = getattr(torch, op)(c[2], dtype=dt)
            out.append({'op': op, 'dtype': c[1], 'n': c[2], 'values': enc(v)})
        elif op == 'normal':
            v = torch.empty(c[2], dtype=getattr(torch, c[1])).normal_(c[3], c[4])
            out.append({'op': op, 'dtype': c[1], 'n': c[2], 'args': [c[3], c[4]], 'values': enc(v)})
        elif op == 'uniform':
            v = torch.empty(c[2], dtype=getattr(torch, c[1])).uniform_(c[3], c[4])
            out.append({'op': op, 'dtype': c[1], 'n': c[2], 'args': [c[3], c[4]], 'values': enc(v)})
        elif op == 'randint':
            v = torch.randint(c[1], c[2], (c[3],))
            out.append({'op': op, 'low': c[1], 'high': c[2], 'n': c[3], 'values': enc(v)})
        elif op == 'randperm':
            v = torch.randperm(c[1])
            out.append({'op': op, 'n': c[1], 'values': enc(v)})
    fx['sequences'].append({'seed': str(seed), 'calls': out})

# bernoulli (PyTorch's default CPU kernel: this build has no MKL) and dropout's mask.
fx['bernoulli'] = []
for seed in [0, 8]:
    for pr in [0.3, 0.5, 0.999]:
        torch.manual_seed(seed)
        v = torch.empty(100).bernoulli_(pr)
        fx['bernoulli'].append({'seed': str(seed), 'p': pr, 'kind': 'scalar', 'values': enc(v)})
    for dt in [torch.float32, torch.float64]:
        torch.manual_seed(seed + 100)
        probs = torch.rand(60, dtype=dt)
        torch.manual_seed(seed)
        v = torch.bernoulli(probs)
        fx['bernoulli'].append({'seed': str(seed), 'kind': dtype_name(dt), 'probs': enc(probs), 'values': enc(v)})
    torch.manual_seed(seed)
    v = torch.nn.functional.dropout(torch.ones(70), 0.25, training=True)
    fx['bernoulli'].append({'seed': str(seed), 'kind': 'dropout', 'p': 0.25, 'values': enc(v)})
assert torch.backends.mkl.is_available() is False

# Non-contiguous tensors with >= 16 elements take the scalar normal path.
torch.manual_seed(21)
base = torch.empty(40, dtype=torch.float64)
v = base[::2].normal_()  # 20 elements, stride 2
fx['noncontiguous_randn_f64_20'] = enc(v)

# A separate torch.Generator passed explicitly must not touch the default generator.
g = torch.Generator().manual_seed(99)
torch.manual_seed(1)
a = torch.rand(3, generator=g)
b = torch.rand(3)
c = torch.randn(2, generator=g, dtype=torch.float64)
fx['explicit_generator'] = {'gen_seed': '99', 'default_seed': '1', 'gen_rand3': enc(a), 'default_rand3': enc(b),
                            'gen_randn2_f64': enc(c)}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as fh:
    json.dump(fx, fh, separators=(',', ':'))
print(OUT, os.path.getsize(OUT), 'bytes')
