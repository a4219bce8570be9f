"""PyTorch side of the benchmark harness: python3 runner.py <suite>, driven by run.js over
stdin/stdout, one JSON request per line and one JSON reply per line:

  {"cmd": "prepare", "key", "threads", ...case}  -> {"key", "reps": {"fn": n, "kernel": n}}
      builds the case's callables (pytorch/<suite>.py: make(case), and make_kernel(case), the same
      op writing into a preallocated result, where the suite has it), warms them up and picks how
      many calls make one sample of about sample_ms.
  {"cmd": "sample", "key", "kind": "fn"|"kernel", "reps"} -> {"key", "ms"}   (ms per call)

run.js alternates these samples with torchlet's, case by case, so both sides of a row are measured
milliseconds apart under the same machine load. Run with LD_LIBRARY_PATH pointing at
OpenBLAS-openmp (run.js does that)."""
import importlib.util
import json
import os
import sys
import time

import torch


WARMUP_MIN_S, WARMUP_BLOCK_S, WARMUP_MAX_S = 0.15, 0.05, 2.0  # as lib.js warmUp


def warm_up(fn):
    # As lib.js warmUp: 50 ms blocks, at least 150 ms and 3 calls, until three blocks in a row were
    # none more than 3% faster per call than the best before them, or 2 s.
    t0 = time.perf_counter()
    best = float('inf')
    stale = 0
    n = 0
    while True:
        b0 = time.perf_counter()
        k = 0
        while True:
            fn()
            k += 1
            if time.perf_counter() - b0 >= WARMUP_BLOCK_S:
                break
        n += k
        per = (time.perf_counter() - b0) / k
        el = time.perf_counter() - t0
        stale = 0 if per < best * 0.97 else stale + 1
        best = min(best, per)
        if el >= WARMUP_MAX_S or (n >= 3 and el >= WARMUP_MIN_S and stale >= 3):
            return


def calibrate(fn, sample_ms):
    warm_up(fn)
    t0 = time.perf_counter()
    fn()
    one = max(time.perf_counter() - t0, 1e-7)
    return max(1, min(100000, round(sample_ms / 1e3 / one)))


def sample(fn, reps):
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t0) / reps * 1e3


def serve(mod):
    prepared = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        c = json.loads(line)
        try:
            with torch.no_grad():
                if c['cmd'] == 'prepare':
                    if c.get('cpus') and hasattr(os, 'sched_setaffinity'):
                        os.sched_setaffinity(0, set(c['cpus']))  # the calling thread (run.js pins its own alike)
                    torch.set_num_threads(int(c['threads']))
                    fns = {'fn': mod.make(c)}
                    if hasattr(mod, 'make_kernel'):
                        fns['kernel'] = mod.make_kernel(c)
                    prepared = {c['key']: fns}  # one case at a time: free the previous one's tensors
                    reps = {k: calibrate(f, float(c.get('sample_ms', 10))) for k, f in fns.items()}
                    out = {'key': c['key'], 'reps': reps}
                else:
                    out = {'key': c['key'], 'ms': sample(prepared[c['key']][c['kind']], int(c['reps']))}
            sys.stdout.write(json.dumps(out) + '\n')
        except Exception as e:  # report, keep serving
            sys.stdout.write(json.dumps({'key': c.get('key'), 'error': repr(e)}) + '\n')
        sys.stdout.flush()


def main():
    suite = sys.argv[1]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), suite + '.py')
    spec = importlib.util.spec_from_file_location('suite_' + suite, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    torch.manual_seed(0)
    serve(mod)


if __name__ == '__main__':
    main()
