// Replays every case of test/fixtures/ops.json (written by real PyTorch 1.13 through
// scripts/gen-fixtures.py; regenerate with `/usr/bin/python3 scripts/gen-fixtures.py`) through
// torchlet's public API, exactly as DESIGN.md spells it, and compares values, shapes, dtypes and
// gradients. One fixture case is one test; the dispatch table below is the only place that knows how
// a fixture op name becomes a torchlet call. No Python is needed at test time.
// TORCHLET_OPS_FIXTURE=<file> replays another fixture file (e.g. a deliberately corrupted copy, to
// check that the runner notices wrong values, grads, dtypes, shapes and error texts).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;
type DTypeName = 'float32' | 'float64' | 'int32' | 'bool';
type Num = number | boolean | string;

interface Pattern { seed: number; mod: number; offset: number; div: number }
interface TensorSpec {
  /** Stored values (small tensors) ... */
  values?: Num[];
  /** ... or made by formula (large inputs / grad outputs), see patternValues ... */
  pattern?: Pattern;
  /** ... or, for large results, a sample of elements plus the sums over all of them. */
  sample?: { index: number[]; values: Num[] };
  sum?: number;
  absSum?: number;
  shape: number[];
  dtype: DTypeName;
  requiresGrad?: boolean;
  view?: Record<string, unknown[]>[];
}
type OutSpec = TensorSpec | { named: Record<string, TensorSpec> } | { list: TensorSpec[] };
interface Case {
  family: string;
  name: string;
  op: string;
  note?: string;
  inputs: TensorSpec[];
  args: unknown[];
  kwargs?: Record<string, unknown>;
  out?: OutSpec;
  gradOut?: TensorSpec | TensorSpec[];
  grads?: (Omit<TensorSpec, 'dtype'> | null)[];
  tol?: { out?: [number, number]; grad?: [number, number] };
  error?: { type: string; message: string; fragments: string[] };
}

const fixtures: { meta: Record<string, string>; cases: Case[]; errors: Case[] } = JSON.parse(
  readFileSync(process.env.TORCHLET_OPS_FIXTURE ?? join(__dirname, 'fixtures', 'ops.json'), 'utf8'),
);

// ---- building inputs --------------------------------------------------------------------------------

function decode(v: Num): number | boolean {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v as number | boolean;
}

/** Flat row-major values -> nested arrays of the given shape (a bare value for 0-d). */
function nest(flat: unknown[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(nest(flat.slice(i * step, (i + 1) * step), rest));
  return out;
}

/** scripts/gen-fixtures.py pattern_values: exact in IEEE double on both sides, then rounded to the dtype. */
function patternValues(n: number, p: Pattern): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = (((i * 7919 + p.seed * 104729) % p.mod) + p.offset) / p.div;
  return out;
}

/** The spec's input values, flat, as torch.tensor takes them (booleans for bool). */
function inputValues(s: TensorSpec): (number | boolean)[] {
  const numel = s.shape.reduce((a, b) => a * b, 1);
  const raw = s.pattern ? patternValues(numel, s.pattern) : s.values!.map(decode);
  if (s.dtype === 'bool') return raw.map((v) => !!v);
  if (s.dtype === 'float32') return raw.map((v) => Math.fround(v as number));
  return raw;
}

/** A leaf tensor made with torch.tensor(nested, { dtype, requiresGrad }) (torch.zeros for empty shapes). */
function leafOf(s: TensorSpec): Any {
  const opts = { dtype: s.dtype, requiresGrad: !!s.requiresGrad };
  const numel = s.shape.reduce((a, b) => a * b, 1);
  if (numel === 0) return torch.zeros(s.shape, opts);
  return torch.tensor(nest(inputValues(s), s.shape) as Any, opts);
}

function applyView(x: Any, steps: TensorSpec['view']): Any {
  for (const step of steps ?? []) {
    const [[k, a]] = Object.entries(step);
    switch (k) {
      case 'transpose': x = x.transpose(...a); break;
      case 'permute': x = x.permute(...a); break;
      case 'index': x = x.index(...a); break;
      case 'expand': x = x.expand(...a); break;
      case 't': x = x.t(); break;
      case 'narrow': x = x.narrow(...a); break;
      default: throw new Error(`fixture view step '${k}' unknown to the runner`);
    }
  }
  return x;
}

function resolve(a: unknown, ins: Any[]): unknown {
  if (Array.isArray(a)) return a.map((v) => resolve(v, ins));
  if (a !== null && typeof a === 'object') {
    const o = a as Record<string, unknown>;
    if ('$t' in o) return ins[o.$t as number];
    if ('$f' in o) return decode(o.$f as string);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v, ins)]));
  }
  return a;
}

// ---- the dispatch table: fixture op name -> torchlet call ------------------------------------------------
// `x.name` ops are methods of the first input (args exclude self); `torch.name` ops are functions.
// Args arrive in PyTorch's positional order, with the camelCase kwargs object appended when present.

type Call = (ins: Any[], args: Any[]) => Any;
const method = (name: string): Call => (ins, args) => {
  const self = ins[0];
  if (typeof self?.[name] !== 'function') throw new Error(`torchlet: Tensor has no method ${name}()`);
  return self[name](...args);
};
/** In-place variants run on a clone (a non-leaf) so the leaf still receives its gradient, as the fixture did. */
const inplace = (name: string): Call => (ins, args) => {
  const c = ins[0].clone();
  if (typeof c[name] !== 'function') throw new Error(`torchlet: Tensor has no method ${name}()`);
  const r = c[name](...args);
  expect(r, `${name} must return this`).toBe(c);
  return r;
};
const fn = (name: string): Call => (_ins, args) => {
  const f = (torch as Any)[name];
  if (typeof f !== 'function') throw new Error(`torchlet: torch.${name} is not exported`);
  return f(...args);
};

const METHODS = [
  'reshape', 'view', 'transpose', 'permute', 't', 'squeeze', 'unsqueeze', 'flatten', 'unflatten', 'expand',
  'narrow', 'select', 'index', 'contiguous', 'split', 'chunk',
  'add', 'sub', 'mul', 'div', 'neg', 'pow', 'exp', 'log', 'sqrt', 'rsqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid',
  'relu', 'clamp', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'where', 'maskedFill', 'gather',
  'scatter', 'indexSelect',
  'sum', 'mean', 'max', 'min', 'argmax', 'argmin', 'var', 'std', 'prod', 'logsumexp',
  'matmul', 'mm', 'bmm',
];
const INPLACE = [
  'add_', 'sub_', 'mul_', 'div_', 'pow_', 'neg_', 'exp_', 'log_', 'sqrt_', 'sigmoid_', 'tanh_', 'relu_', 'clamp_',
  'maskedFill_',
];
const FUNCTIONS = [
  'arange', 'linspace', 'eye', 'zeros', 'ones', 'full', 'tensor', 'zerosLike', 'onesLike', 'fullLike',
  'cat', 'stack', 'split',
  'add', 'sub', 'mul', 'div', 'pow', 'neg', 'exp', 'log', 'sqrt', 'rsqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid',
  'relu', 'clamp', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'where', 'gather', 'scatter',
  'indexSelect', 'sum', 'mean', 'max', 'min', 'argmax', 'argmin', 'var', 'std', 'prod', 'logsumexp',
  'matmul', 'mm', 'bmm',
];

const OPS: Record<string, Call> = {
  ...Object.fromEntries(METHODS.map((m) => [`x.${m}`, method(m)])),
  ...Object.fromEntries(INPLACE.map((m) => [`x.${m}`, inplace(m)])),
  ...Object.fromEntries(FUNCTIONS.map((f) => [`torch.${f}`, fn(f)])),
  // Scripted sequences (error cases), mirrored in scripts/gen-fixtures.py.
  'special.backwardTwice': ([x]) => {
    const y = x.mul(x).sum();
    y.backward();
    y.backward();
    return y;
  },
  'special.backwardNonScalar': ([x]) => x.mul(2).backward(),
  'special.requiresGradInt': (_ins, [data, opts]) => torch.tensor(data, { ...opts, requiresGrad: true }),
  'special.item': ([x]) => x.item(),
  'special.inplaceOnLeaf': ([x]) => x.add_(1),
  'special.backwardRetainTwice': ([x]) => {
    const y = x.mul(x).sum();
    y.backward({ retainGraph: true });
    y.backward();
    return y;
  },
  'special.gradAccumulates': ([x]) => {
    x.mul(2).sum().backward();
    x.mul(x).sum().backward();
    return x.detach().clone();
  },
  'special.autogradGrad': ([x, w]) => torch.autograd.grad([x.sin().mul(w).sum()], [x, w]),
  'special.detachMul': ([x]) => x.detach().mul(x),
  'special.noGrad': ([x]) => torch.noGrad(() => x.mul(2)),
  'special.backwardWith': ([x, g]) => x.mul(2).backward(g),
};

function run(c: Case, ins: Any[]): Any {
  const call = OPS[c.op];
  if (!call) throw new Error(`runner: no dispatch entry for fixture op '${c.op}'`);
  const args = resolve(c.args, ins) as Any[];
  if (c.kwargs && Object.keys(c.kwargs).length > 0) args.push(resolve(c.kwargs, ins));
  return call(ins, args);
}

// ---- comparing ------------------------------------------------------------------------------------------

function flatten(v: unknown): unknown[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [v];
}

function valuesOf(t: Any): number[] {
  return flatten(t.tolist()).map((v) => (typeof v === 'boolean' ? +v : (v as number)));
}

function describeMismatch(got: number[], want: number[], rtol: number, atol: number, at?: number[]): string | null {
  if (got.length !== want.length) return `length ${got.length} != expected ${want.length}`;
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    let ok: boolean;
    if (Number.isNaN(w)) ok = Number.isNaN(g);
    else if (!Number.isFinite(w)) ok = g === w;
    else ok = Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) {
      count++;
      if (bad.length < 6) bad.push(`[${at ? at[i] : i}] got ${g}, expected ${w}`);
    }
  }
  return count === 0 ? null : `${count}/${want.length} elements differ (rtol ${rtol}, atol ${atol}): ${bad.join('; ')}`;
}

function expectTensor(got: Any, want: TensorSpec, tol: [number, number] | undefined, what: string): void {
  expect(got, `${what}: expected a Tensor`).toBeInstanceOf(torch.Tensor);
  expect(got.shape, `${what}: shape`).toEqual(want.shape);
  expect(got.dtype, `${what}: dtype`).toBe(want.dtype);
  if (want.requiresGrad !== undefined) expect(got.requiresGrad, `${what}: requiresGrad`).toBe(want.requiresGrad);
  const exact = want.dtype === 'int32' || want.dtype === 'bool';
  const [rtol, atol] = exact ? [0, 0] : (tol ?? (want.dtype === 'float64' ? [1e-9, 1e-11] : [1e-5, 1e-6]));
  const all = valuesOf(got);
  const num = (v: Num) => { const d = decode(v); return typeof d === 'boolean' ? +d : d; };
  let msg: string | null;
  if (want.sample) {
    // large result: the sampled elements, then the sum over all elements within the summed tolerance
    msg = describeMismatch(want.sample.index.map((i) => all[i]), want.sample.values.map(num), rtol, atol, want.sample.index);
    if (msg === null) {
      const sum = all.reduce((a, b) => a + b, 0);
      const allowed = rtol * want.absSum! + atol * all.length + 1e-12 * want.absSum!;
      if (!(Math.abs(sum - want.sum!) <= allowed)) msg = `sum of all ${all.length} elements is ${sum}, expected ${want.sum} (±${allowed})`;
    }
  } else {
    msg = describeMismatch(all, want.values!.map(num), rtol, atol);
  }
  if (msg !== null) expect.fail(`${what}: values: ${msg}`);
}

function isTensorSpec(o: OutSpec): o is TensorSpec {
  return 'values' in o || 'sample' in o;
}

function expectOut(got: Any, want: OutSpec, tol: [number, number] | undefined): void {
  if (isTensorSpec(want)) return expectTensor(got, want, tol, 'output');
  if ('named' in want) {
    expect(got, 'output: expected a named result object').toBeTypeOf('object');
    for (const [k, spec] of Object.entries(want.named)) expectTensor(got[k], spec, tol, `output.${k}`);
    return;
  }
  expect(Array.isArray(got), 'output: expected an array of Tensors').toBe(true);
  expect(got.length, 'output: number of tensors').toBe(want.list.length);
  want.list.forEach((spec, i) => expectTensor(got[i], spec, tol, `output[${i}]`));
}

function gradTensor(s: TensorSpec): Any {
  return leafOf({ ...s, requiresGrad: false });
}

/** Ops must not write into their inputs (in-place cases work on a clone). */
function expectUnchanged(leaf: Any, s: TensorSpec, i: number): void {
  if (s.shape.reduce((a, b) => a * b, 1) === 0) return;
  const want = inputValues(s).map((v) => (typeof v === 'boolean' ? +v : v));
  const msg = describeMismatch(valuesOf(leaf), want, 0, 0);
  if (msg !== null) expect.fail(`input ${i} was modified: ${msg}`);
}

function runBackward(out: Any, c: Case): void {
  const go = c.gradOut!;
  if (Array.isArray(go)) {
    // list outputs: sum_i (out_i * g_i).sum(), as the generator did
    let loss: Any = null;
    (out as Any[]).forEach((o, i) => {
      const term = o.mul(gradTensor(go[i])).sum();
      loss = loss === null ? term : loss.add(term);
    });
    loss.backward();
  } else if (out instanceof torch.Tensor) {
    (out as Any).backward(gradTensor(go));
  } else {
    out.values.backward(gradTensor(go));
  }
}

function caseTitle(c: Case): string {
  return c.note ? `${c.name}  (${c.note})` : c.name;
}

// ---- the tests --------------------------------------------------------------------------------------------

const families = [...new Set(fixtures.cases.map((c) => c.family))];

describe('ops match PyTorch 1.13 (test/fixtures/ops.json)', () => {
  it('fixture file is from the generator', () => {
    expect(fixtures.meta.generator).toBe('scripts/gen-fixtures.py');
    expect(fixtures.cases.length).toBeGreaterThan(100);
  });

  for (const fam of families) {
    describe(fam, () => {
      for (const c of fixtures.cases.filter((k) => k.family === fam)) {
        it(caseTitle(c), () => {
          const leaves = c.inputs.map(leafOf);
          const ins = leaves.map((l, i) => applyView(l, c.inputs[i].view));
          const out = run(c, ins);
          expectOut(out, c.out!, c.tol?.out);
          if (c.gradOut) runBackward(out, c);
          if (c.grads) {
            c.grads!.forEach((g, i) => {
              if (g === null) {
                expect(leaves[i].grad ?? null, `input ${i} must not get a grad`).toBeNull();
                return;
              }
              expect(leaves[i].grad, `input ${i}.grad`).not.toBeNull();
              expectTensor(leaves[i].grad, { ...g, dtype: c.inputs[i].dtype }, c.tol?.grad, `input ${i}.grad`);
            });
          }
          leaves.forEach((l, i) => expectUnchanged(l, c.inputs[i], i));
        });
      }
    });
  }

  describe('errors read like PyTorch', () => {
    for (const c of fixtures.errors) {
      it(`${c.name}: ${c.error!.fragments.join(' … ')}`, () => {
        let thrown: unknown = undefined;
        try {
          const ins = c.inputs.map((s) => applyView(leafOf(s), s.view));
          run(c, ins);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `expected an Error like PyTorch's ${c.error!.type}: ${c.error!.message}`).toBeInstanceOf(Error);
        const msg = (thrown as Error).message;
        for (const f of c.error!.fragments) expect(msg, 'message must contain PyTorch\'s text').toContain(f);
      });
    }
  });
});
