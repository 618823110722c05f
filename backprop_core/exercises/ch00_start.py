"""Checks for chapter 00 (start here): reading a value off the first live figure.
Used by chapter 0."""
import numpy as np

from .. import checks
from ..activations import sigmoid
from . import judge


def check_z_for(answer, target=0.9, tol=0.05):
    """The z at which σ(z) = target is ln(target / (1 − target)), for 0 < target < 1."""
    target, tol = checks.finite(target, "target"), checks.positive(tol, "tol")
    if not 0 < target < 1:
        raise ValueError(f"target must be a value of σ strictly between 0 and 1, got {target}")
    return judge(answer, float(np.log(target / (1 - target))),
                 lambda z: f"σ({z:.3g}) = {float(sigmoid(z)):.3f}", (),
                 lambda z: f"σ({z:.6g}) = {float(sigmoid(z)):.3f}, not {target}; move the "
                           f"slider until σ(z) reads {target} and copy the z it shows",
                 "one number, the value of z", rtol=0, atol=tol)
