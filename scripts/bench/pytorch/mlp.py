"""mlp suite, PyTorch side: the same 784-256-10 MLP from raw ops as suites/mlp.js — training step
h = relu(x@W1 + b1); logits = h@W2 + b2; loss = mean(logsumexp(logits, 1) - gather(logits, 1, y));
backward; SGD p -= lr*grad under no_grad with grads reset to None — or the inference forward under
no_grad. (runner.py times under no_grad, so the training step re-enables grad.)"""
import math

import torch

IN, HID, OUT = 784, 256, 10
LR = 0.01


def _uniform(shape, bound):
    return ((torch.rand(*shape) * 2 - 1) * bound).requires_grad_(True)


def make(c):
    batch = int(c['batch'])
    W1 = _uniform((IN, HID), 1 / math.sqrt(IN))
    b1 = _uniform((HID,), 1 / math.sqrt(IN))
    W2 = _uniform((HID, OUT), 1 / math.sqrt(HID))
    b2 = _uniform((OUT,), 1 / math.sqrt(HID))
    params = [W1, b1, W2, b2]
    x = torch.rand(batch, IN) * 2 - 1
    y = torch.tensor([(i * 7 + 3) % OUT for i in range(batch)], dtype=torch.long).reshape(batch, 1)

    def forward():
        h = torch.relu(torch.add(torch.matmul(x, W1), b1))
        return torch.add(torch.matmul(h, W2), b2)

    if c['mode'] == 'infer':
        def infer():
            with torch.no_grad():
                return forward()
        return infer

    def step():
        with torch.enable_grad():
            logits = forward()
            loss = torch.mean(torch.sub(torch.logsumexp(logits, 1), torch.gather(logits, 1, y).squeeze(1)))
            loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad.mul(LR))
                p.grad = None
        return loss
    return step
