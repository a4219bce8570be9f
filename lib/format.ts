// Printing like PyTorch's tensor.__repr__ (precision 4, threshold 1000, edgeitems 3, linewidth 80).
import type { Tensor } from './tensor';

const PRECISION = 4, THRESHOLD = 1000, EDGE = 3, LINEWIDTH = 80;

function fixed(v: number, digits: number): string {
  return v.toFixed(digits);
}

function sci(v: number, digits: number): string {
  const s = v.toExponential(digits); // 1.2345e+0
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (!m) return s;
  return `${m[1]}e${m[2]}${m[3].padStart(2, '0')}`;
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

/** Chooses one format for all printed values, as torch's _Formatter does. */
function makeFormatter(values: number[], dtype: string): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? 'True' : 'False');
  if (dtype === 'int32') return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v));
  let fmt: (v: number) => string;
  if (finite.length === 0) {
    fmt = (v) => fixed(v, 0) + '.';
  } else {
    const absv = finite.map(Math.abs);
    const nz = absv.filter((v) => v !== 0);
    const maxA = nz.length ? Math.max(...nz) : 0, minA = nz.length ? Math.min(...nz) : 0;
    const intMode = finite.every((v) => v === Math.ceil(v));
    if (intMode) {
      fmt = maxA > 1e8 ? (v) => sci(v, PRECISION) : (v) => fixed(v, 0) + '.';
    } else if (nz.length && (maxA / minA > 1000 || maxA > 1e8 || minA < 1e-4)) {
      fmt = (v) => sci(v, PRECISION);
    } else {
      fmt = (v) => fixed(v, PRECISION);
    }
  }
  const f = (v: number) => special(v) ?? fmt(v);
  const width = Math.max(...values.map((v) => f(v).length), 1);
  return (v) => f(v).padStart(width);
}

function summarizedValues(t: Tensor, summarize: boolean): number[] {
  // Values that will be printed (edges only when summarizing), to size the formatter.
  const out: number[] = [];
  const walk = (x: Tensor) => {
    if (x.dim() === 0) {
      out.push(x.item());
      return;
    }
    const n = x.shape[0];
    const idx = summarize && n > 2 * EDGE ? [...Array(EDGE).keys(), ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
    for (const i of idx) walk(x.select(0, i));
  };
  walk(t);
  return out;
}

function fmtBody(t: Tensor, fmt: (v: number) => string, indent: number, summarize: boolean): string {
  if (t.dim() === 0) return fmt(t.item());
  const n = t.shape[0];
  const skip = summarize && n > 2 * EDGE;
  const idx = skip ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
  if (t.dim() === 1) {
    const items = idx.map((i) => (i < 0 ? '...' : fmt(t.select(0, i).item())));
    // Wrap lines at the line width.
    const itemW = items.reduce((m, s) => Math.max(m, s.length), 0) + 2;
    const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / itemW));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
  }
  const parts = idx.map((i) => (i < 0 ? '...' : fmtBody(t.select(0, i), fmt, indent + 1, summarize)));
  const sep = ',' + '\n'.repeat(t.dim() - 1) + ' '.repeat(indent + 1);
  return '[' + parts.join(sep) + ']';
}

export function formatTensor(src: Tensor): string {
  const t = src.detach();
  const summarize = t.numel() > THRESHOLD;
  const suffix: string[] = [];
  let body: string;
  if (t.numel() === 0) {
    body = '[]';
    if (t.dim() !== 1) suffix.push(`size=(${t.shape.join(', ')}${t.dim() === 1 ? ',' : ''})`);
  } else {
    const fmt = makeFormatter(summarizedValues(t, summarize), t.dtype);
    body = fmtBody(t, fmt, 'tensor('.length, summarize);
  }
  if (t.dtype === 'float64' || t.dtype === 'int32') suffix.push(`dtype=torch.${t.dtype}`);
  if (src.gradFn) suffix.push(`grad_fn=<${src.gradFn.name}>`);
  else if (src.requiresGrad) suffix.push('requires_grad=True');
  return `tensor(${body}${suffix.map((s) => ', ' + s).join('')})`;
}
