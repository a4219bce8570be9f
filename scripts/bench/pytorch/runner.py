"""PyTorch side of the benchmark harness: python3 runner.py <suite> < cases.json > times.json,
or python3 runner.py <suite> --serve (one case per line in, one result per line out: run.js
interleaves PyTorch and torchlet case by case so both see the same machine load).

Loads pytorch/<suite>.py, whose make(case) returns a zero-argument callable for one case (built
from the same shapes as the torchlet side; an optional make_kernel(case) returns the same op
writing into a preallocated result, timed as kernel_ms with --serve), sets torch.set_num_threads(case['threads']) and prints
{case['key']: median milliseconds}. Run with LD_LIBRARY_PATH pointing at OpenBLAS-openmp (run.js
does that)."""
import importlib.util
import json
import os
import sys
import time

import torch


def time_median(fn, sample_s=0.008, samples=11, budget_s=2.0):
    fn()
    t0 = time.perf_counter()
    fn()
    one = max(time.perf_counter() - t0, 1e-7)
    reps = max(1, min(100000, round(sample_s / one)))
    out = []
    start = time.perf_counter()
    for s in range(samples):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        out.append((time.perf_counter() - t0) / reps)
        if s >= 2 and time.perf_counter() - start > budget_s:
            break
    out.sort()
    return (out[0] if STAT == 'min' else out[len(out) // 2]) * 1e3


STAT = 'median'  # or 'min' (run.js --stat=min), set per case


def serve(mod):
    """--serve: one JSON case per stdin line -> one JSON line {key, ms} (or {key, error})."""
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        c = json.loads(line)
        global STAT
        STAT = c.get('stat', 'median')
        try:
            torch.set_num_threads(int(c['threads']))
            with torch.no_grad():
                ms = time_median(mod.make(c))
                out = {'key': c['key'], 'ms': ms}
                if hasattr(mod, 'make_kernel'):  # the same op without allocating its result (out=)
                    out['kernel_ms'] = time_median(mod.make_kernel(c))
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
    if '--serve' in sys.argv:
        return serve(mod)
    cases = json.load(sys.stdin)
    res = {}
    with torch.no_grad():
        for c in cases:
            torch.set_num_threads(int(c['threads']))
            fn = mod.make(c)
            res[c['key']] = time_median(fn)
    json.dump(res, sys.stdout)


if __name__ == '__main__':
    main()
