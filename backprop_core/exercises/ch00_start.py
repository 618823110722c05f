"""Checks for chapter 00 (start here): reading a value off the first live figure.
Used by chapter 0."""
import numpy as np

from ..activations import sigmoid
from . import report, unanswered


def check_z_for(answer, target=0.9, tol=0.05):
    """The z at which σ(z) = target is ln(target / (1 − target))."""
    if unanswered(answer):
        return None
    z = float(np.log(target / (1 - target)))
    try:
        ok = abs(float(answer) - z) <= tol
    except (TypeError, ValueError):
        return report(False, "", "the answer should be one number, the value of z")
    return report(ok, f"σ({float(answer):.3g}) = {float(sigmoid(float(answer))):.3f}",
                  f"σ({answer}) = {float(sigmoid(float(answer))):.3f}, not {target}; "
                  "move the slider until σ(z) reads "
                  f"{target} and copy the z it shows")
