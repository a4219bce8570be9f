// The public surface of torchlet.
import { native } from './native';

export function backendInfo(): { isa: string; threads: number; version: string } {
  const b = native.backendInfo();
  return { isa: b.isa, threads: b.threads, version: b.version };
}
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer, got ${n}`);
  native.setNumThreads(n);
}
export function getNumThreads(): number {
  return native.getNumThreads();
}
