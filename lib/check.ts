// Argument checks shared by ops: PyTorch-style TypeErrors instead of engine errors or junk values.
import type { Tensor } from './tensor';

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

let TensorCtor: (new (...a: never[]) => Tensor) | null = null;
/** Registered by tensor.ts (avoids an import cycle at load). */
export function registerTensorClass(c: new (...a: never[]) => Tensor): void {
  TensorCtor = c;
}

export function isTensor(v: unknown): v is Tensor {
  return TensorCtor !== null && v instanceof TensorCtor;
}

export function checkTensor(v: unknown, fn: string, arg = 'input'): asserts v is Tensor {
  if (!isTensor(v)) throw new TypeError(`${fn}(): argument '${arg}' must be Tensor, not ${typeName(v)}`);
}

/** An integer JS number (sizes, dims, indices, starts, lengths). */
export function checkInt(v: unknown, fn: string, arg: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TypeError(`${fn}(): argument '${arg}' must be int, not ${typeof v === 'number' ? String(v) : typeName(v)}`);
  }
  return v + 0; // -0 -> 0
}

/** A real number (fill values, bounds); NaN allowed, as in PyTorch. */
export function checkNumber(v: unknown, fn: string, arg: string): number {
  if (typeof v === 'boolean') return +v;
  if (typeof v !== 'number') throw new TypeError(`${fn}(): argument '${arg}' must be Number, not ${typeName(v)}`);
  return v;
}

/** Every element of a list is a Tensor (PyTorch names the position). */
export function checkTensorList(v: unknown, fn: string): Tensor[] {
  if (!Array.isArray(v)) throw new TypeError(`${fn}(): argument 'tensors' must be a list of Tensors, not ${typeName(v)}`);
  v.forEach((t, i) => {
    if (!isTensor(t)) throw new TypeError(`expected Tensor as element ${i} in argument 0, but got ${typeName(t)}`);
  });
  return v as Tensor[];
}
