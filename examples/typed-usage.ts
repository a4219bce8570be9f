// A typed consumer of torchlet: compiled against the shipped declarations (dist/types) exactly as a
// project that installed the package would (test/package.test.ts runs `tsc` on it and then runs it).
//   npx tsc --strict --module node16 --moduleResolution node16 examples/typed-usage.ts   (after npm run build)
import * as torch from 'torchlet';

const info: { isa: string; threads: number; version: string } = torch.backendInfo();
const before: number = torch.getNumThreads();
torch.setNumThreads(1);
const one: number = torch.getNumThreads();
torch.setNumThreads(before);

console.log(JSON.stringify({ info, threads: one }));
