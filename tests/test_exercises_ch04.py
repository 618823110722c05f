"""Every chapter-04 check: a right answer prints PASS, each wrong one FAIL with its hint,
and a stub returning ... is the reader's turn."""
import numpy as np
import pytest

from backprop_core.exercises.ch04_proofs import (check_dC_db, check_dC_dw, check_linear_backprop,
                                                 check_one_neuron_deltas)


# ----- right answers (the chapter's hidden solutions) -------------------------
def dC_db(net, x, y, l):
    return net.deltas(x, y)[l - 2]


def dC_dw(net, x, y, l):
    return net.deltas(x, y)[l - 2] @ net.forward_pass(x)[1][l - 2].T


def one_neuron_deltas(model, x, y):
    zs, activations = model.forward_pass(x)
    L = model.num_layers

    def prime(l):
        p = model.net.sigma(l).prime(zs[l - 2])
        if l == model.l:
            p[model.j] = model.f.prime(zs[l - 2][model.j])
        return p

    deltas = [(activations[-1] - y) * prime(L)]
    for l in range(L - 1, 1, -1):
        deltas.insert(0, (model.weights[l - 1].T @ deltas[0]) * prime(l))
    return deltas


def linear_backprop(net, x, y):
    activations = net.forward_pass(x)[1]
    deltas = [activations[-1] - y]
    for l in range(net.num_layers - 1, 1, -1):
        deltas.insert(0, net.weights[l - 1].T @ deltas[0])
    return deltas, [d @ a.T for d, a in zip(deltas, activations)]


def stub(*args):
    return ...


CHECKS = [(check_dC_db, dC_db), (check_dC_dw, dC_dw),
          (check_one_neuron_deltas, one_neuron_deltas), (check_linear_backprop, linear_backprop)]


def run(check, fn, capsys):
    result = check(fn)
    return result, capsys.readouterr().out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
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
    fails_with(check_dC_db, lambda net, x, y, l: net.forward_pass(x)[1][l - 1], capsys, "this is a^l")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l - 2].ravel(), capsys,
               "column vector, shape (3, 1)")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l - 1], capsys, "δ^{l+1}")
    fails_with(check_dC_db, lambda net, x, y, l: 2 * net.deltas(x, y)[l - 2], capsys,
               "differs from finite differences", "l=2")
    fails_with(check_dC_db, lambda net, x, y, l: "delta", capsys, "numpy array")


def test_dC_dw_wrong_answers(capsys):
    fails_with(check_dC_dw, lambda net, x, y, l: dC_dw(net, x, y, l).T, capsys,
               "shape (2, 3); expected (3, 2)", "rows are j (layer l), columns k (layer l−1)",
               "Transposed")
    fails_with(check_dC_dw,
               lambda net, x, y, l: dC_dw(net, x, y, l).T if l == 3 else dC_dw(net, x, y, l),
               capsys, "l=3: transposed")
    fails_with(check_dC_dw, lambda net, x, y, l: net.deltas(x, y)[l - 2] @ net.forward_pass(x)[1][l - 1].T,
               capsys, "did you use a^l instead of a^(l−1)")
    fails_with(check_dC_dw, lambda net, x, y, l: np.zeros((1, 1)), capsys,
               "shape (1, 1); expected (3, 2) — rows are j")
    fails_with(check_dC_dw, lambda net, x, y, l: dC_dw(net, x, y, l) + (l == 4), capsys,
               "l=4", "differs from finite differences")


def test_one_neuron_wrong_answers(capsys):
    fails_with(check_one_neuron_deltas, lambda model, x, y: model.net.deltas(x, y), capsys,
               "ordinary network", "f′(z^l_j)")

    def with_f_not_prime(model, x, y):
        zs, activations = model.forward_pass(x)
        factors = [model.layer_fn(l)(z) for l, z in zip(range(2, model.num_layers + 1), zs)]
        deltas = [(activations[-1] - y) * factors[-1]]
        for l in range(model.num_layers - 1, 1, -1):
            deltas.insert(0, (model.weights[l - 1].T @ deltas[0]) * factors[l - 2])
        return deltas
    fails_with(check_one_neuron_deltas, with_f_not_prime, capsys, "derivative f′(z)")
    fails_with(check_one_neuron_deltas, lambda model, x, y: one_neuron_deltas(model, x, y)[1:],
               capsys, "list [δ^2, ..., δ^L] of 3")


def test_linear_wrong_answers(capsys):
    fails_with(check_linear_backprop, lambda net, x, y: (net.deltas(x, y), [1, 2, 3]), capsys,
               "nabla_w for layer l=2 has shape ()")

    def kept_sigmoid(net, x, y):
        from backprop_core.activations import sigmoid_prime
        zs, activations = net.forward_pass(x)
        deltas = [(activations[-1] - y) * sigmoid_prime(zs[-1])]
        for l in range(net.num_layers - 1, 1, -1):
            deltas.insert(0, (net.weights[l - 1].T @ deltas[0]) * sigmoid_prime(zs[l - 2]))
        return deltas, [d @ a.T for d, a in zip(deltas, activations)]
    fails_with(check_linear_backprop, kept_sigmoid, capsys, "σ′(z) = 1")

    def off_by_layer(net, x, y):
        b, w = linear_backprop(net, x, y)
        a = net.forward_pass(x)[1]
        return b, [d @ act.T for d, act in zip(b, a[1:])]
    fails_with(check_linear_backprop, off_by_layer, capsys, "has shape")
    fails_with(check_linear_backprop, lambda net, x, y: 3, capsys, "the pair (nabla_b, nabla_w)")
    fails_with(check_linear_backprop, lambda net, x, y: (net.deltas(x, y), [1, 2]), capsys,
               "expected 3 arrays")
