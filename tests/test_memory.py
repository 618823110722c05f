"""backprop_core.memory: the counts, tracemalloc, and checkpointed gradients equal to the plain ones."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.algorithm import backprop, feedforward
from backprop_core.gradcheck import numerical_gradient, relative_error
from backprop_core.memory import (best_k, checkpointed_backprop, checkpoints, extra_evaluations,
                                  forward_only, peak_arrays, plain_arrays, traced_peak)


def _problem(sizes, m, seed):
    rng = np.random.default_rng(seed)
    net = Network(list(sizes), seed=seed)
    return net, rng.uniform(-1, 1, (sizes[0], m)), rng.uniform(0, 1, (sizes[-1], m))


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=9), m=st.integers(1, 4),
       seed=st.integers(0, 2**16), k=st.integers(1, 10))
def test_checkpointed_gradients_equal_the_engine_s(sizes, m, seed, k):
    net, x, y = _problem(sizes, m, seed)
    ex = net.example(x, y)
    nabla_b, nabla_w, tally = checkpointed_backprop(net, x, y, k)
    L = len(sizes)
    assert sorted(nabla_w) == list(range(2, L + 1))
    for l in range(2, L + 1):
        assert np.array_equal(nabla_w[l], ex.nabla_w[l]) and np.array_equal(nabla_b[l], ex.nabla_b[l])
    assert tally.evaluations == L - 1 + extra_evaluations(L, k)
    assert tally.peak <= plain_arrays(L)


def test_checkpointed_gradients_against_finite_differences():
    net, x, y = _problem((3, 4, 4, 4, 2), 3, 7)
    fd_b, fd_w = numerical_gradient(net, x, y)
    nabla_b, nabla_w, _ = checkpointed_backprop(net, x, y, 2)
    assert relative_error([nabla_b[l] for l in range(2, 6)] + [nabla_w[l] for l in range(2, 6)],
                          [*fd_b, *fd_w]) < 1e-7


def test_counts():
    assert [plain_arrays(L) for L in (2, 3, 10)] == [3, 5, 19]
    assert checkpoints(10, 3) == [1, 4, 7, 10] and checkpoints(10, 4) == [1, 5, 9, 10]
    for L in (3, 9, 16):
        assert peak_arrays(L, 1) == plain_arrays(L) and extra_evaluations(L, 1) == 0
        assert extra_evaluations(L, L) == L - 2            # all but the two ends, once each
    assert best_k(16) == 4 and best_k(25) == 5
    net, x, _ = _problem((4, 5, 5, 5, 3), 2, 0)
    a_L, held = forward_only(net, x)
    assert held == 3 and np.array_equal(a_L, feedforward(net, x)[1][5])
    with pytest.raises(ValueError, match="L must be"):
        plain_arrays(0)


def test_counts_agree_with_tracemalloc():
    """The bytes tracemalloc sees grow with the arrays counted: wide batches, so activations dominate."""
    def plain(net, x, y):
        z, a = feedforward(net, x)
        return backprop(net, z, a, y)

    one = 16 * 512 * 8                                     # one array z^l or a^l
    for L in (6, 12):
        net, x, y = _problem([16] * L, 512, 0)
        plain_bytes = traced_peak(plain, net, x, y)[1]
        forward_bytes = traced_peak(forward_only, net, x)[1]
        tally = checkpointed_backprop(net, x, y, 3)[2]
        check_bytes = traced_peak(checkpointed_backprop, net, x, y, 3)[1]
        # a^1 = x is the caller's; besides the arrays counted, a pass allocates a few
        # temporaries (w^l a^{l−1}, σ′(z^l), δ^l); the plain pass keeps every δ^l too
        assert (plain_arrays(L) - 1) * one <= plain_bytes <= (plain_arrays(L) + L + 2) * one
        assert forward_bytes <= 6 * one
        assert (tally.peak - 1) * one <= check_bytes <= (tally.peak + 5) * one
        assert tally.peak_bytes == tally.peak * one
