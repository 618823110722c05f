"""The scalar reverse-mode engine (backprop_core/autograd.py) and forward mode
(backprop_core/forward_mode.py): gradients against finite differences and
against Network.backprop; bad operands refused with clear messages."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.autograd import (Value, backward_steps, graph_size, scalar_network, zero_grad,
                                    topological_order)
from backprop_core.forward_mode import Dual, forward_mode_gradient, race, scalar_vs_matrix
from backprop_core.gradcheck import central_differences

# ----- random expressions, built the same way on Values and on floats ------------------
UNARY = {
    "exp": (lambda v: v.exp(), math.exp),
    "tanh": (lambda v: v.tanh(), math.tanh),
    "sigmoid": (lambda v: v.sigmoid(), lambda u: 1 / (1 + math.exp(-u))),
    "neg": (lambda v: -v, lambda u: -u),
    "square": (lambda v: v ** 2, lambda u: u ** 2),
    "cube": (lambda v: v ** 3, lambda u: u ** 3),
    "log1p_sq": (lambda v: (1 + v * v).log(), lambda u: math.log(1 + u * u)),
    "recip": (lambda v: 1 / (2 + v * v), lambda u: 1 / (2 + u * u)),
    "half_pow": (lambda v: (1 + v * v) ** 0.5, lambda u: (1 + u * u) ** 0.5),
    "relu_shift": (lambda v: (v + 0.3).relu(), lambda u: max(u + 0.3, 0.0)),
}
BINARY = ("+", "-", "*", "/", "r+", "r-", "r*", "r/")


def _binary(op, a, b, const):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / (b * b + 1.5)
    if op == "r+":
        return const + a
    if op == "r-":
        return const - a
    if op == "r*":
        return const * a
    return const / (a * a + 1.0)


@st.composite
def programs(draw):
    """A list of instructions over 3 inputs; each result is a new variable."""
    n = draw(st.integers(3, 12))
    prog = []
    for i in range(n):
        k = 3 + i                                       # variables available so far
        if draw(st.booleans()):
            prog.append(("u", draw(st.sampled_from(sorted(UNARY))), draw(st.integers(0, k - 1))))
        else:
            prog.append(("b", draw(st.sampled_from(BINARY)), draw(st.integers(0, k - 1)),
                         draw(st.integers(0, k - 1)), draw(st.floats(-2, 2).filter(
                             lambda c: abs(c) > 0.1))))
    return prog


def _run(prog, inputs, on_values):
    vs = list(inputs)
    for ins in prog:
        if ins[0] == "u":
            f = UNARY[ins[1]][0 if on_values else 1]
            vs.append(f(vs[ins[2]]))
        else:
            _, op, i, j, c = ins
            vs.append(_binary(op, vs[i], vs[j], c))
    total = vs[3]                      # every result counts: values used many times
    for v in vs[4:]:
        total = total + 0.1 * v if on_values else total + 0.1 * v
    return total


def _relu_kink(prog, x):
    """Whether a relu input lies within 1e-4 of its kink (finite differences unreliable)."""
    vs = list(x)
    for ins in prog:
        if ins[0] == "u":
            if ins[1] == "relu_shift" and abs(vs[ins[2]] + 0.3) < 1e-4:
                return True
            vs.append(UNARY[ins[1]][1](vs[ins[2]]))
        else:
            vs.append(_binary(ins[1], vs[ins[2]], vs[ins[3]], ins[4]))
    return False


@settings(max_examples=150, deadline=None)
@given(programs(), st.lists(st.floats(-1.5, 1.5), min_size=3, max_size=3))
def test_gradients_equal_finite_differences(prog, x):
    try:
        plain = _run(prog, x, False)
    except OverflowError:
        return
    if not math.isfinite(plain) or abs(plain) > 1e6 or _relu_kink(prog, x):
        return
    inputs = [Value(v) for v in x]
    out = _run(prog, inputs, True)
    assert math.isclose(out.data, plain, rel_tol=1e-12, abs_tol=1e-12)
    out.backward()
    fd = central_differences(lambda v: _run(prog, list(v), False), np.array(x), eps=1e-6)
    got = np.array([v.grad for v in inputs])
    assert np.allclose(got, fd, rtol=1e-5, atol=1e-5 * (1 + np.max(np.abs(fd)))), (got, fd)


@settings(max_examples=60, deadline=None)
@given(programs(), st.lists(st.floats(-1.5, 1.5), min_size=3, max_size=3))
def test_forward_mode_equals_reverse_mode(prog, x):
    try:
        plain = _run(prog, x, False)
    except OverflowError:
        return
    if not math.isfinite(plain) or abs(plain) > 1e6:
        return
    inputs = [Value(v) for v in x]
    out = _run(prog, inputs, True).backward()
    for i in range(3):
        duals = [Dual(v, 1.0 if k == i else 0.0) for k, v in enumerate(x)]
        d = _run(prog, duals, True)
        assert math.isclose(d.data, out.data, rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(d.tangent, inputs[i].grad, rel_tol=1e-9, abs_tol=1e-9)


# ----- the rules one by one -------------------------------------------------------------
def test_each_operation_and_its_local_derivative():
    a, b = Value(1.7, "a"), Value(-0.6, "b")
    cases = [(a + b, 1.1, 1.0), (a - b, 2.3, 1.0), (a * b, -1.02, -0.6),
             (a / b, 1.7 / -0.6, 1 / -0.6), (a ** 3, 1.7 ** 3, 3 * 1.7 ** 2),
             (a.exp(), math.exp(1.7), math.exp(1.7)), (a.log(), math.log(1.7), 1 / 1.7),
             (a.tanh(), math.tanh(1.7), 1 - math.tanh(1.7) ** 2),
             (a.relu(), 1.7, 1.0), (b.relu(), 0.0, None), (-a, -1.7, -1.0),
             (2 - a, 0.3, -1.0), (3 / a, 3 / 1.7, -3 / 1.7 ** 2), (2 * a, 3.4, 2.0),
             (a + 1, 2.7, 1.0)]
    for v, data, da in cases:
        assert math.isclose(v.data, data, rel_tol=1e-14)
        zero_grad([a, b])
        v.backward()
        if da is not None:
            assert math.isclose(a.grad, da, rel_tol=1e-14)
    s = a.sigmoid().zero_grad().backward()
    assert math.isclose(a.grad, s.data * (1 - s.data), rel_tol=1e-14)


def test_sigmoid_is_finite_at_extremes():
    for u in (-800.0, -40.0, 40.0, 800.0):
        v = Value(u)
        s = v.sigmoid()
        s.backward()
        assert 0.0 <= s.data <= 1.0 and math.isfinite(v.grad)
    assert Value(-40.0).sigmoid().data == pytest.approx(math.exp(-40.0), rel=1e-12)


def test_a_value_used_twice_collects_both_contributions():
    x = Value(1.5)
    C = (x + 0.8) * x
    C.backward()
    assert x.grad == pytest.approx(2 * 1.5 + 0.8, rel=1e-15)
    x = Value(3.0)
    C = x * x * x
    C.backward()
    assert x.grad == pytest.approx(27.0)


def test_backward_twice_adds_the_grads_and_zero_grad_resets_them():
    x = Value(0.4)
    y = (x * x).tanh()
    y.backward()
    first, inner = x.grad, y.parents[0].grad
    assert first == pytest.approx(2 * 0.4 * (1 - math.tanh(0.16) ** 2), rel=1e-14)
    y.backward()
    assert x.grad == pytest.approx(2 * first, rel=1e-15)          # every node, not only leaves
    assert y.parents[0].grad == pytest.approx(2 * inner, rel=1e-15) and y.grad == 2.0
    assert y.zero_grad() is y and x.grad == 0.0 and y.parents[0].grad == 0.0 and y.grad == 0.0
    y.backward()
    assert x.grad == first


def test_two_losses_in_turn_give_the_gradient_of_their_sum():
    w, b = Value(0.7), Value(-0.2)
    C1 = (w * 1.5 + b).sigmoid() ** 2
    C2 = (w * -0.4 + b).tanh() * w
    C1.backward()
    C2.backward()
    both = [w.grad, b.grad]
    zero_grad([w, b])
    assert w.grad == 0.0 and b.grad == 0.0
    (C1 + C2).backward()
    assert both == pytest.approx([w.grad, b.grad], rel=1e-14)

    def total(v):
        wv, bv = v
        return (1 / (1 + math.exp(-(wv * 1.5 + bv)))) ** 2 + math.tanh(wv * -0.4 + bv) * wv
    fd = central_differences(total, np.array([0.7, -0.2]))
    assert np.allclose(both, fd, rtol=1e-7, atol=1e-9)


def test_zero_grad_refuses_what_is_not_a_value():
    x = Value(1.0)
    x.grad = 3.0
    zero_grad(x)
    assert x.grad == 0.0
    for bad in (3.0, None, [x, 2.0], "w"):
        with pytest.raises(TypeError, match="zero_grad"):
            zero_grad(bad)


def test_a_shared_weight_gets_the_sum_of_its_gradients():
    # an unrolled recurrence: h1 = σ(w·x1 + u), h2 = σ(w·h1 + u·x2), C = (h2 − 0.3)²
    def run(w, u, x1=0.9, x2=-0.5):
        h1 = (w * x1 + u).sigmoid() if isinstance(w, Value) else 1 / (1 + math.exp(-(w * x1 + u)))
        s = w * h1 + u * x2
        h2 = s.sigmoid() if isinstance(s, Value) else 1 / (1 + math.exp(-s))
        return (h2 - 0.3) ** 2
    w, u = Value(1.2), Value(0.4)
    C = run(w, u)
    C.backward()
    fd = central_differences(lambda v: run(v[0], v[1]), np.array([1.2, 0.4]))
    assert np.allclose([w.grad, u.grad], fd, rtol=1e-7, atol=1e-10)
    # the same w, as two separate copies: their grads add up to the shared one
    w1, w2, u1 = Value(1.2), Value(1.2), Value(0.4)
    h1 = (w1 * 0.9 + u1).sigmoid()
    C2 = ((w2 * h1 + u1 * -0.5).sigmoid() - 0.3) ** 2
    C2.backward()
    assert w1.grad != 0 and w2.grad != 0
    assert w1.grad + w2.grad == pytest.approx(w.grad, rel=1e-13)


def _mixed(a, b, relu):
    """An expression of our own that uses every operation micrograd's engine has
    (+, ×, **, relu, unary −, −, /, the reflected forms and +=), a value reused many times."""
    s = b - a
    p = 0.5 * a * b - s ** 2
    s += 2 - s * a
    s += relu(p - 1) + (-b)
    p += relu(a * s) / 3 + 0.25 * p
    p += 1.5 - relu(-p)
    q = (s * 0.3 - p) ** 2 + 0.1
    r = q / 4.0 + 2.0 / q
    r += r * 0.5 - a
    return r


@pytest.mark.parametrize("a0, b0", [(-3.0, 1.5), (1.3, -0.7), (0.5, 2.5), (2.0, 2.0)])
def test_mixed_expressions_against_finite_differences(a0, b0):
    a, b = Value(a0), Value(b0)
    r = _mixed(a, b, lambda v: v.relu())
    r.backward()

    def plain(v):
        return _mixed(v[0], v[1], lambda t: max(t, 0.0))
    assert r.data == pytest.approx(plain([a0, b0]), rel=1e-14)
    fd = central_differences(plain, np.array([a0, b0]), eps=1e-6)
    assert np.allclose([a.grad, b.grad], fd, rtol=1e-6, atol=1e-6)


def test_relu_on_both_sides_of_its_kink_and_a_reused_input():
    for x0 in (-2.5, -0.4, 0.9, 3.1):
        x = Value(x0)
        u = 3 * x - 1 + x
        k = (u * x).relu() - u
        m = (-u).relu() * x + k * k
        y = m + k / 2 - x
        y.backward()

        def plain(t):
            u = 3 * t - 1 + t
            k = max(u * t, 0.0) - u
            return max(-u, 0.0) * t + k * k + k / 2 - t
        assert y.data == pytest.approx(plain(x0), rel=1e-14)
        assert x.grad == pytest.approx(central_differences(plain, x0), rel=1e-6, abs=1e-6)


def test_a_deep_graph_does_not_hit_the_recursion_limit():
    x = Value(0.5)
    v = x
    for _ in range(20_000):
        v = v * 1.0 + 0.0
    v.backward()
    assert x.grad == pytest.approx(1.0)
    assert len(topological_order(v)) == 40_001


def test_topological_order_puts_every_node_after_its_inputs():
    a, b = Value(1.0), Value(2.0)
    c = a * b + a
    d = (c * c).exp() / (b + 3)
    order = topological_order(d)
    place = {v: i for i, v in enumerate(order)}
    assert order[-1] is d and len(order) == len(set(order))
    assert all(place[u] < place[v] for v in order for u in v.parents)
    steps = backward_steps(d)
    assert steps[0] is d and all(v.parents for v in steps)
    nodes, ops, edges = graph_size(d)
    assert nodes == len(order) and ops == len(steps) and edges == sum(len(v.parents) for v in order)


# ----- a network built from Values -------------------------------------------------------
KINDS = [dict(), dict(activation="tanh"), dict(activation="relu"),
         dict(activation="tanh", output_activation="sigmoid", cost="cross_entropy"),
         dict(activation="sigmoid", output_activation="softmax", cost="log_likelihood"),
         dict(activation="linear")]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: "-".join(k.values()) or "sigmoid")
@pytest.mark.parametrize("sizes", [(1, 1), (3, 1), (3, 4, 2), (2, 3, 3, 2)])
def test_a_network_of_values_gives_backprops_gradient(kind, sizes):
    rng = np.random.default_rng(sum(sizes))
    net = Network(list(sizes), seed=3, **kind)
    x = rng.standard_normal((sizes[0], 1))
    y = np.eye(sizes[-1])[:, [0]] if kind.get("cost") == "log_likelihood" else \
        rng.random((sizes[-1], 1))
    ex = net.example(x, y)
    sn = scalar_network(ex)
    assert sn.cost.data == pytest.approx(ex.cost, rel=1e-12, abs=1e-15)
    nabla_b, nabla_w = net.backprop(x, y)
    for l in range(2, net.L + 1):
        assert np.max(np.abs(sn.nabla_w[l] - nabla_w[l])) <= 1e-12
        assert np.max(np.abs(sn.nabla_b[l] - nabla_b[l])) <= 1e-12
        assert np.max(np.abs(sn.nabla_w[l] - ex.nabla_w[l])) <= 1e-12
    fm = forward_mode_gradient(ex)
    for l in range(2, net.L + 1):
        assert np.max(np.abs(fm.nabla_w[l] - ex.nabla_w[l])) <= 1e-12
        assert np.max(np.abs(fm.nabla_b[l] - ex.nabla_b[l])) <= 1e-12


def test_a_mini_batch_of_values_gives_the_mean_gradient():
    net = Network([2, 3, 1], seed=5)
    X, Y = np.random.default_rng(1).random((2, 4)), np.random.default_rng(2).random((1, 4))
    ex = net.example(X, Y)
    sn = scalar_network(ex)
    assert sn.cost.data == pytest.approx(ex.cost, rel=1e-12)
    for l in (2, 3):
        assert np.max(np.abs(sn.nabla_w[l] - ex.nabla_w[l])) <= 1e-12


def test_forward_mode_needs_one_pass_per_parameter_and_reverse_mode_two():
    net = Network([4, 6, 3], seed=2)
    ex = net.example(np.full((4, 1), 0.3), np.full((3, 1), 0.5))
    P = sum(w.size for w in net.w) + sum(b.size for b in net.b)
    r = race(ex, repeats=1)
    assert r["parameters"] == r["forward_passes"] == P
    assert r["forward_operations"] == P * r["graph_operations"]   # one whole pass each
    assert r["reverse_operations"] == 2 * r["graph_operations"]
    assert r["t_forward"] > 0 and r["t_reverse"] > 0


def test_scalar_vs_matrix_reports_a_ratio():
    net = Network([3, 4, 2], seed=0)
    out = scalar_vs_matrix(net.example(np.ones((3, 1)), np.zeros((2, 1))), repeats=1)
    assert out["ratio"] == pytest.approx(out["t_scalar"] / out["t_matrix"])


# ----- bad operands --------------------------------------------------------------------
@pytest.mark.parametrize("bad, kind, words", [
    ("3", TypeError, "string"), (None, TypeError, "None"), (True, TypeError, "bool"),
    (1 + 2j, TypeError, "complex"), (np.array([1.0, 2.0]), TypeError, "array"),
    ([1.0], TypeError, "list"), (float("nan"), ValueError, "finite"),
    (float("inf"), ValueError, "finite"), (10 ** 400, ValueError, "1.8e308"),
], ids=["str", "None", "bool", "complex", "array", "list", "nan", "inf", "10**400"])
@pytest.mark.parametrize("op, apply", [
    ("+", lambda v, b: v + b), ("+", lambda v, b: b + v), ("−", lambda v, b: v - b),
    ("−", lambda v, b: b - v), ("×", lambda v, b: v * b), ("×", lambda v, b: b * v),
    ("/", lambda v, b: v / b), ("/", lambda v, b: b / v), ("**", lambda v, b: v ** b),
])
def test_a_bad_operand_is_refused_naming_the_operation(bad, kind, words, op, apply):
    v = Value(2.0)
    with pytest.raises(kind) as err:
        apply(v, bad)
    text = str(err.value)
    assert op in text and words in text, text


@pytest.mark.parametrize("bad, kind", [("3", TypeError), (None, TypeError), (True, TypeError),
                                       (1j, TypeError), (np.ones(2), TypeError),
                                       (float("nan"), ValueError), (10 ** 400, ValueError)])
def test_a_bad_value_is_refused(bad, kind):
    with pytest.raises(kind, match="Value"):
        Value(bad)
    with pytest.raises(kind, match="Dual"):
        Dual(bad)


@pytest.mark.parametrize("bad", ["3", None, True, 1j, np.ones(2), float("nan"), 10 ** 400])
def test_a_dual_refuses_a_bad_operand_too(bad):
    d = Dual(1.0, 1.0)
    for apply in (lambda: d + bad, lambda: bad - d, lambda: d * bad, lambda: d / bad,
                  lambda: d ** bad):
        with pytest.raises((TypeError, ValueError), match="operand"):
            apply()


def test_operations_that_leave_the_reals_say_so():
    with pytest.raises(ZeroDivisionError, match="/"):
        Value(1.0) / Value(0.0)
    with pytest.raises(ZeroDivisionError, match="/"):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError, match="/"):
        1 / Value(0.0)
    with pytest.raises(ValueError, match="log"):
        Value(0.0).log()
    with pytest.raises(ValueError, match=r"\*\*"):
        Value(-2.0) ** 0.5
    with pytest.raises(OverflowError, match="exp"):
        Value(800.0).exp()
    with pytest.raises(OverflowError, match="floating-point range"):
        Value(1e200) * Value(1e200)
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(TypeError, match=r"\*\*"):
        2 ** Value(2.0)
    with pytest.raises(TypeError, match="truth value"):
        bool(Value(1.0))
    with pytest.raises(TypeError, match="root"):
        topological_order(3.0)
    with pytest.raises(TypeError, match="net.example"):
        scalar_network("not an example")


def test_numpy_scalars_are_numbers_and_arrays_are_not():
    v = Value(np.float64(2.0)) * np.int64(3) + np.float32(0.5)
    assert v.data == 6.5
    with pytest.raises(TypeError, match="array"):
        np.array([1.0, 2.0]) + Value(1.0)
