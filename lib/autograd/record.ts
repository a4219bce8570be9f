// Connects an op's outputs to the graph: the helper every differentiable op calls after its forward.
import type { Tensor } from '../tensor';
import { isGradEnabled } from './grad_mode';
import { gradientEdge } from './engine';
import { BackwardFn, Node } from './node';
import { castDiff } from '../ops/pointwise';

/** True when an op on these inputs must record a graph node. (An array, not rest parameters: this
 * runs for every op, graph or not, and a spread call costs more than the check.) */
export function needsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    if (t && t.requiresGrad) return true;
  }
  return false;
}

/**
 * Records a node named `name` whose backward maps output grads to input grads. `saved` are tensors
 * the backward reads (checked for in-place modification, freed after backward). Returns `out`.
 */
export function record<T extends Tensor | Tensor[]>(
  name: string,
  inputs: (Tensor | null | undefined)[],
  out: T,
  backward: BackwardFn,
  saved: Tensor[] = [],
): T {
  if (!needsGrad(inputs)) return out;
  const outs = Array.isArray(out) ? out : [out];
  const edges = inputs.map((t) => (t && t.requiresGrad ? gradientEdge(t) : null));
  // Each input's gradient has that input's dtype (an op may have promoted float32 to float64).
  const dtypes = inputs.map((t) => t?.dtype);
  const fn: BackwardFn = (grads, n) =>
    backward(grads, n).map((g, i) => (g && dtypes[i] && g.dtype !== dtypes[i] ? castDiff(g, dtypes[i]!) : g));
  const node = new Node(name, edges, outs.length, fn, saved);
  outs.forEach((o, i) => {
    if (o.dtype === 'float32' || o.dtype === 'float64') o._setGradFn(node, i);
  });
  return out;
}

/** Single-output form: backward gets the output's grad (never null here). */
export function record1(
  name: string,
  inputs: (Tensor | null | undefined)[],
  out: Tensor,
  backward: (g: Tensor, node: Node) => (Tensor | null)[],
  saved: Tensor[] = [],
): Tensor {
  return record(name, inputs, out, (grads, node) => backward(grads[0]!, node), saved);
}
