"""backprop_core.layernorm: the normalisation's backward against finite differences, the
flag off equal to the engine, and what it does to the ‖δ^l‖ curve at depth 30."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.depth import INITS, deep_example, deep_network, initialised_network
from backprop_core.depth import log_error_norms as engine_norms
from backprop_core.gradcheck import central_differences, relative_error
from backprop_core.layernorm import NormExample, cost, log_error_norms, norm_example


def _fd(net, x, y, params):
    out = []
    for p in params:
        def c(v, p=p):
            old = p.copy()
            p[...] = v
            try:
                return cost(net, x, y)
            finally:
                p[...] = old
        out.append(central_differences(c, p.copy()))
    return out


@settings(max_examples=12, deadline=None)
@given(st.lists(st.integers(2, 5), min_size=3, max_size=5), st.integers(0, 10_000),
       st.sampled_from(["sigmoid", "tanh"]), st.integers(1, 3))
def test_gradients_match_central_differences(sizes, seed, act, m):
    net = initialised_network(sizes, act, "normal", 1.0, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for l in net.b.layers:                          # non-zero biases: ∂C/∂b^l is checked too
        net.b[l] = 0.5 * rng.standard_normal(net.b[l].shape)
    x, y = rng.standard_normal((sizes[0], m)), rng.standard_normal((sizes[-1], m))
    ex = NormExample(net, x, y)
    fd_w = _fd(net, x, y, [net.w[l] for l in net.w.layers])
    fd_b = _fd(net, x, y, [net.b[l] for l in net.b.layers])
    for exact, numeric in (([v for _, v in ex.nabla_w.items()], fd_w),
                           ([v for _, v in ex.nabla_b.items()], fd_b)):
        # Close relatively, or within the central differences' own error (about
        # 1e-10) when every gradient is tiny.
        gap = max(float(np.max(np.abs(a - b))) for a, b in zip(exact, numeric))
        assert relative_error(exact, numeric) < 1e-6 or gap < 1e-9, gap


def test_the_normalisation_is_used_and_its_backward_is_not_bp2():
    net = deep_network(6, 4, "tanh", "normal", 1.0, seed=2)
    on, off = norm_example(net, 2), norm_example(net, 2, normalise=False)
    for l in range(2, 6):
        assert on.zhat[l].mean() == pytest.approx(0, abs=1e-12)
        assert (on.zhat[l] ** 2).mean() == pytest.approx(1, abs=1e-3)
    assert relative_error(on.delta[2], off.delta[2]) > 1e-2
    # δ^l sums to zero over the layer: adding a constant to every z^l_j changes nothing
    for l in range(2, 6):
        assert abs(on.delta[l].sum()) < 1e-10 * max(1.0, np.abs(on.delta[l]).sum())


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu"])
def test_flag_off_is_the_engine(act):
    net = deep_network(12, 7, act, "xavier", 1.3, seed=5)
    ex, mine = deep_example(net, seed=5), norm_example(net, 5, normalise=False)
    for l in range(2, 13):
        assert np.array_equal(mine.delta[l], ex.delta[l])
        assert np.array_equal(mine.nabla_w[l], ex.nabla_w[l])
        assert np.array_equal(mine.nabla_b[l], ex.nabla_b[l])
    assert mine.cost == ex.cost
    assert list(log_error_norms(mine)) == list(engine_norms(ex))


def _drop(norms):
    """log₁₀ ‖δ^L‖ − log₁₀ ‖δ²‖: decades lost from the output back to layer 2."""
    return norms[-1] - norms[0]


def test_depth_30_sigmoid_curve():
    plain, normed = {}, {}
    for init in INITS:
        for s in (0.2, 1.0, 3.0):
            net = deep_network(30, 30, "sigmoid", init, s, seed=0)
            plain[init, s] = _drop(list(engine_norms(deep_example(net, seed=0))))
            normed[init, s] = _drop(list(log_error_norms(norm_example(net, 0))))
    # normalised: the same curve at every init and scale (12.2 decades over 28 steps)
    assert max(normed.values()) - min(normed.values()) < 0.3
    assert 11.5 < normed["xavier", 1.0] < 13
    # flatter than without where the plain sigmoid vanishes (Xavier: 17.7 decades)...
    assert normed["xavier", 1.0] < plain["xavier", 1.0] - 4
    assert sum(normed[k] < plain[k] for k in plain) == 5          # of the 9
    # ...but not at N(0, 1), s ≥ 1: the normalised factor ≈ rms σ′(ẑ) / rms a ≈ 0.37 per layer
    assert plain["normal", 1.0] < normed["normal", 1.0] - 5


@pytest.mark.parametrize("act", ["tanh", "relu"])
def test_depth_30_tanh_and_relu_are_flat_at_every_scale(act):
    for init in INITS:
        for s in (0.2, 1.0, 3.0):
            net = deep_network(30, 30, act, init, s, seed=0)
            assert abs(_drop(list(log_error_norms(norm_example(net, 0))))) < 1.5


def test_refusals():
    net = deep_network(4, 3, seed=0)
    with pytest.raises(TypeError, match="normalise must be True or False"):
        norm_example(net, 0, normalise="yes")
    with pytest.raises(TypeError, match="expected a Network"):
        norm_example("net", 0)
    with pytest.raises(ValueError, match="residual"):
        norm_example(deep_network(4, 3, seed=0, residual=True), 0)
    with pytest.raises(ValueError):
        NormExample(net, np.zeros((2, 1)), np.zeros((3, 1)))
