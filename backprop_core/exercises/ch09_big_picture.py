"""Checks for chapter 9 (the big picture: a sum over paths).  Used by chapter 9."""
import math

from .. import checks
from ..example import check_example
from ..layers import Layers
from ..paths import count_paths, number_of_weights
from . import judge


def check_path_count(answer, sizes=(4, 5, 6, 3, 2), l=2):
    """The number of paths from one weight w^l_jk to C: n_{l+1} n_{l+2} ⋯ n_L."""
    sizes = list(sizes)
    expected = count_paths(sizes, l)
    L, n = len(sizes), Layers(sizes, 1, "n_l")           # n[i] is n_i, the width of layer i
    return judge(answer, expected, f"{expected} paths lead from w^{l}_jk to C in a {sizes} network", [
        (sum(n[i] for i in range(l + 1, L + 1)), "you added the layer widths; a path picks one "
                                                 "neuron in each later layer, and the choices multiply"),
        (math.prod(n[i] for i in range(l, L + 1)), "the path starts at a^l_j, which the weight "
                                                   "fixes: only the layers after l offer a choice"),
        (number_of_weights(sizes), "that is the number of weights (backprop's work), not the "
                                   "number of paths")],
        f"count one choice of neuron in each of the layers {l + 1}..{L} and multiply the "
        "numbers of choices", "one number, a count of paths")


def check_last_layer_gradient(answer, ex, j, k):
    """∂C/∂w^L_jk for the example ``ex = net.example(x, y)``: one path,
    (∂C/∂a^L_j) σ′(z^L_j) a^{L−1}_k."""
    check_example(ex, "check_last_layer_gradient")
    L = ex.L
    _, j, k = checks.weight(ex.net.sizes, L, j, k)
    expected = ex.nabla_w[L][j, k]
    dC_da = ex.dC_da[L][j, 0]
    sp = ex.net.sigma(L).prime(ex.z[L])[j, 0]
    a_k = ex.a[L - 1][k, 0]
    return judge(answer, expected, f"∂C/∂w^{L}_{j}{k} = {expected:.6g}: one path, three factors", [
        (dC_da * a_k, "you left out σ′(z^L_j), the rate of a^L_j with respect to z^L_j"),
        (dC_da * sp, "you left out a^{L−1}_k, the input the weight multiplies"),
        (-expected, "the sign is flipped: ∂C/∂a^L_j = a^L_j − y_j, not y_j − a^L_j"),
        (sp * a_k, "you left out the last factor ∂C/∂a^L_j = a^L_j − y_j")],
        "multiply the three rate factors along the single path: σ′(z^L_j) a^{L−1}_k, then "
        "∂C/∂a^L_j", "one number, ∂C/∂w")
