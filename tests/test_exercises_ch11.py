"""Chapter 11 checks: a right answer passes (the chapter's solutions among them), wrong
answers fail with a specific hint."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.activations import sigmoid, sigmoid_prime
from backprop_core.educational import backward
from backprop_core.exercises.ch11_educational import (check_backward_loop, check_delta_a_matrix,
                                                      check_weight_change_w2,
                                                      check_weight_change_w3,
                                                      yours_or_reference)

A_I, Y_K, ETA = 0.8, 0.1, 0.5


def out(capsys):
    return capsys.readouterr().out


@pytest.fixture
def tiny():
    net = Network([1, 1, 1], seed=4)
    w_ij, w_jk = net.w[2][0, 0], net.w[3][0, 0]
    z_j = w_ij * A_I + net.b[2][0, 0]
    a_j = sigmoid(z_j)
    z_k = w_jk * a_j + net.b[3][0, 0]
    a_k = sigmoid(z_k)
    delta_k = sigmoid_prime(z_k) * (a_k - Y_K)
    delta_j = sigmoid_prime(z_j) * delta_k * w_jk
    return dict(net=net, ex=net.example([[A_I]], [[Y_K]]), a_j=a_j, delta_k=delta_k,
                delta_j=delta_j, w_jk=w_jk, a_k=a_k)


def test_unanswered(tiny, capsys):
    ex = tiny["ex"]
    assert check_weight_change_w3(..., ex, ETA) is None
    assert check_weight_change_w2(..., ex, ETA) is None
    assert check_delta_a_matrix(..., np.ones(2), np.ones(3)) is None
    assert out(capsys).count("Your turn") == 3


def test_weight_change_jk(tiny, capsys):
    a_j, delta_k = tiny["a_j"], tiny["delta_k"]
    args = (tiny["ex"], ETA)
    assert check_weight_change_w3(ETA * delta_k * a_j, *args) is True
    assert out(capsys).startswith("PASS")
    for wrong, hint in [(delta_k * a_j, "learning rate"), (ETA * delta_k, "multiply by a^2"),
                        (ETA * (tiny["a_k"] - Y_K) * a_j, "σ′(z^3)"),
                        (-ETA * delta_k * a_j, "sign is flipped"), (1.0, "compute η"),
                        ("x", "one number")]:
        assert check_weight_change_w3(wrong, *args) is False
        assert hint in out(capsys)


def test_weight_change_ij(tiny, capsys):
    delta_j, delta_k = tiny["delta_j"], tiny["delta_k"]
    args = (tiny["ex"], ETA)
    assert check_weight_change_w2(ETA * delta_j * A_I, *args) is True
    assert out(capsys).startswith("PASS")
    for wrong, hint in [(delta_j * A_I, "learning rate"),
                        (ETA * delta_k * tiny["w_jk"] * A_I, "factor σ′(z^2)"),
                        (ETA * delta_k * A_I, "carried back along w^3"),
                        (-ETA * delta_j * A_I, "sign is flipped")]:
        assert check_weight_change_w2(wrong, *args) is False
        assert hint in out(capsys)


def test_delta_a_matrix(capsys):
    delta, a = np.array([[0.5], [-1.0], [2.0], [0.25]]), np.array([[1.0], [2.0], [3.0]])
    assert check_delta_a_matrix(delta @ a.T, delta, a) is True
    assert out(capsys).startswith("PASS")
    assert check_delta_a_matrix(a @ delta.T, delta, a) is False
    assert "the transpose" in out(capsys)
    assert check_delta_a_matrix(delta * 2, delta, a) is False
    assert "broadcast" in out(capsys)


@pytest.mark.parametrize("check", [check_weight_change_w3, check_weight_change_w2])
def test_three_neuron_checks_take_the_example(tiny, check):
    net = tiny["net"]
    with pytest.raises(TypeError, match=r"expected net.example\(x, y\), got Network"):
        check(0.1, net, ETA)
    with pytest.raises(ValueError, match=r"sizes \[1, 1, 1\]"):
        check(0.1, Network([1, 2, 1], seed=0).example([[A_I]], [[Y_K]]), ETA)
    with pytest.raises(ValueError, match="one example"):
        check(0.1, net.example([[A_I, 0.3]], [[Y_K, 0.2]]), ETA)


@pytest.mark.parametrize("odd", [np.True_, np.nan, -np.inf, 10**400, np.complex128(0.1 + 1j),
                                 "0.01", b"0.01", [0.01], np.array([[0.01, 0.02]])])
def test_weight_changes_odd_answers_fail(tiny, odd, capsys):
    ex = tiny["ex"]
    assert check_weight_change_w3(odd, ex, ETA) is False
    assert check_weight_change_w2(odd, ex, ETA) is False
    assert out(capsys).count("FAIL: the answer should be one number") == 2


@pytest.mark.parametrize("eta", [0, -0.5, np.nan, "0.5", True])
def test_a_learning_rate_that_is_not_one_is_refused(tiny, eta):
    with pytest.raises(ValueError, match="eta must be a"):
        check_weight_change_w3(0.1, tiny["ex"], eta)
    with pytest.raises(ValueError, match="eta must be a"):
        check_weight_change_w2(0.1, tiny["ex"], eta)


# ----- 11.1, the backward loop -----------------------------------------------------------
def solution(layers, y, f_prime):
    """The chapter's solution to exercise 11.1, as printed in its Solution block."""
    L = layers.last
    for j, neuron in enumerate(layers[L]):              # BP1: each output neuron j
        neuron.delta = f_prime(neuron.z) * (neuron.a - y[j])
    for l in range(L - 1, 1, -1):                       # BP2: layers L−1 down to 2
        for j, neuron in enumerate(layers[l]):
            total = 0.0
            for k, after in enumerate(layers[l + 1]):   # each neuron k that j feeds
                total += neuron.weights[k] * after.delta
            neuron.delta = f_prime(neuron.z) * total


def template(layers, y, f_prime):
    """The chapter's cell as the reader first sees it."""
    L = layers.last
    for j, neuron in enumerate(layers[L]):
        neuron.delta = ...
    for l in range(L - 1, 1, -1):
        for j, neuron in enumerate(layers[l]):
            total = 0.0
            for k, after in enumerate(layers[l + 1]):
                total += ...
            neuron.delta = ...


def slipped(out=lambda n, y, fp: fp(n.z) * (n.a - y), term=lambda n, k, after, layers, l:
            n.weights[k] * after.delta, hidden=lambda n, total, fp: fp(n.z) * total,
            order=lambda L: range(L - 1, 1, -1), source=lambda layers, l, L: layers[l + 1]):
    """The solution with one of its pieces replaced (the way a slip changes it)."""
    def loop(layers, y, f_prime):
        L = layers.last
        for j, neuron in enumerate(layers[L]):
            neuron.delta = out(neuron, y[j], f_prime)
        for l in order(L):
            for j, neuron in enumerate(layers[l]):
                total = 0.0
                for k, after in enumerate(source(layers, l, L)):
                    total += term(neuron, k, after, layers, l)
                neuron.delta = hidden(neuron, total, f_prime)
    return loop


SLIPS = [
    (slipped(out=lambda n, y, fp: fp(n.z) * (y - n.a),
             hidden=lambda n, total, fp: fp(n.z) * total), "the sign"),
    (slipped(out=lambda n, y, fp: n.a - y), "BP1 needs the factor σ′(z^L_j)"),
    (slipped(hidden=lambda n, total, fp: total), "BP2 needs the factor σ′(z^l_j) too"),
    (slipped(out=lambda n, y, fp: n.a - y, hidden=lambda n, total, fp: total),
     "both BP1 and BP2"),
    (slipped(out=lambda n, y, fp: fp(n.a) * (n.a - y)), "not f_prime(neuron.a)"),
    (slipped(hidden=lambda n, total, fp: fp(n.a) * total), "not f_prime(neuron.a)"),
    (slipped(out=lambda n, y, fp: sigmoid(n.z) * (n.a - y),
             hidden=lambda n, total, fp: sigmoid(n.z) * total), "σ(z) where σ′(z) belongs"),
    (slipped(term=lambda n, k, after, layers, l: layers[l][k].weights[layers[l].index(n)]
             * after.delta), "the sum runs over the wrong index"),
    (slipped(source=lambda layers, l, L: layers[L]), "not from the output layer"),
    (slipped(order=lambda L: range(2, L)), "came out NaN"),
    (lambda layers, y, f_prime: None, "never set"),
    (lambda layers, y, f_prime: layers[7], "LayerError"),
    (lambda layers: None, "your function raised TypeError"),
]


def test_backward_loop_right(capsys):
    assert check_backward_loop(solution) is True
    assert out(capsys).startswith("PASS")
    assert check_backward_loop(backward) is True            # the module's own loop
    assert out(capsys).startswith("PASS")


def test_backward_loop_unanswered(capsys):
    assert check_backward_loop(template) is None
    assert check_backward_loop(...) is None
    assert out(capsys).count("Your turn") == 2


@pytest.mark.parametrize("loop, hint", SLIPS, ids=[hint for _, hint in SLIPS])
def test_backward_loop_slips_get_their_hint(loop, hint, capsys):
    assert check_backward_loop(loop) is False
    said = out(capsys)
    assert said.startswith("FAIL") and hint in said, said


def test_backward_loop_right_only_for_equal_sizes(capsys):
    def sized_by_layer_l(layers, y, f_prime):     # sums over as many k as layer l has
        L = layers.last
        for j, neuron in enumerate(layers[L]):
            neuron.delta = f_prime(neuron.z) * (neuron.a - y[j])
        for l in range(L - 1, 1, -1):
            for j, neuron in enumerate(layers[l]):
                neuron.delta = f_prime(neuron.z) * sum(neuron.weights[k] * layers[l + 1][k].delta
                                                       for k in range(len(layers[l])))
    assert check_backward_loop(sized_by_layer_l) is False
    assert "not on 3 → 2 → 4" in out(capsys)
    assert check_backward_loop(3) is False
    assert "no brackets" in out(capsys)


def test_yours_or_reference():
    assert yours_or_reference(template) == (backward, "the module's loop")
    assert yours_or_reference(...) == (backward, "the module's loop")
    assert yours_or_reference(lambda layers: None) == (backward, "the module's loop")
    assert yours_or_reference(solution) == (solution, "your loop")
    wrong = SLIPS[0][0]                          # runs, gives wrong numbers: still the reader's
    assert yours_or_reference(wrong) == (wrong, "your loop")


def test_solution_in_the_chapter_is_the_tested_one():
    """The Solution block of exercise 11.1 holds the code of ``solution`` above."""
    import inspect
    from pathlib import Path
    chapters = Path(__file__).resolve().parent.parent / "chapters"
    page = (chapters / "11_educational_network.md").read_text()
    body = inspect.getsource(solution).split('"""\n', 1)[1]
    for line in body.splitlines():
        assert line.split("#")[0].strip() in page, line


def test_backward_loop_with_no_known_slip_names_the_neuron(capsys):
    def off_in_one(layers, y, f_prime):
        solution(layers, y, f_prime)
        layers[3][1].delta += 0.5                # δ^3_1 off, nothing else
    assert check_backward_loop(off_in_one) is False
    said = out(capsys)
    assert said.startswith("FAIL: δ^3_1 is") and "the engine has" in said, said
