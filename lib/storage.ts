// A tensor's memory: one typed array shared by every view of it, with the version counter that
// autograd checks saved tensors against.
import type { TypedArray } from './dtype';

let created = 0;

export class Storage {
  data: TypedArray;
  version = 0;
  /** @internal Creation order: lets the backward engine tell its own fresh buffers from older ones. */
  readonly seq = ++created;
  constructor(data: TypedArray) {
    this.data = data;
  }
}

/** @internal How many storages have been created so far (the next one's seq is this + 1). */
export function storagesCreated(): number {
  return created;
}
