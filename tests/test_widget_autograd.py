"""The computation-graph figure of chapter 15, driven by setting its controls."""
import math

import numpy as np
import pytest

from backprop_core import Network
from backprop_core.gradcheck import central_differences
from backprop_core.widgets import autograd as wa
from backprop_core.widgets.autograd import EXPRESSIONS, autograd_graph


def _leaf_cost(key, x, leaf):
    """C of expression ``key`` as a function of one input's value (the rest fixed)."""
    def f(value):
        root = EXPRESSIONS[key][1](x)
        order = wa.topological_order(root)
        leaves = [v for v in order if not v.parents]
        for v in leaves:
            if v.label == leaf:
                v.data = float(value)
        for v in order:                          # recompute every node forward
            if v.parents:
                v.data = _recompute(v)
        return root.data
    return f


def _recompute(v):
    u = [p.data for p in v.parents]
    op = v.op
    if op == "+":
        return u[0] + u[1]
    if op == "−":
        return u[0] - u[1]
    if op == "×":
        return u[0] * u[1]
    if op == "σ":
        return 1 / (1 + math.exp(-u[0]))
    if op == "^2":
        return u[0] ** 2
    if op == "× 0.5":
        return 0.5 * u[0]
    raise AssertionError(op)


@pytest.mark.parametrize("key", list(EXPRESSIONS))
def test_the_last_step_shows_every_grad_and_they_equal_finite_differences(key):
    g = autograd_graph(expression=key, x=1.1)
    last = g.controls["step"].max
    assert last == g.values["total"] == len(g.steps) + 1
    g.controls["step"].value = last
    grads = g.values["grads"]
    assert all(v is not None for v in grads.values())
    assert grads["C"] == 1.0
    for v in g.order:
        if not v.parents:
            fd = central_differences(_leaf_cost(key, 1.1, v.label), v.data)
            assert grads[v.label] == pytest.approx(fd, rel=1e-6, abs=1e-9), v.label


def test_the_neuron_graph_gives_the_networks_gradient():
    g = autograd_graph(expression="neuron", x=-0.7)
    g.controls["step"].value = g.controls["step"].max
    net = Network([1, 1], seed=0)
    net.w[2] = np.array([[wa.W]])
    net.b[2] = np.array([[wa.B]])
    ex = net.example(np.array([[-0.7]]), np.array([[wa.Y]]))
    grads = g.values["grads"]
    assert abs(grads["w"] - ex.nabla_w[2][0, 0]) <= 1e-12
    assert abs(grads["b"] - ex.nabla_b[2][0, 0]) <= 1e-12
    assert abs(grads["z"] - ex.delta[2][0, 0]) <= 1e-12          # δ is the grad of z
    assert g.values["output"] == pytest.approx(ex.cost, rel=1e-12)


def test_stepping_fills_in_grads_from_the_output_back():
    g = autograd_graph(expression="neuron")
    assert all(v is None for v in g.values["grads"].values())
    assert "forward pass is done" in g.equation.value
    g.controls["step"].value = 1
    known = [k for k, v in g.values["grads"].items() if v is not None]
    assert known == ["C"] and "seed" in g.equation.value
    previous = 1
    for s in range(2, g.controls["step"].max + 1):
        g.controls["step"].value = s
        now = sum(v is not None for v in g.values["grads"].values())
        assert now > previous
        previous = now
        node = g.values["node"]
        assert f"node ${wa.definition(g.current)}$" in g.equation.value and node in g.equation.value
    assert g.values["node"] == "u" and "\\partial u/\\partial w = x" in g.equation.value


def test_a_value_used_twice_gets_two_contributions():
    g = autograd_graph(expression="twice", x=1.5)
    xs = []
    for s in range(g.controls["step"].max + 1):
        g.controls["step"].value = s
        xs.append(g.values["grads"]["x"])
    seen = [v for v in xs if v is not None]
    assert len(set(seen)) == 2                            # changed twice: x + w, then + x
    assert seen[-1] == pytest.approx(2 * 1.5 + wa.W)


def test_every_control_changes_what_is_shown():
    g = autograd_graph()
    g.controls["step"].value = 3
    before = dict(g.values["data"])
    g.controls["x"].value = -1.2
    assert g.values["data"]["x"] == -1.2 and g.values["data"]["C"] != before["C"]
    assert g.values["position"] == 3                       # the position stays
    for key in EXPRESSIONS:
        g.controls["expression"].value = key
        art = g.art[key]
        assert all(t.get_visible() for t in art["boxes"].values())
        assert all(not t.get_visible() for k, other in g.art.items() if k != key
                   for t in other["boxes"].values())
        assert g.values["position"] <= g.controls["step"].max == len(g.steps) + 1
        texts = [t.get_text() for t in art["boxes"].values()]
        assert len(texts) == len(g.order) and all("grad" in t for t in texts)


def test_buttons_step_and_reset_and_play_is_linked():
    g = autograd_graph()
    g.buttons["forward"].click()
    g.buttons["forward"].click()
    assert g.values["position"] == 2
    g.buttons["back"].click()
    assert g.values["position"] == 1
    for _ in range(3):
        g.buttons["back"].click()
    assert g.values["position"] == 0
    for _ in range(50):
        g.buttons["forward"].click()
    assert g.values["position"] == g.controls["step"].max
    g.buttons["reset"].click()
    assert g.values["position"] == 0
    assert g.play.max == g.controls["step"].max
    assert {g.link.source[1], g.link.target[1]} == {"value"}


def test_the_readout_shows_the_current_node_and_its_grad():
    g = autograd_graph()
    g.controls["step"].value = 4
    html = g.readout.value
    assert 'data-name="node"' in html and 'data-name="grad"' in html
    assert f">{g.values['node']}<" in html
    assert g.values["grad"] == g.current.grad


@pytest.mark.parametrize("kwargs, words", [
    (dict(expression="nope"), "expression"), (dict(x=5.0), "slider"), (dict(x="1"), "x"),
    (dict(x=float("nan")), "x"), (dict(step=99), "step"), (dict(step=True), "step"),
    (dict(interval=0), "interval"),
])
def test_bad_arguments_are_refused(kwargs, words):
    with pytest.raises((TypeError, ValueError), match=words):
        autograd_graph(**kwargs)


def test_a_shared_weight_collects_one_contribution_per_step():
    # the unrolled recurrence: w is used at step 2 (p_2 = w h_1), then at step 1 (p_1 = w x_1)
    g = autograd_graph(expression="shared", x=0.9)
    users = [i + 2 for i, v in enumerate(g.steps) if any(u.label == "w" for u in v.parents)]
    seen = []
    for position in users:                       # the step slider at the two users of w
        g.controls["step"].value = position - 1
        before = g.values["grads"]["w"]
        g.controls["step"].value = position
        seen.append(g.values["grads"]["w"])
        assert g.values["node"] in ("p_2", "p_1") and f"(now {seen[-1]:.4g})" in g.equation.value
        assert before == (None if len(seen) == 1 else seen[0])
    assert [g.steps[p - 2].label for p in users] == ["p_2", "p_1"]
    g.controls["step"].value = g.controls["step"].max
    assert g.values["grads"]["w"] == seen[1]         # nothing else adds to it
    # the same graph with one copy of w per step: each copy's grad is that step's part
    from backprop_core.autograd import Value
    w1, w2, u = Value(wa.W_SHARED), Value(wa.W_SHARED), Value(wa.U_SHARED)
    h1 = (w1 * 0.9 + u).sigmoid()
    (((w2 * h1 + u * wa.X2).sigmoid() - wa.TARGET) ** 2).backward()
    assert abs(seen[0] - w2.grad) < 1e-14 and abs(seen[1] - (w1.grad + w2.grad)) < 1e-14
