"""The claims chapter 15 states in words, kept true here.

The page prints the numbers and says the relations; these tests recompute them
from the chapter's own inputs.  Times are only reported on the page (a test is
never timed), so only the operation counts are asserted here.
"""
import numpy as np

from backprop_core import Network
from backprop_core.autograd import Value, scalar_network, zero_grad
from backprop_core.forward_mode import race
from backprop_core.gradcheck import central_differences
from backprop_core.widgets.autograd import autograd_graph


def _neuron():
    # "A program is a graph of small operations": w = 0.8, x = 1.5, b = −0.3, y = 1
    w, x, b, y = Value(0.8, "w"), Value(1.5, "x"), Value(-0.3, "b"), Value(1.0, "y")
    z = w * x + b
    C = 0.5 * (z.sigmoid() - y) ** 2
    C.backward()
    return w, x, b, z


def test_the_neuron_against_finite_differences_bp3_bp4_and_network():
    w, x, b, z = _neuron()

    def cost_of(wv, bv):
        return 0.5 * (1 / (1 + np.exp(-(wv * 1.5 + bv))) - 1.0) ** 2

    assert abs(w.grad - central_differences(lambda t: cost_of(t, -0.3), 0.8)) < 1e-8
    assert abs(b.grad - central_differences(lambda t: cost_of(0.8, t), -0.3)) < 1e-8
    assert b.grad == z.grad and abs(w.grad - 1.5 * z.grad) < 1e-15
    one = Network([1, 1])
    one.w[2], one.b[2] = np.array([[0.8]]), np.array([[-0.3]])
    ex = one.example(np.array([[1.5]]), np.array([[1.0]]))
    assert abs(z.grad - ex.delta[2][0, 0]) <= 1e-12 and abs(w.grad - ex.nabla_w[2][0, 0]) <= 1e-12


def test_the_figures_last_step_shows_the_same_grads():
    w, _, b, z = _neuron()
    graph = autograd_graph(expression="neuron", x=1.5)
    graph.controls["step"].value = graph.controls["step"].max
    shown = graph.values["grads"]
    assert abs(shown["w"] - w.grad) < 1e-15 and abs(shown["b"] - b.grad) < 1e-15
    assert shown["b"] == shown["z"]                      # BP3: ∂C/∂b = δ
    assert abs(shown["w"] - 1.5 * shown["z"]) < 1e-15    # BP4: ∂C/∂w = x δ
    # exercise 15.2: a value used twice, x = 1.5, w = 0.8
    graph.controls["expression"].value = "twice"
    graph.controls["x"].value = 1.5
    graph.controls["step"].value = graph.controls["step"].max
    assert abs(graph.values["grads"]["x"] - 3.8) < 1e-12


def test_autograd_is_backprop_for_every_kind_of_network():
    # "Backprop is reverse mode on a network"
    rng = np.random.default_rng(15)
    kinds = [dict(), dict(activation="tanh"), dict(activation="relu"), dict(cost="cross_entropy"),
             dict(output_activation="softmax", cost="log_likelihood")]
    x_in, y_out = rng.standard_normal((3, 1)), np.array([[1.0], [0.0]])
    for kind in kinds:
        net = Network([3, 4, 2], seed=7, **kind)
        ex = net.example(x_in, y_out)
        sn = scalar_network(ex)
        for l in range(2, net.L + 1):
            assert np.max(np.abs(sn.nabla_w[l] - ex.nabla_w[l])) <= 1e-12
            assert np.max(np.abs(sn.nabla_b[l] - ex.nabla_b[l])) <= 1e-12


def test_forward_mode_counts_are_p_times_a_pass_and_p_over_2_times_reverse():
    # "Forward mode, and why backprop runs backwards": the chapter's three sizes
    rng = np.random.default_rng(0)
    for sizes in ([2, 3, 2], [4, 6, 3]):
        net = Network(sizes, seed=1)
        ex = net.example(rng.standard_normal((sizes[0], 1)), rng.random((sizes[-1], 1)))
        r = race(ex, repeats=1)
        for l in range(2, net.L + 1):
            assert np.max(np.abs(r["forward_mode"].nabla_w[l] - ex.nabla_w[l])) <= 1e-12
        assert r["forward_operations"] == r["parameters"] * r["graph_operations"]
        assert r["forward_operations"] / r["reverse_operations"] == r["parameters"] / 2


def test_gradients_add_up_two_losses_and_a_shared_weight():
    # "Gradients add up": w = 0.7, b = −0.2, C1 = σ(1.5w + b)², C2 = tanh(−0.4w + b)·w
    w, b = Value(0.7), Value(-0.2)
    C1 = (w * 1.5 + b).sigmoid() ** 2
    C2 = (w * -0.4 + b).tanh() * w
    C1.backward()
    after_one = w.grad
    C2.backward()
    in_turn = (w.grad, b.grad)
    assert in_turn[0] != after_one
    zero_grad([w, b])
    assert (w.grad, b.grad) == (0.0, 0.0)
    (C1 + C2).backward()
    assert np.allclose(in_turn, (w.grad, b.grad), rtol=1e-12, atol=0)
    # "Shared weights": h1 = σ(w x1 + u), h2 = σ(w h1 + u x2), C = (h2 − 0.3)², x = (0.9, −0.5)
    def numbers(wv, uv):
        h1 = 1 / (1 + np.exp(-(wv * 0.9 + uv)))
        return (1 / (1 + np.exp(-(wv * h1 - 0.5 * uv))) - 0.3) ** 2

    w, u = Value(1.2), Value(0.4)
    h1 = (w * 0.9 + u).sigmoid()
    (((w * h1 + u * -0.5).sigmoid() - 0.3) ** 2).backward()
    assert abs(w.grad - central_differences(lambda t: numbers(t, 0.4), 1.2)) < 1e-8
    assert abs(u.grad - central_differences(lambda t: numbers(1.2, t), 0.4)) < 1e-8
    w1, w2, u1 = Value(1.2), Value(1.2), Value(0.4)
    h1 = (w1 * 0.9 + u1).sigmoid()
    (((w2 * h1 + u1 * -0.5).sigmoid() - 0.3) ** 2).backward()
    assert w1.grad != 0 and w2.grad != 0 and abs(w1.grad + w2.grad - w.grad) < 1e-13


def test_the_two_figures_of_gradients_add_up():
    # the accumulation figure at w = 0.7: C1 twice is twice ∂C1/∂w, zero_grad gives 0,
    # and C1 then C2 is the gradient of the sum
    from backprop_core.widgets.accumulate import accumulate_grads
    fig = accumulate_grads(w=0.7)
    fig.controls["C1"].click()
    fig.controls["C1"].click()
    assert abs(fig.values["w_grad"] - 2 * fig.values["dC1_dw"]) < 1e-15
    fig.controls["zero"].click()
    assert (fig.values["w_grad"], fig.values["b_grad"]) == (0.0, 0.0)
    fig.controls["C1"].click()
    fig.controls["C2"].click()
    assert abs(fig.values["w_grad"] - fig.values["dsum_dw"]) < 1e-14
    assert abs(fig.values["b_grad"] - fig.values["dsum_db"]) < 1e-14
    # "a weight shared by two steps" at x = 0.9: w's grad changes at p_2 by step 2's part,
    # then at p_1, ending at the shared weight's grad of the page's recurrence
    graph = autograd_graph(expression="shared", x=0.9)
    changes = []
    for position in (i + 2 for i, v in enumerate(graph.steps)
                     if any(u.label == "w" for u in v.parents)):
        graph.controls["step"].value = position
        changes.append((graph.values["node"], graph.values["grads"]["w"]))
    w1, w2, u = Value(1.2), Value(1.2), Value(0.4)
    h1 = (w1 * 0.9 + u).sigmoid()
    (((w2 * h1 + u * -0.5).sigmoid() - 0.3) ** 2).backward()
    assert [n for n, _ in changes] == ["p_2", "p_1"]
    assert abs(changes[0][1] - w2.grad) < 1e-14 and abs(changes[1][1] - (w1.grad + w2.grad)) < 1e-14
