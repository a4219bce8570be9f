// Grad mode: whether ops record a graph. noGrad / enableGrad work as a callback or a `using` guard.
let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

export function setGradEnabled(mode: boolean): void {
  enabled = !!mode;
}

/** Restores the previous grad mode when disposed (`using _g = torch.noGrad()`). */
export class GradModeGuard implements Disposable {
  private readonly prev: boolean;
  private done = false;
  constructor(mode: boolean) {
    this.prev = enabled;
    enabled = mode;
  }
  [Symbol.dispose](): void {
    if (!this.done) {
      this.done = true;
      enabled = this.prev;
    }
  }
  /** Same as disposing, for code without `using`. */
  exit(): void {
    this[Symbol.dispose]();
  }
}

function withMode<T>(mode: boolean, fn?: () => T): T | GradModeGuard {
  if (fn === undefined) return new GradModeGuard(mode);
  if (typeof fn !== 'function') throw new TypeError('expected a function or no argument');
  const prev = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** `torch.noGrad(() => ...)` runs fn with grad disabled; `using _ = torch.noGrad()` disables it for a block. */
export function noGrad(): GradModeGuard;
export function noGrad<T>(fn: () => T): T;
export function noGrad<T>(fn?: () => T): T | GradModeGuard {
  return withMode(false, fn);
}

export function enableGrad(): GradModeGuard;
export function enableGrad<T>(fn: () => T): T;
export function enableGrad<T>(fn?: () => T): T | GradModeGuard {
  return withMode(true, fn);
}
