"""PyTorch side of `actbench bench` (the activation micro-benchmark): each actbench elementwise
activation written in PyTorch, and its forward+backward time per element on one thread.

TORCH_ACTIVATIONS is the one place that says what each actbench activation is in PyTorch: the
library function where PyTorch has it, else the shortest composite of its functions. Activations
without an entry are reported as not expressible, with the reason from NOT_IN_TORCH or a default.
A test (src/bench/activation-torch.test.ts, where PyTorch is unpacked) checks every expression
against actbench's float64 reference, values and derivatives.

Timing matches actbench's side (src/bench/activation-bench.ts): the same tensor size, x ~ 3·N(0, 1)
and dy ~ N(0, 1); one call is y = f(x) then the gradient dy·f'(x) (torch.autograd.grad, which
returns a fresh tensor as tf.grad does, instead of accumulating into x.grad); calls repeat for the
time budget after a warm-up, and the fastest and the median call are reported in ns per element.
"""
import statistics
import time

import torch
import torch.nn.functional as F


def _leaky(slope):
    return lambda x: F.leaky_relu(x, slope)


# name → (PyTorch expression as written here, the function). "composite" in the text marks the
# ones PyTorch has no single function for.
TORCH_ACTIVATIONS = {
    "relu": ("F.relu(x)", F.relu),
    "relu6": ("F.relu6(x)", F.relu6),
    "lrelu-0.01": ("F.leaky_relu(x, 0.01)", _leaky(0.01)),
    "lrelu-0.30": ("F.leaky_relu(x, 0.30)", _leaky(0.30)),
    "elu": ("F.elu(x)", F.elu),
    "celu": ("F.celu(x)", F.celu),
    "selu": ("F.selu(x)", F.selu),
    "sigmoid": ("torch.sigmoid(x)", torch.sigmoid),
    "tanh": ("torch.tanh(x)", torch.tanh),
    "softsign": ("F.softsign(x)", F.softsign),
    "softplus": ("F.softplus(x)", F.softplus),
    "silu": ("F.silu(x)", F.silu),
    "swish": ("F.silu(x)", F.silu),
    "gelu": ("F.gelu(x)", F.gelu),
    "gelu-tanh": ("F.gelu(x, approximate='tanh')", lambda x: F.gelu(x, approximate="tanh")),
    "mish": ("F.mish(x)", F.mish),
    "hard-swish": ("F.hardswish(x)", F.hardswish),
    # actbench's is Keras's clip(0.2x + 0.5, 0, 1); PyTorch's hardsigmoid has slope 1/6, so x is
    # scaled by 1.2 first: the same function, one multiplication more.
    "hard-sigmoid": ("F.hardsigmoid(1.2 * x)  (composite)", lambda x: F.hardsigmoid(1.2 * x)),
    "sin": ("torch.sin(x)", torch.sin),
    "cube": ("x ** 3", lambda x: x**3),
    "penalized-tanh": ("F.leaky_relu(torch.tanh(x), 0.25)  (composite)", lambda x: F.leaky_relu(torch.tanh(x), 0.25)),
    "maxtanh": ("torch.maximum(x, torch.tanh(x))  (composite)", lambda x: torch.maximum(x, torch.tanh(x))),
    "maxsig": ("torch.maximum(x, torch.sigmoid(x))  (composite)", lambda x: torch.maximum(x, torch.sigmoid(x))),
    "minsin": ("torch.minimum(x, torch.sin(x))  (composite)", lambda x: torch.minimum(x, torch.sin(x))),
    "cosid": ("torch.cos(x) - x  (composite)", lambda x: torch.cos(x) - x),
    "arctid": ("torch.atan(x) ** 2 - x  (composite)", lambda x: torch.atan(x) ** 2 - x),
}

NOT_IN_TORCH = {
    "linear": "the identity: PyTorch returns x itself and computes nothing, so there is no time to compare",
}


def unsupported_reason(name):
    return NOT_IN_TORCH.get(name, "no PyTorch expression for it in scripts/torch_activations.py")


class _Copy(torch.autograd.Function):
    """A copy of x forward and a copy of dy backward: actbench's copy floor (src/bench/copy-op.ts)."""

    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, dy):
        return dy.clone()


def _time_calls(fn, x, dy, time_ms):
    """ns per element of the fastest and the median call of y = fn(x), dx = dy·fn'(x)."""

    def call():
        started = time.perf_counter()
        y = fn(x)
        (dx,) = torch.autograd.grad(y, x, dy)
        elapsed = time.perf_counter() - started
        del y, dx
        return elapsed

    # The same warm-up and minimum sample count as actbench's tinybench settings.
    warmup_until = time.perf_counter() + min(200, time_ms) / 1000
    for count in range(1_000_000):
        call()
        if count >= 2 and time.perf_counter() >= warmup_until:
            break
    samples = []
    until = time.perf_counter() + time_ms / 1000
    while len(samples) < 5 or time.perf_counter() < until:
        samples.append(call())
    n = x.numel()
    return {"nsPerElement": min(samples) * 1e9 / n, "medianNsPerElement": statistics.median(samples) * 1e9 / n, "samples": len(samples)}


def measure_activations(names, size, time_ms, on_progress):
    """Times the copy floor and each named activation; unexpressible ones carry their reason."""
    x = (torch.randn(size, generator=torch.Generator().manual_seed(7)) * 3).requires_grad_()
    dy = torch.randn(size, generator=torch.Generator().manual_seed(8))
    rows = []
    for index, name in enumerate(names):
        on_progress(f"{name} ({index + 1}/{len(names)})")
        entry = TORCH_ACTIVATIONS.get(name)
        if entry is None:
            rows.append({"activation": name, "unsupported": unsupported_reason(name)})
            continue
        expression, fn = entry
        rows.append({"activation": name, "expression": expression, "forwardBackward": _time_calls(fn, x, dy, time_ms)})
    # The copy floor last: measured first, it ran on a cold allocator and varied 0.3–2.3 ns/element.
    copy = _time_calls(_Copy.apply, x, dy, time_ms)
    return {"size": size, "copy": copy, "activations": rows}


def activation_values(names, xs):
    """f(x) and f'(x) in float64 at the given points, for the test that each expression is the right function."""
    result = {}
    for name in names:
        entry = TORCH_ACTIVATIONS.get(name)
        if entry is None:
            result[name] = {"unsupported": unsupported_reason(name)}
            continue
        x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
        y = entry[1](x)
        (dx,) = torch.autograd.grad(y, x, torch.ones_like(y))
        result[name] = {"f": y.tolist(), "df": dx.tolist()}
    return result
