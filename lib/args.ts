// PyTorch-style argument handling: positional arguments in PyTorch's order, with a final plain
// object taking any of them by camelCase name; sizes given as (2, 3) or ([2, 3]).
export type Options = Record<string, unknown>;

export function isOptions(v: unknown): v is Options {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Maps positional args (then a trailing options object) onto `names`. Unknown option names throw. */
export function parseArgs(fn: string, args: readonly unknown[], names: readonly string[]): Record<string, unknown> {
  let pos = args;
  let opts: Options = {};
  if (pos.length > 0 && isOptions(pos[pos.length - 1])) {
    opts = pos[pos.length - 1] as Options;
    pos = pos.slice(0, -1);
  }
  if (pos.length > names.length) {
    throw new TypeError(`${fn}() takes at most ${names.length} positional arguments but ${pos.length} were given`);
  }
  const out: Record<string, unknown> = {};
  pos.forEach((v, i) => {
    if (v !== undefined) out[names[i]] = v;
  });
  for (const [k, v] of Object.entries(opts)) {
    if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (k in out) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Splits `(2, 3, opts)` / `([2, 3], opts)` into the size list and the options. */
export function parseSize(fn: string, args: readonly unknown[]): { size: unknown[]; opts: Options } {
  let rest = args;
  let opts: Options = {};
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    opts = rest[rest.length - 1] as Options;
    rest = rest.slice(0, -1);
  }
  let size: unknown[];
  if (rest.length === 1 && (Array.isArray(rest[0]) || ArrayBuffer.isView(rest[0]))) size = Array.from(rest[0] as ArrayLike<unknown>);
  else size = rest.slice();
  for (const s of size) {
    if (typeof s !== 'number') {
      throw new TypeError(`${fn}(): size must be a sequence of integers, got ${Array.isArray(s) ? 'a nested list' : typeof s}`);
    }
    if (!Number.isInteger(s)) throw new TypeError(`${fn}(): size must contain integers, got ${s}`);
  }
  return { size, opts };
}

/** Dims given as (0, 1) or ([0, 1]). */
export function parseDims(fn: string, args: readonly unknown[]): number[] {
  const dims = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args.slice();
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isInteger(d)) throw new TypeError(`${fn}(): dims must be integers, got ${String(d)}`);
  }
  return dims as number[];
}
