"""Batch normalization forward + backward (training mode, running statistics included):
the fast NumPy reference against torch.nn.functional.batch_norm + autograd on one
thread, with a NumPy copy of the same array as the memory-traffic floor.

    python -m pytest benchmarks/test_bench_batchnorm.py                      # measure
    python -m pytest benchmarks/test_bench_batchnorm.py --benchmark-disable  # smoke run

Shapes (256, 1024), (4096, 1024) and spatial (64, 64, 32, 32); float64 and float32.
Results are grouped by dtype and shape, so each group reads fast vs torch vs copy.
The torch cases are skipped when PyTorch is not installed. Run on a quiet machine:
figures from a busy one mean little.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
FAST = ROOT / "solutions" / "batchnorm-numpy" / "accepted" / "fast.py"
SHAPES = [(256, 1024), (4096, 1024), (64, 64, 32, 32)]
DTYPES = ["float64", "float32"]


def load_fast():
    spec = importlib.util.spec_from_file_location("bn_fast", FAST)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def inputs(shape, dtype):
    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 2.0, shape).astype(dtype)
    dout = rng.normal(size=shape).astype(dtype)
    C = shape[1]
    return x, dout, rng.normal(size=C).astype(dtype), rng.normal(size=C).astype(dtype)


def numpy_fast(shape, dtype):
    fast = load_fast()
    spatial = len(shape) == 4
    forward = fast.spatial_batchnorm_forward if spatial else fast.batchnorm_forward
    backward = fast.spatial_batchnorm_backward if spatial else fast.batchnorm_backward
    x, dout, gamma, beta = inputs(shape, dtype)
    bn_param = {"mode": "train"}

    def step():
        out, cache = forward(x, gamma, beta, bn_param)
        return out, backward(dout, cache)
    return step


def torch_autograd(shape, dtype):
    torch = pytest.importorskip("torch", reason="PyTorch not installed: pip install torch==2.13.0")
    torch.set_num_threads(1)
    F = torch.nn.functional
    x, dout, gamma, beta = (torch.from_numpy(a) for a in inputs(shape, dtype))
    x.requires_grad_()
    gamma.requires_grad_()
    beta.requires_grad_()
    C = shape[1]
    running_mean, running_var = torch.zeros(C, dtype=x.dtype), torch.ones(C, dtype=x.dtype)

    def step():
        x.grad = gamma.grad = beta.grad = None
        out = F.batch_norm(x, running_mean, running_var, gamma, beta, training=True, momentum=0.1, eps=1e-5)
        out.backward(dout)
        return out, x.grad
    return step


def numpy_copy(shape, dtype):
    x = inputs(shape, dtype)[0]
    return x.copy


IMPLEMENTATIONS = {"numpy-fast": numpy_fast, "torch": torch_autograd, "numpy-copy": numpy_copy}


@pytest.mark.parametrize("impl", list(IMPLEMENTATIONS))
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("dtype", DTYPES)
def test_batchnorm_forward_backward(benchmark, dtype: str, shape: tuple, impl: str) -> None:
    benchmark.group = f"batchnorm {dtype} {'x'.join(map(str, shape))}"
    step = IMPLEMENTATIONS[impl](shape, np.dtype(dtype))
    result = benchmark(step)
    assert result is not None
