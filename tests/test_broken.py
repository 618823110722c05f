"""The six broken backprops of chapter 13: each is wrong where, and only where,
its description says, measured against finite differences of the engine's cost;
the correct template is right."""
import copy
import inspect
import re
from pathlib import Path

import jupytext
import numpy as np
import pytest

from backprop_core import Layers, Network, numerical_gradient, relative_error, sigmoid_prime
from backprop_core import broken, debugging

EX = debugging.chapter_example()
NET, X, Y = EX.net, EX.x, EX.y
FB, FW = numerical_gradient(NET, X, Y)          # the independent reference


def run(function, net=NET, x=X, y=Y):
    net = copy.deepcopy(net)
    return function(net, x, y)


def errors(function):
    nb, nw = run(function)
    out = {}
    for l in range(2, NET.L + 1):
        for name, got, want in ((f"w^{l}", nw[l], FW[l]), (f"b^{l}", nb[l], FB[l])):
            out[name] = None if np.shape(got) != want.shape else relative_error(got, want)
    return out


def test_the_template_is_right_on_the_chapter_network_and_another():
    assert max(errors(broken.correct).values()) < 1e-7
    net = Network([3, 4, 2], seed=5)
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(3, 3)), rng.uniform(size=(2, 3))
    nb, nw = run(broken.correct, net, x, y)
    fb, fw = numerical_gradient(net, x, y)
    assert relative_error([*nb, *nw], [*fb, *fw]) < 1e-7


@pytest.mark.parametrize("name", broken.NAMES)
def test_every_bug_returns_layers_and_is_caught(name):
    nb, nw = run(broken.BUGS[name].function)
    assert isinstance(nb, Layers) and isinstance(nw, Layers)
    found = errors(broken.BUGS[name].function)
    assert any(e is None or e > 1e-2 for e in found.values()), found


WRONG = {"transposed": {"w^2", "w^3", "w^4"},
         "missing_sigma_prime": {"w^2", "w^3", "b^2", "b^3"},
         "forgotten_mean": {"w^2", "w^3", "w^4", "b^2", "b^3", "b^4"},
         "wrong_sign": {"w^2", "w^3", "w^4", "b^2", "b^3", "b^4"},
         "wrong_layer": {"w^2", "b^2"},
         "in_place": {"w^2", "w^3", "b^2", "b^3"}}


@pytest.mark.parametrize("name", broken.NAMES)
def test_each_bug_spoils_exactly_the_parameters_it_should(name):
    found = errors(broken.BUGS[name].function)
    wrong = {n for n, e in found.items() if e is None or e > 1e-4}
    assert wrong == WRONG[name]
    assert all(e < 1e-7 for n, e in found.items() if n not in wrong)


def test_the_transpose_is_a_shape_error_in_w2_and_silent_in_the_square_layers():
    nb, nw = run(broken.transposed)
    assert nw[2].shape == FW[2].shape[::-1]
    for l in (3, 4):
        assert nw[l].shape == FW[l].shape
        assert np.allclose(nw[l].T, FW[l], rtol=1e-6, atol=1e-10)
        assert np.allclose(np.diag(nw[l]), np.diag(FW[l]), rtol=1e-6, atol=1e-10)


def test_the_forgotten_mean_is_a_factor_m_and_invisible_on_one_example():
    nb, nw = run(broken.forgotten_mean)
    tb, tw = NET.backprop_batch(X, Y)
    assert all(np.allclose(g, EX.m * t) for g, t in zip([*nb, *nw], [*tb, *tw]))
    nb1, nw1 = run(broken.forgotten_mean, x=X[:, :1], y=Y[:, :1])
    fb1, fw1 = numerical_gradient(NET, X[:, :1], Y[:, :1])
    assert relative_error([*nb1, *nw1], [*fb1, *fw1]) < 1e-7


def test_the_wrong_sign_is_minus_the_gradient():
    nb, nw = run(broken.wrong_sign)
    tb, tw = NET.backprop_batch(X, Y)
    assert all(np.allclose(g, -t, rtol=1e-12) for g, t in zip([*nb, *nw], [*tb, *tw]))


def test_the_wrong_layer_raises_where_the_sizes_do_not_fit():
    net = Network([2, 3, 4, 3], seed=1)
    with pytest.raises(ValueError):
        run(broken.wrong_layer, net, X, Y)


def test_in_place_changes_the_network_and_uses_the_updated_weights():
    net = copy.deepcopy(NET)
    nb, nw = broken.in_place(net, X, Y)
    tb, tw = NET.backprop_batch(X, Y)
    L = NET.L
    for l in range(2, L + 1):
        assert np.allclose(net.w[l], NET.w[l] - broken.ETA * nw[l])
    assert np.allclose(nw[L], tw[L]) and np.allclose(nb[L], tb[L])
    ex = NET.example(X, Y)
    w_new = NET.w[L] - broken.ETA * tw[L]
    delta = (w_new.T @ ex.delta[L]) * sigmoid_prime(ex.z[L - 1])
    assert np.allclose(nb[L - 1], delta.mean(axis=1, keepdims=True))


def test_the_registry():
    assert set(broken.NAMES) == set(WRONG)
    assert sorted(broken.MYSTERIES.values()) == sorted(broken.NAMES)
    for name, bug in broken.BUGS.items():
        assert bug.function.__name__ == name and bug.description
        assert re.fullmatch(r"BP[1-4](, BP[1-4])*", bug.equation)
        assert name not in inspect.getsource(bug.function).split("\n", 1)[1]
    for letter, name in broken.MYSTERIES.items():
        assert broken.mystery(letter) is broken.BUGS[name].function
        assert broken.mystery(letter.lower() + " ") is broken.BUGS[name].function
    for bad in ("G", "", None, 1, b"A"):
        with pytest.raises(ValueError, match="mystery"):
            broken.mystery(bad)


def test_the_chapters_copy_of_mystery_A_is_its_source():
    path = Path(__file__).resolve().parent.parent / "chapters" / "13_debugging_backprop.md"
    cell = next(c.source for c in jupytext.read(path).cells
                if c.cell_type == "code" and c.source.startswith("def my_backprop"))
    copy_ = cell.split("\n\n\n")[0].splitlines()
    original = inspect.getsource(broken.mystery("A")).rstrip().splitlines()
    body = [line for line in original[1:] if '"""' not in line]
    assert copy_[1:] == [line.replace("empty_gradients", "broken.empty_gradients")
                         for line in body]
