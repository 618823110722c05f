"""The claims chapter 17 states in words, kept true here with their bounds (counts, not timings).

The page prints the numbers and says the relations; these tests recompute them
with backprop_core/memory.py from the chapter's own inputs.
"""
import numpy as np

from backprop_core import Network
from backprop_core.algorithm import backprop, feedforward
from backprop_core.memory import (best_k, checkpointed_backprop, extra_evaluations, forward_only,
                                  peak_arrays, plain_arrays, traced_peak)


def _problem(L, m, width=64, seed=0):
    rng = np.random.default_rng(seed)
    return Network([width] * L, seed=seed), rng.random((width, m)), rng.random((width, m))


def _plain(net, x, y):
    z, a = feedforward(net, x)
    return backprop(net, z, a, y)


def test_backprop_keeps_every_layer():
    # "Backprop keeps every layer": L = 5, 10, 20, 40 at m = 128; L = 20 at m = 32 and 512
    ratios = {}
    for L, m in [(5, 128), (10, 128), (20, 128), (40, 128), (20, 32), (20, 512)]:
        net, x, y = _problem(L, m)
        ratios[L, m] = traced_peak(_plain, net, x, y)[1] / traced_peak(forward_only, net, x)[1]
        assert forward_only(net, x)[1] == 3          # "two layers at a time", at every depth
    depth = [ratios[L, 128] for L in (5, 10, 20, 40)]
    assert all(np.diff(depth) > 0) and 4 < depth[-1] / depth[0] < 10     # "about linear"
    assert 0.5 < ratios[20, 512] / ratios[20, 32] < 2                    # "barely moves"
    # the counts behind it, exactly: 2L − 1 against 3
    assert [plain_arrays(L) / 3 for L in (5, 10, 20, 40)] == [3, 19 / 3, 13, 79 / 3]


def test_the_same_gradients():
    # "Checkpoints": L = 16, m = 32, k = 1, 4, 16; "equal to every digit"
    net, x, y = _problem(16, 32)
    ex = net.example(x, y)
    for k in (1, 4, 16):
        nabla_b, nabla_w, _ = checkpointed_backprop(net, x, y, k)
        assert all(np.array_equal(nabla_w[l], ex.nabla_w[l]) and
                   np.array_equal(nabla_b[l], ex.nabla_b[l]) for l in range(2, 17))


def test_sqrt_L_checkpoints():
    # the table of L = 9, 16, 36, 64, 100 and k = 1, √L, L
    per_root, passes = [], []
    for L in (9, 16, 36, 64, 100):
        k = round(np.sqrt(L))
        assert peak_arrays(L, 1) == peak_arrays(L, L) == plain_arrays(L)
        assert extra_evaluations(L, 1) == 0 and extra_evaluations(L, L) == L - 2
        per_root.append(peak_arrays(L, k) / np.sqrt(L))
        passes.append(extra_evaluations(L, k) / (L - 1))
    assert max(per_root) / min(per_root) < 1.5                  # "memory grows like √L"
    assert max(passes) <= 1                                      # "at most about one"
    assert best_k(16) == 4                                       # exercise 17.2's solution
    assert peak_arrays(16, 4) == 13 and plain_arrays(16) == 31


def test_tracemalloc_saving():
    # "tracemalloc at L = 40, m = 256, k = 6": checkpoints take less
    net, x, y = _problem(40, 256)
    plain = traced_peak(_plain, net, x, y)[1]
    checked = traced_peak(checkpointed_backprop, net, x, y, 6)[1]
    assert checked < plain / 2
