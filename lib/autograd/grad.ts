// torch.autograd.grad and torch.autograd.backward.
import { isOptions, parseArgs } from '../args';
import { Tensor } from '../tensor';
import { runBackward } from './engine';

const asList = (v: Tensor | Tensor[] | null | undefined): (Tensor | null)[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

function requireTensors(fn: string, what: string, v: unknown): Tensor[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new RangeError(`${fn}(): ${what} must be a non-empty list of Tensors`);
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${fn}(): element ${i} of ${what} must be a Tensor, not ${t === null ? 'null' : typeof t}`);
  });
  return list as Tensor[];
}

/** grad(outputs, inputs, { gradOutputs, retainGraph, createGraph, allowUnused }) -> grads of inputs. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], ...rest: unknown[]): (Tensor | null)[] {
  const a = parseArgs('grad', rest, ['gradOutputs', 'retainGraph', 'createGraph', 'onlyInputs', 'allowUnused']);
  const outs = requireTensors('grad', 'outputs', outputs);
  const ins = requireTensors('grad', 'inputs', inputs);
  const gouts = asList(a.gradOutputs as Tensor | Tensor[] | undefined);
  if (gouts.length && gouts.length !== outs.length) {
    throw new RangeError(`grad can be implicitly created only for scalar outputs (got ${gouts.length} gradOutputs for ${outs.length} outputs)`);
  }
  return runBackward(outs, outs.map((_, i) => gouts[i] ?? null), {
    retainGraph: a.retainGraph as boolean | undefined,
    createGraph: !!a.createGraph,
    inputs: ins,
    allowUnused: !!a.allowUnused,
  });
}

/** backward(tensors, gradTensors?, { retainGraph, createGraph }) */
export function backward(tensors: Tensor | Tensor[], ...rest: unknown[]): void {
  const args = rest.length && !isOptions(rest[0]) ? rest : [undefined, ...rest];
  const a = parseArgs('backward', args, ['gradTensors', 'retainGraph', 'createGraph']);
  const outs = requireTensors('backward', 'tensors', tensors);
  const g = asList(a.gradTensors as Tensor | Tensor[] | undefined);
  runBackward(outs, outs.map((_, i) => g[i] ?? null), { retainGraph: a.retainGraph as boolean | undefined, createGraph: !!a.createGraph });
}
