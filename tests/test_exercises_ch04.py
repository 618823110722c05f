"""Every chapter-04 check: a right answer prints PASS, each wrong one FAIL with its hint,
and a stub returning ... is the reader's turn."""
import numpy as np
import pytest

from backprop_core.exercises.ch04_proofs import (check_dC_db, check_dC_dw, check_linear_backprop,
                                                 check_one_neuron_deltas)
from backprop_core.layers import Layers


# ----- right answers (the chapter's solutions) ------------------------------
def dC_db(net, x, y, l):
    return net.deltas(x, y)[l]


def dC_dw(net, x, y, l):
    a = net.forward_pass(x).a
    return net.deltas(x, y)[l] @ a[l - 1].T


def one_neuron_deltas(model, x, y):
    z, a = model.forward_pass(x)
    L = model.L

    def prime(l):
        p = model.net.sigma(l).prime(z[l])
        if l == model.l:
            p[model.j] = model.f.prime(z[l][model.j])
        return p

    delta = {L: (a[L] - y) * prime(L)}
    for l in range(L - 1, 1, -1):
        delta[l] = (model.w[l + 1].T @ delta[l + 1]) * prime(l)
    return [delta[l] for l in range(2, L + 1)]


def linear_backprop(net, x, y):
    a = net.forward_pass(x).a
    L = net.L
    delta = {L: a[L] - y}
    for l in range(L - 1, 1, -1):
        delta[l] = net.w[l + 1].T @ delta[l + 1]
    return ([delta[l] for l in range(2, L + 1)],
            [delta[l] @ a[l - 1].T for l in range(2, L + 1)])


# the same answers returning Layers, as the engine does: accepted too
def one_neuron_deltas_as_layers(model, x, y):
    return Layers(one_neuron_deltas(model, x, y), 2, "δ^l")


def linear_backprop_as_layers(net, x, y):
    nabla_b, nabla_w = linear_backprop(net, x, y)
    return Layers(nabla_b, 2, "∂C/∂b^l"), Layers(nabla_w, 2, "∂C/∂w^l")


def linear_backprop_by_engine(net, x, y):
    return net.backprop(x, y)


def stub(*args):
    return ...


CHECKS = [(check_dC_db, dC_db), (check_dC_dw, dC_dw),
          (check_one_neuron_deltas, one_neuron_deltas), (check_linear_backprop, linear_backprop)]
AS_LAYERS = [(check_one_neuron_deltas, one_neuron_deltas_as_layers),
             (check_linear_backprop, linear_backprop_as_layers),
             (check_linear_backprop, linear_backprop_by_engine)]


def run(check, fn, capsys):
    result = check(fn)
    return result, capsys.readouterr().out


@pytest.mark.parametrize("check,right", CHECKS + AS_LAYERS, ids=lambda c: getattr(c, "__name__", ""))
def test_right_answer_passes(check, right, capsys):
    result, out = run(check, right, capsys)
    assert result is True and out.startswith("PASS"), out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
def test_stub_is_your_turn(check, right, capsys):
    result, out = run(check, stub, capsys)
    assert result is None and "Your turn" in out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
def test_raising_answer_fails(check, right, capsys):
    def broken(*args):
        raise KeyError("oops")
    result, out = run(check, broken, capsys)
    assert result is False and out.startswith("FAIL") and "raised KeyError" in out


def fails_with(check, fn, capsys, *phrases):
    result, out = run(check, fn, capsys)
    assert result is False and out.startswith("FAIL"), out
    for phrase in phrases:
        assert phrase in out, out


def test_dC_db_wrong_answers(capsys):
    fails_with(check_dC_db, lambda net, x, y, l: net.forward_pass(x).a[l], capsys, "this is a^l")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l].ravel(), capsys,
               "column vector, shape (3, 1)")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l + 1] if l < net.L
               else net.deltas(x, y)[l], capsys, "δ^{l+1}", "net.deltas(x, y)[l] is δ^l")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l - 1] if l > 2
               else net.deltas(x, y)[l], capsys, "δ^{l−1}", "l=3")
    fails_with(check_dC_db, lambda net, x, y, l: 2 * net.deltas(x, y)[l], capsys,
               "differs from finite differences", "l=2")
    fails_with(check_dC_db, lambda net, x, y, l: "delta", capsys, "numpy array")


def test_an_old_list_offset_gets_the_books_numbering(capsys):
    """Writing the old offset deltas[l − 2] asks for δ^0: the hint gives the book's numbering."""
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l - 2], capsys,
               "raised LayerError", "δ^l exists for l = 2..4", "net.deltas(x, y)[l] is δ^l")
    fails_with(check_dC_dw,
               lambda net, x, y, l: net.deltas(x, y)[l] @ net.forward_pass(x).a[l - 2].T,
               capsys, "raised LayerError", "a^l exists for l = 1..4", "a[l - 1] is a^(l−1)")


def test_dC_dw_wrong_answers(capsys):
    fails_with(check_dC_dw, lambda net, x, y, l: dC_dw(net, x, y, l).T, capsys,
               "shape (2, 3); expected (3, 2)", "rows are j (layer l), columns k (layer l−1)",
               "Transposed")
    fails_with(check_dC_dw,
               lambda net, x, y, l: dC_dw(net, x, y, l).T if l == 3 else dC_dw(net, x, y, l),
               capsys, "l=3: transposed")
    fails_with(check_dC_dw, lambda net, x, y, l: net.deltas(x, y)[l] @ net.forward_pass(x).a[l].T,
               capsys, "did you use a^l instead of a^(l−1)")
    fails_with(check_dC_dw, lambda net, x, y, l: np.zeros((1, 1)), capsys,
               "shape (1, 1); expected (3, 2) — rows are j")
    fails_with(check_dC_dw, lambda net, x, y, l: dC_dw(net, x, y, l) + (l == 4), capsys,
               "l=4", "differs from finite differences")


def test_one_neuron_wrong_answers(capsys):
    fails_with(check_one_neuron_deltas, lambda model, x, y: model.net.deltas(x, y), capsys,
               "ordinary network", "f′(z^l_j)")

    def with_f_not_prime(model, x, y):
        z, a = model.forward_pass(x)
        L = model.L
        delta = {L: (a[L] - y) * model.layer_fn(L)(z[L])}
        for l in range(L - 1, 1, -1):
            delta[l] = (model.w[l + 1].T @ delta[l + 1]) * model.layer_fn(l)(z[l])
        return [delta[l] for l in range(2, L + 1)]
    fails_with(check_one_neuron_deltas, with_f_not_prime, capsys, "derivative f′(z)")
    fails_with(check_one_neuron_deltas, lambda model, x, y: one_neuron_deltas(model, x, y)[1:],
               capsys, "list [δ^2, ..., δ^L] of 3")
    fails_with(check_one_neuron_deltas,
               lambda model, x, y: Layers(one_neuron_deltas(model, x, y)[1:], 3, "δ^l"),
               capsys, "the δ's covers layers l = 3..4; expected one entry per layer l = 2..4")
    fails_with(check_one_neuron_deltas,
               lambda model, x, y: dict(zip(range(2, 5), one_neuron_deltas(model, x, y))),
               capsys, "as a list in layer order", "not a dict")
    fails_with(check_one_neuron_deltas, lambda model, x, y: 7, capsys,
               "as a list in layer order l = 2..L, or a Layers; got int")
    fails_with(check_one_neuron_deltas,
               lambda model, x, y: one_neuron_deltas(model, x, y)[::-1], capsys,
               "differs from finite differences")          # from δ^L down: not layer order


def test_linear_wrong_answers(capsys):
    fails_with(check_linear_backprop, lambda net, x, y: (net.deltas(x, y), [1, 2, 3]), capsys,
               "nabla_w for layer l=2 has shape ()")

    def kept_sigmoid(net, x, y):
        from backprop_core.activations import sigmoid_prime
        z, a = net.forward_pass(x)
        L = net.L
        delta = {L: (a[L] - y) * sigmoid_prime(z[L])}
        for l in range(L - 1, 1, -1):
            delta[l] = (net.w[l + 1].T @ delta[l + 1]) * sigmoid_prime(z[l])
        return ([delta[l] for l in range(2, L + 1)],
                [delta[l] @ a[l - 1].T for l in range(2, L + 1)])
    fails_with(check_linear_backprop, kept_sigmoid, capsys, "σ′(z) = 1")

    def off_by_layer(net, x, y):
        b, w = linear_backprop(net, x, y)
        a = net.forward_pass(x).a
        return b, [d @ a[l].T for l, d in zip(range(2, net.L + 1), b)]
    fails_with(check_linear_backprop, off_by_layer, capsys, "has shape")
    fails_with(check_linear_backprop, lambda net, x, y: 3, capsys, "the pair (nabla_b, nabla_w)")
    fails_with(check_linear_backprop, lambda net, x, y: (net.deltas(x, y), [1, 2]), capsys,
               "expected 3 arrays")
    fails_with(check_linear_backprop,
               lambda net, x, y: (dict(net.deltas(x, y).items()), linear_backprop(net, x, y)[1]),
               capsys, "return nabla_b as a list in layer order", "not a dict")
    fails_with(check_linear_backprop,
               lambda net, x, y: (Layers(list(net.deltas(x, y)), 1, "δ^l"),
                                  linear_backprop(net, x, y)[1]),
               capsys, "nabla_b covers layers l = 1..3; expected one entry per layer l = 2..4")


# ----- odd answers: ... itself, not a function, results the check cannot read -----
@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
def test_ellipsis_instead_of_a_function_is_your_turn(check, right, capsys):
    result, out = run(check, ..., capsys)
    assert result is None and out.startswith("Your turn"), out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
@pytest.mark.parametrize("odd", [None, 0.5, "my_function", [1, 2]])
def test_a_value_instead_of_a_function_is_told_to_pass_the_function(check, right, odd, capsys):
    fails_with(check, odd, capsys, "pass your function itself")


def _odd_entry(entry):
    """The linear network's answer with nabla_b^2 replaced by ``entry``."""
    def answer(net, x, y):
        nabla_b, nabla_w = linear_backprop(net, x, y)
        return [entry] + nabla_b[1:], nabla_w
    return answer


@pytest.mark.parametrize("entry", [np.full((3, 1), None), np.array([["a"], ["b"], ["c"]]),
                                   [[10**400], [0], [0]], [[1j], [0], [0]]],
                         ids=["objects", "strings", "huge", "complex"])
def test_what_the_check_cannot_read_is_not_blamed_on_the_function(entry, capsys):
    result, out = run(check_linear_backprop, _odd_entry(entry), capsys)
    assert result is False and "nabla_b for layer l=2 is not an array of real numbers" in out, out
    assert "raised" not in out


@pytest.mark.parametrize("entry", [[[10**400]] * 3, [[1j]] * 3, [[1, 2], [3]]],
                         ids=["huge", "complex", "ragged"])
def test_one_neuron_deltas_that_are_not_arrays_are_named(entry, capsys):
    def answer(model, x, y):
        deltas = one_neuron_deltas(model, x, y)
        return [entry] + deltas[1:]
    result, out = run(check_one_neuron_deltas, answer, capsys)
    assert result is False and "δ^2 (entry 0 of your list) is not an array" in out, out
    assert "raised" not in out
