// Graph nodes: each non-leaf tensor's gradFn, and AccumulateGrad for leaves.
import type { Tensor } from '../tensor';

export interface Edge {
  node: Node;
  inputNr: number;
}

/** Grads of a node's outputs in, grads of its inputs out (null = no gradient). */
export type BackwardFn = (grads: (Tensor | null)[], node: Node) => (Tensor | null)[];

let sequence = 0;

export class Node {
  readonly name: string;
  /** One edge per differentiable input (null when that input needs no grad). */
  readonly nextEdges: (Edge | null)[];
  readonly numOutputs: number;
  /** Later nodes run first when several are ready (PyTorch orders by creation). */
  readonly seq = sequence++;
  protected backwardFn: BackwardFn | null;
  private saved: { tensor: Tensor; version: number }[];
  private released = false;
  /** Non-leaf tensors that asked retainGrad(), by output index. */
  retained: Map<number, WeakRef<Tensor>> | null = null;
  /** Its backward is user code (custom Function), whose results may be held elsewhere. */
  opaque = false;

  constructor(name: string, nextEdges: (Edge | null)[], numOutputs: number, backwardFn: BackwardFn | null, saved: Tensor[] = []) {
    this.name = name;
    this.nextEdges = nextEdges;
    this.numOutputs = numOutputs;
    this.backwardFn = backwardFn;
    this.saved = saved.map((t) => ({ tensor: t, version: t._storage.version }));
  }

  /** Whether input i needs a gradient (lets backward skip work). */
  needsInputGrad(i: number): boolean {
    return this.nextEdges[i] != null;
  }

  /** Checks saved tensors are intact and still held, then runs the backward formula. */
  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    if (this.released) {
      throw new Error(
        'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
          'already been freed). Saved intermediate values of the graph are freed when you call .backward() or ' +
          'autograd.grad(). Specify retainGraph: true if you need to backward through the graph a second time or ' +
          'if you need to access saved tensors after calling backward.',
      );
    }
    for (const s of this.saved) {
      if (s.tensor._storage.version !== s.version) {
        throw new Error(
          `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
            `[${s.tensor.dtype} [${s.tensor.shape.join(', ')}]] is at version ${s.tensor._storage.version}; ` +
            `expected version ${s.version} instead (used by ${this.name}).`,
        );
      }
    }
    return this.backwardFn!(grads, this);
  }

  /** Frees what backward needed, as PyTorch does when retain_graph is false. */
  release(): void {
    if (this.saved.length > 0) {
      this.released = true;
      this.saved = [];
      this.backwardFn = null;
    }
  }

  name_(): string {
    return this.name;
  }
}

/** Sink of a leaf tensor's gradient: adds into `.grad`. */
export class AccumulateGrad extends Node {
  readonly variable: Tensor;
  constructor(variable: Tensor) {
    super('AccumulateGrad', [], 1, null);
    this.variable = variable;
  }
  override apply(): (Tensor | null)[] {
    return [];
  }
}
