"""The algorithm's steps (backprop_core.steps): every value is the engine's, in the algorithm's order."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.steps import algorithm_steps, layer_ends, values_after

KINDS = [("sigmoid", "sigmoid", "quadratic"), ("tanh", "sigmoid", "cross_entropy"),
         ("relu", "softmax", "log_likelihood"), ("linear", "linear", "quadratic"),
         ("sigmoid", "softmax", "quadratic"), ("tanh", "tanh", "quadratic")]


@st.composite
def examples(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=5))
    hidden, out, cost = draw(st.sampled_from(KINDS))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation=hidden, output_activation=out, cost=cost, seed=seed)
    x = rng.uniform(-1, 1, (sizes[0], 1))
    if cost == "log_likelihood":
        y = np.eye(sizes[-1])[:, [rng.integers(sizes[-1])]]
    else:
        y = rng.uniform(0, 1, (sizes[-1], 1))
    return net.example(x, y)


def _engine_value(ex, step):
    if step.kind == "cost":
        return ex.cost
    table = {"z": ex.z, "a": ex.a, "delta": ex.delta, "nabla_b": ex.nabla_b, "nabla_w": ex.nabla_w}
    array = table[step.kind][step.l]
    return array[step.j, step.k if step.k is not None else 0]


@settings(max_examples=120, deadline=None)
@given(examples())
def test_every_step_is_the_engines_value(ex):
    for step in algorithm_steps(ex):
        assert step.value == _engine_value(ex, step), step


@settings(max_examples=120, deadline=None)
@given(examples())
def test_one_step_per_quantity_in_the_algorithms_order(ex):
    steps = algorithm_steps(ex)
    n, L = ex.net.n, ex.L
    keys = [s.writes for s in steps]
    assert len(keys) == len(set(keys))
    expected = {("cost", None, None, None)}
    for l in range(2, L + 1):
        for j in range(n[l]):
            expected |= {("z", l, j, None), ("a", l, j, None), ("delta", l, j, None),
                         ("nabla_b", l, j, None)}
            expected |= {("nabla_w", l, j, k) for k in range(n[l - 1])}
    assert set(keys) == expected
    phases = [s.phase for s in steps]
    assert phases == sorted(phases, key=["forward", "cost", "backward"].index)
    forward = [s for s in steps if s.phase == "forward"]
    assert [s.l for s in forward] == sorted(s.l for s in forward)       # l = 2, 3, ..., L
    for i, s in enumerate(forward):
        if s.kind == "a" and ex.net.sigma(s.l).name != "softmax":      # a^l_j right after z^l_j
            assert forward[i - 1].writes == ("z", s.l, s.j, None)
    backward = [s for s in steps if s.phase == "backward"]
    assert [s.l for s in backward] == sorted((s.l for s in backward), reverse=True)  # L, ..., 2
    for l in range(L, 1, -1):                      # within a layer: δ, then ∂C/∂b, then ∂C/∂w
        kinds = [s.kind for s in backward if s.l == l]
        assert kinds == sorted(kinds, key=["delta", "nabla_b", "nabla_w"].index)


@settings(max_examples=60, deadline=None)
@given(examples())
def test_every_step_reads_only_what_is_already_known(ex):
    steps = algorithm_steps(ex)
    known = {("a", 1, j, None) for j in range(ex.net.n[1])}    # the input x
    for step in steps:
        assert set(step.reads) <= known, step
        known.add(step.writes)


def test_the_equations_show_their_numbers():
    net = Network([2, 3, 3, 2], seed=3)
    ex = net.example(np.array([[0.4], [-0.6]]), np.array([[1.0], [0.0]]))
    steps = algorithm_steps(ex)
    d = next(s for s in steps if s.writes == ("delta", 3, 1, None))
    back = float((net.w[4].T @ ex.delta[4])[1, 0])
    prime = float(net.sigma(3).prime(ex.z[3][1, 0]))
    assert d.equation.startswith(r"\delta^{3}_{1} = ((w^{4})^T \delta^{4})_{1}")
    shown = d.equation.split("=", 2)[2].replace("{-}", "-")
    assert f"{back:.4g}" in shown and f"{prime:.4g}" in shown and shown.endswith(f"{d.value:.4g}")
    assert d.value == pytest.approx(back * prime, rel=1e-12)
    w = next(s for s in steps if s.writes == ("nabla_w", 2, 0, 1))
    assert "a^{1}_{1}" in w.equation and r"\delta^{2}_{0}" in w.equation


def test_layer_groups_and_values_after():
    net = Network([2, 2, 1], seed=0)
    ex = net.example(np.zeros((2, 1)), np.ones((1, 1)))
    steps = algorithm_steps(ex)
    ends = layer_ends(steps)
    groups = [steps[e].group for e in ends]
    assert groups == [("forward", 2), ("forward", 3), ("cost", None), ("delta", 3),
                      ("nabla_b", 3), ("nabla_w", 3), ("delta", 2), ("nabla_b", 2), ("nabla_w", 2)]
    assert values_after(steps, -1) == {}
    assert values_after(steps, 0) == {("z", 2, 0, None): steps[0].value}


def test_steps_refuse_what_is_not_one_example():
    net = Network([2, 2], seed=0)
    with pytest.raises(TypeError, match="net.example"):
        algorithm_steps(net)
    with pytest.raises(ValueError, match="one example"):
        algorithm_steps(net.example(np.zeros((2, 3)), np.zeros((2, 3))))
