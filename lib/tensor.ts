// Tensor: a strided view (shape, strides, offset, dtype) of a JS-owned storage, plus autograd
// state. Methods delegate to lib/ops; nothing here computes.
import { AccumulateGrad, Node } from './autograd/node';
import { runBackward } from './autograd/engine';
import { isOptions, parseArgs } from './args';
import { checkDtype, DType, isFloat, TypedArray } from './dtype';
import { registerTensorClass } from './check';
import { formatTensor } from './format';
import * as ops from './ops';
import { numelOf, wrapDim } from './shape';
import { Storage } from './storage';

export { Storage };

type Scalar = number | boolean;
type TensorOrScalar = Tensor | Scalar;

export class Tensor {
  /** @internal */ _storage: Storage;
  /** @internal */ _strides: number[];
  /** @internal */ _offset: number;
  readonly shape: number[];
  readonly dtype: DType;
  /** @internal */ _requiresGrad = false;
  /** @internal */ _grad: Tensor | null = null;
  /** The node that produced this tensor (null for leaves). */
  gradFn: Node | null = null;
  /** @internal */ _outputNr = 0;
  /** @internal */ _base: Tensor | null = null;
  private _accumulator: AccumulateGrad | null = null;
  private _retainsGrad = false;

  /** @internal Use torch.tensor / torch.zeros / ... to make tensors. */
  constructor(storage: Storage, shape: number[], strides: number[], offset: number, dtype: DType) {
    this._storage = storage;
    this.shape = shape;
    this._strides = strides;
    this._offset = offset;
    this.dtype = dtype;
  }

  // ---- metadata -------------------------------------------------------------------------------
  numel(): number {
    return numelOf(this.shape);
  }
  dim(): number {
    return this.shape.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this.shape.slice();
    return this.shape[wrapDim(dim, this.shape.length)];
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return this._strides.slice();
    return this._strides[wrapDim(dim, this.shape.length)];
  }
  storageOffset(): number {
    return this._offset;
  }
  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] === 1) continue;
      if (this._strides[i] !== expected) return false;
      expected *= this.shape[i];
    }
    return true;
  }
  isFloatingPoint(): boolean {
    return isFloat(this.dtype);
  }
  elementSize(): number {
    return this._storage.data.BYTES_PER_ELEMENT;
  }

  // ---- autograd state ---------------------------------------------------------------------------
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    this.requiresGrad_(v);
  }
  requiresGrad_(requiresGrad = true): this {
    if (typeof requiresGrad === 'object' && requiresGrad !== null) requiresGrad = (requiresGrad as { requiresGrad?: boolean }).requiresGrad ?? true;
    if (!this.isLeaf) {
      throw new Error(
        'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn\'t require differentiation use var_no_grad = var.detach().',
      );
    }
    if (requiresGrad && !isFloat(this.dtype)) {
      throw new Error('only Tensors of floating point dtype can require gradients');
    }
    this._requiresGrad = !!requiresGrad;
    return this;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  get grad(): Tensor | null {
    return this._grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null && g !== undefined) {
      if (!(g instanceof Tensor)) throw new TypeError('assigned grad expected to be a Tensor or None');
      if (g.dtype !== this.dtype) throw new TypeError(`assigned grad has data of a different type (${g.dtype} vs ${this.dtype})`);
      if (g.shape.length !== this.shape.length || g.shape.some((s, i) => s !== this.shape[i])) {
        throw new RangeError(`assigned grad has data of a different size ([${g.shape.join(', ')}] vs [${this.shape.join(', ')}])`);
      }
    }
    this._grad = g ?? null;
  }
  /** Keep .grad on a non-leaf tensor after backward. */
  retainGrad(): void {
    if (!this.requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf || this._retainsGrad) return;
    this._retainsGrad = true;
    const node = this.gradFn!;
    node.retained ??= new Map();
    node.retained.set(this._outputNr, new WeakRef(this));
  }
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  /**
   * Computes the gradient of this tensor w.r.t. graph leaves. `gradient` is required for non-scalar
   * tensors. Options: { retainGraph, createGraph, inputs }.
   */
  backward(...args: unknown[]): void {
    const a = parseArgs('backward', args, ['gradient', 'retainGraph', 'createGraph', 'inputs']);
    const gradient = a.gradient as Tensor | undefined;
    if (gradient !== undefined && !(gradient instanceof Tensor)) throw new TypeError('backward(): gradient must be a Tensor');
    const inputs = a.inputs as Tensor[] | undefined;
    if (inputs) {
      const grads = runBackward([this], [gradient ?? null], {
        retainGraph: a.retainGraph as boolean | undefined, createGraph: !!a.createGraph, inputs, allowUnused: true,
      });
      inputs.forEach((t, i) => {
        if (grads[i]) t._accumulateGrad(grads[i]!, !!a.createGraph);
      });
      return;
    }
    runBackward([this], [gradient ?? null], { retainGraph: a.retainGraph as boolean | undefined, createGraph: !!a.createGraph });
  }
  /** A tensor sharing storage, cut from the graph. */
  detach(): Tensor {
    // Shares storage but is no autograd view: in-place writes through it are allowed, as in PyTorch.
    return new Tensor(this._storage, this.shape.slice(), this._strides.slice(), this._offset, this.dtype);
  }
  detach_(): this {
    this.gradFn = null;
    this._requiresGrad = false;
    return this;
  }
  /** PyTorch's `.data`: the same storage without autograd history. */
  get data(): Tensor {
    return this.detach();
  }
  set data(t: Tensor) {
    if (!(t instanceof Tensor)) throw new TypeError('data must be a Tensor');
    this._storage = t._storage;
    (this as { shape: number[] }).shape = t.shape.slice();
    (this as { dtype: DType }).dtype = t.dtype;
    this._strides = t._strides.slice();
    this._offset = t._offset;
  }

  /** @internal */
  _setGradFn(node: Node, outputNr: number): void {
    this.gradFn = node;
    this._outputNr = outputNr;
    this._requiresGrad = true;
  }
  /** @internal */
  _gradAccumulator(): AccumulateGrad {
    if (!this._accumulator) this._accumulator = new AccumulateGrad(this);
    return this._accumulator;
  }
  /** @internal adds g into .grad (a fresh tensor the first time; in place after, unless building a graph). */
  _accumulateGrad(g: Tensor, createGraph: boolean, exclusive = false): void {
    if (g.shape.length !== this.shape.length || g.shape.some((s, i) => s !== this.shape[i])) g = g.reshape(this.shape);
    if (this._grad === null) {
      // exclusive: the backward engine made g and nothing else can reach its storage, so it is
      // taken as is (PyTorch's AccumulateGrad steals such a gradient too); otherwise a copy.
      this._grad = createGraph ? g : exclusive ? g.detach() : ops.clone(g.detach());
    } else if (createGraph || this._grad.requiresGrad) {
      this._grad = ops.add(this._grad, g);
    } else {
      ops.noGradInplace(() => this._grad!.add_(g));
    }
  }
  /** @internal */
  _onesLikeDetached(): Tensor {
    return ops.onesLike(this);
  }
  /** @internal in-place writes bump the version autograd checks. */
  _bumpVersion(): void {
    this._storage.version++;
  }

  // ---- conversion ------------------------------------------------------------------------------
  item(): number {
    if (this.numel() !== 1) throw new RangeError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    const v = this._storage.data[this._offset];
    return this.dtype === 'bool' ? (v ? 1 : 0) : v;
  }
  tolist(): unknown {
    return ops.tolist(this);
  }
  /** A flat copy of the elements in row-major order, as the dtype's typed array. */
  toTypedArray(): TypedArray {
    return ops.contiguousData(this).slice() as TypedArray;
  }
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
  to(...args: unknown[]): Tensor {
    const first = args[0];
    const dtype = typeof first === 'string' ? first : isOptions(first) ? (first as { dtype?: string }).dtype : undefined;
    return dtype === undefined ? this : ops.toDtype(this, checkDtype(dtype));
  }
  type(dtype?: DType): Tensor | string {
    return dtype === undefined ? this.dtype : ops.toDtype(this, checkDtype(dtype));
  }
  float(): Tensor { return ops.toDtype(this, 'float32'); }
  double(): Tensor { return ops.toDtype(this, 'float64'); }
  int(): Tensor { return ops.toDtype(this, 'int32'); }
  long(): Tensor { return ops.toDtype(this, 'int32'); }
  bool(): Tensor { return ops.toDtype(this, 'bool'); }

  // ---- views and shape ---------------------------------------------------------------------------
  view(...shape: (number | number[])[]): Tensor { return ops.view(this, ...shape); }
  viewAs(other: Tensor): Tensor { return ops.view(this, other.shape); }
  reshape(...shape: (number | number[])[]): Tensor { return ops.reshape(this, ...shape); }
  reshapeAs(other: Tensor): Tensor { return ops.reshape(this, other.shape); }
  transpose(...args: unknown[]): Tensor { return ops.transpose(this, ...args); }
  swapaxes(...args: unknown[]): Tensor { return ops.transpose(this, ...args); }
  permute(...dims: (number | number[])[]): Tensor { return ops.permute(this, ...dims); }
  t(): Tensor { return ops.t(this); }
  get T(): Tensor { return ops.permute(this, this.shape.map((_, i) => this.shape.length - 1 - i)); }
  get mT(): Tensor { return ops.transpose(this, -2, -1); }
  squeeze(...args: unknown[]): Tensor { return ops.squeeze(this, ...args); }
  unsqueeze(...args: unknown[]): Tensor { return ops.unsqueeze(this, ...args); }
  flatten(...args: unknown[]): Tensor { return ops.flatten(this, ...args); }
  unflatten(...args: unknown[]): Tensor { return ops.unflatten(this, ...args); }
  expand(...sizes: (number | number[])[]): Tensor { return ops.expand(this, ...sizes); }
  expandAs(other: Tensor): Tensor { return ops.expand(this, other.shape); }
  broadcastTo(...sizes: (number | number[])[]): Tensor { return ops.expand(this, ...sizes); }
  narrow(...args: unknown[]): Tensor { return ops.narrow(this, ...args); }
  select(...args: unknown[]): Tensor { return ops.select(this, ...args); }
  /** Basic slicing, like `x[1:3, ::2, 0, None, ...]`: numbers select, 'a:b:c' strings / [a, b, c] arrays slice, null inserts a dim, '...' fills. */
  index(...spec: ops.IndexSpec[]): Tensor { return ops.index(this, ...spec); }
  contiguous(): Tensor { return this.isContiguous() ? this : ops.clone(this); }
  clone(): Tensor { return ops.clone(this); }
  split(splitSizeOrSections: number | number[], ...args: unknown[]): Tensor[] { return ops.split(this, splitSizeOrSections, ...args); }
  chunk(chunks: number, ...args: unknown[]): Tensor[] { return ops.chunk(this, chunks, ...args); }
  unbind(...args: unknown[]): Tensor[] { return ops.unbind(this, ...args); }

  // ---- math --------------------------------------------------------------------------------------
  add(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return ops.add(this, other, opts); }
  sub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return ops.sub(this, other, opts); }
  mul(other: TensorOrScalar): Tensor { return ops.mul(this, other); }
  div(other: TensorOrScalar, opts?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor { return ops.div(this, other, opts); }
  rsub(other: TensorOrScalar): Tensor { return ops.sub(other, this); }
  pow(exponent: TensorOrScalar): Tensor { return ops.pow(this, exponent); }
  neg(): Tensor { return ops.neg(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  rsqrt(): Tensor { return ops.rsqrt(this); }
  abs(): Tensor { return ops.abs(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tanh(): Tensor { return ops.tanh(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  relu(): Tensor { return ops.relu(this); }
  square(): Tensor { return ops.square(this); }
  reciprocal(): Tensor { return ops.reciprocal(this); }
  sign(): Tensor { return ops.sign(this); }
  log1p(): Tensor { return ops.log1p(this); }
  expm1(): Tensor { return ops.expm1(this); }
  clamp(...args: unknown[]): Tensor { return ops.clamp(this, ...args); }
  clip(...args: unknown[]): Tensor { return ops.clamp(this, ...args); }
  maximum(other: Tensor): Tensor { return ops.maximum(this, other); }
  minimum(other: Tensor): Tensor { return ops.minimum(this, other); }
  eq(other: TensorOrScalar): Tensor { return ops.eq(this, other); }
  ne(other: TensorOrScalar): Tensor { return ops.ne(this, other); }
  lt(other: TensorOrScalar): Tensor { return ops.lt(this, other); }
  le(other: TensorOrScalar): Tensor { return ops.le(this, other); }
  gt(other: TensorOrScalar): Tensor { return ops.gt(this, other); }
  ge(other: TensorOrScalar): Tensor { return ops.ge(this, other); }
  logicalNot(): Tensor { return ops.logicalNot(this); }
  isclose(other: Tensor, ...args: unknown[]): Tensor { return ops.isclose(this, other, ...args); }
  allclose(other: Tensor, ...args: unknown[]): boolean { return ops.allclose(this, other, ...args); }
  equal(other: Tensor): boolean { return ops.equal(this, other); }
  where(condition: Tensor, other: TensorOrScalar): Tensor { return ops.where(condition, this, other); }
  maskedFill(mask: Tensor, value: TensorOrScalar): Tensor { return ops.maskedFill(this, mask, value); }
  gather(...args: unknown[]): Tensor { return ops.gather(this, ...args); }
  scatter(...args: unknown[]): Tensor { return ops.scatter(this, ...args); }
  scatterAdd(...args: unknown[]): Tensor { return ops.scatterAdd(this, ...args); }
  indexSelect(...args: unknown[]): Tensor { return ops.indexSelect(this, ...args); }
  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }
  mm(other: Tensor): Tensor { return ops.mm(this, other); }
  bmm(other: Tensor): Tensor { return ops.bmm(this, other); }
  mv(vec: Tensor): Tensor { return ops.mv(this, vec); }
  dot(other: Tensor): Tensor { return ops.dot(this, other); }

  // ---- reductions ----------------------------------------------------------------------------------
  sum(...args: unknown[]): Tensor { return ops.sum(this, ...args); }
  mean(...args: unknown[]): Tensor { return ops.mean(this, ...args); }
  prod(...args: unknown[]): Tensor { return ops.prod(this, ...args); }
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number, keepdim?: boolean | { keepdim?: boolean }): { values: Tensor; indices: Tensor };
  max(...args: unknown[]): Tensor | { values: Tensor; indices: Tensor } { return ops.max(this, ...args); }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number, keepdim?: boolean | { keepdim?: boolean }): { values: Tensor; indices: Tensor };
  min(...args: unknown[]): Tensor | { values: Tensor; indices: Tensor } { return ops.min(this, ...args); }
  amax(...args: unknown[]): Tensor { return ops.amax(this, ...args); }
  amin(...args: unknown[]): Tensor { return ops.amin(this, ...args); }
  argmax(...args: unknown[]): Tensor { return ops.argmax(this, ...args); }
  argmin(...args: unknown[]): Tensor { return ops.argmin(this, ...args); }
  var(...args: unknown[]): Tensor { return ops.var_(this, ...args); }
  std(...args: unknown[]): Tensor { return ops.std(this, ...args); }
  logsumexp(...args: unknown[]): Tensor { return ops.logsumexp(this, ...args); }
  all(...args: unknown[]): Tensor { return ops.all(this, ...args); }
  any(...args: unknown[]): Tensor { return ops.any(this, ...args); }

  // ---- in place (trailing _) -----------------------------------------------------------------------
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this { return ops.binaryInplace(this, 'add', other, opts, 'add_') ?? ops.inplace(this, (x) => ops.add(x, other, opts), 'add_'); }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this { return ops.binaryInplace(this, 'sub', other, opts, 'sub_') ?? ops.inplace(this, (x) => ops.sub(x, other, opts), 'sub_'); }
  mul_(other: TensorOrScalar): this { return ops.binaryInplace(this, 'mul', other, undefined, 'mul_') ?? ops.inplace(this, (x) => ops.mul(x, other), 'mul_'); }
  div_(other: TensorOrScalar, opts?: { roundingMode?: 'trunc' | 'floor' | null }): this { return (opts?.roundingMode ? null : ops.binaryInplace(this, 'div', other, undefined, 'div_')) ?? ops.inplace(this, (x) => ops.div(x, other, opts), 'div_'); }
  pow_(exponent: TensorOrScalar): this { return ops.inplace(this, (x) => ops.pow(x, exponent), 'pow_'); }
  neg_(): this { return ops.inplace(this, ops.neg, 'neg_'); }
  exp_(): this { return ops.inplace(this, ops.exp, 'exp_'); }
  log_(): this { return ops.inplace(this, ops.log, 'log_'); }
  sqrt_(): this { return ops.inplace(this, ops.sqrt, 'sqrt_'); }
  rsqrt_(): this { return ops.inplace(this, ops.rsqrt, 'rsqrt_'); }
  abs_(): this { return ops.inplace(this, ops.abs, 'abs_'); }
  sin_(): this { return ops.inplace(this, ops.sin, 'sin_'); }
  cos_(): this { return ops.inplace(this, ops.cos, 'cos_'); }
  tanh_(): this { return ops.inplace(this, ops.tanh, 'tanh_'); }
  sigmoid_(): this { return ops.inplace(this, ops.sigmoid, 'sigmoid_'); }
  relu_(): this { return ops.inplace(this, ops.relu, 'relu_'); }
  square_(): this { return ops.inplace(this, ops.square, 'square_'); }
  reciprocal_(): this { return ops.inplace(this, ops.reciprocal, 'reciprocal_'); }
  clamp_(...args: unknown[]): this { return ops.inplace(this, (x) => ops.clamp(x, ...args), 'clamp_'); }
  clip_(...args: unknown[]): this { return ops.inplace(this, (x) => ops.clamp(x, ...args), 'clip_'); }
  maximum_(other: Tensor): this { return ops.inplace(this, (x) => ops.maximum(x, other), 'maximum_'); }
  minimum_(other: Tensor): this { return ops.inplace(this, (x) => ops.minimum(x, other), 'minimum_'); }
  maskedFill_(mask: Tensor, value: TensorOrScalar): this { return ops.inplace(this, (x) => ops.maskedFill(x, mask, value), 'maskedFill_'); }
  scatter_(...args: unknown[]): this { return ops.inplace(this, (x) => ops.scatter(x, ...args), 'scatter_'); }
  scatterAdd_(...args: unknown[]): this { return ops.inplace(this, (x) => ops.scatterAdd(x, ...args), 'scatterAdd_'); }
  copy_(src: Tensor): this { return ops.inplace(this, (x) => ops.copyFrom(x, src), 'copy_'); }
  fill_(value: TensorOrScalar): this { return ops.fill_(this, value); }
  zero_(): this { return ops.fill_(this, 0); }
  uniform_(from = 0, to = 1, opts?: { generator?: unknown }): this { return ops.uniform_(this, from, to, opts); }
  normal_(mean = 0, std = 1, opts?: { generator?: unknown }): this { return ops.normal_(this, mean, std, opts); }
}

registerTensorClass(Tensor);
