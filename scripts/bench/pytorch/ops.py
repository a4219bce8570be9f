"""ops suite, PyTorch side: the same element-wise ops and reductions on the same shapes (float32,
each call allocating its result; make_kernel: the same op into a preallocated result with out=, the
counterpart of torchlet's raw-kernel column). Cases with calls > 1 run that many calls per
invocation (as the torchlet side does), so the harness's ms reads microseconds per call for them."""
import torch

_UNARY = {'exp': torch.exp, 'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'relu': torch.relu}


def _inputs(shape):
    return torch.rand(*shape) * 2 - 1, torch.rand(*shape) * 2 - 1, torch.rand(shape[-1]) * 2 - 1


def _one(c):
    x, y, b = _inputs(c['shape'])
    op = c['op']
    if op in _UNARY:
        f = _UNARY[op]
        return lambda: f(x)
    if op == 'add':
        return lambda: torch.add(x, y)
    if op == 'mul':
        return lambda: torch.mul(x, y)
    if op == 'add_bias':
        return lambda: torch.add(x, b)
    if op == 'sum_all':
        return lambda: torch.sum(x)
    if op == 'sum_dim0':
        return lambda: torch.sum(x, 0)
    if op == 'sum_dim1':
        return lambda: torch.sum(x, -1)
    if op == 'max_dim0':
        return lambda: torch.max(x, 0)
    if op == 'max_dim1':
        return lambda: torch.max(x, -1)
    if op == 'argmax_dim1':
        return lambda: torch.argmax(x, -1)
    if op == 'mul_sum_fwd_bwd':
        # runner.py times under no_grad: re-enable it for the backward case. w.grad is reset each
        # call (zero_grad(set_to_none=True)), as on the torchlet side.
        w = y.clone().requires_grad_(True)

        def step():
            with torch.enable_grad():
                w.grad = None
                torch.mul(w, x).sum().backward()
        return step
    raise ValueError('ops: unknown op ' + op)


def _one_out(c):
    """The op writing into preallocated outputs (out=); the fwd+bwd case has none and is timed as is."""
    x, y, b = _inputs(c['shape'])
    op = c['op']
    o = torch.empty_like(x)
    if op == 'relu':  # torch.relu has no out=; clamp_min is the same kernel math
        return lambda: torch.clamp_min(x, 0, out=o)
    if op in _UNARY:
        f = _UNARY[op]
        return lambda: f(x, out=o)
    if op == 'add':
        return lambda: torch.add(x, y, out=o)
    if op == 'mul':
        return lambda: torch.mul(x, y, out=o)
    if op == 'add_bias':
        return lambda: torch.add(x, b, out=o)
    if op == 'sum_all':
        r = torch.empty(())
        return lambda: torch.sum(x, dim=tuple(range(x.dim())), out=r)
    rows = torch.empty(x.shape[:-1])
    cols = torch.empty(x.shape[-1:])
    idx = torch.empty(x.shape[:-1], dtype=torch.long)
    idx0 = torch.empty(x.shape[-1:], dtype=torch.long)
    if op == 'sum_dim0':
        return lambda: torch.sum(x, 0, out=cols)
    if op == 'sum_dim1':
        return lambda: torch.sum(x, -1, out=rows)
    if op == 'max_dim0':
        return lambda: torch.max(x, 0, out=(cols, idx0))
    if op == 'max_dim1':
        return lambda: torch.max(x, -1, out=(rows, idx))
    if op == 'argmax_dim1':
        return lambda: torch.argmax(x, -1, out=idx)
    return _one(c)


def _repeat(fn, c):
    calls = int(c.get('calls', 1))
    if calls == 1:
        return fn

    def many():
        for _ in range(calls):
            fn()
    return many


def make(c):
    return _repeat(_one(c), c)


def make_kernel(c):
    return _repeat(_one_out(c), c)
