"""A slider on the largest weighted input of a softmax layer, up to 1000: the
softmax and its cost computed as written overflow, the max-subtracted softmax
and log-sum-exp do not, and the fused δ = a − y stays finite where the
two-stage gradient (−y/a, then the softmax Jacobian) turns into NaN.

The layer has three outputs with z = (z_top, 0, −1); the right class is the
second, so a large z_top makes the network confidently wrong and C_x = −ln a_2
about z_top.  Used by chapter 10.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..activations import Softmax
from ..divergence import quiet
from .base import Live, new_figure

#: the largest z whose e^z is a float (e^709.78 ≈ 1.8e308)
EXP_MAX = np.log(np.finfo(float).max)


def overflow_numbers(z_top):
    """For z = (z_top, 0, −1) and y = (0, 1, 0), z_top a number or a 1-D array:
    {name: array like z_top} of the naive and the stable softmax's a_1, the cost
    −ln a_2 from the naive softmax and by log-sum-exp, and δ_2 unfused and fused."""
    top = np.atleast_1d(np.asarray(z_top, dtype=float))
    Z = np.vstack([top, np.zeros_like(top), -np.ones_like(top)])
    Y = np.zeros_like(Z)
    Y[1] = 1.0
    with quiet():
        e = np.exp(Z)
        naive = e / e.sum(axis=0, keepdims=True)
        a = Softmax.fn(Z)
        m = Z.max(axis=0, keepdims=True)
        log_a = Z - m - np.log(np.exp(Z - m).sum(axis=0, keepdims=True))
        unfused = Softmax.backward(Z, -Y / a, a)
        naive_cost = -np.log(naive[1])
    return {"naive_a1": naive[0], "stable_a1": a[0], "naive_cost": naive_cost,
            "stable_cost": -log_a[1], "unfused_delta": unfused[1], "fused_delta": (a - Y)[1]}


def _finite_or_gap(values):
    return np.where(np.isfinite(values), values, np.nan)


class Overflow(Live):
    rows = (("largest z", "z_top"),
            ("a_1 as written, e^z_1/Σ_k e^z_k", "naive_a1"),
            ("a_1 max-subtracted", "stable_a1"),
            ("C_x = −ln a_2 from the softmax as written", "naive_cost"),
            ("C_x by log-sum-exp", "stable_cost"),
            ("δ_2 unfused (−y/a, then the Jacobian)", "unfused_delta"),
            ("δ_2 fused, a_2 − y_2", "fused_delta"))
    title = "z = (largest z, 0, −1), right class 2"

    def __init__(self, z_top, z_max):
        controls = {"z_top": widgets.FloatSlider(value=z_top, min=0.0, max=z_max, step=5.0,
                                                 description="largest z",
                                                 continuous_update=True)}
        self.grid = np.linspace(0.0, z_max, 401)
        curves = overflow_numbers(self.grid)
        fig, ax = new_figure(5.5, 3.2)
        ax.plot(self.grid, _finite_or_gap(curves["stable_cost"]), lw=3, color="C0",
                label="log-sum-exp")
        ax.plot(self.grid, _finite_or_gap(curves["naive_cost"]), lw=1.5, color="C3", ls="--",
                label="−ln of the softmax as written")
        if EXP_MAX < z_max:
            ax.axvspan(EXP_MAX, z_max, color="C3", alpha=0.08, lw=0)
            ax.text(EXP_MAX + 0.01 * z_max, 0.05 * z_max, "$e^z$ overflows", color="C3",
                    fontsize=8)
        (self.dot,) = ax.plot([], [], "o", color="C0", ms=7)
        ax.set_xlim(0, z_max)
        ax.set_ylim(-0.02 * z_max, 1.05 * z_max)
        ax.set_xlabel("largest weighted input $z_1$")
        ax.set_ylabel("cost $C_x = -\\ln a_2$")
        ax.legend(loc="upper left", fontsize=8)
        fig.tight_layout()
        super().__init__(controls, fig)
        self.update()

    def compute(self):
        top = float(self.controls["z_top"].value)
        return {"z_top": top, **{k: float(v[0]) for k, v in overflow_numbers(top).items()}}

    def draw(self, values):
        self.dot.set_data([values["z_top"]], [values["stable_cost"]])


def softmax_overflow(z_top=1000.0, z_max=1000.0):
    """A slider on the largest weighted input (0 to ``z_max``) of z = (z_top, 0, −1)."""
    z_max = checks.positive(z_max, "z_max")
    z_top = checks.in_range(z_top, "z_top", 0.0, z_max)
    return Overflow(z_top, z_max)
