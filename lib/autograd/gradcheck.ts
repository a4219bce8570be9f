// gradcheck: analytical (backward) vs numerical (central differences) Jacobians, in float64.
import { parseArgs } from '../args';
import { Tensor } from '../tensor';
import { noGrad } from './grad_mode';
import { grad } from './grad';
import { tensor } from '../ops/creation';
import { offsetsOf } from '../ops/kernels';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  raiseException?: boolean;
}

function outputsOf(r: unknown): Tensor[] {
  const list = Array.isArray(r) ? r : [r];
  return list.filter((t): t is Tensor => t instanceof Tensor && (t.dtype === 'float64' || t.dtype === 'float32'));
}

/** Checks fn's gradients w.r.t. every input that requires grad. */
export function gradcheck(fn: (...inputs: Tensor[]) => unknown, inputs: Tensor | Tensor[], ...rest: unknown[]): boolean {
  const o = parseArgs('gradcheck', rest, ['eps', 'atol', 'rtol', 'raiseException']) as GradcheckOptions;
  const eps = o.eps ?? 1e-6, atol = o.atol ?? 1e-5, rtol = o.rtol ?? 1e-3;
  const raise = o.raiseException ?? true;
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const diff = ins.map((t, i) => ({ t, i })).filter(({ t }) => t instanceof Tensor && t.requiresGrad);
  const fail = (msg: string) => {
    if (raise) throw new Error(`Jacobian mismatch: ${msg}`);
    return false;
  };
  for (const { t } of diff) {
    if (t.dtype !== 'float64') {
      // float32 finite differences are too coarse to judge; PyTorch warns the same way.
      console.warn('gradcheck: input is not float64; the check is likely to fail from precision loss');
    }
  }
  const outs0 = outputsOf(noGrad(() => fn(...ins)));
  for (let oi = 0; oi < outs0.length; oi++) {
    const nOut = outs0[oi].numel();
    for (const { t, i } of diff) {
      const n = t.numel();
      // Numerical Jacobian column by column: perturb one input element at a time.
      const numerical = new Float64Array(nOut * n);
      const data = t._storage.data;
      const offs = offsetsOf(t.shape, t._strides, t._offset);
      for (let k = 0; k < n; k++) {
        const p = offs[k];
        const orig = data[p];
        data[p] = orig + eps;
        const plus = outputsOf(noGrad(() => fn(...ins)))[oi].toTypedArray();
        data[p] = orig - eps;
        const minus = outputsOf(noGrad(() => fn(...ins)))[oi].toTypedArray();
        data[p] = orig;
        for (let r = 0; r < nOut; r++) numerical[r * n + k] = (plus[r] - minus[r]) / (2 * eps);
      }
      // Analytical Jacobian row by row: backward with one-hot output grads.
      for (let r = 0; r < nOut; r++) {
        const out = outputsOf(fn(...ins))[oi];
        if (!out.requiresGrad) {
          const nz = Array.from(numerical.subarray(r * n, r * n + n)).some((v) => Math.abs(v) > atol);
          if (nz) return fail(`output ${oi} does not require grad but its numerical gradient w.r.t. input ${i} is non-zero`);
          continue;
        }
        const go = new Float64Array(nOut);
        go[r] = 1;
        const gt = oneHot(out, go);
        const [g] = grad([out], [t], { gradOutputs: [gt], allowUnused: true });
        const ga = g ? g.toTypedArray() : new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const a = ga[k], b = numerical[r * n + k];
          if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
            return fail(`for output ${oi} with respect to input ${i}, element [${r}, ${k}]: analytical ${a} vs numerical ${b}`);
          }
        }
      }
    }
  }
  return true;
}


function oneHot(like: Tensor, values: Float64Array): Tensor {
  return tensor(like.dtype === 'float32' ? new Float32Array(values) : values).reshape(like.shape);
}
