// Custom differentiable ops, as torch.autograd.Function:
//   class Square extends Function { static forward(ctx, x) {...} static backward(ctx, g) {...} }
//   Square.apply(x)
import { Tensor } from '../tensor';
import { noGrad } from './grad_mode';
import { record } from './record';

export class FunctionCtx {
  /** @internal */ _saved: Tensor[] = [];
  /** Which inputs need a gradient (by position). */
  needsInputGrad: boolean[] = [];
  [key: string]: unknown;
  saveForBackward(...tensors: Tensor[]): void {
    this._saved = tensors;
  }
  get savedTensors(): Tensor[] {
    return this._saved;
  }
  markNonDifferentiable(..._t: Tensor[]): void {
    /* outputs of non-float dtype never require grad */
  }
}

type Statics = {
  forward(ctx: FunctionCtx, ...args: unknown[]): Tensor | Tensor[];
  backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): Tensor | null | (Tensor | null)[];
  name: string;
};

export class Function {
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): Tensor | Tensor[] {
    throw new Error('You must implement the forward function for custom autograd.Function.');
  }
  static backward(_ctx: FunctionCtx, ..._grads: (Tensor | null)[]): Tensor | null | (Tensor | null)[] {
    throw new Error('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }
  static apply<T extends Tensor | Tensor[] = Tensor>(this: unknown, ...args: unknown[]): T {
    const cls = this as Statics;
    const ctx = new FunctionCtx();
    const tensorArgs = args.map((a) => (a instanceof Tensor ? a : null));
    ctx.needsInputGrad = tensorArgs.map((t) => !!t && t.requiresGrad);
    const raw = noGrad(() => cls.forward(ctx, ...args));
    const outs = (Array.isArray(raw) ? raw : [raw]).map((o) => {
      if (!(o instanceof Tensor)) throw new TypeError(`${cls.name}.forward must return a Tensor or a list of Tensors`);
      // Outputs that alias an input get their own identity so they can carry a gradFn.
      return tensorArgs.includes(o) ? o.detach() : o;
    });
    const result = Array.isArray(raw) ? outs : outs[0];
    const recorded = record(`${cls.name}Backward`, tensorArgs, result, (grads) => {
      const r = cls.backward(ctx, ...grads);
      const list = Array.isArray(r) ? r : [r];
      return tensorArgs.map((t, i) => {
        const g = list[i] ?? null;
        if (g !== null && !(g instanceof Tensor)) throw new TypeError(`${cls.name}.backward must return Tensors or null`);
        if (g && t && (g.shape.length !== t.shape.length || g.shape.some((s, k) => s !== t.shape[k]))) {
          throw new RangeError(`Function ${cls.name}Backward returned an invalid gradient at index ${i} - got [${g.shape.join(', ')}] but expected shape compatible with [${t.shape.join(', ')}]`);
        }
        return g;
      });
    }, ctx._saved) as T;
    if (outs[0].gradFn) outs[0].gradFn.opaque = true;  // the engine must copy what its backward returns
    return recorded;
  }
}
