"""Gradient clipping by norm (chapter 14): the clipped gradient keeps the direction of
the finite-difference gradient and has length min(‖g‖, c); the clipped step is that
step; clip=None leaves the engine's steps exactly as they were."""
import copy

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.clipping import clip_by_norm, clipped_epoch, gradient_norm, steps
from backprop_core.divergence import TrainingDiverged
from backprop_core.gradcheck import central_differences


def _fd_gradient(net, x, y):
    """Every ∂C/∂b^l and ∂C/∂w^l by central differences, as dicts keyed by l."""
    out = {}
    for name in ("b", "w"):
        out[name] = {}
        for l in range(2, net.L + 1):
            def cost(v, name=name, l=l):
                other = copy.deepcopy(net)
                getattr(other, name)[l] = v
                return other.example(x, y).cost
            out[name][l] = central_differences(cost, getattr(net, name)[l])
    return out["b"], out["w"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sizes=st.lists(st.integers(1, 3), min_size=2, max_size=3),
       seed=st.integers(0, 10_000), c=st.floats(1e-3, 10.0))
def test_clipping_keeps_the_finite_difference_direction_and_caps_the_length(sizes, seed, c):
    net = Network(sizes, activation="tanh", output_activation="sigmoid", seed=seed)
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, (sizes[0], 1)), rng.uniform(0, 1, (sizes[-1], 1))
    ex = net.example(x, y)
    fd_b, fd_w = _fd_gradient(net, x, y)
    norm = gradient_norm(fd_b, fd_w)
    assert gradient_norm(ex.nabla_b, ex.nabla_w) == pytest.approx(norm, rel=1e-6, abs=1e-9)
    cb, cw = clip_by_norm(ex.nabla_b, ex.nabla_w, c)
    assert gradient_norm(cb, cw) == pytest.approx(min(norm, c), rel=1e-6, abs=1e-9)
    scale = 1.0 if norm <= c else c / norm
    for l in range(2, net.L + 1):
        assert cw[l] == pytest.approx(scale * fd_w[l], rel=1e-5, abs=1e-9)
        assert cb[l] == pytest.approx(scale * fd_b[l], rel=1e-5, abs=1e-9)


def test_gradient_norm_does_not_overflow_and_leaves_its_arguments():
    g = {2: np.array([[1e200, 1e200]])}
    assert gradient_norm({}, g) == pytest.approx(np.sqrt(2) * 1e200)
    b, w = clip_by_norm({}, g, 1.0)
    assert gradient_norm(b, w) == pytest.approx(1.0) and g[2][0, 0] == 1e200
    assert gradient_norm({}, {2: np.zeros((2, 2))}) == 0.0


def test_the_clipped_step_and_clip_none():
    net = Network([3, 4, 2], seed=1)
    x, y = np.ones((3, 1)), np.zeros((2, 1))
    ex = net.example(x, y)
    assert steps(None).__name__ == "sgd_epoch"
    by_hand = copy.deepcopy(net)
    cb, cw = clip_by_norm(ex.nabla_b, ex.nabla_w, 0.01)
    for l in (2, 3):
        by_hand.w[l] = net.w[l] - 2.0 * cw[l]
        by_hand.b[l] = net.b[l] - 2.0 * cb[l]
    clipped = copy.deepcopy(net)
    clipped.update_mini_batch(x, y, 2.0, clip=0.01)
    plain, large = copy.deepcopy(net), copy.deepcopy(net)
    plain.update_mini_batch(x, y, 2.0)
    large.update_mini_batch(x, y, 2.0, clip=1e9)          # never reached: the plain step
    direct = copy.deepcopy(net)
    clipped_epoch(direct, [(x, y)], 2.0, 0.01)
    for l in (2, 3):
        assert clipped.w[l] == pytest.approx(by_hand.w[l], abs=1e-15)
        assert direct.w[l] == pytest.approx(by_hand.w[l], abs=1e-15)
        assert np.array_equal(large.w[l], plain.w[l]) and np.array_equal(large.b[l], plain.b[l])
        assert not np.allclose(clipped.w[l], plain.w[l])


def test_clip_is_checked_and_a_diverging_run_is_still_stopped():
    net = Network([2, 3, 1], seed=0)
    for bad in (0, -1.0, "big", float("nan")):
        with pytest.raises(ValueError, match="clip"):
            net.update_mini_batch(np.ones((2, 1)), np.ones((1, 1)), 0.1, clip=bad)
        with pytest.raises(ValueError, match="clip"):
            net.SGD((np.ones((2, 1)), np.ones((1, 1))), 1, 1, 0.1, clip=bad, progress=False)
    before = copy.deepcopy(net.w[2])
    with pytest.raises(TrainingDiverged, match="η = 1e\\+30"):
        net.update_mini_batch(np.ones((2, 1)), np.ones((1, 1)), 1e30, clip=1.0)
    assert np.array_equal(net.w[2], before)
