"""Checks for chapter 09 (the big picture: a sum over paths)."""
import math

from ..paths import count_paths, number_of_weights
from . import close, report, unanswered


def check_path_count(answer, sizes=(4, 5, 6, 3, 2), l=2):
    """The number of paths from one weight w^l_jk to C: n_{l+1} n_{l+2} ⋯ n_L."""
    if unanswered(answer):
        return None
    sizes = list(sizes)
    expected = count_paths(sizes, l)
    if not close(answer, expected):
        hints = [(sum(sizes[l:]), "you added the layer widths; a path picks one neuron in "
                  "each later layer, and the choices multiply"),
                 (math.prod(sizes[l - 1:]), "the path starts at a^l_j, which the weight fixes: "
                  "only the layers after l offer a choice"),
                 (number_of_weights(sizes), "that is the number of weights (backprop's work), "
                  "not the number of paths")]
        for wrong, hint in hints:
            if close(answer, wrong):
                return report(False, "", hint)
        return report(False, "", f"count one choice of neuron in each of the layers "
                      f"{l + 1}..{len(sizes)} and multiply the numbers of choices")
    return report(True, f"{expected} paths lead from w^{l}_jk to C in a {sizes} network", "")


def check_last_layer_gradient(answer, net, x, y, j, k):
    """∂C/∂w^L_jk has one path: (∂C/∂a^L_j) σ′(z^L_j) a^{L−1}_k."""
    if unanswered(answer):
        return None
    L = net.num_layers
    expected = net.backprop(x, y)[1][L - 2][j, k]
    zs, a = net.forward_pass(x)
    dC_da = net.cost_function.derivative(a[-1], y)[j, 0]
    sp = net.sigma(L).prime(zs[-1])[j, 0]
    a_k = a[-2][k, 0]
    if close(answer, expected):
        return report(True, f"∂C/∂w^{L}_{j}{k} = {expected:.6g}: one path, three factors", "")
    for wrong, hint in [(dC_da * a_k, "you left out σ′(z^L_j), the rate of a^L_j with respect to z^L_j"),
                        (dC_da * sp, "you left out a^{L−1}_k, the input the weight multiplies"),
                        (-expected, "the sign is flipped: ∂C/∂a^L_j = a^L_j − y_j, not y_j − a^L_j"),
                        (sp * a_k, "you left out the last factor ∂C/∂a^L_j = a^L_j − y_j")]:
        if close(answer, wrong):
            return report(False, "", hint)
    return report(False, "", "multiply the three rate factors along the single path: "
                  "σ′(z^L_j) a^{L−1}_k, then ∂C/∂a^L_j")
