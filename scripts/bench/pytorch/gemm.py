"""gemm suite, PyTorch side: torch.mm on op(A) (M x K) and op(B) (K x N) with the same transposes
(a transposed operand is a .t() view of a contiguous tensor, as in a backward pass)."""
import torch


def operands(c):
    m, n, k = c['M'], c['N'], c['K']
    a = torch.randn(k, m).t() if c['ta'] else torch.randn(m, k)
    b = torch.randn(n, k).t() if c['tb'] else torch.randn(k, n)
    return a, b


def make(c):
    a, b = operands(c)
    return lambda: torch.mm(a, b)  # allocates its result, as torchlet's torch.mm does


def make_kernel(c):
    """The BLAS call alone: torch.mm into a preallocated result (compared with torchlet's raw
    addon.gemm into a preallocated C, the bench's "kernel ms")."""
    a, b = operands(c)
    out = torch.empty(c['M'], c['N'])
    return lambda: torch.mm(a, b, out=out)
