"""Checks for chapter 00 (start here): reading a value off the first live figure.
Used by chapter 0."""
import numpy as np

from .. import checks
from ..activations import sigmoid
from . import finite, report, unanswered


def check_z_for(answer, target=0.9, tol=0.05):
    """The z at which σ(z) = target is ln(target / (1 − target)), for 0 < target < 1."""
    target, tol = checks.finite(target, "target"), checks.positive(tol, "tol")
    if not 0 < target < 1:
        raise ValueError(f"target must be a value of σ strictly between 0 and 1, got {target}")
    if unanswered(answer):
        return None
    z = float(np.log(target / (1 - target)))
    value, why = finite(answer, "one number, the value of z")
    if why:
        return report(False, "", why)
    a = float(sigmoid(value))
    return report(abs(value - z) <= tol, f"σ({value:.3g}) = {a:.3f}",
                  f"σ({value:.6g}) = {a:.3f}, not {target}; move the slider until σ(z) "
                  f"reads {target} and copy the z it shows")
