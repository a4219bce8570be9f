// Element-wise math with broadcasting and scalar operands; each op's backward sits beside it.
import { isOptions, parseArgs } from '../args';
import { isGradEnabled } from '../autograd/grad_mode';
import { record1 } from '../autograd/record';
import { castScalar, DType, isFloat, promoteTypes, promoteWithScalar } from '../dtype';
import { BinaryOp, UnaryOp } from '../native';
import { Tensor } from '../tensor';
import { broadcastShapes, sameShape } from '../shape';
import { binaryF, cast, empty, mapJS, selectJS, unaryF, zipJS } from './kernels';
import { sum } from './reduce';
import { checkNumber, checkTensor } from '../check';
import { sumToShape } from './shape';

type Operand = Tensor | number | boolean;

export function scalarTensor(v: number, dtype: DType): Tensor {
  const t = empty([], dtype);
  t._storage.data[0] = castScalar(dtype, v);
  return t;
}

function checkOperand(v: unknown, fn: string): asserts v is Operand {
  if (!(v instanceof Tensor) && typeof v !== 'number' && typeof v !== 'boolean') {
    throw new TypeError(`${fn}(): argument 'other' must be Tensor or Number, not ${v === null ? 'null' : typeof v}`);
  }
}

/** Result dtype of a binary op (PyTorch promotion; a 0-d tensor acts like a scalar of its category). */
export function resultType(a: Operand, b: Operand): DType {
  if (a instanceof Tensor && b instanceof Tensor) {
    if (a.dim() === 0 && b.dim() > 0 && category(a.dtype) <= category(b.dtype)) return b.dtype;
    if (b.dim() === 0 && a.dim() > 0 && category(b.dtype) <= category(a.dtype)) return a.dtype;
    return promoteTypes(a.dtype, b.dtype);
  }
  if (a instanceof Tensor) return promoteWithScalar(a.dtype, b as number);
  if (b instanceof Tensor) return promoteWithScalar(b.dtype, a as number);
  return Number.isInteger(a) && Number.isInteger(b) ? 'int32' : 'float32';
}
const category = (d: DType) => (d === 'bool' ? 0 : d === 'int32' ? 1 : 2);

/** Brings an operand to a tensor of dtype d (no copy when it already is one). */
export function asTensor(v: Operand, d: DType): Tensor {
  if (v instanceof Tensor) return v.dtype === d ? v : castDiff(v, d);
  return scalarTensor(typeof v === 'boolean' ? +v : v, d);
}

/** Dtype conversion that keeps the graph between float dtypes. */
export function castDiff(x: Tensor, d: DType): Tensor {
  if (x.dtype === d) return x;
  const out = cast(x, d);
  if (isFloat(d) && isFloat(x.dtype)) {
    const from = x.dtype;
    return record1('ToCopyBackward0', [x], out, (g) => [castDiff(g, from)]);
  }
  return out;
}

export function toDtype(x: Tensor, d: DType): Tensor {
  return castDiff(x, d);
}

// ---- binary arithmetic ---------------------------------------------------------------------

const JS_BINARY: Partial<Record<BinaryOp, (x: number, y: number) => number>> = {
  [BinaryOp.add]: (x, y) => x + y,
  [BinaryOp.sub]: (x, y) => x - y,
  [BinaryOp.mul]: (x, y) => Math.imul(x, y),
  [BinaryOp.maximum]: (x, y) => Math.max(x, y),
  [BinaryOp.minimum]: (x, y) => Math.min(x, y),
};

function arith(op: BinaryOp, a: Operand, b: Operand, alpha = 1, fn = 'add'): Tensor {
  checkOperand(a, fn);
  checkOperand(b, fn);
  const d = resultType(a, b);
  const ta = asTensor(a, d), tb = asTensor(b, d);
  if (isFloat(d)) return binaryF(op, ta, tb, alpha);
  if (d === 'bool' && (op === BinaryOp.sub)) {
    throw new TypeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  const f = JS_BINARY[op]!;
  const g = op === BinaryOp.add && alpha !== 1 ? (x: number, y: number) => x + alpha * y : op === BinaryOp.sub && alpha !== 1 ? (x: number, y: number) => x - alpha * y : f;
  const out = zipJS(ta, tb, d, d === 'bool' ? (x, y) => (g(x, y) ? 1 : 0) : (x, y) => g(x, y) | 0);
  return out;
}

function alphaOf(fn: string, opts: unknown): number {
  if (opts === undefined) return 1;
  if (typeof opts === 'number') return opts;
  const a = parseArgs(fn, [opts], ['alpha']).alpha;
  return a === undefined ? 1 : (a as number);
}

const shapeOf = (v: Operand) => (v instanceof Tensor ? v.shape : []);
const tensorOrNull = (v: Operand) => (v instanceof Tensor ? v : null);

export function add(a: Operand, b: Operand, opts?: { alpha?: number } | number): Tensor {
  const alpha = alphaOf('add', opts);
  const out = arith(alpha === 1 ? BinaryOp.add : BinaryOp.addScaled, a, b, alpha, 'add');
  const sa = shapeOf(a), sb = shapeOf(b);
  return record1('AddBackward0', [tensorOrNull(a), tensorOrNull(b)], out, (g) => [
    sumToShape(g, sa),
    sumToShape(alpha === 1 ? g : mul(g, alpha), sb),
  ]);
}

export function sub(a: Operand, b: Operand, opts?: { alpha?: number } | number): Tensor {
  const alpha = alphaOf('sub', opts);
  const out = alpha === 1 ? arith(BinaryOp.sub, a, b, 1, 'sub') : arith(BinaryOp.addScaled, a, b, -alpha, 'sub');
  const sa = shapeOf(a), sb = shapeOf(b);
  return record1('SubBackward0', [tensorOrNull(a), tensorOrNull(b)], out, (g) => [sumToShape(g, sa), sumToShape(mul(g, -alpha), sb)]);
}

export function mul(a: Operand, b: Operand): Tensor {
  const out = arith(BinaryOp.mul, a, b, 1, 'mul');
  const ta = tensorOrNull(a), tb = tensorOrNull(b);
  return record1('MulBackward0', [ta, tb], out, (g, node) => [
    node.needsInputGrad(0) ? sumToShape(mul(g, conj(b, out.dtype)), shapeOf(a)) : null,
    node.needsInputGrad(1) ? sumToShape(mul(g, conj(a, out.dtype)), shapeOf(b)) : null,
  ], [ta, tb].filter((t): t is Tensor => t !== null));
}

/** An operand as used inside a backward formula (scalars stay scalars). */
const conj = (v: Operand, d: DType): Operand => (v instanceof Tensor ? castDiff(v, d) : typeof v === 'boolean' ? +v : v);

export function div(a: Operand, b: Operand, opts?: { roundingMode?: 'trunc' | 'floor' | null } | null): Tensor {
  checkOperand(a, 'div');
  checkOperand(b, 'div');
  const mode = opts && isOptions(opts) ? (parseArgs('div', [opts], ['roundingMode']).roundingMode as string | null | undefined) : undefined;
  let d = resultType(a, b);
  if (mode === 'trunc' || mode === 'floor') {
    const round = mode === 'trunc' ? Math.trunc : Math.floor;
    if (!isFloat(d)) {
      return zipJS(asTensor(a, d), asTensor(b, d), d, (x, y) => {
        if (y === 0) throw new RangeError('ZeroDivisionError');
        return round(x / y) | 0;
      });
    }
    const q = binaryF(BinaryOp.div, asTensor(a, d), asTensor(b, d));
    const out = mapJS(q, d, round);
    // Rounded division has zero gradient almost everywhere.
    return record1('DivBackward1', [tensorOrNull(a), tensorOrNull(b)], out, (g) => [
      sumToShape(mul(g, 0), shapeOf(a)), sumToShape(mul(g, 0), shapeOf(b))]);
  } else if (mode !== undefined && mode !== null) {
    throw new RangeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
  }
  if (!isFloat(d)) d = 'float32';
  const out = binaryF(BinaryOp.div, asTensor(a, d), asTensor(b, d));
  const ta = tensorOrNull(a), tb = tensorOrNull(b);
  return record1('DivBackward0', [ta, tb], out, (g, node) => [
    node.needsInputGrad(0) ? sumToShape(div(g, conj(b, d)), shapeOf(a)) : null,
    node.needsInputGrad(1) ? sumToShape(neg(div(mul(g, conj(a, d)), mul(conj(b, d), conj(b, d)))), shapeOf(b)) : null,
  ], [ta, tb].filter((t): t is Tensor => t !== null));
}

export function pow(a: Operand, b: Operand): Tensor {
  checkOperand(a, 'pow');
  checkOperand(b, 'pow');
  const d = resultType(a, b);
  if (!(a instanceof Tensor) && b instanceof Tensor) {
    // scalar ** tensor
    const base = typeof a === 'boolean' ? +a : a;
    const out = isFloat(d) ? unaryF(UnaryOp.rpowScalar, asTensor(b, d), base) : mapJS(asTensor(b, d), d, (x) => intPow(base, x));
    return record1('PowBackward1', [b], out, (g) => [mul(mul(g, out), Math.log(base))], [out]);
  }
  const x = a as Tensor;
  if (!(b instanceof Tensor)) {
    const p = typeof b === 'boolean' ? +b : b;
    if (!isFloat(d)) {
      if (p < 0) throw new RangeError('Integers to negative integer powers are not allowed.');
      checkIntExponent(p);
      return mapJS(x, d, (v) => intPow(v, p));
    }
    const xt = asTensor(x, d);
    const out = p === 2 ? unaryF(UnaryOp.square, xt) : p === 1 ? unaryF(UnaryOp.copy, xt) : unaryF(UnaryOp.powScalar, xt, p);
    return record1('PowBackward0', [x], out, (g) => [p === 0 ? mul(g, 0) : mul(mul(g, p), pow(castDiff(x, d), p - 1))], [x]);
  }
  const xt = asTensor(x, d), et = asTensor(b, d);
  if (!isFloat(d)) return zipJS(xt, et, d, (u, v) => intPow(u, v));
  const out = binaryF(BinaryOp.pow, xt, et);
  return record1('PowBackward2', [x, b], out, (g, node) => {
    const gx = node.needsInputGrad(0) ? sumToShape(mul(mul(g, castDiff(b, d)), pow(castDiff(x, d), sub(castDiff(b, d), 1))), x.shape) : null;
    let gb: Tensor | null = null;
    if (node.needsInputGrad(1)) {
      // d/db a^b = a^b ln a, defined as 0 where a == 0 and b >= 0 (PyTorch's convention).
      const xd = castDiff(x, d), bd = castDiff(b, d);
      const mask = logicalAnd(eq(xd, 0), ge(bd, 0));
      gb = sumToShape(maskedFill(mul(mul(g, out), log(xd)), mask, 0), b.shape);
    }
    return [gx, gb];
  }, [x, b, out]);
}

/** Integer power with int32 wrap-around, by squaring; negative exponents as PyTorch (0 unless |x| == 1). */
function intPow(x: number, p: number): number {
  if (p < 0) return x === 1 ? 1 : x === -1 ? (p % 2 === 0 ? 1 : -1) : x === 0 ? 0 : 0;
  let r = 1, b = x | 0, e = p;
  while (e > 0) {
    if (e & 1) r = Math.imul(r, b);
    b = Math.imul(b, b);
    e = Math.floor(e / 2);
  }
  return r | 0;
}

function checkIntExponent(p: number): void {
  if (Math.abs(p) > 2147483647) throw new RangeError(`value cannot be converted to type int32 without overflow: ${p}`);
}

// ---- unary ----------------------------------------------------------------------------------

function floatIn(x: Tensor, fn: string): Tensor {
  checkTensor(x, fn.replace(/Backward\d$/, '').toLowerCase());
  return isFloat(x.dtype) ? x : cast(x, 'float32');
}

/** Defines a float unary op whose backward is expressed in tensor ops (so it is twice differentiable). */
function unary(name: string, op: UnaryOp, backward: (g: Tensor, x: Tensor, out: Tensor) => Tensor, saveX: boolean, saveOut: boolean) {
  return (x: Tensor): Tensor => {
    const xin = floatIn(x, name);
    const out = unaryF(op, xin);
    const saved: Tensor[] = [];
    if (saveX) saved.push(x);
    if (saveOut) saved.push(out);
    return record1(name, [x], out, (g) => [backward(g, xin, out)], saved);
  };
}

export const exp = unary('ExpBackward0', UnaryOp.exp, (g, _x, out) => mul(g, out), false, true);
export const log = unary('LogBackward0', UnaryOp.log, (g, x) => div(g, x), true, false);
export const sqrt = unary('SqrtBackward0', UnaryOp.sqrt, (g, _x, out) => div(g, mul(out, 2)), false, true);
export const rsqrt = unary('RsqrtBackward0', UnaryOp.rsqrt, (g, _x, out) => mul(mul(g, pow(out, 3)), -0.5), false, true);
export const sin = unary('SinBackward0', UnaryOp.sin, (g, x) => mul(g, cos(x)), true, false);
export const cos = unary('CosBackward0', UnaryOp.cos, (g, x) => mul(g, neg(sin(x))), true, false);
export const log1p = unary('Log1PBackward0', UnaryOp.log1p, (g, x) => div(g, add(x, 1)), true, false);
export const expm1 = unary('Expm1Backward0', UnaryOp.expm1, (g, _x, out) => mul(g, add(out, 1)), false, true);
export const reciprocal = unary('ReciprocalBackward0', UnaryOp.reciprocal, (g, _x, out) => neg(mul(g, mul(out, out))), false, true);

export const tanh = unary('TanhBackward0', UnaryOp.tanh, (g, _x, out) =>
  isGradEnabled() ? mul(g, sub(1, mul(out, out))) : binaryF(BinaryOp.tanhBackward, g, out), false, true);
export const sigmoid = unary('SigmoidBackward0', UnaryOp.sigmoid, (g, _x, out) =>
  isGradEnabled() ? mul(g, mul(out, sub(1, out))) : binaryF(BinaryOp.sigmoidBackward, g, out), false, true);

export function relu(x: Tensor): Tensor {
  checkTensor(x, 'relu');
  if (!isFloat(x.dtype)) return mapJS(x, x.dtype, (v) => (v > 0 ? v : 0));
  const out = unaryF(UnaryOp.relu, x);
  return record1('ReluBackward0', [x], out, (g) =>
    [isGradEnabled() ? mul(g, castDiff(gt(out, 0), g.dtype)) : binaryF(BinaryOp.reluBackward, g, out)], [out]);
}

export function neg(x: Tensor): Tensor {
  checkTensor(x, 'neg');
  if (x.dtype === 'bool') throw new TypeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  const out = isFloat(x.dtype) ? unaryF(UnaryOp.neg, x) : mapJS(x, x.dtype, (v) => -v | 0);
  return record1('NegBackward0', [x], out, (g) => [neg(g)]);
}

export function abs(x: Tensor): Tensor {
  checkTensor(x, 'abs');
  const out = isFloat(x.dtype) ? unaryF(UnaryOp.abs, x) : mapJS(x, x.dtype, (v) => Math.abs(v) | 0);
  return record1('AbsBackward0', [x], out, (g) => [mul(g, sign(x))], [x]);
}

export function sign(x: Tensor): Tensor {
  checkTensor(x, 'sign');
  const out = isFloat(x.dtype) ? unaryF(UnaryOp.sign, x) : mapJS(x, x.dtype, (v) => Math.sign(v));
  return record1('SignBackward0', [x], out, (g) => [mul(g, 0)]);
}

export function square(x: Tensor): Tensor {
  checkTensor(x, 'square');
  if (!isFloat(x.dtype)) return mul(x, x);
  const out = unaryF(UnaryOp.square, x);
  return record1('PowBackward0', [x], out, (g) => [mul(g, mul(x, 2))], [x]);
}

/** clamp(min?, max?) or clamp({ min, max }); bounds may be numbers or tensors. */
export function clamp(x: Tensor, ...args: unknown[]): Tensor {
  const a = parseArgs('clamp', args, ['min', 'max']);
  const lo = a.min as number | Tensor | null | undefined, hi = a.max as number | Tensor | null | undefined;
  if ((lo === undefined || lo === null) && (hi === undefined || hi === null)) {
    throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  if (lo instanceof Tensor || hi instanceof Tensor) {
    let out = x;
    if (lo !== undefined && lo !== null) out = maximum(out, lo instanceof Tensor ? lo : scalarTensor(lo, x.dtype));
    if (hi !== undefined && hi !== null) out = minimum(out, hi instanceof Tensor ? hi : scalarTensor(hi, x.dtype));
    return out;
  }
  const mn = lo === undefined || lo === null ? NaN : checkNumber(lo, 'clamp', 'min');
  const mx = hi === undefined || hi === null ? NaN : checkNumber(hi, 'clamp', 'max');
  if (!isFloat(x.dtype)) {
    const d = (Number.isInteger(mn) || Number.isNaN(mn)) && (Number.isInteger(mx) || Number.isNaN(mx)) ? x.dtype : 'float32';
    if (d !== x.dtype) return clamp(cast(x, d), a);
    return mapJS(x, d, (v) => Math.min(Number.isNaN(mx) ? v : mx, Math.max(Number.isNaN(mn) ? v : mn, v)));
  }
  const out = unaryF(UnaryOp.clamp, x, mn, mx);
  return record1('ClampBackward1', [x], out, (g) => {
    // Gradient flows where min <= x <= max.
    let mask = null as Tensor | null;
    if (!Number.isNaN(mn)) mask = ge(x, mn);
    if (!Number.isNaN(mx)) mask = mask ? logicalAnd(mask, le(x, mx)) : le(x, mx);
    return [mul(g, castDiff(mask!, g.dtype))];
  }, [x]);
}

function minmax(op: BinaryOp, name: string, a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new TypeError(`${name}(): expected Tensor arguments`);
  const out = arith(op, a, b, 1, name);
  const d = out.dtype;
  return record1(name === 'maximum' ? 'MaximumBackward0' : 'MinimumBackward0', [a, b], out, (g) => {
    // Ties split the gradient evenly (PyTorch 1.13).
    const ad = castDiff(a, d), bd = castDiff(b, d);
    const half = where(eq(ad, bd), div(g, 2), g);
    const aLoses = op === BinaryOp.maximum ? lt(ad, bd) : gt(ad, bd);
    const bLoses = op === BinaryOp.maximum ? gt(ad, bd) : lt(ad, bd);
    return [sumToShape(maskedFill(half, aLoses, 0), a.shape), sumToShape(maskedFill(half, bLoses, 0), b.shape)];
  }, [a, b]);
}
export const maximum = (a: Tensor, b: Tensor): Tensor => minmax(BinaryOp.maximum, 'maximum', a, b);
export const minimum = (a: Tensor, b: Tensor): Tensor => minmax(BinaryOp.minimum, 'minimum', a, b);

// ---- comparisons and logic (no gradient) ---------------------------------------------------

function compare(fn: string, f: (x: number, y: number) => boolean) {
  return (a: Tensor, b: Operand): Tensor => {
    checkTensor(a, fn);
    checkOperand(b, fn);
    const d = resultType(a, b);
    return zipJS(asTensor(a, d), asTensor(b, d), 'bool', (x, y) => (f(x, y) ? 1 : 0));
  };
}
export const eq = compare('eq', (x, y) => x === y);
export const ne = compare('ne', (x, y) => x !== y);
export const lt = compare('lt', (x, y) => x < y);
export const le = compare('le', (x, y) => x <= y);
export const gt = compare('gt', (x, y) => x > y);
export const ge = compare('ge', (x, y) => x >= y);
export const logicalAnd = compare('logicalAnd', (x, y) => x !== 0 && y !== 0);
export const logicalOr = compare('logicalOr', (x, y) => x !== 0 || y !== 0);
export const logicalXor = compare('logicalXor', (x, y) => (x !== 0) !== (y !== 0));
export function logicalNot(x: Tensor): Tensor {
  checkTensor(x, 'logicalNot');
  return mapJS(x, 'bool', (v) => (v === 0 ? 1 : 0));
}
export function isnan(x: Tensor): Tensor {
  checkTensor(x, 'isnan');
  return mapJS(x, 'bool', (v) => (v !== v ? 1 : 0));
}

// ---- selection --------------------------------------------------------------------------------

export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  if (!(condition instanceof Tensor)) throw new TypeError("where(): argument 'condition' must be Tensor");
  if (condition.dtype !== 'bool') throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${condition.dtype}`);
  checkOperand(a, 'where');
  checkOperand(b, 'where');
  const d = resultType(a, b);
  const out = selectJS(condition, asTensor(a, d), asTensor(b, d), d);
  const ta = tensorOrNull(a), tb = tensorOrNull(b);
  return record1('WhereBackward0', [ta, tb], out, (g) => [
    ta ? sumToShape(where(condition, g, 0), ta.shape) : null,
    tb ? sumToShape(where(condition, 0, g), tb.shape) : null,
  ], [condition]);
}

export function maskedFill(x: Tensor, mask: Tensor, value: Operand): Tensor {
  if (!(mask instanceof Tensor) || mask.dtype !== 'bool') {
    throw new TypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask instanceof Tensor ? mask.dtype : typeof mask}`);
  }
  checkTensor(x, 'maskedFill');
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`);
  }
  if (!(value instanceof Tensor)) checkNumber(value, 'maskedFill', 'value');
  // The result keeps x's shape: the mask must broadcast to it.
  const shape = broadcastShapes(x.shape, mask.shape);
  if (!sameShape(shape, x.shape)) {
    throw new RangeError(`masked_fill: the mask of shape [${mask.shape.join(', ')}] cannot be broadcast to the input of shape [${x.shape.join(', ')}]`);
  }
  const v = value instanceof Tensor ? value.item() : +value;
  const out = selectJS(mask, scalarTensor(v, x.dtype), x, x.dtype);
  const vt = value instanceof Tensor ? value : null;
  return record1('MaskedFillBackward0', [x, vt], out, (g) => [
    where(mask, 0, g), vt ? sum(where(mask, g, 0)) : null], [mask]);
}

// ---- closeness ----------------------------------------------------------------------------------

/** |a - b| <= atol + rtol * |b| element-wise (equalNan: NaNs compare equal). */
export function isclose(a: Tensor, b: Tensor, ...rest: unknown[]): Tensor {
  const o = parseArgs('isclose', rest, ['rtol', 'atol', 'equalNan']);
  const rtol = (o.rtol as number | undefined) ?? 1e-5, atol = (o.atol as number | undefined) ?? 1e-8;
  const equalNan = !!o.equalNan;
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new TypeError('isclose(): expected Tensor arguments');
  if (a.dtype !== b.dtype) throw new TypeError(`isclose(): ${a.dtype} did not match ${b.dtype}`);
  return zipJS(a, b, 'bool', (x, y) => {
    if (x === y) return 1;
    if (x !== x || y !== y) return equalNan && x !== x && y !== y ? 1 : 0;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return 0;
    return Math.abs(x - y) <= atol + rtol * Math.abs(y) ? 1 : 0;
  });
}

/** True when every element is close (see isclose). */
export function allclose(a: Tensor, b: Tensor, ...rest: unknown[]): boolean {
  const c = isclose(a, b, ...rest);
  return c._storage.data.every((v) => v !== 0);
}

/** Same shape and same elements. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) return false;
  return eq(a, b)._storage.data.every((v) => v !== 0);
}
