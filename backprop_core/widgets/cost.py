"""The two assumptions about the cost, live: C_x depends on the output alone, and C is
their mean.  Used by chapter 2.

The figure shows the n examples of a small training set as bars, the height of
each its own cost C_x = ½ ‖y − a^L‖², and the mean C = (1/n) Σ_x C_x as a line
across them.  Pick one example and drag its two output activations a^L_0 and
a^L_1: only that example's bar moves (C_x sees only its own a^L and y), and the
line moves by exactly 1/n of the bar's change.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..costs import QuadraticCost
from .base import STYLE, Live, new_figure



class CostAssumptions(Live):
    rows = (("example x", "i"), ("its output a^L", "a"), ("its target y", "y"),
            ("its cost C_x", "C_x"), ("C = (1/n) Σ_x C_x", "C"))
    title = "C = the mean of the C_x"
    moving = ("bars_artist", "mean_line", "marker")
    fast = ("a0", "a1")

    def __init__(self, A, Y):
        self.A, self.Y = A.copy(), Y
        n = A.shape[1]
        controls = {"i": widgets.IntSlider(value=0, min=0, max=n - 1, description="example x",
                                           style=STYLE)}
        for j in range(2):
            controls[f"a{j}"] = widgets.FloatSlider(value=float(A[j, 0]), min=0.0, max=1.0,
                                                    step=0.01, description=f"its a^L_{j}",
                                                    style=STYLE)
        fig, ax = new_figure(5.0, 3.0)
        costs = QuadraticCost.fn(A, Y)
        self.bars_artist = ax.bar(np.arange(n), costs, color="tab:blue", alpha=0.8)
        (self.mean_line,) = ax.plot([-0.5, n - 0.5], [costs.mean()] * 2, color="tab:red", lw=2,
                                    label="C, the mean")
        (self.marker,) = ax.plot([0], [costs[0]], "v", color="black", ms=9)
        ax.set_xticks(range(n))
        ax.set_xticklabels([f"x{i}" for i in range(n)])
        ax.set_ylim(0, 1.05)                  # ½‖y − a‖² ≤ 1 for a, y in [0, 1]²
        ax.set_ylabel(r"$C_x$")
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        super().__init__(controls, fig)
        self.update()

    def follow(self, change):
        """A new example: its output sliders take its current a^L."""
        if change["owner"] is self.controls["i"]:
            i = change["new"]
            for j in range(2):
                self.controls[f"a{j}"].value = float(self.A[j, i])

    def compute(self):
        i = self.controls["i"].value
        for j in range(2):
            self.A[j, i] = self.controls[f"a{j}"].value
        costs = QuadraticCost.fn(self.A, self.Y)
        return {"i": i, "a": f"({self.A[0, i]:.2f}, {self.A[1, i]:.2f})",
                "y": f"({self.Y[0, i]:.2f}, {self.Y[1, i]:.2f})", "C_x": float(costs[i]),
                "C": float(np.mean(costs)), "costs": costs}

    def draw(self, values):
        for bar, c in zip(self.bars_artist, values["costs"]):
            bar.set_height(c)
        self.mean_line.set_ydata([values["C"]] * 2)
        self.marker.set_data([values["i"]], [values["C_x"] + 0.04])

    def moving_artists(self):
        return [*self.bars_artist, self.mean_line, self.marker]


def cost_assumptions(A, Y):
    """The figure for the outputs ``A`` and targets ``Y`` (2 × n, entries in [0, 1])."""
    A = checks.as_columns(A, 2, "outputs A")
    Y = checks.as_columns(Y, 2, "targets Y")
    if A.shape != Y.shape:
        raise ValueError(f"outputs A {A.shape} and targets Y {Y.shape} must have the same shape")
    for name, M in (("outputs A", A), ("targets Y", Y)):
        if np.any((M < 0) | (M > 1)):
            raise ValueError(f"{name} must lie in [0, 1] (the sliders' range and a sigmoid's)")
    return CostAssumptions(A, Y)
