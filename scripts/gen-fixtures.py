#!/usr/bin/python3
"""Writes test/fixtures/ops.json: inputs, outputs and gradients of torchlet's core ops as computed by
real PyTorch (Debian's python3-torch 1.13).  Run with Debian's interpreter, not the first python3 on
PATH:

    /usr/bin/python3 scripts/gen-fixtures.py          # from the repository root

Deterministic: every case draws its inputs from its own generator seeded by a CRC of its name, the
inputs are stored in the fixture (torchlet's RNG is never involved), and the file is byte-identical
from run to run.  Tests (test/ops.fixtures.test.ts) replay each case through torchlet's public API
and never need Python.

Format (one case per line inside "cases" / "errors"):
  name, family, op     op is the call the runner makes: "x.sum" = method on inputs[0] (args exclude
                       self), "torch.cat" = function on the torch namespace, "special.*" = a scripted
                       sequence both sides implement the same way.
  inputs[]             {values (flat, row-major) | pattern, shape, dtype, requiresGrad, view?}; large
                       inputs carry a `pattern` (see pattern_values) instead of values. The runner builds
                       a leaf with torch.tensor(nested, {dtype, requiresGrad}) and then applies `view`,
                       a list of steps such as {"transpose":[0,1]}, {"permute":[2,0,1]},
                       {"index":["::2", 1]}, {"expand":[3,4]} to make a non-contiguous input.
                       Gradients are those of the leaf (before the view).
  args, kwargs         PyTorch's positional order; kwargs are camelCase and go in a final plain object.
                       {"$t": i} is inputs[i]; {"$f": "Infinity"|"-Infinity"|"NaN"} a non-finite number.
  out                  {values, shape, dtype, requiresGrad} | {"named": {values: T, indices: T}} | {"list": [T...]};
                       results with more than 4096 elements carry {sample: {index, values}, sum, absSum}
                       instead of values (the runner checks the sample and the sum over all elements).
  gradOut, grads       out.backward(gradOut) (a `pattern` for large outputs) (named: out.values.backward; list: sum_i (out_i*g_i).sum()
                       backward); grads[i] is inputs[i]'s leaf .grad (null when it does not require grad).
  tol                  {"out": [rtol, atol], "grad": [rtol, atol]} for float results: float32 cases are
                       computed again in float64 (the stored reference); rtol is 1e-5 and atol is
                       max(1e-6, 10x the error PyTorch's own float32 computation makes beyond rtol,
                       2u x the sum of |terms| for summing ops (see abs_run)). float64: 1e-9 / 1e-11.
  error                {type, message, fragments}: PyTorch's message; torchlet's must contain every
                       fragment (each is checked here to be part of PyTorch's message).
dtypes: torch.int64 is stored as "int32" (torchlet's index dtype), torch.bool as "bool".
Non-finite numbers in values are the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math
import os
import re
import sys
import zlib

import numpy as np
import torch

torch.set_default_dtype(torch.float32)
torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'ops.json')

DT = {'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int64, 'bool': torch.bool}


def dtname(d):
    if d == torch.float32:
        return 'float32'
    if d == torch.float64:
        return 'float64'
    if d in (torch.int64, torch.int32):
        return 'int32'
    if d == torch.bool:
        return 'bool'
    raise ValueError(f'unsupported dtype {d}')


def is_float(d):
    return d in ('float32', 'float64')


def snake(s):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), s)


# ---------------------------------------------------------------------------------------------------
# numbers -> JSON

def jnum(v, dtype):
    if dtype == 'bool':
        return bool(v)
    if dtype == 'int32':
        return int(v)
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    if dtype == 'float32':
        return float(str(np.float32(v)))  # shortest repr that round-trips through float32
    return v


def jvalues(t, dtype):
    flat = t.detach().reshape(-1)
    if dtype == 'float32':
        flat = flat.to(torch.float32)
    return [jnum(v, dtype) for v in flat.tolist()]


def jtensor(t, dtype=None):
    d = dtype or dtname(t.dtype)
    return {'values': jvalues(t, d), 'shape': list(t.shape), 'dtype': d}


# ---------------------------------------------------------------------------------------------------
# input specs

class In:
    """An input: how its values are drawn (with the case's generator) and how it is presented."""

    def __init__(self, shape, kind='randn', dtype='float32', grad=None, view=None, values=None,
                 lo=None, hi=None, scale=1.0, pattern=None):
        self.shape = list(shape)
        self.kind = kind
        self.dtype = dtype
        self.grad = is_float(dtype) if grad is None else grad
        self.view = view
        self.values = values
        self.lo, self.hi, self.scale = lo, hi, scale
        self.pattern = pattern

    def draw(self, g):
        n = int(np.prod(self.shape)) if self.shape else 1
        if self.kind == 'values':
            t = torch.tensor(self.values, dtype=torch.float64).reshape(self.shape)
        elif self.kind == 'pattern':
            t = pattern_values(n, **self.pattern)
        elif self.kind == 'randn':
            t = torch.randn(n, generator=g, dtype=torch.float64) * self.scale
        elif self.kind == 'uniform':
            t = torch.rand(n, generator=g, dtype=torch.float64) * (self.hi - self.lo) + self.lo
        elif self.kind == 'int':
            t = torch.randint(self.lo, self.hi, (n,), generator=g).to(torch.float64)
        elif self.kind == 'bool':
            t = (torch.rand(n, generator=g, dtype=torch.float64) < 0.5).to(torch.float64)
        else:
            raise ValueError(self.kind)
        t = t.reshape(self.shape)
        if self.kind in ('randn', 'uniform'):
            t = torch.round(t * 1000) / 1000  # short decimals keep the file small
            if self.kind == 'uniform':
                t = t.clamp(self.lo, self.hi)
        if self.dtype == 'float32':
            t = t.to(torch.float32)  # values exactly representable in float32
        return t


def pattern_values(n, seed, mod, offset, div):
    """Large inputs are not stored but made by a formula both sides evaluate exactly in IEEE double:
    v[i] = ((i*7919 + seed*104729) % mod + offset) / div, then rounded to the input's dtype."""
    i = np.arange(n, dtype=np.int64)
    v = ((i * 7919 + seed * 104729) % mod + offset).astype(np.float64) / float(div)
    return torch.from_numpy(v)


def L(*shape, seed=1, mod=2001, offset=-1000, div=400, **kw):
    """A large input from pattern_values (default: values in [-2.5, 2.5])."""
    return In(shape, 'pattern', pattern=dict(seed=seed, mod=mod, offset=offset, div=div), **kw)


def LP(*shape, seed=1, **kw):
    """A large positive input, values in [0.1, 4.1]."""
    return L(*shape, seed=seed, mod=2001, offset=200, div=500, **kw)


def R(*shape, **kw):
    return In(shape, 'randn', **kw)


def U(lo, hi, *shape, **kw):
    return In(shape, 'uniform', lo=lo, hi=hi, **kw)


def P(*shape, **kw):
    return In(shape, 'uniform', lo=0.5, hi=2.0, **kw)


def Ri(lo, hi, *shape, **kw):
    kw.setdefault('dtype', 'int32')
    return In(shape, 'int', lo=lo, hi=hi, **kw)


def Bo(*shape, **kw):
    kw.setdefault('dtype', 'bool')
    return In(shape, 'bool', **kw)


def V(values, dtype='float32', **kw):
    shape = list(torch.tensor(values).shape)
    flat = torch.tensor(values, dtype=torch.float64).reshape(-1).tolist()
    return In(shape, 'values', dtype=dtype, values=flat, **kw)


def T(i):
    return {'$t': i}


def F(s):
    return {'$f': s}


# ---------------------------------------------------------------------------------------------------
# replaying a call in PyTorch (the runner mirrors this in TypeScript)

def parse_index(s):
    if s is None:
        return None
    if s == '...':
        return Ellipsis
    if isinstance(s, int):
        return s
    if isinstance(s, list):
        return slice(s[0], s[1], s[2] if len(s) > 2 else None)
    parts = s.split(':')
    num = [int(p) if p.strip() != '' else None for p in parts]
    return slice(*num)


def apply_view(x, steps):
    for st in steps or []:
        (k, a), = st.items()
        if k == 'transpose':
            x = x.transpose(*a)
        elif k == 'permute':
            x = x.permute(*a)
        elif k == 'index':
            x = x[tuple(parse_index(s) for s in a)]
        elif k == 'expand':
            x = x.expand(*a)
        elif k == 't':
            x = x.t()
        elif k == 'narrow':
            x = x.narrow(*a)
        else:
            raise ValueError(k)
    return x


def resolve(a, ins):
    if isinstance(a, dict) and '$t' in a:
        return ins[a['$t']]
    if isinstance(a, dict) and '$f' in a:
        return float(a['$f'].replace('Infinity', 'inf').replace('NaN', 'nan'))
    if isinstance(a, list):
        return [resolve(v, ins) for v in a]
    return a


def py_kwargs(kw, ins):
    out = {}
    for k, v in (kw or {}).items():
        v = resolve(v, ins)
        if k == 'dtype':
            v = DT[v]
        out[snake(k)] = v
    return out


def py_call(op, ins, args, kwargs):
    a = resolve(args, ins)
    kw = py_kwargs(kwargs, ins)
    if op == 'x.index':
        return ins[0][tuple(parse_index(s) for s in args)]
    if op == 'special.backwardTwice':
        y = (ins[0] * ins[0]).sum()
        y.backward()
        y.backward()
        return y
    if op == 'special.backwardNonScalar':
        ins[0].mul(2).backward()
        return None
    if op == 'special.requiresGradInt':
        return torch.tensor(a[0], dtype=DT[kwargs['dtype']], requires_grad=True)
    if op == 'special.item':
        return ins[0].item()
    if op == 'special.backwardRetainTwice':
        y = (ins[0] * ins[0]).sum()
        y.backward(retain_graph=True)
        y.backward()
        return y
    if op == 'special.gradAccumulates':
        (ins[0] * 2).sum().backward()
        (ins[0] * ins[0]).sum().backward()
        return ins[0].detach().clone()
    if op == 'special.autogradGrad':
        y = (ins[0].sin() * ins[1]).sum()
        return list(torch.autograd.grad([y], [ins[0], ins[1]]))
    if op == 'special.detachMul':
        return ins[0].detach() * ins[0]
    if op == 'special.noGrad':
        with torch.no_grad():
            return ins[0] * 2
    if op == 'special.inplaceOnLeaf':
        return ins[0].add_(1)
    if op == 'special.backwardWith':
        return ins[0].mul(2).backward(ins[1])
    if op.startswith('x.'):
        name = snake(op[2:])
        x = ins[0]
        if name.endswith('_'):
            x = x.clone()  # in-place on a non-leaf copy, so the leaf still gets its gradient
        return getattr(x, name)(*a, **kw)
    if op.startswith('torch.'):
        return getattr(torch, snake(op[6:]))(*a, **kw)
    raise ValueError(op)


def make_inputs(specs, g, ref, absval=False):
    """Leaves (for .grad) and presented inputs (after the view). ref: float32 values computed in float64.
    absval: float inputs replaced by their absolute values (for the magnitude run, see abs_run)."""
    leaves, ins, stored = [], [], []
    for s in specs:
        base = s.draw(g)
        stored.append(base)
    for s, base in zip(specs, stored):
        t = base.clone()
        if s.dtype == 'float64' or (ref and s.dtype == 'float32'):
            t = t.to(torch.float64)
        elif s.dtype == 'float32':
            t = t.to(torch.float32)
        elif s.dtype == 'int32':
            t = t.to(torch.int64)
        elif s.dtype == 'bool':
            t = t.to(torch.bool)
        if absval and t.is_floating_point():
            t = t.abs()
        if s.grad:
            t.requires_grad_(True)
        leaves.append(t)
        ins.append(apply_view(t, s.view))
    return leaves, ins, stored


def out_kind(r):
    if isinstance(r, torch.Tensor):
        return 'tensor'
    if hasattr(r, 'indices') and hasattr(r, 'values'):
        return 'named'
    if isinstance(r, (tuple, list)):
        return 'list'
    raise TypeError(type(r))


def float_tensors(r):
    k = out_kind(r)
    if k == 'tensor':
        return [r]
    if k == 'named':
        return [r.values]
    return list(r)


def backward(r, gouts):
    k = out_kind(r)
    if k == 'tensor':
        r.backward(gouts[0])
    elif k == 'named':
        r.values.backward(gouts[0])
    else:
        loss = sum((o * go).sum() for o, go in zip(r, gouts))
        loss.backward()


RTOL32 = 1e-5


def max_abs_err(a, b):
    """The largest part of |a - b| that rtol (float32's) does not already cover."""
    a = a.detach().to(torch.float64).reshape(-1)
    b = b.detach().to(torch.float64).reshape(-1)
    if a.numel() == 0:
        return 0.0
    fin = torch.isfinite(a) & torch.isfinite(b)
    if not fin.any():
        return 0.0
    return float(((a[fin] - b[fin]).abs() - RTOL32 * b[fin].abs()).clamp(min=0).max())


# ---------------------------------------------------------------------------------------------------
# cases

CASES = []
ERRORS = []


def seed_of(name):
    return zlib.crc32(name.encode())


def case(family, name, op, inputs=(), args=(), kwargs=None, grad=True, note=None):
    CASES.append(dict(family=family, name=name, op=op, inputs=list(inputs), args=list(args),
                      kwargs=kwargs or {}, grad=grad, note=note))


def error(name, op, inputs=(), args=(), fragments=None, kwargs=None):
    ERRORS.append(dict(family='errors', name=name, op=op, inputs=list(inputs), args=list(args),
                       kwargs=kwargs or {}, fragments=fragments))


SELF_BACKWARD = ('special.backwardRetainTwice', 'special.gradAccumulates', 'special.autogradGrad', 'special.noGrad')
LARGE = 4096  # outputs with more elements are stored as a sample plus sums


def jinput(s, base):
    if s.kind == 'pattern':
        d = {'pattern': s.pattern}
    else:
        d = {'values': jvalues(base, s.dtype)}
    d.update({'shape': s.shape, 'dtype': s.dtype, 'requiresGrad': s.grad})
    if s.view:
        d['view'] = s.view
    return d


def sample_positions(n, g):
    pos = set(range(min(n, 16))) | set(range(max(0, n - 16), n))
    for k in (4096, 8192, 16384, 32768, 65536):
        for m in range(k, n, k):
            pos.update((m - 1, m))
    pos.update(torch.randint(0, n, (64,), generator=g).tolist())
    return sorted(p for p in pos if p < n)


def jlarge(t, dtype, g):
    """{shape, dtype, sample: {index, values}, sum, absSum}: a sample of elements plus sums over all."""
    flat = t.detach().reshape(-1).to(torch.float64)
    assert torch.isfinite(flat).all(), 'large outputs must be finite'
    idx = sample_positions(flat.numel(), g)
    vals = t.detach().reshape(-1)[idx]
    return {'shape': list(t.shape), 'dtype': dtype,
            'sample': {'index': idx, 'values': jvalues(vals, dtype)},
            'sum': float(flat.sum()), 'absSum': float(flat.abs().sum())}


def build_case(c):
    name = c['name']
    specs = c['inputs']
    g = torch.Generator().manual_seed(seed_of(name))
    leaves, ins, stored = make_inputs(specs, g, ref=False)
    r = py_call(c['op'], ins, c['args'], c['kwargs'])
    k = out_kind(r)
    rec = {'family': c['family'], 'name': name, 'op': c['op']}
    if c['note']:
        rec['note'] = c['note']
    rec['inputs'] = []
    for s, base in zip(specs, stored):
        rec['inputs'].append(jinput(s, base))
    rec['args'] = c['args']
    if c['kwargs']:
        rec['kwargs'] = c['kwargs']

    has_f32 = any(s.dtype == 'float32' for s in specs)
    outs = float_tensors(r)
    differentiable = c['grad'] and any(s.grad for s in specs) and all(o.requires_grad for o in outs)

    # The float64 reference for cases with float32 inputs.
    rr, ref_leaves = r, leaves
    if has_f32:
        g2 = torch.Generator().manual_seed(seed_of(name))
        ref_leaves, ref_ins, _ = make_inputs(specs, g2, ref=True)
        rr = py_call(c['op'], ref_ins, c['args'], c['kwargs'])

    sample_g = torch.Generator().manual_seed(seed_of(name) + 1)

    def enc(t, tref):
        d = dtname(t.dtype)
        src = tref if is_float(d) else t
        assert list(src.shape) == list(t.shape)
        if t.numel() > LARGE:
            e = jlarge(src, d, sample_g)
        else:
            e = {'values': jvalues(src, d), 'shape': list(t.shape), 'dtype': d}
        e['requiresGrad'] = bool(t.requires_grad)
        return e

    if k == 'tensor':
        rec['out'] = enc(r, rr)
    elif k == 'named':
        if has_f32:
            assert torch.equal(r.indices, rr.indices), f'{name}: indices differ between float32 and float64 (ties?)'
        rec['out'] = {'named': {'values': enc(r.values, rr.values), 'indices': enc(r.indices, rr.indices)}}
    else:
        rec['out'] = {'list': [enc(a, b) for a, b in zip(r, rr)]}

    tol = {}
    out_err = max(max_abs_err(a, b) for a, b in zip(float_tensors(r), float_tensors(rr))) if outs else 0.0
    if any(is_float(dtname(o.dtype)) for o in outs):
        tol['out'] = tol_for(outs, out_err, abs_run(c, None)[0] if has_f32 else 0.0)

    if c['op'] in SELF_BACKWARD:
        rec['grads'] = [None if rl.grad is None else {'values': jvalues(rl.grad, s.dtype), 'shape': list(rl.grad.shape)}
                        for s, rl in zip(specs, ref_leaves)]
        have = [(lf, rl) for lf, rl in zip(leaves, ref_leaves) if rl.grad is not None]
        if have:
            tol['grad'] = tol_for([lf for lf, _ in have], max(max_abs_err(lf.grad, rl.grad) for lf, rl in have))
    elif differentiable:
        gouts, gspecs = [], []
        for j, o in enumerate(outs):
            if o.numel() > LARGE:
                pat = dict(seed=100 + j, mod=1999, offset=-999, div=1000)
                gt = pattern_values(o.numel(), **pat).reshape(o.shape).to(o.dtype)
                gspecs.append({'pattern': pat, 'shape': list(o.shape), 'dtype': dtname(o.dtype)})
            else:
                gt = (torch.round(torch.randn(o.shape, generator=g, dtype=torch.float64) * 1000) / 1000).to(o.dtype)
                gspecs.append(jtensor(gt))
            gouts.append(gt)
        rec['gradOut'] = gspecs if k == 'list' else gspecs[0]
        backward(r, gouts)
        if has_f32:
            backward(rr, [go.to(o.dtype) for go, o in zip(gouts, float_tensors(rr))])
        grads, gerr = [], 0.0
        for s, lf, rl in zip(specs, leaves, ref_leaves):
            if not s.grad:
                grads.append(None)
                continue
            assert lf.grad is not None, f'{name}: no grad'
            if rl.grad.numel() > LARGE:
                gl = jlarge(rl.grad, s.dtype, sample_g)
                del gl['dtype']
                grads.append(gl)
            else:
                grads.append({'values': jvalues(rl.grad, s.dtype), 'shape': list(lf.grad.shape)})
            gerr = max(gerr, max_abs_err(lf.grad, rl.grad))
        rec['grads'] = grads
        tol['grad'] = tol_for([lf for lf, s in zip(leaves, specs) if s.grad], gerr,
                              abs_run(c, gouts)[1] if has_f32 else 0.0)
    if tol:
        rec['tol'] = tol
    return rec


U32 = 2.0 ** -24  # float32 unit roundoff
# ops whose forward or backward adds up many terms (reductions, products, broadcast-reducing grads)
SUMMING_OPS = {'sum', 'mean', 'var', 'std', 'matmul', 'mm', 'bmm', 'add', 'sub', 'mul', 'div', 'maximum',
               'minimum', 'where', 'expand', 'gather', 'indexSelect', 'scatter', 'maskedFill'}


def abs_run(c, gouts):
    """The case replayed in float64 on |inputs| (and |gradOut|): for sums, means, matmuls and the
    broadcast-reducing backward passes its results are the sums of |terms|, the scale of the rounding
    error any float32 summation order may make (PyTorch's own error can be luckily small).
    Returns (max |out|, max |grad|); 0 where it does not apply."""
    base = c['op'].split('.', 1)[1].rstrip('_')
    if c['op'].startswith('special.') or base not in SUMMING_OPS:
        return 0.0, 0.0
    try:
        g = torch.Generator().manual_seed(seed_of(c['name']))
        leaves, ins, _ = make_inputs(c['inputs'], g, ref=True, absval=True)
        r = py_call(c['op'], ins, c['args'], c['kwargs'])
        outs = [o for o in float_tensors(r) if o.is_floating_point()]
        om = max((float(o.detach().abs().nan_to_num(0, 0, 0).max()) for o in outs if o.numel()), default=0.0)
        gm = 0.0
        if gouts is not None:
            backward(r, [go.to(o.dtype).abs() for go, o in zip(gouts, float_tensors(r))])
            gm = max((float(lf.grad.abs().nan_to_num(0, 0, 0).max()) for lf in leaves
                      if lf.grad is not None and lf.grad.numel()), default=0.0)
        return om, gm
    except Exception:  # noqa: BLE001 - e.g. log of 0: no floor then
        return 0.0, 0.0


def tol_for(tensors, err, mag=0.0):
    if any(t.dtype == torch.float32 for t in tensors):
        return [RTOL32, float('%.2g' % max(1e-6, 10 * err, 2 * U32 * mag))]
    return [1e-9, 1e-11]


def build_error(c):
    g = torch.Generator().manual_seed(seed_of(c['name']))
    leaves, ins, stored = make_inputs(c['inputs'], g, ref=False)
    try:
        py_call(c['op'], ins, c['args'], c['kwargs'])
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        msg = str(e)
        typ = type(e).__name__
    else:
        raise AssertionError(f'{c["name"]}: PyTorch did not raise')
    frags = c['fragments'] or [msg.split('\n')[0]]
    for f in frags:
        assert f in msg, f'{c["name"]}: fragment {f!r} not in PyTorch message {msg!r}'
    rec = {'family': 'errors', 'name': c['name'], 'op': c['op'], 'inputs': []}
    for s, base in zip(c['inputs'], stored):
        rec['inputs'].append(jinput(s, base))
    rec['args'] = c['args']
    if c['kwargs']:
        rec['kwargs'] = c['kwargs']
    rec['error'] = {'type': typ, 'message': msg, 'fragments': frags}
    return rec


# ---- creation -------------------------------------------------------------------------------------
fam = 'creation'
case(fam, 'arange(5) is int', 'torch.arange', args=[5])
case(fam, 'arange(2, 9, 3)', 'torch.arange', args=[2, 9, 3])
case(fam, 'arange(-3, 3)', 'torch.arange', args=[-3, 3])
case(fam, 'arange(5, 0, -1)', 'torch.arange', args=[5, 0, -1])
case(fam, 'arange(0, 1, 0.1) float length 10', 'torch.arange', args=[0, 1, 0.1])
case(fam, 'arange(1, 2.5, 0.5)', 'torch.arange', args=[1, 2.5, 0.5])
case(fam, 'arange(0.5, 3) float start', 'torch.arange', args=[0.5, 3])
case(fam, 'arange(5, dtype float32)', 'torch.arange', args=[5], kwargs={'dtype': 'float32'})
case(fam, 'arange(1, 4, dtype float64)', 'torch.arange', args=[1, 4], kwargs={'dtype': 'float64'})
case(fam, 'arange(0) empty', 'torch.arange', args=[0])
case(fam, 'linspace(0, 1, 5)', 'torch.linspace', args=[0, 1, 5])
case(fam, 'linspace(-1, 1, 4)', 'torch.linspace', args=[-1, 1, 4])
case(fam, 'linspace(2, 10, 1)', 'torch.linspace', args=[2, 10, 1])
case(fam, 'linspace(0, 1, 0) empty', 'torch.linspace', args=[0, 1, 0])
case(fam, 'linspace(0, 10, 7) float64', 'torch.linspace', args=[0, 10, 7], kwargs={'dtype': 'float64'})
case(fam, 'linspace(1, 0, 11) descending', 'torch.linspace', args=[1, 0, 11])
case(fam, 'eye(3)', 'torch.eye', args=[3])
case(fam, 'eye(2, 4)', 'torch.eye', args=[2, 4])
case(fam, 'eye(4, 2)', 'torch.eye', args=[4, 2])
case(fam, 'eye(3) int32', 'torch.eye', args=[3], kwargs={'dtype': 'int32'})
case(fam, 'eye(0)', 'torch.eye', args=[0])
case(fam, 'zeros(2, 3)', 'torch.zeros', args=[2, 3])
case(fam, 'zeros([2, 3])', 'torch.zeros', args=[[2, 3]])
case(fam, 'zeros([0, 3]) empty', 'torch.zeros', args=[[0, 3]])
case(fam, 'zeros([]) 0-d', 'torch.zeros', args=[[]])
case(fam, 'zeros(2) int32', 'torch.zeros', args=[2], kwargs={'dtype': 'int32'})
case(fam, 'zeros(3) bool', 'torch.zeros', args=[3], kwargs={'dtype': 'bool'})
case(fam, 'ones(3, 2)', 'torch.ones', args=[3, 2])
case(fam, 'ones([2]) float64', 'torch.ones', args=[[2]], kwargs={'dtype': 'float64'})
case(fam, 'ones(2, 2) bool', 'torch.ones', args=[2, 2], kwargs={'dtype': 'bool'})
case(fam, 'full([2, 3], 1.5)', 'torch.full', args=[[2, 3], 1.5])
# PyTorch infers int64 from a Python int fill value; a JS number cannot say int or float, and torchlet
# makes JS numbers float32 unless asked, so the int case names its dtype.
case(fam, 'full([2, 2], 7, dtype int32)', 'torch.full', args=[[2, 2], 7], kwargs={'dtype': 'int32'})
case(fam, 'full([2, 2], -2.5)', 'torch.full', args=[[2, 2], -2.5])
case(fam, 'full([3], true) is bool', 'torch.full', args=[[3], True])
case(fam, 'full([2], 2, dtype float32)', 'torch.full', args=[[2], 2], kwargs={'dtype': 'float32'})
case(fam, 'full([], 3.25) 0-d', 'torch.full', args=[[], 3.25])
case(fam, 'tensor nested float', 'torch.tensor', args=[[[1.5, 2], [3, 4]]])
case(fam, 'tensor bool', 'torch.tensor', args=[[True, False, True]])
case(fam, 'tensor scalar 0-d', 'torch.tensor', args=[3.5])
case(fam, 'tensor int32', 'torch.tensor', args=[[1, 2, 3]], kwargs={'dtype': 'int32'})
case(fam, 'tensor float64', 'torch.tensor', args=[[[1, 2], [3, 4]]], kwargs={'dtype': 'float64'})
case(fam, 'tensor [] empty', 'torch.tensor', args=[[]])
case(fam, 'tensor 3-d nested', 'torch.tensor', args=[[[[1.25], [2]], [[3], [4]]]])
case(fam, 'zerosLike float64', 'torch.zerosLike', [R(2, 3, dtype='float64', grad=False)], [T(0)])
case(fam, 'onesLike int32', 'torch.onesLike', [Ri(0, 5, 3)], [T(0)])
case(fam, 'fullLike 2.5', 'torch.fullLike', [R(2, 2, grad=False)], [T(0), 2.5])

# ---- shape ops ------------------------------------------------------------------------------------
fam = 'shape'
TR01 = [{'transpose': [0, 1]}]
case(fam, 'reshape(4, 6)', 'x.reshape', [R(2, 3, 4)], [4, 6])
case(fam, 'reshape([6, -1])', 'x.reshape', [R(2, 3, 4)], [[6, -1]])
case(fam, 'reshape(-1)', 'x.reshape', [R(2, 3, 4)], [-1])
case(fam, 'reshape of transposed (copy)', 'x.reshape', [R(3, 4, view=TR01)], [2, 6])
case(fam, 'reshape to 0-d', 'x.reshape', [R(1, 1)], [[]])
case(fam, 'reshape empty [0,3] -> (3, 0)', 'x.reshape', [R(0, 3)], [3, 0])
case(fam, 'reshape int32', 'x.reshape', [Ri(-5, 5, 2, 3)], [3, 2])
case(fam, 'view(3, 8)', 'x.view', [R(2, 3, 4)], [3, 8])
case(fam, 'view([-1, 4])', 'x.view', [R(2, 3, 4)], [[-1, 4]])
case(fam, 'view splits last dim of transposed', 'x.view', [R(2, 3, 4, view=TR01)], [3, 2, 2, 2])
case(fam, 'transpose(0, 1)', 'x.transpose', [R(3, 4)], [0, 1])
case(fam, 'transpose(-1, 0) 3-d', 'x.transpose', [R(2, 3, 4)], [-1, 0])
case(fam, 'transpose(1, 2) 3-d', 'x.transpose', [R(2, 3, 4)], [1, 2])
case(fam, 'permute(2, 0, 1)', 'x.permute', [R(2, 3, 4)], [2, 0, 1])
case(fam, 'permute([1, 2, 0])', 'x.permute', [R(2, 3, 4)], [[1, 2, 0]])
case(fam, 'permute(-1, 0, 1)', 'x.permute', [R(2, 3, 4)], [-1, 0, 1])
case(fam, 't() 2-d', 'x.t', [R(3, 4)])
case(fam, 't() 1-d', 'x.t', [R(4)])
case(fam, 't() of transposed', 'x.t', [R(3, 4, view=TR01)])
case(fam, 'squeeze() all', 'x.squeeze', [R(2, 1, 3, 1)])
case(fam, 'squeeze(1)', 'x.squeeze', [R(2, 1, 3, 1)], [1])
case(fam, 'squeeze(-1)', 'x.squeeze', [R(2, 1, 3, 1)], [-1])
case(fam, 'squeeze(0) size 2 no-op', 'x.squeeze', [R(2, 1, 3, 1)], [0])
case(fam, 'unsqueeze(0)', 'x.unsqueeze', [R(2, 3)], [0])
case(fam, 'unsqueeze(-1)', 'x.unsqueeze', [R(2, 3)], [-1])
case(fam, 'unsqueeze(1)', 'x.unsqueeze', [R(2, 3)], [1])
case(fam, 'unsqueeze(0) of 0-d', 'x.unsqueeze', [R()], [0])
case(fam, 'unsqueeze(1) of transposed', 'x.unsqueeze', [R(2, 3, view=TR01)], [1])
case(fam, 'flatten()', 'x.flatten', [R(2, 3, 4)])
case(fam, 'flatten(1)', 'x.flatten', [R(2, 3, 4)], [1])
case(fam, 'flatten(0, 1)', 'x.flatten', [R(2, 3, 4)], [0, 1])
case(fam, 'flatten(-2, -1)', 'x.flatten', [R(2, 3, 4)], [-2, -1])
case(fam, 'flatten() of permuted', 'x.flatten', [R(2, 3, 4, view=[{'permute': [2, 0, 1]}])])
case(fam, 'flatten() of 0-d', 'x.flatten', [R()])
case(fam, 'unflatten(1, [3, 4])', 'x.unflatten', [R(2, 12)], [1, [3, 4]])
case(fam, 'unflatten(-1, [2, -1])', 'x.unflatten', [R(2, 6)], [-1, [2, -1]])
case(fam, 'expand(3, 4) from [3,1]', 'x.expand', [R(3, 1)], [3, 4])
case(fam, 'expand(2, 3, 4) new leading dim', 'x.expand', [R(3, 1)], [2, 3, 4])
case(fam, 'expand([-1, 5])', 'x.expand', [R(3, 1)], [[-1, 5]])
case(fam, 'expand 0-d to (2, 2)', 'x.expand', [R()], [2, 2])
case(fam, 'narrow(0, 1, 2)', 'x.narrow', [R(4, 3)], [0, 1, 2])
case(fam, 'narrow(-1, 0, 2)', 'x.narrow', [R(4, 3)], [-1, 0, 2])
case(fam, 'narrow of transposed', 'x.narrow', [R(4, 3, view=TR01)], [1, 1, 3])
case(fam, 'select(0, 1)', 'x.select', [R(3, 4)], [0, 1])
case(fam, 'select(1, -1)', 'x.select', [R(3, 4)], [1, -1])
case(fam, 'select(-1, 2) 3-d', 'x.select', [R(2, 3, 4)], [-1, 2])
case(fam, 'select of 1-d gives 0-d', 'x.select', [R(5)], [0, 3])
case(fam, "index [0]", 'x.index', [R(3, 4)], [0])
case(fam, "index ['1:3']", 'x.index', [R(4, 3)], ['1:3'])
case(fam, "index [':', '::2']", 'x.index', [R(3, 5)], [':', '::2'])
case(fam, "index ['...', 1]", 'x.index', [R(2, 3, 4)], ['...', 1])
case(fam, "index [null, ':', 0]", 'x.index', [R(3, 4)], [None, ':', 0])
case(fam, "index ['-2:']", 'x.index', [R(5, 2)], ['-2:'])
case(fam, "index [[0, null, 2]] array slice", 'x.index', [R(5, 2)], [[0, None, 2]])
case(fam, "index [1, ':', '1:3'] 3-d", 'x.index', [R(2, 3, 4)], [1, ':', '1:3'])
case(fam, "index ['1:10'] clamps stop", 'x.index', [R(4)], ['1:10'])
case(fam, "index ['3:1'] empty", 'x.index', [R(4, 2)], ['3:1'])
case(fam, 'contiguous of transposed', 'x.contiguous', [R(3, 4, view=TR01)])
case(fam, 'contiguous of sliced', 'x.contiguous', [R(4, 5, view=[{'index': ['::2', '1:4']}])])
case(fam, 'cat dim 0', 'torch.cat', [R(2, 3), R(4, 3)], [[T(0), T(1)], 0])
case(fam, 'cat dim 1', 'torch.cat', [R(2, 3), R(2, 2)], [[T(0), T(1)], 1])
case(fam, 'cat dim -1 three tensors', 'torch.cat', [R(2, 1), R(2, 3), R(2, 2)], [[T(0), T(1), T(2)], -1])
case(fam, 'cat default dim', 'torch.cat', [R(1, 3), R(2, 3)], [[T(0), T(1)]])
case(fam, 'cat with empty [0,3]', 'torch.cat', [R(0, 3), R(2, 3)], [[T(0), T(1)], 0])
case(fam, 'cat of non-contiguous', 'torch.cat', [R(3, 2, view=TR01), R(2, 4)], [[T(0), T(1)], 1])
case(fam, 'cat 1-d', 'torch.cat', [R(2), R(3)], [[T(0), T(1)]])
case(fam, 'cat int32', 'torch.cat', [Ri(0, 9, 2, 2), Ri(0, 9, 1, 2)], [[T(0), T(1)]])
case(fam, 'cat int32 + float32 promotes', 'torch.cat', [Ri(0, 9, 2), R(2)], [[T(0), T(1)]])
case(fam, 'cat kwarg dim', 'torch.cat', [R(2, 2), R(2, 1)], [[T(0), T(1)]], {'dim': 1})
case(fam, 'stack dim 0', 'torch.stack', [R(2, 3), R(2, 3)], [[T(0), T(1)], 0])
case(fam, 'stack dim 1', 'torch.stack', [R(2, 3), R(2, 3), R(2, 3)], [[T(0), T(1), T(2)], 1])
case(fam, 'stack dim -1', 'torch.stack', [R(2, 3), R(2, 3)], [[T(0), T(1)], -1])
case(fam, 'stack 1-d', 'torch.stack', [R(3), R(3)], [[T(0), T(1)]])
case(fam, 'stack of transposed', 'torch.stack', [R(3, 2, view=TR01), R(2, 3)], [[T(0), T(1)]])
case(fam, 'split(2) uneven', 'x.split', [R(5, 3)], [2])
case(fam, 'split([1, 3, 1])', 'x.split', [R(5, 3)], [[1, 3, 1]])
case(fam, 'split(2, 1)', 'x.split', [R(3, 5)], [2, 1])
case(fam, 'split(2, -1)', 'x.split', [R(2, 4)], [2, -1])
case(fam, 'torch.split', 'torch.split', [R(4, 2)], [T(0), 3])
case(fam, 'chunk(3) uneven', 'x.chunk', [R(5, 2)], [3])
case(fam, 'chunk(2, 1)', 'x.chunk', [R(2, 4)], [2, 1])
case(fam, 'chunk(4) of 6 gives 3 chunks', 'x.chunk', [R(6)], [4])
case(fam, 'chunk(2, -1) of transposed', 'x.chunk', [R(4, 3, view=TR01)], [2, -1])

# ---- element-wise math ----------------------------------------------------------------------------
fam = 'math'
case(fam, 'add same shape', 'x.add', [R(3, 4), R(3, 4)], [T(1)])
case(fam, 'add broadcast [3,1]+[1,4]', 'x.add', [R(3, 1), R(1, 4)], [T(1)])
case(fam, 'add broadcast [2,3,4]+[4]', 'x.add', [R(2, 3, 4), R(4)], [T(1)])
case(fam, 'add broadcast [4]+[2,3,4]', 'x.add', [R(4), R(2, 3, 4)], [T(1)])
case(fam, 'add scalar', 'x.add', [R(2, 3)], [2.5])
case(fam, 'add alpha', 'x.add', [R(2, 3), R(2, 3)], [T(1)], {'alpha': 2})
case(fam, 'add 0-d tensor', 'x.add', [R(2, 3), R()], [T(1)])
case(fam, 'add transposed + contiguous', 'x.add', [R(4, 3, view=TR01), R(3, 4)], [T(1)])
case(fam, 'add permuted + sliced', 'x.add', [R(4, 2, 3, view=[{'permute': [1, 2, 0]}]),
                                             R(2, 6, 4, view=[{'index': [':', '::2']}])], [T(1)])
case(fam, 'add expanded (stride 0)', 'x.add', [R(3, 1, view=[{'expand': [3, 4]}]), R(3, 4)], [T(1)])
case(fam, 'add int32 + int32', 'x.add', [Ri(-9, 9, 2, 3), Ri(-9, 9, 2, 3)], [T(1)])
case(fam, 'add int32 + float scalar -> float32', 'x.add', [Ri(-9, 9, 2, 3)], [0.5])
case(fam, 'add int32 + int scalar stays int', 'x.add', [Ri(-9, 9, 2, 3)], [3])
case(fam, 'add int32 + float32 tensor', 'x.add', [Ri(-9, 9, 2, 3), R(2, 3)], [T(1)])
case(fam, 'add float32 + float64 -> float64', 'x.add', [R(2, 3), R(2, 3, dtype='float64')], [T(1)])
case(fam, 'add float32 + 0-d float64 stays float32', 'x.add', [R(2, 3), R(dtype='float64')], [T(1)])
case(fam, 'add int32 + 0-d float32 -> float32', 'x.add', [Ri(-9, 9, 3), R()], [T(1)])
case(fam, 'add float64', 'x.add', [R(3, 4, dtype='float64'), R(4, dtype='float64')], [T(1)])
case(fam, 'add empty [0,3]+[3]', 'x.add', [R(0, 3), R(3)], [T(1)])
case(fam, 'torch.add', 'torch.add', [R(2, 3), R(3)], [T(0), T(1)])
case(fam, 'add float32 + bool tensor', 'x.add', [R(2, 3), Bo(2, 3)], [T(1)])
case(fam, 'sub same shape', 'x.sub', [R(3, 4), R(3, 4)], [T(1)])
case(fam, 'sub broadcast [2,1,3]-[4,1]', 'x.sub', [R(2, 1, 3), R(4, 1)], [T(1)])
case(fam, 'sub scalar', 'x.sub', [R(2, 3)], [2])
case(fam, 'sub alpha', 'x.sub', [R(2, 3), R(2, 3)], [T(1)], {'alpha': 0.5})
case(fam, 'sub int32', 'x.sub', [Ri(-9, 9, 4), Ri(-9, 9, 4)], [T(1)])
case(fam, 'torch.sub scalar', 'torch.sub', [R(2, 3)], [T(0), 1.5])
case(fam, 'mul same shape', 'x.mul', [R(3, 4), R(3, 4)], [T(1)])
case(fam, 'mul broadcast [2,3,4]*[4]', 'x.mul', [R(2, 3, 4), R(4)], [T(1)])
case(fam, 'mul broadcast [3,1]*[1,4]', 'x.mul', [R(3, 1), R(1, 4)], [T(1)])
case(fam, 'mul scalar', 'x.mul', [R(2, 3)], [-0.5])
case(fam, 'mul transposed both', 'x.mul', [R(4, 3, view=TR01), R(4, 3, view=TR01)], [T(1)])
case(fam, 'mul by bool tensor', 'x.mul', [R(2, 3), Bo(2, 3)], [T(1)])
case(fam, 'mul int32', 'x.mul', [Ri(-9, 9, 2, 2), Ri(-9, 9, 2, 2)], [T(1)])
case(fam, 'mul float64', 'x.mul', [R(3, dtype='float64'), R(3, dtype='float64')], [T(1)])
case(fam, 'torch.mul scalar', 'torch.mul', [R(2, 2)], [T(0), 3])
case(fam, 'div same shape', 'x.div', [R(3, 4), P(3, 4)], [T(1)])
case(fam, 'div broadcast [3,1]/[1,4]', 'x.div', [R(3, 1), P(1, 4)], [T(1)])
case(fam, 'div scalar', 'x.div', [R(2, 3)], [4])
case(fam, 'div int32 / int32 -> float32', 'x.div', [Ri(-9, 9, 2, 3), Ri(1, 5, 2, 3)], [T(1)])
case(fam, 'div int32 / int scalar -> float32', 'x.div', [Ri(-9, 9, 5)], [2])
case(fam, 'div by zero', 'x.div', [V([1.0, -1.0, 0.0])], [0])
case(fam, "div roundingMode 'floor' float", 'x.div', [R(2, 4, scale=4, grad=False), P(2, 4, grad=False)], [T(1)],
     {'roundingMode': 'floor'})
case(fam, "div roundingMode 'trunc' float", 'x.div', [R(2, 4, scale=4, grad=False), P(2, 4, grad=False)], [T(1)],
     {'roundingMode': 'trunc'})
case(fam, "div roundingMode 'floor' int32", 'x.div', [V([7, -7, 7, -7], dtype='int32'), V([2, 2, -2, -2], dtype='int32')],
     [T(1)], {'roundingMode': 'floor'})
case(fam, "div roundingMode 'trunc' int32", 'x.div', [V([7, -7, 7, -7], dtype='int32'), V([2, 2, -2, -2], dtype='int32')],
     [T(1)], {'roundingMode': 'trunc'})
case(fam, 'torch.div', 'torch.div', [R(2, 2), P(2)], [T(0), T(1)])
unary_inputs = {
    'neg': R(3, 4), 'exp': R(3, 4), 'log': P(3, 4), 'sqrt': P(3, 4), 'rsqrt': P(3, 4), 'abs': R(3, 4),
    'sin': R(3, 4, scale=3), 'cos': R(3, 4, scale=3), 'tanh': R(3, 4, scale=2), 'sigmoid': R(3, 4, scale=3),
    'relu': R(3, 4),
}
for op, spec in unary_inputs.items():
    case(fam, f'{op}', f'x.{op}', [spec])
    case(fam, f'{op} float64', f'x.{op}', [In(spec.shape, spec.kind, dtype='float64', lo=spec.lo, hi=spec.hi,
                                                scale=spec.scale)])
    case(fam, f'{op} of transposed', f'x.{op}', [In([4, 3], spec.kind, lo=spec.lo, hi=spec.hi, scale=spec.scale,
                                                    view=TR01)])
    case(fam, f'torch.{op}', f'torch.{op}', [In([5], spec.kind, lo=spec.lo, hi=spec.hi, scale=spec.scale)], [T(0)])
case(fam, 'exp large/small values', 'x.exp', [V([-100.0, -20.0, 0.0, 20.0, 80.0, 89.0])])
case(fam, 'log of 0 and 1', 'x.log', [V([0.0, 1.0, 1e-30, 1e30])], grad=False)
case(fam, 'sqrt of 0', 'x.sqrt', [V([0.0, 4.0, 2.0])], grad=False)
case(fam, 'abs at 0 has zero grad', 'x.abs', [V([-2.0, 0.0, 3.0, -0.0])])
case(fam, 'relu at 0 has zero grad', 'x.relu', [V([-1.0, 0.0, 2.0])])
case(fam, 'sigmoid saturates', 'x.sigmoid', [V([-100.0, -20.0, 0.0, 20.0, 100.0])])
case(fam, 'tanh saturates', 'x.tanh', [V([-50.0, -5.0, 0.0, 5.0, 50.0])])
case(fam, 'sin large argument', 'x.sin', [V([100.0, -1000.0, 3.14159, 12345.678])])
case(fam, 'exp of int32 -> float32', 'x.exp', [Ri(-3, 3, 4)])
case(fam, 'log of int32 -> float32', 'x.log', [Ri(1, 9, 4)])
case(fam, 'sqrt of int32 -> float32', 'x.sqrt', [Ri(0, 9, 4)])
case(fam, 'sigmoid of int32 -> float32', 'x.sigmoid', [Ri(-3, 3, 4)])
case(fam, 'neg int32', 'x.neg', [Ri(-9, 9, 4)])
case(fam, 'abs int32', 'x.abs', [Ri(-9, 9, 4)])
case(fam, 'relu int32', 'x.relu', [Ri(-9, 9, 4)])
case(fam, 'exp empty', 'x.exp', [R(0, 3)])
case(fam, 'pow(2)', 'x.pow', [R(3, 4)], [2])
case(fam, 'pow(3) negative base', 'x.pow', [R(3, 4)], [3])
case(fam, 'pow(0.5)', 'x.pow', [P(3, 4)], [0.5])
case(fam, 'pow(-1.5)', 'x.pow', [P(3, 4)], [-1.5])
case(fam, 'pow(0) zero grad', 'x.pow', [R(3)], [0])
case(fam, 'pow(2) at 0', 'x.pow', [V([0.0, 1.0, -2.0])], [2])
case(fam, 'pow(tensor)', 'x.pow', [P(3, 4), R(3, 4)], [T(1)])
case(fam, 'pow(tensor) broadcast', 'x.pow', [P(3, 4), R(4)], [T(1)])
case(fam, 'torch.pow(2, x) scalar base', 'torch.pow', [R(3, 4)], [2, T(0)])
case(fam, 'pow int32 ** 2 stays int', 'x.pow', [Ri(-5, 5, 4)], [2])
case(fam, 'pow of transposed', 'x.pow', [R(4, 3, view=TR01)], [2])
case(fam, 'pow float64', 'x.pow', [P(4, dtype='float64'), R(4, dtype='float64')], [T(1)])
case(fam, 'clamp(-0.5, 0.5) with boundary values', 'x.clamp',
     [V([-1.0, -0.5, -0.2, 0.0, 0.5, 0.7])], [-0.5, 0.5])
case(fam, 'clamp({min: 0})', 'x.clamp', [R(3, 4)], [], {'min': 0})
case(fam, 'clamp({max: 0.2})', 'x.clamp', [R(3, 4)], [], {'max': 0.2})
case(fam, 'clamp(null, 0.2) positional', 'x.clamp', [R(3, 4)], [None, 0.2])
case(fam, 'clamp tensor min/max', 'x.clamp', [R(3, 4), R(3, 4, scale=0.3, grad=False),
                                              U(0.5, 1.0, 3, 4, grad=False)], [T(1), T(2)])
case(fam, 'clamp int32', 'x.clamp', [Ri(-9, 9, 6)], [-3, 4])
case(fam, 'torch.clamp', 'torch.clamp', [R(5)], [T(0), -0.1, 0.1])
case(fam, 'maximum', 'x.maximum', [R(3, 4), R(3, 4)], [T(1)])
case(fam, 'maximum broadcast', 'x.maximum', [R(3, 1), R(4)], [T(1)])
case(fam, 'maximum ties split the grad', 'x.maximum', [V([1.0, 2.0, 3.0]), V([1.0, 1.0, 4.0])], [T(1)])
case(fam, 'maximum int32', 'x.maximum', [Ri(-5, 5, 6), Ri(-5, 5, 6)], [T(1)])
case(fam, 'torch.maximum', 'torch.maximum', [R(4), R(4)], [T(0), T(1)])
case(fam, 'minimum', 'x.minimum', [R(3, 4), R(3, 4)], [T(1)])
case(fam, 'minimum broadcast', 'x.minimum', [R(2, 3, 1), R(3, 4)], [T(1)])
case(fam, 'minimum ties split the grad', 'x.minimum', [V([1.0, 2.0, 3.0]), V([1.0, 1.0, 4.0])], [T(1)])
case(fam, 'torch.minimum', 'torch.minimum', [R(4), R(4)], [T(0), T(1)])
CMP_A = [[1.0, 2.0, 3.0, 4.0], [0.5, -1.0, 2.0, 7.0]]
CMP_B = [[1.0, 3.0, 2.0, 4.0], [0.5, 0.0, 2.5, -7.0]]
for op in ['eq', 'ne', 'lt', 'le', 'gt', 'ge']:
    case(fam, f'{op} tensor', f'x.{op}', [V(CMP_A), V(CMP_B)], [T(1)])
    case(fam, f'{op} scalar', f'x.{op}', [V(CMP_A)], [2])
    case(fam, f'{op} broadcast [2,4] vs [4]', f'x.{op}', [V(CMP_A), V([1.0, 2.0, 2.0, 4.0])], [T(1)])
    case(fam, f'{op} int32 vs float32', f'x.{op}', [V([1, 2, 3], dtype='int32'), V([1.0, 2.5, 2.0])], [T(1)])
    case(fam, f'torch.{op}', f'torch.{op}', [V([1.0, 2.0]), V([2.0, 2.0])], [T(0), T(1)])
case(fam, 'eq bool', 'x.eq', [V([True, False, True], dtype='bool'), V([True, True, False], dtype='bool')], [T(1)])
case(fam, 'lt int32 scalar', 'x.lt', [Ri(-5, 5, 6)], [0])
case(fam, 'gt of transposed', 'x.gt', [R(3, 2, view=TR01)], [0])
case(fam, 'where', 'torch.where', [Bo(3, 4), R(3, 4), R(3, 4)], [T(0), T(1), T(2)])
case(fam, 'where broadcast cond [3,1] x [3,4] y [4]', 'torch.where', [Bo(3, 1), R(3, 4), R(4)], [T(0), T(1), T(2)])
case(fam, 'where scalar other', 'torch.where', [Bo(2, 3), R(2, 3)], [T(0), T(1), 0.0])
case(fam, 'where scalar input', 'torch.where', [Bo(2, 3), R(2, 3)], [T(0), -1.0, T(1)])
case(fam, 'x.where(cond, y) method', 'x.where', [R(2, 3), Bo(2, 3), R(2, 3)], [T(1), T(2)])
case(fam, 'where int32', 'torch.where', [Bo(4), Ri(0, 9, 4), Ri(0, 9, 4)], [T(0), T(1), T(2)])
case(fam, 'where of transposed', 'torch.where', [Bo(3, 2, view=TR01), R(2, 3), R(3, 2, view=TR01)],
     [T(0), T(1), T(2)])
case(fam, 'maskedFill', 'x.maskedFill', [R(3, 4), Bo(3, 4)], [T(1), -1])
case(fam, 'maskedFill broadcast mask [1,4]', 'x.maskedFill', [R(3, 4), Bo(1, 4)], [T(1), 0.5])
case(fam, 'maskedFill -inf', 'x.maskedFill', [R(2, 3), Bo(2, 3)], [T(1), F('-Infinity')])
case(fam, 'maskedFill int32', 'x.maskedFill', [Ri(0, 9, 5), Bo(5)], [T(1), -1])
case(fam, 'maskedFill of transposed', 'x.maskedFill', [R(3, 2, view=TR01), Bo(2, 3)], [T(1), 9])
case(fam, 'gather(1)', 'x.gather', [R(3, 4), Ri(0, 4, 3, 2)], [1, T(1)])
case(fam, 'gather(0)', 'x.gather', [R(3, 4), Ri(0, 3, 2, 4)], [0, T(1)])
case(fam, 'gather(-1) repeated indices accumulate grad', 'x.gather',
     [R(2, 3), V([[0, 0, 2, 0], [1, 1, 1, 2]], dtype='int32')], [-1, T(1)])
case(fam, 'gather index smaller than input', 'x.gather', [R(4, 5), V([[1], [0], [4]], dtype='int32')], [1, T(1)])
case(fam, 'gather of transposed', 'x.gather', [R(4, 3, view=TR01), Ri(0, 4, 3, 2)], [1, T(1)])
case(fam, 'torch.gather', 'torch.gather', [R(3, 3), Ri(0, 3, 3, 3)], [T(0), 0, T(1)])
case(fam, 'scatter(1) tensor src', 'x.scatter',
     [R(3, 5), V([[0, 3], [4, 1], [2, 0]], dtype='int32'), R(3, 2)], [1, T(1), T(2)])
case(fam, 'scatter(0) tensor src', 'x.scatter',
     [R(3, 4), V([[2, 0, 1, 2], [0, 1, 0, 1]], dtype='int32'), R(2, 4)], [0, T(1), T(2)])
case(fam, 'scatter(1) scalar value', 'x.scatter', [R(3, 4), V([[0], [3], [1]], dtype='int32')], [1, T(1), 2.5])
case(fam, 'scatter int32', 'x.scatter', [Ri(0, 9, 2, 3), V([[2], [0]], dtype='int32'), Ri(10, 19, 2, 1)],
     [1, T(1), T(2)])
case(fam, 'torch.scatter', 'torch.scatter', [R(2, 3), V([[1, 2], [0, 1]], dtype='int32'), R(2, 2)],
     [T(0), 1, T(1), T(2)])
case(fam, 'indexSelect(0) repeated indices', 'x.indexSelect', [R(4, 3), V([3, 0, 3], dtype='int32')], [0, T(1)])
case(fam, 'indexSelect(1)', 'x.indexSelect', [R(3, 5), V([4, 1], dtype='int32')], [1, T(1)])
case(fam, 'indexSelect(-1) 3-d', 'x.indexSelect', [R(2, 3, 4), V([0, 2, 2, 1], dtype='int32')], [-1, T(1)])
case(fam, 'indexSelect of transposed', 'x.indexSelect', [R(3, 4, view=TR01), V([2, 0], dtype='int32')], [0, T(1)])
case(fam, 'indexSelect int32', 'x.indexSelect', [Ri(0, 9, 4, 2), V([1, 3], dtype='int32')], [0, T(1)])
case(fam, 'torch.indexSelect', 'torch.indexSelect', [R(5), V([4, 4, 0], dtype='int32')], [T(0), 0, T(1)])

# ---- in-place variants (applied to a clone, so gradients reach the leaf) ---------------------------
fam = 'inplace'
case(fam, 'add_ tensor', 'x.add_', [R(3, 4), R(4)], [T(1)])
case(fam, 'add_ alpha', 'x.add_', [R(3, 4), R(3, 4)], [T(1)], {'alpha': -2})
case(fam, 'sub_ scalar', 'x.sub_', [R(3)], [1])
case(fam, 'mul_ scalar', 'x.mul_', [R(2, 3)], [2])
case(fam, 'mul_ tensor', 'x.mul_', [R(2, 3), R(2, 3)], [T(1)])
case(fam, 'div_ tensor', 'x.div_', [R(2, 3), P(2, 3)], [T(1)])
case(fam, 'pow_', 'x.pow_', [R(2, 3)], [2])
case(fam, 'neg_', 'x.neg_', [R(4)])
case(fam, 'exp_', 'x.exp_', [R(4)])
case(fam, 'log_', 'x.log_', [P(4)])
case(fam, 'sqrt_', 'x.sqrt_', [P(4)])
case(fam, 'sigmoid_', 'x.sigmoid_', [R(4)])
case(fam, 'tanh_', 'x.tanh_', [R(4)])
case(fam, 'relu_', 'x.relu_', [R(6)])
case(fam, 'clamp_', 'x.clamp_', [R(6)], [-0.5, 0.5])
case(fam, 'maskedFill_', 'x.maskedFill_', [R(2, 3), Bo(2, 3)], [T(1), 0])

# ---- reductions ------------------------------------------------------------------------------------
fam = 'reduce'
X3 = lambda **kw: R(2, 3, 4, **kw)  # noqa: E731
case(fam, 'sum()', 'x.sum', [R(3, 4)])
case(fam, 'sum(1)', 'x.sum', [R(3, 4)], [1])
case(fam, 'sum(-1)', 'x.sum', [X3()], [-1])
case(fam, 'sum(0) 3-d', 'x.sum', [X3()], [0])
case(fam, 'sum([0, 2])', 'x.sum', [X3()], [[0, 2]])
case(fam, 'sum([-1, 0])', 'x.sum', [X3()], [[-1, 0]])
case(fam, 'sum(1, true)', 'x.sum', [X3()], [1, True])
case(fam, 'sum(1, {keepdim: true})', 'x.sum', [X3()], [1], {'keepdim': True})
case(fam, 'sum({dim: 2})', 'x.sum', [X3()], [], {'dim': 2})
case(fam, 'sum([0, 1, 2], true)', 'x.sum', [X3()], [[0, 1, 2], True])
case(fam, 'sum of transposed (1)', 'x.sum', [R(4, 3, view=TR01)], [1])
case(fam, 'sum of permuted ([0, 1])', 'x.sum', [X3(view=[{'permute': [2, 0, 1]}])], [[0, 1]])
case(fam, 'sum of expanded', 'x.sum', [R(3, 1, view=[{'expand': [3, 5]}])], [0])
case(fam, 'sum of 0-d', 'x.sum', [R()])
case(fam, 'sum int32 -> int', 'x.sum', [Ri(-9, 9, 3, 4)])
case(fam, 'sum(0) int32', 'x.sum', [Ri(-9, 9, 3, 4)], [0])
case(fam, 'sum bool -> int', 'x.sum', [Bo(3, 4)])
case(fam, 'sum(1) bool -> int', 'x.sum', [Bo(3, 4)], [1])
case(fam, 'sum() empty [0,3]', 'x.sum', [R(0, 3)])
case(fam, 'sum(0) empty [0,3]', 'x.sum', [R(0, 3)], [0])
case(fam, 'sum(1) empty [0,3]', 'x.sum', [R(0, 3)], [1])
case(fam, 'sum float64', 'x.sum', [R(3, 4, dtype='float64')], [0])
case(fam, 'sum(1) of 2x500', 'x.sum', [R(2, 500)], [1])
case(fam, 'torch.sum(x, 1)', 'torch.sum', [R(3, 4)], [T(0), 1])
case(fam, 'mean()', 'x.mean', [R(3, 4)])
case(fam, 'mean(0)', 'x.mean', [R(3, 4)], [0])
case(fam, 'mean(-1, true)', 'x.mean', [X3()], [-1, True])
case(fam, 'mean([0, 2])', 'x.mean', [X3()], [[0, 2]])
case(fam, 'mean of transposed', 'x.mean', [R(4, 3, view=TR01)], [0])
case(fam, 'mean() empty -> nan', 'x.mean', [R(0, 3)])
case(fam, 'mean(0) empty -> nan', 'x.mean', [R(0, 3)], [0])
case(fam, 'mean float64', 'x.mean', [R(3, 4, dtype='float64')], [1])
case(fam, 'torch.mean', 'torch.mean', [R(3, 4)], [T(0)])
for op in ['max', 'min']:
    case(fam, f'{op}()', f'x.{op}', [R(3, 4)])
    case(fam, f'{op}(1) values+indices', f'x.{op}', [R(3, 4)], [1])
    case(fam, f'{op}(-1, true)', f'x.{op}', [X3()], [-1, True])
    case(fam, f'{op}(0) 3-d', f'x.{op}', [X3()], [0])
    case(fam, f'{op}(1, {{keepdim: true}})', f'x.{op}', [R(3, 4)], [1], {'keepdim': True})
    case(fam, f'{op}(0) of transposed', f'x.{op}', [R(4, 3, view=TR01)], [0])
    case(fam, f'{op}(other) binary', f'x.{op}', [R(3, 4), R(4)], [T(1)])
    case(fam, f'{op}() int32', f'x.{op}', [Ri(-50, 50, 3, 4)])
    case(fam, f'{op}(1) int32', f'x.{op}', [V([[1, 5, 3], [-2, -7, 4]], dtype='int32')], [1])
    case(fam, f'{op}() ties split the grad evenly', f'x.{op}', [V([[3.0, 1.0, 3.0], [-1.0, 3.0, -1.0]]
                                                                  if op == 'max' else
                                                                  [[-3.0, 1.0, -3.0], [1.0, -3.0, 1.0]])],
         note='PyTorch 1.13 max()/min() without dim distributes the gradient evenly among ties')
    case(fam, f'{op}(1) empty [0,3]', f'x.{op}', [R(0, 3)], [1])
    case(fam, f'{op} float64', f'x.{op}', [R(3, 4, dtype='float64')], [0])
    case(fam, f'torch.{op}(x, 1)', f'torch.{op}', [R(3, 4)], [T(0), 1])
for op in ['argmax', 'argmin']:
    case(fam, f'{op}() flat index', f'x.{op}', [R(3, 4)])
    case(fam, f'{op}(1)', f'x.{op}', [R(3, 4)], [1])
    case(fam, f'{op}(-1, true)', f'x.{op}', [X3()], [-1, True])
    case(fam, f'{op}(0) of transposed', f'x.{op}', [R(4, 3, view=TR01)], [0])
    case(fam, f'{op}(1) ties give first index', f'x.{op}',
         [V([[1.0, 5.0, 5.0, 0.0], [2.0, 2.0, 2.0, 2.0]] if op == 'argmax' else
            [[1.0, 0.0, 0.0, 5.0], [2.0, 2.0, 2.0, 2.0]])], [1],
         note='documented: the index of the first maximal/minimal value')
    case(fam, f'{op}() int32', f'x.{op}', [Ri(-50, 50, 10)])
    case(fam, f'{op}(1) empty [0,3]', f'x.{op}', [R(0, 3)], [1])
    case(fam, f'torch.{op}', f'torch.{op}', [R(3, 4)], [T(0), 0])
for op in ['var', 'std']:
    case(fam, f'{op}()', f'x.{op}', [R(3, 4)])
    case(fam, f'{op}(1)', f'x.{op}', [R(3, 4)], [1])
    case(fam, f'{op}(1, false) positional unbiased', f'x.{op}', [R(3, 4)], [1, False])
    case(fam, f'{op}({{unbiased: false}})', f'x.{op}', [R(3, 4)], [], {'unbiased': False})
    case(fam, f'{op}(-1, true, true) keepdim', f'x.{op}', [X3()], [-1, True, True])
    case(fam, f'{op}(0, {{keepdim: true, unbiased: false}})', f'x.{op}', [X3()], [0],
         {'keepdim': True, 'unbiased': False})
    case(fam, f'{op}([0, 2])', f'x.{op}', [X3()], [[0, 2]])
    case(fam, f'{op} of transposed', f'x.{op}', [R(4, 3, view=TR01)], [1])
    case(fam, f'{op}(0) of one row -> nan', f'x.{op}', [R(1, 3)], [0], grad=False)
    case(fam, f'{op} float64', f'x.{op}', [R(3, 4, dtype='float64')], [0])
    case(fam, f'torch.{op}', f'torch.{op}', [R(3, 4)], [T(0), 1])
case(fam, 'prod()', 'x.prod', [U(0.5, 1.5, 3, 4)])
case(fam, 'prod(1)', 'x.prod', [R(3, 4)], [1])
case(fam, 'prod(-1, true)', 'x.prod', [X3()], [-1, True])
case(fam, 'prod(1) with one zero', 'x.prod', [V([[1.5, 0.0, 2.0], [1.0, 2.0, 3.0]])], [1])
case(fam, 'prod(1) with two zeros', 'x.prod', [V([[0.0, 2.0, 0.0], [1.0, -2.0, 3.0]])], [1])
case(fam, 'prod() with one zero', 'x.prod', [V([[1.5, 0.0], [-2.0, 3.0]])])
case(fam, 'prod of transposed', 'x.prod', [R(3, 2, view=TR01)], [0])
case(fam, 'prod int32 -> int', 'x.prod', [Ri(-3, 4, 5)])
case(fam, 'prod() empty -> 1', 'x.prod', [R(0, 3)])
case(fam, 'prod(0) empty -> ones', 'x.prod', [R(0, 3)], [0])
case(fam, 'prod float64', 'x.prod', [R(3, 3, dtype='float64')], [1])
case(fam, 'torch.prod', 'torch.prod', [R(4)], [T(0)])
case(fam, 'logsumexp(1)', 'x.logsumexp', [R(3, 4)], [1])
case(fam, 'logsumexp(-1, true)', 'x.logsumexp', [X3()], [-1, True])
case(fam, 'logsumexp([0, 1])', 'x.logsumexp', [X3()], [[0, 1]])
case(fam, 'logsumexp(0) large values stable', 'x.logsumexp', [V([[1000.0, -1000.0], [1000.5, -999.0]])], [0])
case(fam, 'logsumexp of transposed', 'x.logsumexp', [R(4, 3, view=TR01)], [0])
case(fam, 'logsumexp(0) with -inf entries', 'x.logsumexp', [V([[float('-inf'), 1.0], [0.0, float('-inf')]])],
     [0], grad=False)
case(fam, 'logsumexp(0) empty -> -inf', 'x.logsumexp', [R(0, 3)], [0])
case(fam, 'logsumexp of int32 -> float32', 'x.logsumexp', [Ri(-3, 3, 2, 3)], [1])
case(fam, 'logsumexp float64', 'x.logsumexp', [R(3, 4, dtype='float64')], [1])
case(fam, 'torch.logsumexp', 'torch.logsumexp', [R(3, 4)], [T(0), 1])

# ---- matmul ----------------------------------------------------------------------------------------
fam = 'matmul'
case(fam, 'matmul 1-D . 1-D -> 0-d', 'x.matmul', [R(4), R(4)], [T(1)])
case(fam, 'matmul 1-D . 2-D', 'x.matmul', [R(3), R(3, 4)], [T(1)])
case(fam, 'matmul 2-D . 1-D', 'x.matmul', [R(3, 4), R(4)], [T(1)])
case(fam, 'matmul 2-D . 2-D', 'x.matmul', [R(3, 4), R(4, 5)], [T(1)])
case(fam, 'matmul batched 3-D . 3-D', 'x.matmul', [R(2, 3, 4), R(2, 4, 5)], [T(1)])
case(fam, 'matmul broadcast [2,1,3,4] @ [5,4,2]', 'x.matmul', [R(2, 1, 3, 4), R(5, 4, 2)], [T(1)])
case(fam, 'matmul 3-D . 1-D', 'x.matmul', [R(2, 3, 4), R(4)], [T(1)])
case(fam, 'matmul 1-D . 3-D', 'x.matmul', [R(4), R(2, 4, 5)], [T(1)])
case(fam, 'matmul 2-D . 3-D broadcast', 'x.matmul', [R(3, 4), R(2, 4, 5)], [T(1)])
case(fam, 'matmul 3-D . 2-D', 'x.matmul', [R(2, 3, 4), R(4, 2)], [T(1)])
case(fam, 'matmul transposed a', 'x.matmul', [R(4, 3, view=TR01), R(4, 5)], [T(1)])
case(fam, 'matmul transposed b', 'x.matmul', [R(3, 4), R(5, 4, view=TR01)], [T(1)])
case(fam, 'matmul sliced operands', 'x.matmul', [R(6, 4, view=[{'index': ['::2']}]),
                                                 R(4, 10, view=[{'index': [':', '1::2']}])], [T(1)])
case(fam, 'matmul batched permuted', 'x.matmul', [R(3, 2, 4, view=[{'permute': [1, 0, 2]}]), R(2, 4, 3)], [T(1)])
case(fam, 'matmul empty K [2,0]@[0,3] -> zeros', 'x.matmul', [R(2, 0), R(0, 3)], [T(1)])
case(fam, 'matmul empty M [0,3]@[3,2]', 'x.matmul', [R(0, 3), R(3, 2)], [T(1)])
case(fam, 'matmul float64', 'x.matmul', [R(3, 4, dtype='float64'), R(2, 4, 2, dtype='float64')], [T(1)])
case(fam, 'matmul larger 33x17 @ 17x40', 'x.matmul', [R(33, 17), R(17, 40)], [T(1)])
case(fam, 'matmul int32', 'x.matmul', [Ri(-5, 5, 2, 3), Ri(-5, 5, 3, 2)], [T(1)])
case(fam, 'torch.matmul', 'torch.matmul', [R(2, 3), R(3)], [T(0), T(1)])
case(fam, 'mm', 'x.mm', [R(3, 4), R(4, 5)], [T(1)])
case(fam, 'mm transposed a', 'x.mm', [R(4, 3, view=TR01), R(4, 5)], [T(1)])
case(fam, 'mm transposed b', 'x.mm', [R(3, 4), R(5, 4, view=TR01)], [T(1)])
case(fam, 'mm both transposed', 'x.mm', [R(4, 3, view=TR01), R(5, 4, view=TR01)], [T(1)])
case(fam, 'mm expanded (stride 0)', 'x.mm', [R(1, 4, view=[{'expand': [3, 4]}]), R(4, 2)], [T(1)])
case(fam, 'mm float64', 'x.mm', [R(2, 3, dtype='float64'), R(3, 2, dtype='float64')], [T(1)])
case(fam, 'mm 1x1', 'x.mm', [R(1, 1), R(1, 1)], [T(1)])
case(fam, 'torch.mm', 'torch.mm', [R(2, 3), R(3, 2)], [T(0), T(1)])
case(fam, 'bmm', 'x.bmm', [R(2, 3, 4), R(2, 4, 5)], [T(1)])
case(fam, 'bmm permuted', 'x.bmm', [R(3, 2, 4, view=[{'permute': [1, 0, 2]}]),
                                    R(2, 5, 4, view=[{'transpose': [1, 2]}])], [T(1)])
case(fam, 'bmm float64', 'x.bmm', [R(2, 2, 3, dtype='float64'), R(2, 3, 2, dtype='float64')], [T(1)])
case(fam, 'torch.bmm', 'torch.bmm', [R(3, 2, 2), R(3, 2, 1)], [T(0), T(1)])

# ---- edge semantics: NaN/inf, bool and int arithmetic, 0-d and empty corner cases ------------------
fam = 'edge'
nan, inf = float('nan'), float('inf')
NANROW = [[1.0, nan, 3.0], [2.0, 5.0, -1.0]]
case(fam, 'max(1) propagates NaN', 'x.max', [V(NANROW)], [1], grad=False)
case(fam, 'max() propagates NaN', 'x.max', [V(NANROW)], grad=False)
case(fam, 'min(1) propagates NaN', 'x.min', [V(NANROW)], [1], grad=False)
case(fam, 'argmax(1) picks the NaN', 'x.argmax', [V(NANROW)], [1], grad=False)
case(fam, 'argmin() picks the NaN', 'x.argmin', [V(NANROW)], grad=False)
case(fam, 'sum(1) with NaN', 'x.sum', [V(NANROW)], [1], grad=False)
case(fam, 'maximum with NaN', 'x.maximum', [V([nan, 1.0, 2.0]), V([0.0, nan, 1.0])], [T(1)], grad=False)
case(fam, 'minimum with NaN', 'x.minimum', [V([nan, 1.0, 2.0]), V([0.0, nan, 1.0])], [T(1)], grad=False)
case(fam, 'relu of NaN', 'x.relu', [V([nan, -1.0, 1.0])], grad=False)
case(fam, 'clamp of NaN', 'x.clamp', [V([nan, -3.0, 3.0])], [-1, 1], grad=False)
case(fam, 'ne of NaN is true', 'x.ne', [V([nan, 1.0]), V([nan, 1.0])], [T(1)])
case(fam, 'exp of +-inf', 'x.exp', [V([inf, -inf, 0.0])], grad=False)
case(fam, 'sigmoid of +-inf', 'x.sigmoid', [V([inf, -inf, 0.0])], grad=False)
case(fam, 'tanh of +-inf', 'x.tanh', [V([inf, -inf, 0.0])], grad=False)
case(fam, 'sqrt of negative -> NaN', 'x.sqrt', [V([-1.0, 4.0])], grad=False)
case(fam, 'log of negative -> NaN', 'x.log', [V([-1.0, 0.0, inf])], grad=False)
case(fam, 'pow corner values', 'x.pow', [V([0.0, 0.0, -8.0, 2.0]), V([0.0, -1.0, 0.5, inf])], [T(1)], grad=False)
case(fam, 'logsumexp(1) with +inf', 'x.logsumexp', [V([[inf, 1.0], [-inf, -inf]])], [1], grad=False)
case(fam, 'mul bool * bool -> bool', 'x.mul', [V([True, True, False], dtype='bool'), V([True, False, False], dtype='bool')], [T(1)])
case(fam, 'add bool + bool -> bool', 'x.add', [V([True, True, False], dtype='bool'), V([True, False, False], dtype='bool')], [T(1)])
case(fam, 'add bool + int scalar -> int', 'x.add', [V([True, False], dtype='bool')], [2])
case(fam, 'mul int32 * 0.5 -> float32', 'x.mul', [V([1, -3, 4], dtype='int32')], [0.5])
case(fam, 'lt int32 vs 0.5', 'x.lt', [V([0, 1, -1], dtype='int32')], [0.5])
# (non-integral scalars: JS cannot tell 1.0 from 1, and PyTorch's where(cond, 1, 0) is int64)
case(fam, 'where(cond, 1.5, -0.5) scalars', 'torch.where', [V([True, False], dtype='bool')], [T(0), 1.5, -0.5])
case(fam, 'mul [2,0]*[2,1]', 'x.mul', [R(2, 0), R(2, 1)], [T(1)])
case(fam, 'matmul empty 1-D . 1-D -> 0', 'x.matmul', [R(0), R(0)], [T(1)])
case(fam, 'sum([]) sums everything', 'x.sum', [R(2, 3)], [[]])
case(fam, 'max(0) of 0-d', 'x.max', [R()], [0])
case(fam, 'sum(0) of 0-d', 'x.sum', [R()], [0])
case(fam, 'squeeze() of 0-d', 'x.squeeze', [R()])
case(fam, 'unsqueeze(-1) of 0-d', 'x.unsqueeze', [R()], [-1])
case(fam, 'cat skips legacy empty 1-D', 'torch.cat', [R(0), R(2, 3)], [[T(0), T(1)]])
case(fam, 'std() of one element -> nan', 'x.std', [R(1)], grad=False)
case(fam, 'mean of int32 with dtype float32', 'x.mean', [V([1, 2, 4], dtype='int32')], [], {'dtype': 'float32'})
case(fam, 'sum of int32 with dtype float64', 'x.sum', [V([1, 2, 4], dtype='int32')], [], {'dtype': 'float64'})

# ---- autograd behaviour around the ops ------------------------------------------------------------
fam = 'autograd'
case(fam, 'backward twice with retainGraph accumulates', 'special.backwardRetainTwice', [R(3, 2)])
case(fam, 'grads of two backward calls accumulate', 'special.gradAccumulates', [R(4)])
case(fam, 'torch.autograd.grad([y], [x, w])', 'special.autogradGrad', [R(2, 3), R(3)], grad=False)
case(fam, 'detach() cuts the graph', 'special.detachMul', [R(2, 3)])
case(fam, 'noGrad records nothing', 'special.noGrad', [R(3)])

# ---- large tensors: past the native kernels' SIMD tails, threading thresholds and block sizes ----------
# Inputs come from pattern_values (not stored); outputs and grads are stored as a sample plus sums.
fam = 'large'
BIG = (131, 257)  # 33667 elements: above the 32768 / 8192 thread thresholds, odd sizes for SIMD tails
for op in ['neg', 'exp', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu']:
    case(fam, f'large {op} {BIG[0]}x{BIG[1]}', f'x.{op}', [L(*BIG)])
for op in ['log', 'sqrt', 'rsqrt']:
    case(fam, f'large {op} {BIG[0]}x{BIG[1]}', f'x.{op}', [LP(*BIG)])
case(fam, 'large exp of transposed 257x131', 'x.exp', [L(*BIG, view=TR01)])
case(fam, 'large sigmoid of sliced [::2, 1:]', 'x.sigmoid', [L(262, 258, view=[{'index': ['::2', '1:']}])])
case(fam, 'large exp float64', 'x.exp', [L(*BIG, dtype='float64')])
case(fam, 'large tanh float64', 'x.tanh', [L(*BIG, dtype='float64')])
case(fam, 'large pow(2)', 'x.pow', [L(*BIG)], [2])
case(fam, 'large pow(0.5)', 'x.pow', [LP(*BIG)], [0.5])
case(fam, 'large clamp(-1, 1)', 'x.clamp', [L(*BIG)], [-1, 1])
case(fam, 'large add same shape', 'x.add', [L(*BIG), L(*BIG, seed=2)], [T(1)])
case(fam, 'large add broadcast row [257]', 'x.add', [L(*BIG), L(BIG[1], seed=2)], [T(1)])
case(fam, 'large mul broadcast [131,1]*[1,257]', 'x.mul', [L(BIG[0], 1), L(1, BIG[1], seed=2)], [T(1)])
case(fam, 'large sub transposed - contiguous', 'x.sub', [L(BIG[1], BIG[0], view=TR01), L(*BIG, seed=2)], [T(1)])
case(fam, 'large div', 'x.div', [L(*BIG), LP(*BIG, seed=2)], [T(1)])
case(fam, 'large maximum', 'x.maximum', [L(*BIG), L(*BIG, seed=2)], [T(1)])
case(fam, 'large mul scalar', 'x.mul', [L(*BIG)], [0.75])
case(fam, 'large add float64', 'x.add', [L(*BIG, dtype='float64'), L(*BIG, seed=2, dtype='float64')], [T(1)])
case(fam, 'large where', 'torch.where', [L(*BIG, seed=3, mod=2, offset=0, div=1, dtype='bool'), L(*BIG), L(*BIG, seed=2)],
     [T(0), T(1), T(2)])
case(fam, 'large sum() of 150001 (long row blocks)', 'x.sum', [L(150001)])
case(fam, 'large sum(0)', 'x.sum', [L(*BIG)], [0])
case(fam, 'large sum(1)', 'x.sum', [L(*BIG)], [1])
case(fam, 'large sum(1) of transposed', 'x.sum', [L(BIG[1], BIG[0], view=TR01)], [1])
case(fam, 'large mean()', 'x.mean', [L(*BIG)])
case(fam, 'large mean(0, true)', 'x.mean', [L(*BIG)], [0, True])
case(fam, 'large max(1)', 'x.max', [L(*BIG)], [1])
case(fam, 'large min(0)', 'x.min', [L(*BIG)], [0])
case(fam, 'large max() of 150001', 'x.max', [L(150001, seed=5, mod=1000003, offset=0, div=1000)])
case(fam, 'large argmax() of 150001 (max in the last block)', 'x.argmax', [L(150001, seed=6, mod=1000003, offset=0, div=1000)])
case(fam, 'large argmin(1)', 'x.argmin', [L(*BIG, seed=7, mod=1000003, offset=0, div=1000)], [1])
case(fam, 'large logsumexp(1)', 'x.logsumexp', [L(*BIG)], [1])
case(fam, 'large logsumexp(0) of 150001', 'x.logsumexp', [L(150001)], [0])
case(fam, 'large var(1)', 'x.var', [L(*BIG)], [1])
case(fam, 'large std()', 'x.std', [L(*BIG)])
case(fam, 'large prod(1) near 1', 'x.prod', [L(*BIG, mod=201, offset=9900, div=10000)], [1])
case(fam, 'large matmul 65x129 @ 129x67', 'x.matmul', [L(65, 129), L(129, 67, seed=2)], [T(1)])
case(fam, 'large matmul transposed 65x129 @ (67x129).t()', 'x.matmul', [L(129, 65, view=TR01), L(67, 129, seed=2, view=TR01)], [T(1)])
case(fam, 'large bmm 3x33x40 @ 3x40x35', 'x.bmm', [L(3, 33, 40), L(3, 40, 35, seed=2)], [T(1)])
case(fam, 'large matmul float64 50x70 @ 70x90', 'x.matmul', [L(50, 70, dtype='float64'), L(70, 90, seed=2, dtype='float64')], [T(1)])
case(fam, 'large cat dim 1', 'torch.cat', [L(*BIG), L(BIG[0], 40, seed=2)], [[T(0), T(1)], 1])
case(fam, 'large gather(1)', 'x.gather', [L(*BIG), L(BIG[0], 50, seed=4, mod=257, offset=0, div=1, dtype='int32')], [1, T(1)])

case(fam, 'large sum([0, 2]) of permuted 3-D', 'x.sum', [L(33, 41, 29, view=[{'permute': [2, 0, 1]}])], [[0, 2]])
case(fam, 'large max(0) of transposed', 'x.max', [L(BIG[1], BIG[0], seed=8, mod=1000003, offset=0, div=1000,
                                                 view=TR01)], [0])
case(fam, 'large mean(1) of sliced', 'x.mean', [L(262, 514, view=[{'index': ['::2', '1::2']}])], [1])
case(fam, 'large add broadcast [33,1,129]+[1,31,1]', 'x.add', [L(33, 1, 129), L(1, 31, 1, seed=2)], [T(1)])
case(fam, 'large mul broadcast [33,1,129]*[31,1] grads reduce', 'x.mul', [L(33, 1, 129), L(31, 1, seed=2)], [T(1)])
case(fam, 'large where broadcast cond [131,1]', 'torch.where',
     [L(BIG[0], 1, seed=3, mod=2, offset=0, div=1, dtype='bool'), L(*BIG), L(BIG[1], seed=2)], [T(0), T(1), T(2)])
case(fam, 'large sum(1) float64', 'x.sum', [L(*BIG, dtype='float64')], [1])
case(fam, 'large max(1) float64', 'x.max', [L(*BIG, seed=9, mod=1000003, offset=0, div=1000, dtype='float64')], [1])
case(fam, 'large logsumexp(0) of transposed', 'x.logsumexp', [L(BIG[1], BIG[0], view=TR01)], [0])
case(fam, 'large exp_ in place', 'x.exp_', [L(*BIG)])
case(fam, 'large sigmoid of expanded [1,257]->[131,257]', 'x.sigmoid', [L(1, BIG[1], view=[{'expand': list(BIG)}])])

# ---- errors: PyTorch's message text ---------------------------------------------------------------
Z = lambda *s, **kw: R(*s, grad=False, **kw)  # noqa: E731
error('add shape mismatch [2,3]+[4]', 'x.add', [Z(2, 3), Z(4)], [T(1)],
      ['The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1'])
error('mul shape mismatch [2,3,4]*[3,2]', 'x.mul', [Z(2, 3, 4), Z(3, 2)], [T(1)],
      ['The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 2'])
error('where shape mismatch', 'torch.where', [Bo(2, 3), Z(2, 3), Z(2)], [T(0), T(1), T(2)],
      ['must match the size of tensor'])
error('mm [2,3]@[4,5]', 'x.mm', [Z(2, 3), Z(4, 5)], [T(1)],
      ['mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'])
error('matmul [2,3]@[4,5]', 'x.matmul', [Z(2, 3), Z(4, 5)], [T(1)],
      ['mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)'])
error('matmul 1-D [3].[4]', 'x.matmul', [Z(3), Z(4)], [T(1)],
      ['inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, '
       'but got 3 and 4 elements respectively'])
error('matmul 0-d operand', 'x.matmul', [Z(), Z(3)], [T(1)],
      ['both arguments to matmul need to be at least 1D, but they are 0D and 1D'])
error('mm of 3-D', 'x.mm', [Z(2, 2, 2), Z(2, 2)], [T(1)], ['self must be a matrix'])
error('bmm batch mismatch', 'x.bmm', [Z(2, 3, 4), Z(3, 4, 5)], [T(1)],
      ['Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4].'])
error('bmm inner mismatch', 'x.bmm', [Z(2, 3, 4), Z(2, 5, 5)], [T(1)],
      ['Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].'])
error('cat sizes mismatch', 'torch.cat', [Z(2, 3), Z(2, 4)], [[T(0), T(1)], 0],
      ['Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 '
       'in the list.'])
error('cat ndim mismatch', 'torch.cat', [Z(2, 3), Z(3)], [[T(0), T(1)], 0],
      ['Tensors must have same number of dimensions: got 2 and 1'])
error('cat bad dim', 'torch.cat', [Z(2, 3), Z(2, 3)], [[T(0), T(1)], 2],
      ['Dimension out of range (expected to be in range of [-2, 1], but got 2)'])
error('stack unequal sizes', 'torch.stack', [Z(2, 3), Z(2, 4)], [[T(0), T(1)]],
      ['stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1'])
error('view incompatible size', 'x.view', [Z(2, 3)], [4, 2], ["shape '[4, 2]' is invalid for input of size 6"])
error('reshape incompatible size', 'x.reshape', [Z(2, 3)], [5, -1], ["shape '[5, -1]' is invalid for input of size 6"])
error('reshape two -1', 'x.reshape', [Z(2, 3)], [-1, -1], ['only one dimension can be inferred'])
error('view of non-contiguous', 'x.view', [Z(3, 4, view=TR01)], [12],
      ["view size is not compatible with input tensor's size and stride (at least one dimension spans across "
       "two contiguous subspaces). Use .reshape(...) instead."])
error('sum bad dim', 'x.sum', [Z(2, 3)], [2], ['Dimension out of range (expected to be in range of [-2, 1], but got 2)'])
error('sum bad negative dim', 'x.sum', [Z(2, 3)], [-3],
      ['Dimension out of range (expected to be in range of [-2, 1], but got -3)'])
error('transpose bad dim', 'x.transpose', [Z(2, 3, 4)], [0, 3],
      ['Dimension out of range (expected to be in range of [-3, 2], but got 3)'])
error('unsqueeze bad dim', 'x.unsqueeze', [Z(2, 3)], [3],
      ['Dimension out of range (expected to be in range of [-3, 2], but got 3)'])
error('max bad dim', 'x.max', [Z(2, 3)], [2],
      ['Dimension out of range (expected to be in range of [-2, 1], but got 2)'])
error('select index out of range', 'x.select', [Z(2, 3)], [0, 5],
      ['select(): index 5 out of range for tensor of size [2, 3] at dimension 0'])
error('narrow out of range', 'x.narrow', [Z(4, 3)], [0, 2, 3], ['start (2) + length (3) exceeds dimension size (4).'])
error('expand bad size', 'x.expand', [Z(2, 3)], [2, 4],
      ['The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  '
       'Target sizes: [2, 4].  Tensor sizes: [2, 3]'])
error('permute wrong length', 'x.permute', [Z(2, 3)], [0, 1, 2],
      ['number of dimensions in the tensor input does not match the length of the desired ordering of '
       'dimensions i.e. input.dim() = 2 is not equal to len(dims) = 3'])
error('gather index out of bounds', 'x.gather', [Z(2, 3), V([[0, 5]], dtype='int32')], [1, T(1)],
      ['index 5 is out of bounds for dimension 1 with size 3'])
error('indexSelect index out of range', 'x.indexSelect', [Z(3, 2), V([0, 3], dtype='int32')], [0, T(1)],
      ['index out of range in self'])
error('max() of empty', 'x.max', [Z(0, 3)], [],
      ["max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with "
       "the 'dim' argument."])
error('mean of int32', 'x.mean', [Ri(0, 5, 3)], [],
      ['mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype.'])
error('tensor ragged nested list', 'torch.tensor', [], [[[1, 2], [3]]], ['expected sequence of length 2 at dim 1 (got 1)'])
error('zeros negative size', 'torch.zeros', [], [2, -1], ['Trying to create tensor with negative dimension -1: [2, -1]'])
error('backward twice', 'special.backwardTwice', [R(3)], [], ['Trying to backward through the graph a second time'])
error('backward of non-scalar without gradient', 'special.backwardNonScalar', [R(3)], [],
      ['grad can be implicitly created only for scalar outputs'])
error('requiresGrad on int32', 'special.requiresGradInt', [], [[1, 2]],
      ['Tensors of floating point', 'can require gradients'], {'dtype': 'int32'})
# PyTorch 1.13's Python text ('only one element tensors can be converted to Python scalars') differs from
# its C++ text ('a Tensor with 6 elements cannot be converted to Scalar'); accept the words both share.
error('item of many elements', 'special.item', [Z(2, 3)], [], ['element', 'converted to'])
error('chunk(0)', 'x.chunk', [Z(4)], [0], ['chunk expects `chunks` to be greater than 0, got: 0'])
error('unflatten sizes do not multiply', 'x.unflatten', [Z(2, 6)], [1, [4, 2]],
      ["unflatten: Provided sizes [4, 2] don't multiply up to the size of dim 1 (6) in the input tensor"])

error('zeros fractional size', 'torch.zeros', [], [2, 2.5], ['zeros()', 'size'])
error('reshape(0, -1) of empty is ambiguous', 'x.reshape', [Z(0, 3)], [0, -1],
      ['cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be '
       'any value and is ambiguous'])
error('view(-2, 3) invalid dim', 'x.view', [Z(6)], [-2, 3], ['invalid shape dimension -2'])
error('neg of bool', 'x.neg', [Bo(3)], [], ['Negation, the `-` operator, on a bool tensor is not supported.'])
error('gather index ndim mismatch', 'x.gather', [Z(2, 3), V([0, 1], dtype='int32')], [1, T(1)],
      ['Index tensor must have the same number of dimensions as input tensor'])
error('scatter index out of bounds', 'x.scatter', [Z(2, 3), V([[5]], dtype='int32'), Z(1, 1)], [1, T(1), T(2)],
      ['index 5 is out of bounds for dimension 1 with size 3'])
error('cat of 0-d tensors', 'torch.cat', [Z(), Z()], [[T(0), T(1)]],
      ['zero-dimensional tensor (at position 0) cannot be concatenated'])
error('cat of empty list', 'torch.cat', [], [[]], ['expected a non-empty list of Tensors'])
error('stack of empty list', 'torch.stack', [], [[]], ['stack expects a non-empty TensorList'])
error('expand to fewer dims', 'x.expand', [Z(2, 3)], [3],
      ['the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)'])
error('arange step 0', 'torch.arange', [], [0, 5, 0], ['step must be nonzero'])
error('arange step of wrong sign', 'torch.arange', [], [0, 5, -1],
      ['upper bound and larger bound inconsistent with step sign'])
error('linspace negative steps', 'torch.linspace', [], [0, 1, -1], ['number of steps must be non-negative'])
error('eye negative n', 'torch.eye', [], [-1], ['n must be greater or equal to 0, got -1'])
error('squeeze bad dim', 'x.squeeze', [Z(2, 3)], [2],
      ['Dimension out of range (expected to be in range of [-2, 1], but got 2)'])
error('unsqueeze of 0-d bad dim', 'x.unsqueeze', [Z()], [2],
      ['Dimension out of range (expected to be in range of [-1, 0], but got 2)'])
error('split sizes do not sum', 'x.split', [Z(4)], [[1, 2]],
      ["split_with_sizes expects split_sizes to sum exactly to 4 (input tensor's size at dimension 0), "
       "but got split_sizes=[1, 2]"])
error('sum repeated dim', 'x.sum', [Z(2, 3)], [[0, 0]], ['dim 0 appears multiple times in the list of dims'])
error('max(0) over empty dim', 'x.max', [Z(0, 3)], [0], ['max(): Expected reduction dim 0 to have non-zero size.'])
error('argmax() of empty', 'x.argmax', [Z(0, 3)], [],
      ['argmax(): Expected reduction dim to be specified for input.numel() == 0.'])
error('var of int32', 'x.var', [Ri(0, 5, 3)], [], ['std and var only support floating point and complex dtypes'])
error('flatten start after end', 'x.flatten', [Z(2, 3, 4)], [2, 1],
      ['flatten() has invalid args: start_dim cannot come after end_dim'])
error('permute duplicate dims', 'x.permute', [Z(2, 3)], [0, 0], ['permute(): duplicate dims are not allowed.'])
error('where with float condition', 'torch.where', [Z(3), Z(3), Z(3)], [T(0), T(1), T(2)],
      ['where expected condition to be a boolean tensor'])  # PyTorch then names its C++ type (Float)
error('indexSelect with 2-D index', 'x.indexSelect', [Z(3), V([[0, 1], [1, 2]], dtype='int32')], [0, T(1)],
      ['Index is supposed to be a vector'])
error('bmm of 2-D', 'x.bmm', [Z(2, 3), Z(3, 2)], [T(1)], ['batch1 must be a 3D tensor'])
error('pow int32 to negative int', 'x.pow', [V([2, 3], dtype='int32')], [-1],
      ['Integers to negative integer powers are not allowed.'])
error('in-place on a leaf that requires grad', 'special.inplaceOnLeaf', [R(3)], [],
      ['a leaf Variable that requires grad is being used in an in-place operation.'])
error('in-place add_ cannot broadcast self', 'x.add_', [Z(3), Z(2, 3)], [T(1)],
      ["output with shape [3] doesn't match the broadcast shape [2, 3]"])
error('in-place int32 add_ float', 'x.add_', [Ri(0, 5, 3)], [1.5], ["can't be cast to the desired output type"])
error('backward with gradient of wrong shape', 'special.backwardWith', [R(3), Z(4)], [], ['Mismatch in shape'])


def main():
    names = [c['name'] for c in CASES] + [c['name'] for c in ERRORS]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f'duplicate case names: {dup}'
    cases = [build_case(c) for c in CASES]
    errors = [build_error(c) for c in ERRORS]
    meta = {'generator': 'scripts/gen-fixtures.py', 'torch': torch.__version__,
            'regenerate': '/usr/bin/python3 scripts/gen-fixtures.py'}
    lines = ['{"meta":' + json.dumps(meta, separators=(',', ':')) + ',', '"cases":[']
    lines.append(',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in cases))
    lines.append('],\n"errors":[')
    lines.append(',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in errors))
    lines.append(']}\n')
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines))
    size = os.path.getsize(OUT)
    fams = {}
    for c in cases + errors:
        fams[c['family']] = fams.get(c['family'], 0) + 1
    print(f'wrote {os.path.relpath(OUT, ROOT)}: {len(cases)} cases, {len(errors)} error cases, {size} bytes')
    print('  ' + ', '.join(f'{k} {v}' for k, v in fams.items()))
    assert size < 2_000_000, 'fixture file too large'


if __name__ == '__main__':
    sys.exit(main())
