// dtypes: the one list of what torchlet stores and how.
export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** The typed array that stores each dtype. */
export const TYPED_ARRAY = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

export function arrayFor(dtype: DType, n: number): TypedArray {
  return new TYPED_ARRAY[dtype](n);
}

export function checkDtype(d: unknown): DType {
  if (typeof d === 'string') {
    const s = d.startsWith('torch.') ? d.slice(6) : d;
    if ((DTYPES as readonly string[]).includes(s)) return s as DType;
    if (s === 'float' ) return 'float32';
    if (s === 'double') return 'float64';
    if (s === 'int' || s === 'int64' || s === 'long') return 'int32';
  }
  throw new TypeError(`unsupported dtype ${String(d)}; expected one of ${DTYPES.join(', ')}`);
}

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Promotion order: bool < int32 < float32 < float64. */
export const dtypeRank = (d: DType): number => RANK[d];

/** PyTorch's promotion between two tensor dtypes of the same category rank. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Result dtype of tensor (dtype t) combined with a JS scalar (PyTorch: a scalar never widens the tensor's category). */
export function promoteWithScalar(t: DType, s: number | boolean): DType {
  if (typeof s === 'boolean') return t;
  if (isFloat(t)) return t;
  if (Number.isInteger(s) || !Number.isFinite(s)) return Number.isInteger(s) ? (t === 'bool' ? 'int32' : t) : 'float32';
  return 'float32';
}

/** Casts a JS number into what a dtype stores. */
export function castScalar(d: DType, v: number): number {
  switch (d) {
    case 'bool': return v ? 1 : 0;
    case 'int32': return Math.trunc(v) | 0;
    case 'float32': return Math.fround(v);
    default: return v;
  }
}
