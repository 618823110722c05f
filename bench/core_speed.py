"""How fast is the core?  SGD against bare numpy and PyTorch, three ways to run an epoch,
backprop vs feedforward.

    .venv/bin/python bench/core_speed.py [--repeats 3] [--threads 1] [--edu-examples 100]

0. The core's overhead: one epoch of Network.SGD (10,000 MNIST-shaped examples,
   [784, 30, 10], mini-batch 10, progress off) against the same mathematics
   written as bare numpy in this file with the textbook σ(z) = 1/(1 + e^(−z)),
   and against the same epoch in PyTorch (CPU, float64, autograd), alternating,
   best of max(repeats, 9), one thread.  Targets: core / bare ≤ 1.25 and
   PyTorch / core ≥ 1.8.  Without torch installed, the PyTorch row says so.

1. One epoch of mini-batch SGD over 10,000 random MNIST-shaped examples
   ([784, 30, 10], mini-batches of 10, η = 3.0), three ways, timed side by side
   in this one process (in alternation, best of ``--repeats``):
   * loop        — backprop_core.minibatch: net.backprop once per example, summed;
   * matrix      — the core's Network.update_mini_batch (backprop_batch on 784 × 10);
   * educational — backprop_core.educational, one Python step per weight; run on
     the first ``--edu-examples`` examples only and scaled to 10,000.
2. The cost of backpropagation in forward passes: backprop_batch time / feedforward
   time for [784, 100, 10] on a batch of 64, beside chapter 8's count of multiplications
   (backprop_core.speed.multiplications: 2.01 forward passes for this network, at most 3).
3. What a per-example call costs besides the arithmetic (to explain the ratio).

Times are the CPU time of this process (time.process_time), and the numerical
library is held to ``--threads`` threads (threadpoolctl; default 1), so the
numbers compare work and stay meaningful on a busy shared machine, where wall
time mostly measures the other processes.  Only ratios measured in the same run
are meaningful; absolute times vary.
"""
import argparse
import os
import platform
import sys
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"             # one thread, set before numpy (and torch) load

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from backprop_core import Network, checks  # noqa: E402
from backprop_core.speed import multiplications  # noqa: E402
from backprop_core.educational import EducationalNetwork  # noqa: E402
from loop_training import sgd_epoch  # noqa: E402  (tests/loop_training.py)

try:
    import torch
except ImportError:                     # the numpy ratio is still measured
    torch = None

N_EXAMPLES, SIZES, MINI_BATCH, ETA = 10_000, [784, 30, 10], 10, 3.0


def mnist_shaped(n, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((784, n))
    Y = np.eye(10)[:, rng.integers(0, 10, n)]
    return X, Y


def bare_sigmoid(z):
    """The textbook σ(z) = 1/(1 + e^(−z)) (no overflow at these sizes)."""
    return 1.0 / (1.0 + np.exp(-z))


def bare_epoch(X, Y, seed):
    """The core's mathematics for one SGD epoch as bare numpy: no checks, no objects.

    Sigmoid layers, quadratic cost, the same initial parameters and the same
    shuffle (rng.permutation once per epoch) as Network.SGD.
    """
    net = Network(SIZES, seed=1)
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    order = np.random.default_rng(seed).permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    for start in range(0, X.shape[1], MINI_BATCH):
        x, y = X[:, start:start + MINI_BATCH], Y[:, start:start + MINI_BATCH]
        activations, zs = [x], []
        for w, b in zip(weights, biases):
            zs.append(w @ activations[-1] + b)
            activations.append(bare_sigmoid(zs[-1]))
        s = activations[-1]
        delta = (s - y) * s * (1.0 - s)
        m = x.shape[1]
        nabla_b, nabla_w = [None] * len(weights), [None] * len(weights)
        for i in range(len(weights) - 1, -1, -1):
            if i < len(weights) - 1:
                s = activations[i + 1]
                delta = (weights[i + 1].T @ delta) * s * (1.0 - s)
            nabla_b[i] = delta.sum(axis=1, keepdims=True) / m
            nabla_w[i] = delta @ activations[i].T / m
        weights = [w - ETA * nw for w, nw in zip(weights, nabla_w)]
        biases = [b - ETA * nb for b, nb in zip(biases, nabla_b)]
    return weights, biases


def torch_epoch(X, Y, seed):
    """The same epoch in PyTorch: float64 tensors, autograd for the gradient, the
    same initial parameters, shuffle and mean quadratic cost, the update under no_grad."""
    net = Network(SIZES, seed=1)
    params = [torch.tensor(p, requires_grad=True) for p in net.weights + net.biases]
    weights, biases = params[:len(net.weights)], params[len(net.weights):]
    order = np.random.default_rng(seed).permutation(X.shape[1])
    X, Y = torch.from_numpy(X[:, order]), torch.from_numpy(Y[:, order])
    for start in range(0, X.shape[1], MINI_BATCH):
        a, y = X[:, start:start + MINI_BATCH], Y[:, start:start + MINI_BATCH]
        for w, b in zip(weights, biases):
            a = torch.sigmoid(w @ a + b)
        cost = 0.5 * ((a - y) ** 2).sum() / a.shape[1]
        cost.backward()
        with torch.no_grad():
            for p in params:
                p -= ETA * p.grad
                p.grad = None
    return [p.detach().numpy() for p in weights]


def core_epoch(X, Y, seed):
    net = Network(SIZES, seed=1)
    net.SGD((X, Y), 1, MINI_BATCH, ETA, seed=seed, progress=False)
    return net


def core_against_bare(repeats):
    """Network.SGD against the bare-numpy and the PyTorch epoch, alternating, best of
    ``repeats``: (core / bare, PyTorch / core or None)."""
    X, Y = mnist_shaped(N_EXAMPLES)
    net = core_epoch(X, Y, 0)
    weights, _ = bare_epoch(X, Y, 0)
    same = max(float(np.max(np.abs(w - v))) for w, v in zip(net.weights, weights))
    calls = {"core": lambda: core_epoch(X, Y, 0), "bare": lambda: bare_epoch(X, Y, 0)}
    if torch is not None:
        torch.set_num_threads(1)
        same_torch = max(float(np.max(np.abs(w - v)))
                         for w, v in zip(net.weights, torch_epoch(X, Y, 0)))
        calls["torch"] = lambda: torch_epoch(X, Y, 0)
    best = best_of(calls, repeats)
    ratio = best["core"] / best["bare"]
    print(f"\n0. Network.SGD against bare numpy and PyTorch: one epoch, {N_EXAMPLES} examples, "
          f"{SIZES}, mini-batch {MINI_BATCH} (best of {repeats}, alternating)")
    print(f"   core Network.SGD  {best['core']:8.3f} s")
    print(f"   bare numpy        {best['bare']:8.3f} s   (textbook σ; same weights after the "
          f"epoch to {same:.1e})")
    print(f"   core / bare       {ratio:8.2f}    target ≤ 1.25: "
          f"{'reached' if ratio <= 1.25 else 'NOT reached'}")
    if torch is None:
        print("   PyTorch           not installed (pip install torch): no PyTorch ratio")
        return ratio, None
    versus = best["torch"] / best["core"]
    print(f"   PyTorch autograd  {best['torch']:8.3f} s   (torch {torch.__version__}, CPU, "
          f"1 thread; same weights to {same_torch:.1e})")
    print(f"   PyTorch / core    {versus:8.2f}    target ≥ 1.8: "
          f"{'reached' if versus >= 1.8 else 'NOT reached'}")
    return ratio, versus


def educational_epoch(X, Y, seed):
    edu = EducationalNetwork.from_network(Network(SIZES, seed=1))
    order = np.random.default_rng(seed).permutation(X.shape[1])
    for start in range(0, X.shape[1], MINI_BATCH):
        batch = order[start:start + MINI_BATCH]
        edu.update_mini_batch(X[:, batch], Y[:, batch], ETA)


def timed(call):
    start = time.process_time()
    call()
    return time.process_time() - start


def best_of(calls, repeats):
    """Best time of each call, measured in alternation."""
    best = {name: float("inf") for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            best[name] = min(best[name], timed(call))
    return best


def per_call(call, number):
    return min(timed(lambda: [call() for _ in range(number)]) for _ in range(5)) / number


def epochs(repeats, edu_examples):
    X, Y = mnist_shaped(N_EXAMPLES)
    Xe, Ye = X[:, :edu_examples], Y[:, :edu_examples]
    calls = {
        "loop": lambda: sgd_epoch(Network(SIZES, seed=1), X, Y, MINI_BATCH, ETA, "loop", seed=0),
        "matrix": lambda: sgd_epoch(Network(SIZES, seed=1), X, Y, MINI_BATCH, ETA, "matrix",
                                    seed=0),
        "educational": lambda: educational_epoch(Xe, Ye, seed=0),
    }
    best = best_of(calls, repeats)
    best["educational"] *= N_EXAMPLES / edu_examples
    print(f"\n1. One SGD epoch, {N_EXAMPLES} examples, {SIZES}, mini-batch {MINI_BATCH}, "
          f"eta {ETA} (best of {repeats})")
    print(f"   {'method':<13}{'seconds':>9}{'vs matrix':>11}")
    for name in ("matrix", "loop", "educational"):
        note = f"  (measured on {edu_examples}, scaled)" if name == "educational" else ""
        print(f"   {name:<13}{best[name]:>9.3f}{best[name] / best['matrix']:>10.1f}×{note}")
    return best


def backprop_vs_feedforward():
    net = Network([784, 100, 10], seed=2)
    X, Y = mnist_shaped(64, seed=3)
    t_forward = per_call(lambda: net.feedforward(X), 50)
    t_backprop = per_call(lambda: net.backprop_batch(X, Y), 50)
    print("\n2. [784, 100, 10], batch of 64")
    print(f"   feedforward     {1e3 * t_forward:8.3f} ms")
    counted = multiplications(net.sizes)["passes"]
    print(f"   backprop_batch  {1e3 * t_backprop:8.3f} ms   = {t_backprop / t_forward:.2f} "
          f"feedforwards (chapter 8's count of multiplications: {counted:.2f})")
    return t_backprop / t_forward


def per_call_costs():
    net = Network(SIZES, seed=1)
    X, Y = mnist_shaped(10, seed=4)
    x, y = X[:, :1], Y[:, :1]
    X_all, Y_all = mnist_shaped(N_EXAMPLES, seed=5)
    batch = np.random.default_rng(0).permutation(N_EXAMPLES)[:MINI_BATCH]
    t_backprop = per_call(lambda: net.backprop(x, y), 300)
    t_params = per_call(net._check_parameters, 300)
    t_pair = per_call(lambda: checks.pair(x, y, 784, 10), 300)
    t_batch = per_call(lambda: net.backprop_batch(X, Y), 100)
    steady = Network(SIZES, seed=1)
    t_update = per_call(lambda: steady.update_mini_batch(X, Y, 1e-9), 100)
    t_slice = per_call(lambda: (X_all[:, batch], Y_all[:, batch]), 300)
    print(f"\n3. Per call, {SIZES}")
    print(f"   net.backprop, one example                {1e6 * t_backprop:8.1f} µs")
    print(f"     of which the check that w, b are finite {1e6 * t_params:7.1f} µs "
          f"({t_params / t_backprop:.0%})")
    print(f"     of which checking x and y               {1e6 * t_pair:7.1f} µs "
          f"({t_pair / t_backprop:.0%})")
    print(f"   backprop_batch, 10 examples in one call  {1e6 * t_batch:8.1f} µs "
          f"(= {t_batch / t_backprop:.2f} single-example calls)")
    print(f"   update_mini_batch, 10 examples           {1e6 * t_update:8.1f} µs "
          "(backprop_batch plus the step w - eta nabla_w)")
    print(f"   cutting a mini-batch out of X            {1e6 * t_slice:8.1f} µs "
          "(paid by both methods)")
    print(f"   => gradient only, loop / matrix at m = {MINI_BATCH}: "
          f"{MINI_BATCH * t_backprop / t_batch:.1f}×")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--edu-examples", type=int, default=100)
    args = parser.parse_args()
    blas = ", ".join(sorted({info.get("internal_api", "?") for info in threadpool_info()}))
    print(f"Python {platform.python_version()}, numpy {np.__version__}, BLAS: {blas}, "
          f"threads: {args.threads}; times are CPU seconds of this process")
    start = time.perf_counter()
    with threadpool_limits(limits=args.threads):
        core_against_bare(max(args.repeats, 9))
        best = epochs(args.repeats, args.edu_examples)
        backprop_vs_feedforward()
        per_call_costs()
    ratio = best["loop"] / best["matrix"]
    verdict = "reached" if ratio >= 6 else "NOT reached"
    print(f"\nTarget: matrix mini-batch ≥ 6× faster than the loop at m = {MINI_BATCH}: "
          f"{ratio:.1f}× — {verdict}")
    print(f"(bench ran in {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
