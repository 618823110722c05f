"""Checks for chapter 06, the demon lab.  Each takes the reader's answer and
what it is about, ``ex = net.example(x, y)`` (the network on its one example),
so the expected value is computed, not stored.  Exercise 6.4 is about one
network per activation, so it takes the lab's sizes, seed and example instead.
Used by chapter 6.
"""
import numpy as np

from .. import demon
from ..activations import HIDDEN_ACTIVATIONS, saturated
from ..network import Network
from . import close, report, unanswered

_SIGNS = {"+": 1, "up": 1, "-": -1, "down": -1, "−": -1}


def _sign(answer):
    """+1 / −1 from "+", "-", "up", "down" or a number; None if it is none of them."""
    if isinstance(answer, str):
        return _SIGNS.get(answer.strip().lower())
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return int(np.sign(value)) or None


def check_sign(answer, ex, l, j, dz):
    """The sign of ΔC when the demon adds dz to z^l_j (from the sign of δ^l_j dz)."""
    if unanswered(answer):
        return None
    guess = _sign(answer)
    if guess is None:
        return report(False, "", 'answer "+" (the cost goes up) or "-" (it goes down)')
    actual = demon.delta_C_curve(ex, l, j, np.array([dz]))[0]
    d = demon.delta(ex, l, j)
    return report(guess == np.sign(actual),
                  f"ΔC = {actual:.4g}: δ^{l}_{j} Δz = {d * dz:.4g} has the same sign",
                  f"look at the sign of δ^{l}_{j} (it is {d:.4g}) and of Δz = {dz:g}: "
                  "ΔC ≈ δ Δz has the sign of their product")


def check_miss_point(answer, ex, l, j, rel=0.1, tol=0.05):
    """The smallest Δz > 0 at which |ΔC − δ Δz| reaches rel·|ΔC|, within tol."""
    if unanswered(answer):
        return None
    target = demon.miss_point(ex, l, j, rel=rel)
    try:
        guess = float(answer)
    except (TypeError, ValueError):
        return report(False, "", "the answer should be one number, a value of Δz")
    if not np.isfinite(guess) or guess <= 0:
        return report(False, "", "look on the positive side: the answer is a Δz > 0")
    miss = demon.prediction_miss(demon.delta_C_curve(ex, l, j, np.array([guess]))[0],
                                 demon.delta(ex, l, j) * guess)
    return report(abs(guess - target) <= tol,
                  f"at Δz = {guess:g} the prediction misses by {100 * miss:.3g}%",
                  f"at Δz = {guess:g} the prediction misses by {100 * miss:.3g}%, not "
                  f"{100 * rel:g}%; " + ("move Δz further out" if miss < rel else
                                         "move Δz back towards 0") +
                  " and watch |actual − prediction| / |actual ΔC|")


def check_dC_dw(answer, ex, l, j, k):
    """∂C/∂w^l_jk, read as the product a^{l−1}_k δ^l_j of two numbers in the readout."""
    if unanswered(answer):
        return None
    found = demon.nudge_w(ex, l, j, k, 0.0)
    ok = close(answer, found["dC_dw"], rtol=1e-3, atol=1e-9)
    try:
        shown = f"{float(answer):.4g}"
    except (TypeError, ValueError):
        return report(False, "", "the answer should be one number, the product a_in × δ_out")
    return report(ok, f"a^{l - 1}_{k} δ^{l}_{j} = {found['dC_dw']:.6g}, as backprop says (BP4)",
                  f"{shown} is not a_in × δ_out: multiply a^{l - 1}_{k} by δ^{l}_{j} "
                  "(both shown in the readout)")


def never_saturating(sizes, seed, x, y, l, j, b_max=15.0):
    """The activations for which neuron j of layer l is never saturated (σ′(z^l_j)
    stays at least 1 % of its peak: ``activations.saturated``) for any bias
    b^l_j in [−b_max, b_max], in the network ``sizes`` with weights from ``seed``
    on the example (x, y)."""
    found = []
    bs = np.linspace(-b_max, b_max, 61)
    for name in HIDDEN_ACTIVATIONS:
        ex = demon.check_example(Network(sizes, activation=name, seed=seed).example(x, y),
                                 "exercise 6.4")
        z = demon.saturation_curves(ex, l, j, bs)["z"]
        if not np.any(saturated(name, z)):
            found.append(name)
    return found


def check_never_saturates(answer, sizes, seed, x, y, l, j):
    """Name the activation(s) whose σ′ never drops below 1% of its peak over the bias slider."""
    if unanswered(answer):
        return None
    expected = never_saturating(sizes, seed, x, y, l, j)
    names = [answer] if isinstance(answer, str) else answer
    try:
        names = sorted({str(n).strip().lower() for n in names})
    except TypeError:
        return report(False, "", "answer with a name such as 'tanh', or a list of names")
    unknown = [n for n in names if n not in HIDDEN_ACTIVATIONS]
    if unknown:
        return report(False, "", f"{unknown} are not in the drop-down; choose from "
                      f"{list(HIDDEN_ACTIVATIONS)}")
    wrong = [n for n in names if n not in expected]
    return report(names == sorted(expected), f"only {expected} keeps σ′ away from 0",
                  (f"{wrong} saturate{'s' if len(wrong) == 1 else ''}: drag b to either end "
                   "and watch σ′(z)" if wrong else
                   "some activation that never saturates is missing from your answer"))
