// A typed consumer of torchlet: compiled against the shipped declarations (dist/types) exactly as a
// project that installed the package would (test/package.test.ts runs `tsc` on it and then runs it).
//   npx tsc --strict --module node16 --moduleResolution node16 examples/typed-usage.ts   (after npm run build)
import * as torch from 'torchlet';

const info: { isa: string; threads: number; version: string } = torch.backendInfo();
const before: number = torch.getNumThreads();
torch.setNumThreads(1);
const one: number = torch.getNumThreads();
torch.setNumThreads(before);

// Tensors are typed: the class is torch.Tensor, shapes are number[], item() is a number.
const x: torch.Tensor = torch.zeros(2, 3);
const y: torch.Tensor = x.add(1);
const shape: number[] = y.shape;
const total: number = y.sum().item();
const dtype: torch.DType = y.dtype;
const { values, indices }: { values: torch.Tensor; indices: torch.Tensor } = y.max(1);
const flat: torch.TypedArray = indices.toTypedArray();
const doubled: torch.Tensor = torch.noGrad(() => values.mul(2));

// The last line is JSON (the package test reads `info` from it).
console.log(JSON.stringify({ info, threads: one, shape, total, dtype, flat: Array.from(flat), doubled: doubled.tolist() }));
