// The backward engine: walks the graph from the roots in reverse creation order, summing the
// gradients that reach each node, and either accumulates into leaves' .grad (backward) or returns
// the gradients of chosen inputs (autograd.grad).
import type { Tensor } from '../tensor';
import { AccumulateGrad, Edge, Node } from './node';
import { GradModeGuard } from './grad_mode';
import { isTensor, typeName } from '../check';
import { Storage, storagesCreated } from '../storage';

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
  /** autograd.grad: return these tensors' gradients instead of accumulating into .grad. */
  inputs?: Tensor[];
  allowUnused?: boolean;
}

/** Max-heap of nodes by creation order: the most recently created ready node runs first. */
class NodeHeap {
  private a: Node[] = [];
  get size(): number {
    return this.a.length;
  }
  push(n: Node): void {
    const a = this.a;
    a.push(n);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].seq >= a[i].seq) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): Node {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && a[l].seq > a[m].seq) m = l;
        if (r < a.length && a[r].seq > a[m].seq) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

export function gradientEdge(t: Tensor): Edge | null {
  if (t.gradFn) return { node: t.gradFn, inputNr: t._outputNr };
  if (t.requiresGrad) return { node: t._gradAccumulator(), inputNr: 0 };
  return null;
}

function fmtSize(s: readonly number[]): string {
  return `torch.Size([${s.join(', ')}])`;
}

export function runBackward(roots: Tensor[], gradOutputs: (Tensor | null | undefined)[], opts: BackwardOptions): (Tensor | null)[] {
  const createGraph = !!opts.createGraph;
  const retainGraph = opts.retainGraph ?? createGraph;
  const rootEdges: Edge[] = [];
  const rootGrads: Tensor[] = [];
  roots.forEach((r, i) => {
    if (!isTensor(r)) throw new TypeError(`backward(): element ${i} of tensors must be a Tensor, not ${typeName(r)}`);
    const e = gradientEdge(r);
    if (!e) throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    let g = gradOutputs[i];
    if (g == null) {
      if (r.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      g = r._onesLikeDetached();
    } else if (!isTensor(g)) {
      throw new TypeError(`grad_output[${i}] must be a Tensor or null, not ${typeName(g)}`);
    } else if (g.dim() !== r.dim() || !g.shape.every((s, k) => s === r.shape[k])) {
      throw new RangeError(`Mismatch in shape: grad_output[${i}] has a shape of ${fmtSize(g.shape)} and output[${i}] has a shape of ${fmtSize(r.shape)}.`);
    }
    rootEdges.push(e);
    rootGrads.push(g);
  });

  // Dependencies: how many edges from reachable nodes point at each node.
  const deps = new Map<Node, number>();
  const seen = new Set<Node>();
  const stack: Node[] = rootEdges.map((e) => e.node);
  for (const n of stack) seen.add(n);
  while (stack.length) {
    const n = stack.pop()!;
    for (const e of n.nextEdges) {
      if (!e) continue;
      deps.set(e.node, (deps.get(e.node) ?? 0) + 1);
      if (!seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }

  // What autograd.grad captures: leaves at their AccumulateGrad, non-leaves at (gradFn, outputNr).
  const capture = opts.inputs;
  const captured: (Tensor | null)[] = capture ? capture.map(() => null) : [];
  const captureAt = new Map<Node, { nr: number; idx: number }[]>();
  if (capture) {
    capture.forEach((t, idx) => {
      if (!isTensor(t)) throw new TypeError(`grad(): element ${idx} of inputs must be a Tensor, not ${typeName(t)}`);
      const e = gradientEdge(t);
      if (!e) throw new Error('One of the differentiated Tensors does not require grad');
      const list = captureAt.get(e.node) ?? [];
      list.push({ nr: e.inputNr, idx });
      captureAt.set(e.node, list);
    });
  }

  const buffers = new Map<Node, (Tensor | null)[]>();
  const addTo = (node: Node, nr: number, g: Tensor) => {
    let buf = buffers.get(node);
    if (!buf) {
      buf = new Array(node.numOutputs).fill(null);
      buffers.set(node, buf);
    }
    buf[nr] = buf[nr] ? buf[nr]!.add(g) : g;
  };

  // Gradients this pass allocates itself (storage created from here on) that reach a leaf through
  // one path only may become its .grad without a copy. Storages a node hands out twice (add's
  // backward passes one gradient to both inputs; cat's returns views of one) or that user code
  // returned are `shared` and get copied.
  const ownFrom = storagesCreated();
  const shared = new Set<Storage>();
  const exclusive = (g: Tensor) =>
    !createGraph && g._storage.seq > ownFrom && !shared.has(g._storage) && g._offset === 0 &&
    g.numel() === g._storage.data.length && g.isContiguous();

  const guard = new GradModeGuard(createGraph);
  try {
    rootEdges.forEach((e, i) => addTo(e.node, e.inputNr, rootGrads[i]));
    const ready = new NodeHeap();
    for (const n of seen) if (!deps.get(n)) ready.push(n);
    while (ready.size) {
      const node = ready.pop();
      const grads = buffers.get(node) ?? new Array(node.numOutputs).fill(null);
      buffers.delete(node);
      const caps = captureAt.get(node);
      if (caps) for (const c of caps) captured[c.idx] = grads[c.nr];
      if (node.retained && !capture) {
        for (const [nr, ref] of node.retained) {
          const t = ref.deref();
          const g = grads[nr];
          if (t && g) t._accumulateGrad(g, createGraph);
        }
      }
      let outs: (Tensor | null)[] = [];
      if (node instanceof AccumulateGrad) {
        if (!capture && grads[0]) node.variable._accumulateGrad(grads[0], createGraph, exclusive(grads[0]));
      } else if (grads.some((g) => g !== null)) {
        outs = node.apply(grads);
        if (!retainGraph) node.release();
        const handed = new Set<Storage>();
        for (const o of outs) {
          if (!o) continue;
          if (node.opaque || handed.has(o._storage)) shared.add(o._storage);
          handed.add(o._storage);
        }
      }
      node.nextEdges.forEach((e, i) => {
        if (!e) return;
        const g = outs[i];
        if (g) addTo(e.node, e.inputNr, g);
        const d = deps.get(e.node)! - 1;
        deps.set(e.node, d);
        if (d === 0) ready.push(e.node);
      });
    }
  } finally {
    guard[Symbol.dispose]();
  }

  if (capture) {
    captured.forEach((g, i) => {
      if (g === null && !opts.allowUnused) {
        throw new Error(
          'One of the differentiated Tensors appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.',
        );
      }
      if (g && !createGraph) captured[i] = g.detach();
    });
  }
  return captured;
}
