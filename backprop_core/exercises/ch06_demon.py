"""Checks for chapter 06, the demon lab.  Each takes the reader's answer and
what it is about, ``ex = net.example(x, y)`` (the network on its one example),
so the expected value is computed, not stored.  Exercise 6.4 is about one
network per activation, so it takes the lab's sizes, seed and example instead.
Used by chapter 6.
"""
import numpy as np

from .. import checks, demon
from ..activations import HIDDEN_ACTIVATIONS, saturated
from ..example import check_example
from ..network import Network
from . import finite, judge, number, report, unanswered

_SIGNS = {"+": 1, "up": 1, "-": -1, "down": -1, "−": -1, "0": 0}


def _sign(answer):
    """+1 / −1 / 0 from "+", "-", "up", "down", "0" or a finite number; None if it is
    none of them (True/False, NaN, bytes, complex numbers, a list, ...)."""
    if isinstance(answer, str):
        return _SIGNS.get(answer.strip().lower())
    value = number(answer)
    if value is None or not np.isfinite(value):
        return None
    return int(np.sign(value))


def check_sign(answer, ex, l, j, dz):
    """The sign of ΔC when the demon adds dz to z^l_j (from the sign of δ^l_j dz)."""
    actual = demon.delta_C_curve(ex, l, j, np.array([dz]))[0]
    d = demon.delta(ex, l, j)
    if unanswered(answer):
        return None
    guess = _sign(answer)
    if guess is None:
        return report(False, "", 'answer "+" (the cost goes up) or "-" (it goes down)')
    dz = float(dz)
    if actual == 0:
        return report(guess == 0, f"ΔC = 0: δ^{l}_{j} = {d:.4g}, the nudge changes nothing",
                      f"δ^{l}_{j} is {d:.4g} and ΔC is exactly 0 here: answer 0")
    return report(guess == np.sign(actual),
                  f"ΔC = {actual:.4g}: δ^{l}_{j} Δz = {d * dz:.4g} has the same sign",
                  f"look at the sign of δ^{l}_{j} (it is {d:.4g}) and of Δz = {dz:g}: "
                  "ΔC ≈ δ Δz has the sign of their product")


def check_miss_point(answer, ex, l, j, rel=0.1, tol=0.05, dz_max=5.0):
    """The smallest Δz > 0 at which the relative miss |ΔC − δ Δz| / |ΔC| (the gap
    as a fraction of the actual change) reaches rel, within tol, looked for up to
    dz_max (the lab's slider).  Where the relative miss never gets that large (a
    neuron that never fires: ΔC = δ Δz = 0), the answer is None."""
    tol = checks.positive(tol, "tol")
    target = demon.miss_point(ex, l, j, rel=rel, dz_max=dz_max)
    d = demon.delta(ex, l, j)
    if unanswered(answer):
        return None
    if target is None:
        never = answer is None or (number(answer) is not None and number(answer) == np.inf)
        return report(never, f"the relative miss of δ^{l}_{j} Δz never reaches {100 * rel:g}% "
                             f"up to Δz = {dz_max:g}: there is no such Δz",
                      f"here the relative miss never reaches {100 * rel:g}% for Δz up to "
                      f"{dz_max:g} (δ^{l}_{j} = {d:.4g}: drag Δz and watch the curve stay on "
                      "its tangent), so there is no such Δz: answer None")
    guess, why = finite(answer, "one number, a value of Δz")
    if why:
        return report(False, "", why)
    if guess <= 0:
        return report(False, "", "look on the positive side: the answer is a Δz > 0")
    if guess > dz_max + tol:
        return report(False, "", f"{guess:g} is off the slider: look for Δz between 0 "
                                 f"and {dz_max:g}")
    miss = demon.prediction_miss(demon.delta_C_curve(ex, l, j, np.array([guess]))[0],
                                 d * guess)
    return report(abs(guess - target) <= tol,
                  f"at Δz = {guess:g} the relative miss is {100 * miss:.3g}%",
                  f"at Δz = {guess:g} the relative miss is {100 * miss:.3g}%, not "
                  f"{100 * rel:g}%; " + ("move Δz further out" if miss < rel else
                                         "move Δz back towards 0") +
                  " and watch |actual − prediction| / |actual ΔC|")


def check_dC_dw(answer, ex, l, j, k):
    """∂C/∂w^l_jk, read as the product a^{l−1}_k δ^l_j of two numbers in the readout."""
    found = demon.nudge_w(ex, l, j, k, 0.0)["dC_dw"]
    return judge(answer, found, f"a^{l - 1}_{k} δ^{l}_{j} = {found:.6g}, as backprop says (BP4)",
                 (), lambda v: f"{v:.4g} is not a_in × δ_out: multiply a^{l - 1}_{k} by "
                               f"δ^{l}_{j} (both shown in the readout)",
                 "one number, the product a_in × δ_out", rtol=1e-3, atol=1e-9)


def never_saturating(sizes, seed, x, y, l, j, b_max=15.0):
    """The activations for which neuron j of layer l is never saturated (σ′(z^l_j)
    stays at least 1 % of its peak: ``activations.saturated``) for any bias
    b^l_j in [−b_max, b_max], in the network ``sizes`` with weights from ``seed``
    on the example (x, y)."""
    found = []
    bs = np.linspace(-b_max, b_max, 61)
    for name in HIDDEN_ACTIVATIONS:
        ex = check_example(Network(sizes, activation=name, seed=seed).example(x, y),
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
    if (not isinstance(names, (list, tuple, set, frozenset))
            or not all(isinstance(n, str) for n in names)):
        return report(False, "", "answer with a name such as 'tanh', or a list of names")
    names = sorted({n.strip().lower() for n in names})
    unknown = [n for n in names if n not in HIDDEN_ACTIVATIONS]
    if unknown:
        return report(False, "", f"{unknown} are not in the drop-down; choose from "
                      f"{list(HIDDEN_ACTIVATIONS)}")
    wrong = [n for n in names if n not in expected]
    return report(names == sorted(expected), f"only {expected} keeps σ′ away from 0",
                  (f"{wrong} saturate{'s' if len(wrong) == 1 else ''}: drag b to either end "
                   "and watch σ′(z)" if wrong else
                   "some activation that never saturates is missing from your answer"))
